"""Slack secrets, read only from the environment (never from a file in the repository).

A school's admin sets them once after creating the app from the manifest; keeping
them out of `config/*.toml` means a config file can be shared without leaking a token.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SLACK_API_URL = "https://slack.com/api/"


class SlackSecrets(BaseSettings):
    """`ORBIT_SLACK_*`: the bot token always, then the app token or the signing secret."""

    model_config = SettingsConfigDict(env_prefix="ORBIT_SLACK_", extra="ignore")

    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None  # Socket Mode (xapp-...)
    signing_secret: SecretStr | None = None  # HTTP mode
    api_url: str = SLACK_API_URL  # tests and proxies point the Web API client elsewhere

    def missing(self, *, http: bool) -> list[str]:
        """The variables this mode needs that are unset, so startup can name them all."""
        needed = {"ORBIT_SLACK_BOT_TOKEN": self.bot_token}
        if http:
            needed["ORBIT_SLACK_SIGNING_SECRET"] = self.signing_secret
        else:
            needed["ORBIT_SLACK_APP_TOKEN"] = self.app_token
        return [name for name, value in needed.items() if not (value and value.get_secret_value())]
