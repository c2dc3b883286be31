"""Slack's bad days: answers that are not JSON, forged or broken requests, retries,
and logs that never carry a student's words or name (the real Bolt app over HTTP)."""

from __future__ import annotations

import json
import logging
import time

import pytest

from tests.slack import payloads
from tests.slack.fake_slack import FakeSlack
from tests.slack.harness import JSON, SignedSlack, Student

PROXY_502 = (502, "text/plain", "Bad Gateway")
NAME = "Zephyrine"  # the student's name as Slack knows it
WORDS = "marigold"  # a word only the student typed


def _all_logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every log line as an operator would see it, tracebacks included."""
    handler = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(handler.format(r) for r in caplog.records)


async def test_users_info_that_is_not_json_still_gets_the_first_reply(
    ana: Student, fake: FakeSlack
) -> None:
    fake.broken["users.info"] = [PROXY_502] * 3  # the first try and both retries
    posts = await ana.types("hi")
    assert posts and "I'm Orbit" in posts[0]["text"]  # greeted, only without a name
    assert "Ana" not in posts[0]["text"]
    assert len(fake.called("users.info")) == 0  # every answer was unusable
    fake.broken.clear()
    await ana.types("yes")
    assert fake.called("users.info")  # asked again next time, not cached as no name


async def test_a_post_answered_with_a_proxy_502_is_tried_again(
    ana: Student, fake: FakeSlack
) -> None:
    fake.broken["chat.postMessage"] = [PROXY_502]
    posts = await ana.types("hi")
    assert posts and "I'm Orbit" in posts[0]["text"]


async def test_an_empty_error_body_is_survived(ana: Student, fake: FakeSlack) -> None:
    fake.broken["chat.postMessage"] = [(500, "application/json", "")] * 3
    await ana.types("hi")  # the reply is lost after the retries, the worker lives on
    fake.broken.clear()
    posts = await ana.types("yes")
    assert posts, "the next turn is answered"


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ("{not json", {}),  # unsigned and malformed
        ("{not json", {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"}),
        ('{"type": "event_callback"}', {"X-Slack-Request-Timestamp": "1e99"}),
        ('{"type": "event_callback"}', {"X-Slack-Signature": "v0=forged"}),
    ],
)
async def test_unsigned_or_broken_requests_get_401_without_their_body_in_the_log(
    slack: SignedSlack, body: str, headers: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_body = body.replace("{", "{" + f'"said": "{WORDS}", ', 1)
    sent = {"Content-Type": JSON, **headers}
    async with slack.session.post(slack.url, data=secret_body, headers=sent) as answer:
        assert answer.status == 401
    assert WORDS not in _all_logged(caplog)


async def test_a_signed_body_that_is_not_json_gets_400(slack: SignedSlack) -> None:
    answer = await slack.send("{not json", JSON)
    assert answer.status == 400


async def test_a_flood_of_forged_requests_logs_one_line(
    slack: SignedSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for n in range(20):
        answer = await slack.send(f'{{"said": "{WORDS} {n}"}}', JSON, secret="not-the-secret")
        assert answer.status == 401
    refused = [r for r in caplog.records if "bad signature" in r.getMessage()]
    assert len(refused) == 1
    assert WORDS not in _all_logged(caplog)


async def test_an_app_mention_retried_by_slack_is_answered_once(
    slack: SignedSlack, fake: FakeSlack
) -> None:
    envelope = payloads.envelope(
        payloads.mention("help me", user="U0ANA", channel="C0CLASS"), event_id="Ev0MENTION1"
    )
    for retry in (None, 1, 2):
        answer = await slack.event(envelope, retry=retry)
        assert answer.status == 200
        await slack.settled()
    assert len(fake.posts_to("C0CLASS")) == 1


async def test_no_student_words_or_names_in_any_log_line(
    ana: Student, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.names["U0ANA"] = NAME
    await ana.types("hi")
    await ana.types("yes")
    await ana.types(f"I want to die, {WORDS}")  # a crisis message
    fake.refuse["chat.postMessage"] = "channel_not_found"  # a failing send
    await ana.types(f"{WORDS} again")
    fake.refuse.clear()
    fake.broken["chat.postMessage"] = [PROXY_502] * 3  # and one that is not even JSON
    await ana.types(f"{WORDS} once more")
    logged = _all_logged(caplog)
    assert "Slack refused chat_postMessage: channel_not_found" in logged  # it does log
    assert "Slack refused chat_postMessage: SlackApiError (HTTP 502)" in logged
    for secret in (NAME, WORDS, "want to die"):
        assert secret.casefold() not in logged.casefold(), secret


async def test_slack_s_own_logging_of_a_body_is_cut_before_the_payload(
    slack: SignedSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """Bolt warns about an event no listener takes, with the whole body; ours is cut."""
    caplog.set_level(logging.DEBUG)
    event = {"type": "reaction_added", "user": "U0ANA", "reaction": WORDS, "event_ts": "1.2"}
    answer = await slack.event(payloads.envelope(event))
    assert answer.status in (200, 404)
    assert WORDS not in _all_logged(caplog)
    assert json.dumps(event)[:10] not in _all_logged(caplog)


def test_a_timestamp_check_never_raises() -> None:
    from slack_sdk.signature import SignatureVerifier

    from bot.adapters.slack.serve import _signed

    verifier = SignatureVerifier(payloads.SIGNING_SECRET)
    good = payloads.signed_headers("{}", JSON)
    assert _signed(verifier, b"{}", good)
    for stamp in ("", "soon", "1e99", "9" * 400, str(int(time.time())) + ".5"):
        assert not _signed(verifier, b"{}", {**good, "X-Slack-Request-Timestamp": stamp})


async def test_bolt_s_own_signature_check_logs_no_body(
    slack: SignedSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """Past our own check (a request handed to Bolt directly), Bolt's verification
    middleware logs the body of a request it refuses; its logger cuts that off."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    caplog.set_level(logging.DEBUG)
    body = json.dumps({"type": "event_callback", "said": WORDS})
    headers = {"x-slack-request-timestamp": str(int(time.time())), "x-slack-signature": "v0=00"}
    response = await slack.running.app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
    assert response.status == 401
    logged = _all_logged(caplog)
    assert "Invalid request signature detected" in logged  # Bolt did log it ...
    assert WORDS not in logged  # ... without the body


