"""Survey definitions and their immutable published versions."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow

SURVEY_STATUSES = ("draft", "open", "closed")


class Survey(db.Model):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    retention_days: Mapped[int] = mapped_column(default=730)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The admin's unpublished changes. None means nothing has changed since the last version;
    # publishing validates this and copies it into a new immutable SurveyVersion.
    draft_definition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # An open survey takes answers only from ``opens_on`` and up to ``closes_on`` (the
    # council's local dates, both days included); either may be empty.
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]

    versions: Mapped[list["SurveyVersion"]] = relationship(
        back_populates="survey", order_by="SurveyVersion.version"
    )

    def outside_schedule(self, today: date) -> bool:
        """Whether ``today`` is before the scheduled opening or after the scheduled closing."""
        return bool(
            (self.opens_on and today < self.opens_on) or (self.closes_on and today > self.closes_on)
        )

    @property
    def current_version(self) -> "SurveyVersion | None":
        return self.versions[-1] if self.versions else None


class SurveyVersion(db.Model):
    """A published definition. Never updated: editing a survey publishes a new version."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    version: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship(back_populates="versions")
