"""Ids are uuid4s from the OS's random source, read in blocks, never repeated (nor by a fork)."""

from __future__ import annotations

import os
import uuid

from bot.vocab.records import new_id


def test_ids_are_uuid4_hex_and_distinct_across_blocks() -> None:
    ids = [new_id() for _ in range(5000)]  # several 1,024-id blocks
    assert len(set(ids)) == len(ids)
    for text in ids[:50]:
        parsed = uuid.UUID(text)
        assert parsed.hex == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_a_forked_child_does_not_repeat_the_parents_next_ids() -> None:
    new_id()  # the parent has a buffer with ids left in it
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its next ids and leave at once
        os.write(write, "".join(new_id() for _ in range(10)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = os.read(read, 1000).decode()
    os.close(read)
    theirs = {child[i : i + 32] for i in range(0, len(child), 32)}
    ours = {new_id() for _ in range(10)}
    assert len(theirs) == 10 and not theirs & ours
