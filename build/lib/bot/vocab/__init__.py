"""The words every layer shares, importing nothing of Orbit's.

Keys (`keys.py`), the messages a turn hands back (`messages.py`), the records the store
reads out (`records.py`), the changes a turn asks it to make (`changes.py`) and what an
outbox row carries, with the send policy's verdicts on it (`payloads.py`): the store,
the core, coaching, the schedule, insights and the adapters all speak these, so none of
them has to import another layer to name a student or a reply. Plain frozen dataclasses
and enums; no I/O. Also the one list of platforms (`platforms.py`) and the one bounded
in-process memory (`bounded.py`: least recently used forgotten first).
"""
