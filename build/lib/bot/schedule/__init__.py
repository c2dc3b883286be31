"""Outgoing pacing now; the scheduler (nudges, check-ins, outbox) will live here too."""
