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
    # Many workspaces (a district): Slack's OAuth install instead of one bot token.
    client_id: str | None = None
    client_secret: SecretStr | None = None
    uninstall_grace_days: float = 30.0  # an uninstalled workspace's students' data, then gone
    redirect_uri: str | None = None  # https://YOUR-HOST/slack/oauth_redirect when behind a proxy

    @property
    def many_workspaces(self) -> bool:
        """OAuth install mode: set by ORBIT_SLACK_CLIENT_ID (HTTP mode only)."""
        return bool(self.client_id)

    def missing(self, *, http: bool) -> list[str]:
        """The variables this mode needs that are unset, so startup can name them all."""
        if self.many_workspaces:
            return [
                name
                for name, value in {
                    "ORBIT_SLACK_CLIENT_SECRET": self.client_secret,
                    "ORBIT_SLACK_SIGNING_SECRET": self.signing_secret,
                }.items()
                if not (value and value.get_secret_value())
            ]
        needed = {"ORBIT_SLACK_BOT_TOKEN": self.bot_token}
        if http:
            needed["ORBIT_SLACK_SIGNING_SECRET"] = self.signing_secret
        else:
            needed["ORBIT_SLACK_APP_TOKEN"] = self.app_token
        return [name for name, value in needed.items() if not (value and value.get_secret_value())]
