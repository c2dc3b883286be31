"""Orbit's Prometheus metrics: counted in process, served on `/metrics` (bot/app/ops.py).

Counting is off until a long-running mode turns it on (`enable()`, when it serves
metrics), so a bot without `--metrics-port` pays one boolean test per hook. The hooks are
module functions any layer may call: the root's measured Coach times turns and counts
replies, the adapters count platform errors and 429s, the dispatcher scheduled sends.
What the database knows (outbox rows by state, the oldest due row, alerts, students
active today) is read at scrape time (bot/store/ops_queries.py), not counted here.
Labels are platform names and fixed kinds only, never an id or a word of a student's.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)
_on = False

TURN_SECONDS = Histogram(
    "orbit_turn_seconds",
    "Seconds from a student's message to the coach's replies (the turn, saved); "
    "its _count is the turns handled",
    ["platform"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
REPLIES_SENT = Counter(
    "orbit_replies_sent_total",
    "Turns whose replies reached the platform (answers, and scheduled messages sent)",
    ["platform", "kind"],
    registry=REGISTRY,
)
PLATFORM_ERRORS = Counter(
    "orbit_platform_errors_total",
    "Calls a platform refused or that failed; kind is rate_limited (429) or error",
    ["platform", "kind"],
    registry=REGISTRY,
)
OUTBOX_ROWS = Gauge(
    "orbit_outbox_rows", "Outbox rows by kind and state", ["kind", "state"], registry=REGISTRY
)
OUTBOX_OLDEST_DUE = Gauge(
    "orbit_outbox_oldest_due_seconds",
    "Age of the oldest pending outbox row that is due (0 when none)",
    registry=REGISTRY,
)
ALERTS = Gauge(
    "orbit_alerts",
    "Crisis and talk-to-a-person alerts to staff, by state (pending, sent, failed, "
    "cancelled); raised = all of them",
    ["state"],
    registry=REGISTRY,
)
ACTIVE_TODAY = Gauge(
    "orbit_students_active_today",
    "Students who wrote since midnight UTC",
    registry=REGISTRY,
)
UP = Gauge("orbit_ready", "1 when /readyz would answer 200", registry=REGISTRY)


def enable(on: bool = True) -> None:
    """Count from now on (a mode serving `/metrics`), or stop counting."""
    global _on
    _on = on


def enabled() -> bool:
    return _on


def turn(platform: str, seconds: float) -> None:
    if _on:
        TURN_SECONDS.labels(platform).observe(seconds)


def replies_sent(platform: str, kind: str = "reply") -> None:
    if _on:
        REPLIES_SENT.labels(platform, kind).inc()


def platform_error(platform: str, *, rate_limited: bool = False) -> None:
    if _on:
        PLATFORM_ERRORS.labels(platform, "rate_limited" if rate_limited else "error").inc()
