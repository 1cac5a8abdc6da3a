"""The review's findings and recommendations, the executive's response, and the follow-up."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow
from survey_app.models.user import User

# green: achieved or on track; amber: progressing; red: not progressing (with a reason);
# complete: done and signed off.
RAG_STATUSES = ("green", "amber", "red", "complete")
RESPONSES = ("accepted", "partly_accepted", "not_accepted")


class Finding(db.Model):
    """What the review group found, with the evidence as the committee saw it."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # A results page's address with its filters, e.g. /results/channel/phone?start=2026-01-01
    evidence_url: Mapped[str] = mapped_column(String(500))
    # The figures on that page when the finding was written (suppressed, as on the page).
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()


recommendation_finding = Table(
    "recommendation_finding",
    db.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("finding_id", ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True),
)


class Recommendation(db.Model):
    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipal year and number, e.g. "CC 2026/27 03", or simply "R1".
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    text: Mapped[str] = mapped_column(Text)
    directorate: Mapped[str] = mapped_column(String(80), index=True)
    portfolio_holder: Mapped[str] = mapped_column(String(120), default="")
    lead_officer: Mapped[str] = mapped_column(String(120))
    committee: Mapped[str] = mapped_column(String(120))
    committee_date: Mapped[date]
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="amber")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    # The executive's response: accepted, partly accepted or not accepted.
    response: Mapped[str | None] = mapped_column(String(20))
    response_text: Mapped[str] = mapped_column(Text, default="")
    response_body: Mapped[str] = mapped_column(String(120), default="")
    response_date: Mapped[date | None]
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # Re-measurement: a measure's key (survey_app/recommendations/measures.py) and the
    # dates that split "before" (from measure_before_from up to measure_since_from) from
    # "since" (from measure_since_from up to measure_since_to, or today when not set).
    measure: Mapped[str | None] = mapped_column(String(200))
    measure_before_from: Mapped[date | None]
    measure_since_from: Mapped[date | None]
    measure_since_to: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    findings: Mapped[list[Finding]] = relationship(
        secondary=recommendation_finding, order_by=Finding.id
    )
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="recommendation",
        order_by="(ProgressUpdate.written_on, ProgressUpdate.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    events: Mapped[list["RecommendationEvent"]] = relationship(
        back_populates="recommendation",
        order_by="RecommendationEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_reason is not None


class ProgressUpdate(db.Model):
    """An officer's dated account of what has been done, and the status it left things in."""

    __tablename__ = "progress_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(String(120))
    written_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="updates")


class RecommendationEvent(db.Model):
    """A recommendation's own history: who changed what (field names only), and when."""

    __tablename__ = "recommendation_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="events")


class OfficerDirectorate(db.Model):
    """The directorate an officer works in: they see the recommendations addressed to it."""

    __tablename__ = "officer_directorate"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    directorate: Mapped[str] = mapped_column(String(80))

    user: Mapped[User] = relationship()