async def test_a_scheduled_send_answered_by_a_proxy_502_is_retried_later(
    fake: FakeSlack,
) -> None:
    """The outbox's Slack sender: Slack's own error codes, not a crash reading a text
    answer; the dispatcher retries the row (it is neither permanent nor a 429)."""
    import aiohttp
    from slack_sdk.errors import SlackApiError

    from bot.adapters.slack.inbound import PLATFORM
    from bot.adapters.slack.scheduled import SlackOutboxSender, outbox_client
    from bot.core.messages import ConversationKey, Outbound
    from bot.schedule.senders import PermanentSendError, RetryAfter
    from tests.slack.fake_slack import GOOD_BOT_TOKEN, TEAM

    fake.broken["chat.postMessage"] = [PROXY_502]
    async with aiohttp.ClientSession() as session:
        sender = SlackOutboxSender(
            outbox_client(GOOD_BOT_TOKEN, fake.api_url, session), done_label="Done"
        )
        key = ConversationKey(PLATFORM, TEAM, "U0ANA")
        with pytest.raises(SlackApiError) as failed:
            await sender.send(key, Outbound(text="Hi"))
        assert not isinstance(failed.value, PermanentSendError | RetryAfter)
        await sender.send(key, Outbound(text="Hi"))  # the row's next attempt goes
    assert len(fake.posts_to("D0ANA")) == 1
