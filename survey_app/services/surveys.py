"""Surveys and their published versions."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, defer

from survey_app.caching import kept
from survey_app.extensions import db
from survey_app.models import CountedQuestion, Survey, SurveyVersion
from survey_app.models.results_tally import counted_keys
from survey_app.services.definitions import (
    load_definition_file,
    standard_definition_paths,
    validate_definition,
)
from survey_app.services.transactions import transaction


def publish_version(survey: Survey, definition: dict[str, Any]) -> SurveyVersion:
    """Add a new immutable version; the caller commits.

    Its single-choice questions are listed for the results tallies in the same transaction
    (``models.results_tally``): the triggers count their answers from the first response.
    The version has no responses yet, so there is nothing to count again.
    """
    validate_definition(definition)
    latest = db.session.scalar(
        select(func.max(SurveyVersion.version)).where(SurveyVersion.survey_id == survey.id)
    )
    version = SurveyVersion(survey=survey, version=(latest or 0) + 1, definition=definition)
    db.session.add(version)
    db.session.flush()
    db.session.add_all(
        CountedQuestion(survey_version_id=version.id, question_key=key)
        for key in counted_keys(definition)
    )
    return version


def create_survey(definition: dict[str, Any], *, status: str = "open") -> Survey:
    validate_definition(definition)
    with transaction():
        survey = Survey(
            slug=definition["id"],
            title=definition["title"],
            status=status,
            retention_days=definition.get("retention_days", 730),
        )
        db.session.add(survey)
        db.session.flush()
        publish_version(survey, definition)
    return survey


def load_standard_surveys() -> list[str]:
    """Create each shipped survey that is missing; return the ids created."""
    created = []
    for path in standard_definition_paths():
        definition = load_definition_file(path)
        if db.session.scalar(select(Survey).where(Survey.slug == definition["id"])) is None:
            create_survey(definition)
            created.append(definition["id"])
    return created


def live_channel_slugs() -> set[str]:
    """The channels an open survey covers: the only ones a resident can start a survey for.

    A channel an admin has just added appears on the start page once a published, open
    survey covers it, never before (its survey address would be a 404).
    """
    newer = aliased(SurveyVersion)
    newest = select(func.max(newer.version)).where(newer.survey_id == Survey.id)
    rows = db.session.execute(
        select(SurveyVersion.id, SurveyVersion.published_at)
        .join(Survey, SurveyVersion.survey_id == Survey.id)
        .where(SurveyVersion.version == newest.scalar_subquery(), Survey.status == "open")
    ).all()
    return {
        slug
        for version_id, published_at in rows
        for slug in version_definition(version_id, published_at).get("channels", [])
    }


def council_today() -> date:
    """Today's date on the council's clock (a schedule's days are the council's days)."""
    return datetime.now(ZoneInfo(current_app.config["COUNCIL_TIMEZONE"])).date()


def open_version_for_channel(channel_slug: str) -> tuple[Survey | None, SurveyVersion | None]:
    """The newest version of the open survey covering a channel.

    Returns ``(survey, None)`` when the only survey covering the channel is closed (or
    outside its scheduled opening and closing dates), so the
    resident can be told it has closed rather than that the page does not exist.

    Every start page asks this, so only each survey's newest version is read, without the
    definitions (published or being edited): which channels a version covers comes from the
    definitions kept per process.
    """
    newer = aliased(SurveyVersion)
    newest = select(func.max(newer.version)).where(newer.survey_id == Survey.id)
    rows = db.session.execute(
        select(Survey, SurveyVersion)
        .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
        .where(SurveyVersion.version == newest.scalar_subquery())
        .options(defer(SurveyVersion.definition), defer(Survey.draft_definition))
        .order_by(Survey.id.desc())
    ).all()
    covering = [
        (survey, version)
        for survey, version in rows
        if channel_slug in version_definition(version.id, version.published_at).get("channels", [])
    ]
    today = council_today()
    for survey, version in covering:
        if survey.status == "open" and not survey.outside_schedule(today):
            return survey, version
    if covering:
        return covering[0][0], None
    return None, None


def version_definition(version_id: int, published_at: datetime | None = None) -> dict[str, Any]:
    """The definition of a survey version (read only: it is shared).

    Without ``published_at`` it is read first: a small query, where the definition is a
    whole survey to read and parse.
    """
    if published_at is None:
        published_at = db.session.scalar(
            select(SurveyVersion.published_at).where(SurveyVersion.id == version_id)
        )
    return _kept_definition(str(db.engine.url), version_id, published_at)


@kept(maxsize=64)
def _kept_definition(database: str, version_id: int, published_at: datetime) -> dict[str, Any]:
    """Published versions are never updated (a change publishes a new version), so each
    process keeps the parsed definitions residents are answering rather than reading and
    parsing a whole definition on every page. The key holds the database and the version's
    publication time as well as its id, so a version rebuilt with the same id (a restored
    database) is never confused."""
    return db.session.scalar(select(SurveyVersion.definition).where(SurveyVersion.id == version_id))


def retention_periods() -> list[tuple[str, int]]:
    """``(survey title, retention days)`` for every survey residents can answer or have answered.

    Draft surveys are left out: nobody has given answers to them yet.
    """
    surveys = db.session.scalars(select(Survey).where(Survey.status != "draft").order_by(Survey.id))
    return [(survey.title, survey.retention_days) for survey in surveys]
