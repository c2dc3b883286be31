"""Settings: `config/default.toml`, then an optional file, then `ORBIT_*` variables.

The default file ships inside the package (bot/support/resources.py); a folder in
`ORBIT_CONFIG_DIR` with its own `default.toml` replaces it.

Later sources win. Secrets (tokens, API keys) come only from the environment and
are never read from a file in the repository.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.coaching.llm import LLMSettings
from bot.support.resources import config_file, shipped

ROOT = Path(__file__).resolve().parent.parent  # a checkout's root (tests, benchmarks)
_config_file: ContextVar[Path | None] = ContextVar("orbit_config_file", default=None)


class _TomlFiles(PydanticBaseSettingsSource):
    """Merged contents of the default file and the one chosen by --config/ORBIT_CONFIG."""

    def __init__(self, settings_cls: type[BaseSettings], files: list[Path]) -> None:
        super().__init__(settings_cls)
        self.values: dict[str, Any] = {}
        for path in files:
            if not path.is_file():
                raise FileNotFoundError(f"config file {path} does not exist")
            with path.open("rb") as handle:
                self.values.update(tomllib.load(handle))

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self.values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORBIT_", extra="ignore")

    database_url: str = "sqlite:///orbit.db"
    locale: str = "en"
    lessons_dir: Path = shipped("lessons")  # ORBIT_LESSONS_DIR: a program's own lessons
    prompts_dir: Path = shipped("prompts")  # ORBIT_PROMPTS_DIR: a program's own wording
    max_message_chars: int = 4000
    first_lesson: str = "mapping"
    media_dir: Path | None = Path("orbit-media")  # where /map writes pictures
    # Delete students inactive this many days (a warning a week before); None: never.
    retention_days: int | None = Field(default=None, ge=8)
    dashboard_url: str = "http://127.0.0.1:8088"  # the dashboard's public address (links)
    dashboard_secret: str = ""  # signs session cookies; empty: a random key kept in the db
    dashboard_tell_student: bool = False  # acknowledging an alert tells the student
    llm: LLMSettings | None = None  # the optional [llm] table; see config/example-llm.toml

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = [config_file("default.toml")]  # shipped, or ORBIT_CONFIG_DIR's
        extra = _config_file.get() or os.environ.get("ORBIT_CONFIG")
        if extra:
            files.append(Path(extra))
        return (init_settings, env_settings, _TomlFiles(settings_cls, files))


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings for one command; `config` is --config, `overrides` its other options."""
    token = _config_file.set(config)
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    finally:
        _config_file.reset(token)
