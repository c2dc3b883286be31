"""Which inline keyboards may still be pressed, so an old button cannot answer a new question.

The core refuses a pressed value that the current question does not offer, but two
questions can offer the same options ("how close are you and Mom?", then the same for
Beto): a stale "Close" would silently answer the wrong one. Message ids in a private
chat only grow, so a keyboard older than the newest one we showed, or one already
pressed, is stale. This memory is per process and bounded; a chat it does not know
(after a restart, or one another worker served) is trusted and left to the core,
which is no worse than having no memory at all.
"""

from __future__ import annotations

from bot.vocab.bounded import Recent


class LiveKeyboards:
    def __init__(self, size: int = 100_000) -> None:
        self._chats: Recent[int, tuple[int, int]] = Recent(size)  # (newest, answered)

    def shown(self, chat_id: int, message_id: int) -> None:
        """A message with a keyboard was sent; older keyboards in the chat are now stale."""
        newest, answered = self._chats.get(chat_id, (0, 0))
        self._chats.put(chat_id, (max(newest, message_id), answered))

    def stale(self, chat_id: int, message_id: int) -> bool:
        newest, answered = self._chats.get(chat_id, (0, 0))
        return message_id < newest or message_id <= answered

    def claim(self, chat_id: int, message_id: int) -> bool:
        """An answering press: True if it may go to the core (then its keyboard is used up)."""
        if self.stale(chat_id, message_id):
            return False
        newest, _ = self._chats.get(chat_id, (0, 0))
        self._chats.put(chat_id, (max(newest, message_id), message_id))
        return True
