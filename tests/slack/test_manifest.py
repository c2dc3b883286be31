"""The manifest an admin pastes must be one Slack accepts and ask for what Orbit uses."""

from __future__ import annotations

import pytest
import yaml

from bot.config import ROOT
from tests.slack.schemas import SCHEMAS_MISSING, SchemaChecker

MANIFEST = yaml.safe_load((ROOT / "config" / "slack-manifest.yaml").read_text(encoding="utf-8"))


def test_it_matches_slacks_manifest_type(schema_checker: SchemaChecker | None) -> None:
    if schema_checker is None:
        pytest.skip(str(SCHEMAS_MISSING))
    assert schema_checker.problems([{"type": "AppManifest", "body": MANIFEST}]) == []
    broken = MANIFEST | {"settings": MANIFEST["settings"] | {"socket_mode": True}}
    assert schema_checker.problems([{"type": "AppManifest", "body": broken}])


def test_it_subscribes_to_what_orbit_listens_for() -> None:
    settings = MANIFEST["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "message.im",
        "app_mention",
        "app_home_opened",
    }
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert [c["command"] for c in MANIFEST["features"]["slash_commands"]] == ["/orbit"]
    home = MANIFEST["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert not home["messages_tab_read_only_enabled"]  # students type in their DM


def test_it_asks_only_for_the_scopes_orbit_uses() -> None:
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "im:history",
        "im:write",
        "users:read",
        "users:read.email",  # orbit cohort import
    }


DISTRICT = yaml.safe_load(
    (ROOT / "config" / "slack-manifest-district.yaml").read_text(encoding="utf-8")
)


def test_the_district_manifest_installs_by_oauth_over_http(
    schema_checker: SchemaChecker | None,
) -> None:
    from bot.adapters.slack.district import BOT_SCOPES, REDIRECT_PATH

    if schema_checker is not None:
        assert schema_checker.problems([{"type": "AppManifest", "body": DISTRICT}]) == []
    settings = DISTRICT["settings"]
    assert not settings["socket_mode_enabled"] and settings["token_rotation_enabled"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
    [redirect] = DISTRICT["oauth_config"]["redirect_urls"]
    assert redirect.endswith(REDIRECT_PATH)
    assert set(DISTRICT["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
