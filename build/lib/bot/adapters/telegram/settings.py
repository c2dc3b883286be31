"""Telegram settings, read only from the environment (`ORBIT_TELEGRAM_*`).

The token is a secret, so it never comes from a config file. The base URLs point the
bot at a self-hosted Bot API server (or a test emulator); the pacing numbers are
Telegram's published limits, adjustable because a local Bot API server has none.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.schedule.pacing import Rate

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_BASE_FILE_URL = "https://api.telegram.org/file/bot"


class TelegramSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORBIT_TELEGRAM_", extra="ignore")

    token: SecretStr | None = None
    base_url: str = TELEGRAM_BASE_URL
    base_file_url: str = TELEGRAM_BASE_FILE_URL
    webhook_secret: SecretStr | None = None

    # About one message a second in a chat (a short burst is tolerated), 30 a second in
    # all, 20 a minute in a group. 0 switches a limit off.
    chat_rate: float = 1.0
    chat_burst: int = 3
    global_rate: float = 30.0
    group_rate: float = 20 / 60
    # Long polling: how long one getUpdates call waits, and the pause between calls
    # (only emulators without long polling need one).
    poll_timeout: float = 10.0
    poll_interval: float = 0.0

    @property
    def token_value(self) -> str:
        return self.token.get_secret_value().strip() if self.token else ""

    @property
    def secret_value(self) -> str | None:
        return self.webhook_secret.get_secret_value() if self.webhook_secret else None

    def chat_pace(self) -> Rate:
        return Rate(self.chat_rate, self.chat_burst)

    def global_pace(self) -> Rate:
        return Rate(self.global_rate, max(int(self.global_rate), 1))

    def group_pace(self) -> Rate:
        return Rate(self.group_rate, 1)
