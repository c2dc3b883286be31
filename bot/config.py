"""Settings: `config/default.toml`, then an optional file, then `ORBIT_*` variables.

Later sources win. Secrets (tokens, API keys) come only from the environment and
are never read from a file in the repository.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.coaching.llm import LLMSettings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "config" / "default.toml"
_config_file: ContextVar[Path | None] = ContextVar("orbit_config_file", default=None)


class _TomlFiles(PydanticBaseSettingsSource):
    """Merged contents of the default file and the one chosen by --config/ORBIT_CONFIG."""

    def __init__(self, settings_cls: type[BaseSettings], files: list[Path]) -> None:
        super().__init__(settings_cls)
        self.values: dict[str, Any] = {}
        for path in files:
            if path.is_file():
                with path.open("rb") as handle:
                    self.values.update(tomllib.load(handle))
            elif path != DEFAULT_FILE:
                raise FileNotFoundError(f"config file {path} does not exist")

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self.values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORBIT_", extra="ignore")

    database_url: str = "sqlite:///orbit.db"
    locale: str = "en"
    lessons_dir: Path = ROOT / "lessons"
    prompts_dir: Path = ROOT / "prompts"
    max_message_chars: int = 4000
    first_lesson: str = "mapping"
    media_dir: Path | None = Path("orbit-media")  # where /map writes pictures
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
        files = [DEFAULT_FILE]
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
