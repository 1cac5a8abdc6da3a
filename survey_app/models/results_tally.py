"""Running counts for the results pages, kept in step with the raw rows by database triggers.

The results pages ask the same few questions of a million responses on every request. These
tables hold the answers already added up, by month and by every dimension the filters use,
so a page reads a few thousand rows instead of millions. Migration 0007 creates them with
triggers on ``response``, ``answer`` and ``equality_response`` (SQLite and PostgreSQL), so
every way of writing those tables (the survey, paper entry, imports, demo data, the
retention purge, deletions, a hand-written SQL fix) keeps the counts exact. Nothing in the
app writes to them.

``language`` is the language the resident answered in (``Response.language``), so results
can be cut by language (migration 0015).

Which answers are counted: those to the single-choice questions (``single_choice``,
``satisfaction`` and ``yes_no``) of the response's survey version, as listed in
``results_counted_question`` (``CountedQuestion``), which the answer triggers consult.
Free text, numbers, dates and multiple choice are never counted, so the tallies stay small
and every value is a short option code. ``services.surveys.publish_version`` lists a new
version's questions in the same transaction (a new version has no responses yet, so nothing
needs counting again), and migration 0015 listed every version stored before it. Because the
list is per version, a key that is a choice in one version and free text in another is
counted only where it is a choice, and a new survey with new keys is counted from its first
response.

Only whole months are kept: the results filters work in whole months (see
``services.results_data``), and the retention purge, which moves a response to the first of
its month, then changes no count. ``service_id`` is 0 when no service was given, so the
primary key holds no NULL.
"""

from datetime import date

from sqlalchemy import BigInteger, ForeignKey, Index, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.extensions import db

#: Question types whose answers are counted (one short option code per answer).
COUNTED_TYPES = ("single_choice", "satisfaction", "yes_no")
NO_SERVICE_ID = 0


def counted_keys(definition: dict) -> list[str]:
    """The keys of a survey definition's counted (single-choice) questions, in survey order."""
    keys: list[str] = []
    for page in definition.get("pages", []):
        for question in page.get("questions", []):
            if question.get("type") in COUNTED_TYPES and question["key"] not in keys:
                keys.append(question["key"])
    return keys


class CountedQuestion(db.Model):
    """A survey version's single-choice question, whose answers the tallies count."""

    __tablename__ = "results_counted_question"

    survey_version_id: Mapped[int] = mapped_column(
        ForeignKey("survey_version.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)


class _TallyDimensions:
    month: Mapped[date] = mapped_column(primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    channel_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    service_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    completion_mode: Mapped[str] = mapped_column(String(10), primary_key=True)
    language: Mapped[str] = mapped_column(String(10), primary_key=True)


class ResponseTally(_TallyDimensions, db.Model):
    """Responses per month, survey version, channel, service, completion mode and language."""

    __tablename__ = "results_response_tally"

    count: Mapped[int] = mapped_column(BigInteger)
    # The sum of the counted records' keys: a cell's key is this sum modulo 256
    # (``analysis.cell_key``, migration 0011).
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0)


class AnswerTally(_TallyDimensions, db.Model):
    """Answers to the counted (single-choice) questions, per value and the same dimensions."""

    __tablename__ = "results_answer_tally"

    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    # The sum of the counted records' keys: a cell's key is this sum modulo 256
    # (``analysis.cell_key``, migration 0011).
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0)


class EqualityTally(_TallyDimensions, db.Model):
    """Answers to the counted questions by equality group, for responses with equality answers.

    ``characteristic`` is the results pages' name (``ethnic_category`` for the 19
    categories); ``code`` is the stored option code, ``""`` for not asked, and for
    ``disability`` the two answers joined as ``condition|reduces_activities`` so the one
    derivation in ``analysis.equality_categories`` decides the status.
    """

    __tablename__ = "results_equality_tally"
    # Characteristic first: a page reads one characteristic's rows, a ninth of the table.
    __table_args__ = (
        PrimaryKeyConstraint(
            "characteristic",
            "month",
            "survey_version_id",
            "channel_id",
            "service_id",
            "completion_mode",
            "language",
            "code",
            "question_key",
            "value",
        ),
        # Every column, in the order a page groups by: the page reads this index alone,
        # already grouped, whatever the filters (migration 0009).
        Index(
            "ix_results_equality_tally_grouped",
            "characteristic",
            "code",
            "question_key",
            "value",
            "month",
            "survey_version_id",
            "channel_id",
            "service_id",
            "completion_mode",
            "language",
            "count",
            "key_sum",
        ),
    )

    characteristic: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(130), primary_key=True)
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
    # The sum of the counted records' keys: a cell's key is this sum modulo 256
    # (``analysis.cell_key``, migration 0011).
    key_sum: Mapped[int] = mapped_column(BigInteger, default=0)
