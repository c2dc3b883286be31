"""The Telegram adapter: translation between Telegram and the core, and Telegram's own features.

incoming.py   Update -> Inbound (or a keyboard press the adapter handles itself)
outgoing.py   Outbound -> sendMessage calls (HTML, split at paragraphs, inline keyboards)
keyboards.py  inline keyboards: callback data, multi-choice toggles, the chosen answer
presses.py    which keyboards are still live, so an old button cannot answer a new question
adapter.py    one update: translate, ask the Coach, deliver the replies
sender.py     delivery with network retries
outbox.py     the scheduler's sender (nudges, check-ins) through the same bot and pacer
limiter.py    every Bot API call paced by bot.schedule.pacing; retry-after waited out
ordering.py   updates of one chat handled in order, different chats concurrently
app.py        building the python-telegram-bot Application; polling and webhook runs
settings.py   ORBIT_TELEGRAM_* from the environment
(`orbit run telegram` lives in bot/cli/run.py)
"""
