"""The Slack adapter: translation between Slack and the core, and Slack's own features.

One module, one job:
    inbound.py   Slack payloads -> `Job`s (an Inbound and where its answer goes)
    text.py      Slack's text format in and out; cutting long replies
    blocks.py    Outbound -> Block Kit (buttons, checkboxes, answered questions)
    home.py      the App Home view
    delivery.py  every Web API / response_url call, with 429s waited out
    scheduled.py the scheduler's sender: nudges and check-ins into students' DMs
    turns.py     the queue after the ack: one student at a time, in order
    app.py       Bolt listeners: ack, then submit
    serve.py     Socket Mode or HTTP, token checks, clean shutdown
    settings.py  ORBIT_SLACK_* secrets   (`orbit run slack` lives in bot/cli/run.py)

A button press, in order: app.py acks and submits a `Job`; turns.py runs the Coach,
asks blocks.py once for each Slack message it needs (`answered` for the pressed
question, `slack_messages` for the replies) and hands each to delivery.py once
(`replace` the question, `post` or `respond` the replies, `publish` the Home).
"""
