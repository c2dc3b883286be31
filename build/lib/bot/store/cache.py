"""A write-through cache of conversations, so a turn usually needs no read query.

The database stays the truth. Every commit checks the conversation version, so a
cached state that another process has moved on from is caught at commit time: the
turn is reported as a conflict, the entry is dropped, and the turn runs again on
fresh data. Anything that changes a student's data must therefore bump
`conversation.version` (the TurnWriter does).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.vocab.bounded import Recent
from bot.vocab.changes import CreateStudent, DeleteStudent, SetPaused, TurnWrite, apply_to_people
from bot.vocab.keys import ConversationKey
from bot.vocab.records import PersonRecord, StudentRecord, TurnState


@dataclass(slots=True)
class _Entry:
    student: StudentRecord
    frames: list
    version: int
    people: list[PersonRecord] | None = None


class ConversationCache:
    """At most `size` students, least recently used dropped first."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._entries: Recent[ConversationKey, _Entry] = Recent(size)
        self._keys: dict[str, ConversationKey] = {}

    def get(self, key: ConversationKey) -> TurnState | None:
        entry = self._entries.get(key)
        if entry is None or self._size == 0:
            return None
        return TurnState(
            student=entry.student,
            frames=entry.frames,
            version=entry.version,
            already_processed=False,
        )

    def put(self, key: ConversationKey, state: TurnState) -> None:
        if state.student is None or self._size == 0:
            return
        self._keys[state.student.id] = key
        entry = _Entry(state.student, state.frames, state.version)
        for _, old in self._entries.put(key, entry):
            self._keys.pop(old.student.id, None)

    def people(self, student_id: str) -> list[PersonRecord] | None:
        key = self._keys.get(student_id)
        entry = self._entries.get(key) if key else None
        return entry.people if entry else None

    def put_people(self, student_id: str, people: list[PersonRecord]) -> None:
        key = self._keys.get(student_id)
        entry = self._entries.get(key) if key else None
        if entry is not None:
            entry.people = people

    def committed(self, write: TurnWrite) -> None:
        """Bring the entry in step with a turn that is now in the database."""
        created: CreateStudent | None = None
        deleted = paused = False
        for change in write.changes:  # one pass: most turns change nothing
            if isinstance(change, CreateStudent):
                created = change
            elif isinstance(change, DeleteStudent):
                deleted = True
            elif isinstance(change, SetPaused):
                paused = True
        if created is not None:
            student = StudentRecord(
                id=write.student_id,
                display_name=created.display_name,
                role="student",
                paused=False,
                locale=created.locale,
            )
            self.put(write.key, TurnState(student, write.frames, 1, already_processed=False))
            self.put_people(write.student_id, [])
            return
        entry = self._entries.get(write.key)
        if entry is None:
            return
        if deleted:
            self.evict(write.key)
            return
        entry.frames = write.frames
        entry.version = write.expected_version + 1
        if paused or (entry.people is not None and write.changes):
            for change in write.changes:
                if isinstance(change, SetPaused):
                    entry.student = dataclasses.replace(entry.student, paused=change.paused)
                if entry.people is not None:
                    entry.people = apply_to_people(entry.people, change, write.at)

    def evict(self, key: ConversationKey) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._keys.pop(entry.student.id, None)
