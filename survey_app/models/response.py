"""Residents' responses, their answers, and answers still in progress."""

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.extensions import db
from survey_app.models.base import utcnow
from survey_app.models.reference import Channel, Service
from survey_app.models.survey import SurveyVersion

COMPLETION_MODES = ("online", "assisted", "paper")
RECORD_KEY_RANGE = 256


def new_record_key() -> int:
    """A random record key for the cell key method (``analysis.cell_key``)."""
    return secrets.randbelow(RECORD_KEY_RANGE)


# Crockford's base 32: digits and capitals without I, L, O and U, so a reference read out
# over the phone or copied from a screen is not mistaken for another.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8


def new_reference() -> str:
    """A random receipt reference for a response (stored as 8 characters, shown K7QD-9M2X).

    It grants no access to anything: nothing is ever shown from it to a resident, and only
    staff use it, to find a response a resident asks them to remove. 32**8 (about 10**12)
    references make a clash between two responses very unlikely; the unique index refuses
    one if it happens.
    """
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Response(db.Model):
    """One completed survey. Holds no IP address, browser details or time of day."""

    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    completion_mode: Mapped[str] = mapped_column(String(10), default="online")
    language: Mapped[str] = mapped_column(String(10), default="en")
    submitted_on: Mapped[date] = mapped_column(index=True)
    # The draft's random token: a second submit of the same draft finds this row instead of
    # creating another (double click, or Back then submit again).
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    # The random key of this resident's equality answers (table ``equality_response``), if
    # they chose to answer any. The equality row holds the same key and no response id.
    equality_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Set by ``flask purge`` once the retention period has passed: the date is then only the
    # first of its month, and only the answers that count towards trends are left.
    anonymised: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Drawn once when the response is stored and never changed: the published counts'
    # small adjustments come from the sum of these keys (``analysis.cell_key``), so the
    # same group always reads the same. Migration 0011 gives PostgreSQL a random default.
    record_key: Mapped[int] = mapped_column(SmallInteger, default=new_record_key)
    # The receipt reference shown on the confirmation page (``new_reference``): it is not the
    # submission key or the equality key, and no download holds it. Staff enter it to remove
    # a response at the resident's request. Rows written by raw SQL without one have none.
    reference: Mapped[str | None] = mapped_column(
        String(REFERENCE_LENGTH), unique=True, index=True, default=new_reference
    )

    survey_version: Mapped[SurveyVersion] = relationship()
    channel: Mapped[Channel] = relationship()
    service: Mapped[Service | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(db.Model):
    """One answer value; a multiple-choice answer has one row per option chosen.

    The question key is read against the response's own survey version, so a later
    version that rewords or removes a question never changes what this row meant.
    """

    __tablename__ = "answer"
    __table_args__ = (
        # No index includes ``value``: a long comment in a non-Latin script would exceed
        # PostgreSQL's limit on an index row (about 2.7 kB) and the resident's survey would fail.
        Index("ix_answer_question_key_response_id", "question_key", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class Draft(db.Model):
    """Answers in progress, kept server side so long answers never hit the cookie limit.

    A draft is not a response: it is deleted when the survey is submitted and expires if
    the resident leaves, so an abandoned survey leaves no half-written response.
    """

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    completion_mode: Mapped[str] = mapped_column(String(10), default="online")
    language: Mapped[str] = mapped_column(String(10), default="en")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)

    survey_version: Mapped[SurveyVersion] = relationship()
    channel: Mapped[Channel] = relationship()
