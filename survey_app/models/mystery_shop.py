"""Mystery shopping: the standards shopped against, scenarios, assignments, records, audit."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow
from survey_app.models.reference import Channel, Service
from survey_app.models.user import User

# draft: being filled in; awaiting_reply: an email or letter sent, reply not yet in;
# submitted: scored, waiting for review; returned: sent back to the shopper with a comment;
# accepted: locked for good.
SHOP_STATUSES = ("draft", "awaiting_reply", "submitted", "returned", "accepted")
EDITABLE_STATUSES = frozenset({"draft", "awaiting_reply", "returned"})


class ShopCriterion(db.Model):
    """One service standard for one channel, loaded from service-standards.yaml."""

    __tablename__ = "shop_criterion"
    __table_args__ = (UniqueConstraint("channel_id", "key", name="uq_shop_criterion_channel_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str | None] = mapped_column(String(40))
    limit_value: Mapped[int | None]
    points: Mapped[int]
    critical: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    channel: Mapped[Channel] = relationship()


scenario_channel = Table(
    "shop_scenario_channel",
    db.metadata,
    Column("scenario_id", ForeignKey("shop_scenario.id", ondelete="CASCADE"), primary_key=True),
    Column("channel_id", ForeignKey("channel.id"), primary_key=True),
)


class ShopScenario(db.Model):
    __tablename__ = "shop_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    # What the shopper asks the council for, written as a resident would ask it.
    request: Mapped[str] = mapped_column(Text)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    service: Mapped[Service] = relationship()
    channels: Mapped[list[Channel]] = relationship(
        secondary=scenario_channel, order_by=Channel.sort_order
    )


class ShopAssignment(db.Model):
    """One scenario to be shopped by one shopper on one channel within a date window."""

    __tablename__ = "shop_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("shop_scenario.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    window_start: Mapped[date]
    window_end: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scenario: Mapped[ShopScenario] = relationship()
    channel: Mapped[Channel] = relationship()
    shopper: Mapped[User] = relationship()
    record: Mapped["ShopRecord | None"] = relationship(back_populates="assignment")


class ShopRecord(db.Model):
    """What happened on one shop. Names no member of staff."""

    __tablename__ = "shop_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("shop_assignment.id"), unique=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # When the contact was made; for an email or letter, when it was sent.
    contact_at: Mapped[datetime | None]
    call_answered: Mapped[bool | None]
    answer_seconds: Mapped[int | None]
    wait_minutes: Mapped[int | None]
    acknowledged_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    no_reply: Mapped[bool] = mapped_column(default=False)
    # Behaviour criterion key -> met / not_met / na (not applicable).
    behaviours: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    helpfulness: Mapped[int | None]
    knowledge: Mapped[int | None]
    account: Mapped[str] = mapped_column(Text, default="")
    points_earned: Mapped[int | None]
    points_possible: Mapped[int | None]
    score_percent: Mapped[float | None]
    capped: Mapped[bool | None]
    # The criteria as scored at submission, so later edits to the standards change nothing.
    scored_criteria: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    review_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[ShopAssignment] = relationship(back_populates="record")
    shopper: Mapped[User] = relationship(foreign_keys=[shopper_id])
    channel: Mapped[Channel] = relationship()
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    audit_events: Mapped[list["ShopAuditEvent"]] = relationship(
        back_populates="record",
        order_by="ShopAuditEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ShopAuditEvent(db.Model):
    """Who changed a shop record, what (field names only, never the text), and when."""

    __tablename__ = "shop_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("shop_record.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(40))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    record: Mapped[ShopRecord] = relationship(back_populates="audit_events")
    user: Mapped[User] = relationship()
