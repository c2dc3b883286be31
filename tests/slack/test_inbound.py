"""Slack payloads -> Inbound: who, what, where the answer goes, and what is ignored."""

from __future__ import annotations

from urllib.parse import parse_qsl

from bot.adapters.slack.inbound import (
    Job,
    command_job,
    home_job,
    mention_job,
    message_job,
    press_job,
)
from bot.core.messages import ConversationKey, Markup
from tests.slack import payloads
from tests.slack.fake_slack import BOT_ID, BOT_USER, TEAM

ANA = ConversationKey("slack", TEAM, "U0ANA")


def test_a_dm_is_a_private_turn_of_that_student_in_that_workspace() -> None:
    body = payloads.envelope(payloads.dm("Mom & <Dad>", user="U0ANA", channel="D0ANA"))
    job = message_job(body)
    assert job is not None and job.inbound is not None
    assert job.inbound.key == ANA and job.inbound.private
    assert job.inbound.text == "Mom & <Dad>" and job.inbound.markup is Markup.MRKDWN
    assert job.inbound.event_id == f"{TEAM}:{body['event_id']}"
    assert job.target.channel == "D0ANA" and job.target.response_url is None


def test_the_same_user_id_in_another_workspace_is_another_student() -> None:
    body = payloads.envelope(payloads.dm("hi", user="U0ANA", channel="D0ANA"))
    body["team_id"] = "T0OTHER"
    job = message_job(body)
    assert job is not None and job.inbound is not None
    assert job.inbound.key == ConversationKey("slack", "T0OTHER", "U0ANA")


def test_own_messages_edits_and_other_channels_are_not_turns() -> None:
    own = payloads.dm("hi", user=BOT_USER, channel="D0ANA", bot_id=BOT_ID)
    edit = payloads.dm("hi", user="U0ANA", channel="D0ANA", subtype="message_changed")
    joined = payloads.dm("", user="U0ANA", channel="C0GENERAL", subtype="channel_join")
    channel = payloads.dm("hi", user="U0ANA", channel="C0GENERAL", channel_type="channel")
    for event in (own, edit, joined, channel):
        assert message_job(payloads.envelope(event)) is None


def test_a_mention_is_a_public_turn_answered_in_its_thread() -> None:
    event = payloads.mention("my map please", user="U0ANA", channel="C0GENERAL")
    job = mention_job(payloads.envelope(event))
    assert job is not None and job.inbound is not None
    assert not job.inbound.private
    assert job.target.channel == "C0GENERAL" and job.target.thread_ts == event["ts"]
    in_a_dm = payloads.mention("hi", user="U0ANA", channel="D0ANA")
    assert mention_job(payloads.envelope(in_a_dm)) is None  # message.im answers it


def test_opening_the_home_tab_publishes_without_a_turn() -> None:
    job = home_job(payloads.envelope(payloads.home_opened(user="U0ANA", channel="D0ANA")))
    assert job is not None and job.home_only and job.inbound is not None
    assert job.inbound.key == ANA
    messages_tab = payloads.home_opened(user="U0ANA", channel="D0ANA") | {"tab": "messages"}
    assert home_job(payloads.envelope(messages_tab)) is None


def test_orbit_commands_become_core_commands_answered_ephemerally() -> None:
    def job_for(text: str) -> Job:
        form = payloads.slash_command(text, user="U0ANA", channel="C0X", response_url="https://r")
        return command_job(dict(parse_qsl(form, keep_blank_values=True)))

    assert job_for("map").inbound.text == "/map"
    assert job_for("add Maria").inbound.text == "/add Maria"
    assert job_for("join K7Q2").inbound.text == "/join K7Q2"
    assert job_for("/edit Tío").inbound.text == "/edit Tío"
    assert job_for("").inbound.text == "/help"
    job = job_for("map")
    assert job.target.response_url == "https://r" and job.inbound.private
    assert job.inbound.event_id.startswith(f"{TEAM}:command:")


def _press(action: dict, **options: object) -> dict:
    container = {
        "type": "message",
        "message_ts": "1700000000.000002",
        "channel_id": "D0ANA",
        "is_ephemeral": False,
    }
    defaults = {
        "user": "U0ANA",
        "container": container,
        "channel": "D0ANA",
        "message": {"ts": "1700000000.000002", "text": "Q?", "blocks": [{"type": "section"}]},
        "response_url": "https://r",
    }
    return payloads.block_actions(action=action, **(defaults | options))  # type: ignore[arg-type]


BUTTON = {
    "action_id": "orbit-choice-0",
    "block_id": "orbit-q-1",
    "text": {"type": "plain_text", "text": "Close"},
    "value": "close",
    "type": "button",
}


def test_a_press_is_the_choice_and_marks_its_message() -> None:
    job = press_job(_press(BUTTON))
    assert job is not None and job.inbound is not None and job.pressed is not None
    assert job.inbound.choice == "close" and job.inbound.text == ""
    assert job.inbound.event_id == f"{TEAM}:press:D0ANA:1700000000.000002"
    assert job.pressed.picked == ("Close",) and job.pressed.blocks == ({"type": "section"},)
    assert job.target.channel == "D0ANA" and job.pressed.response_url is None


def test_every_press_on_one_question_shares_an_event_id() -> None:
    other = BUTTON | {"action_id": "orbit-choice-1", "value": "between"}
    first, second = press_job(_press(BUTTON)), press_job(_press(other))
    assert first and second and first.inbound and second.inbound
    assert first.inbound.event_id == second.inbound.event_id


def test_ticks_wait_for_done_which_sends_every_ticked_value() -> None:
    options = [
        {"text": {"type": "plain_text", "text": "Emotional support"}, "value": "emotional"},
        {"text": {"type": "plain_text", "text": "Practical help"}, "value": "practical"},
    ]
    tick = {"action_id": "orbit-pick", "block_id": "orbit-q-1", "type": "checkboxes"}
    state = {"orbit-q-1": {"orbit-pick": {"type": "checkboxes", "selected_options": options}}}
    assert press_job(_press(tick, state=state)) is None
    done = BUTTON | {"action_id": "orbit-done", "value": "done"}
    job = press_job(_press(done, state=state))
    assert job is not None and job.inbound is not None and job.pressed is not None
    assert job.inbound.text == "emotional, practical" and job.inbound.choice is None
    assert job.pressed.picked == ("Emotional support", "Practical help")
    state["orbit-q-1"]["orbit-pick"]["selected_options"] = options[:1]
    one = press_job(_press(done, state=state))
    assert one is not None and one.inbound is not None and one.inbound.choice == "emotional"


def test_an_ephemeral_press_is_answered_through_its_response_url() -> None:
    container = {
        "type": "message",
        "message_ts": "1700000000.000009",
        "channel_id": "C0GENERAL",
        "is_ephemeral": True,
    }
    job = press_job(_press(BUTTON, container=container, message=None))
    assert job is not None and job.pressed is not None
    assert job.target.response_url == "https://r" and job.pressed.response_url == "https://r"
    assert job.pressed.blocks is None


def test_a_home_button_starts_a_lesson_in_the_apps_dm() -> None:
    start = BUTTON | {"action_id": "orbit-home-mapping", "value": "lesson:mapping"}
    job = press_job(_press(start, container={"type": "view", "view_id": "V1"}, message=None))
    assert job is not None and job.inbound is not None and job.pressed is None
    assert job.inbound.choice == "lesson:mapping" and job.target.channel == "U0ANA"


def test_other_apps_actions_are_not_ours() -> None:
    assert press_job(_press(BUTTON | {"action_id": "approve"})) is None
