"""The coordinators' dashboard's tables (migration 0007_dashboard).

Kept apart from `tables.py` because nothing else reads them. No row holds a secret
as issued: sign-in links and sessions are stored as SHA-256 hashes of the random
token, so a copy of the database opens nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class SignInLink(SQLModel, table=True):
    """A one-time sign-in link: valid until `expires_at`, spent when `used_at` is set."""

    __tablename__ = "dashboard_link"

    token_hash: str = Field(primary_key=True, max_length=64)
    platform: str = Field(max_length=16)
    team: str = Field(default="", max_length=64)
    user_id: str = Field(max_length=128)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class DashboardSession(SQLModel, table=True):
    """A signed-in coordinator or admin; gone at sign-out, dead after 8 hours idle."""

    __tablename__ = "dashboard_session"
    __table_args__ = (Index("ix_dashboard_session_seen", "seen_at"),)

    id_hash: str = Field(primary_key=True, max_length=64)
    platform: str = Field(max_length=16)
    team: str = Field(default="", max_length=64)
    user_id: str = Field(max_length=128)
    csrf: str = Field(max_length=64)
    created_at: datetime
    seen_at: datetime


class AlertState(SQLModel, table=True):
    """What staff did about one alert (crisis or /human): the alert itself is its
    outbox rows (one per person alerted), named `kind:platform:event`."""

    __tablename__ = "alert_state"

    alert_id: str = Field(primary_key=True, max_length=200)
    state: str = Field(default="new", max_length=16)  # new | acknowledged | resolved
    acked_by: str = Field(default="", max_length=80)
    acked_at: datetime | None = None
    resolved_at: datetime | None = None
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime


class DashboardSecret(SQLModel, table=True):
    """The deployment's random key for signing session cookies, made on first use
    (ORBIT_DASHBOARD_SECRET, when set, is used instead)."""

    __tablename__ = "dashboard_secret"

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=128)
