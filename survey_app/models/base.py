"""Helpers shared by the models."""

from datetime import UTC, datetime

from survey_app.extensions import Base

__all__ = ["Base", "utcnow"]


def utcnow() -> datetime:
    """Naive UTC, the same on SQLite (which keeps no zone) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)
