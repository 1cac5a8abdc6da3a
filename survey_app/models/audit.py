"""Who did what, and when: an append-only record of staff actions and sign-ins."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow
from survey_app.models.user import User


class AuditEvent(db.Model):
    """One action. ``target`` names the thing acted on, never the content of any answer."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Kept when the account is later removed, so the trail still says who it was.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User | None] = relationship()
