"""Equality answers, stored apart from the survey answers.

A row carries no response id: it is found from a response only through the random
``key`` that ``Response.equality_key`` also holds. Deleting equality rows therefore never
touches the survey answers, and a copy of this table alone cannot be joined to anything
else. The only dates are the day the answers were given (for retention) and the survey.
"""

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.equality.questions import WRITE_IN_MAX_LENGTH
from survey_app.extensions import db

CODE = String(64)
WRITE_IN = String(WRITE_IN_MAX_LENGTH)


class EqualityResponse(db.Model):
    """One resident's equality answers: an option code, ``skipped``, or NULL (not asked)."""

    __tablename__ = "equality_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    # Which survey's retention period applies; a survey is shared by thousands of residents.
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    created_on: Mapped[date] = mapped_column(index=True)

    age_band: Mapped[str | None] = mapped_column(CODE)
    sex: Mapped[str | None] = mapped_column(CODE)
    gender_identity: Mapped[str | None] = mapped_column(CODE)
    gender_identity_other: Mapped[str | None] = mapped_column(WRITE_IN)
    sexual_orientation: Mapped[str | None] = mapped_column(CODE)
    sexual_orientation_other: Mapped[str | None] = mapped_column(WRITE_IN)
    ethnic_group: Mapped[str | None] = mapped_column(CODE)
    ethnicity: Mapped[str | None] = mapped_column(CODE)
    ethnicity_other: Mapped[str | None] = mapped_column(WRITE_IN)
    religion: Mapped[str | None] = mapped_column(CODE)
    religion_other: Mapped[str | None] = mapped_column(WRITE_IN)
    disability_condition: Mapped[str | None] = mapped_column(CODE)
    disability_reduces_activities: Mapped[str | None] = mapped_column(CODE)
    carer: Mapped[str | None] = mapped_column(CODE)
