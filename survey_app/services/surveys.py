"""Surveys and their published versions."""

from typing import Any

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Survey, SurveyVersion
from survey_app.services.definitions import (
    load_definition_file,
    standard_definition_paths,
    validate_definition,
)


def publish_version(survey: Survey, definition: dict[str, Any]) -> SurveyVersion:
    """Add a new immutable version; the caller commits."""
    validate_definition(definition)
    latest = db.session.scalar(
        select(func.max(SurveyVersion.version)).where(SurveyVersion.survey_id == survey.id)
    )
    version = SurveyVersion(survey=survey, version=(latest or 0) + 1, definition=definition)
    db.session.add(version)
    return version


def create_survey(definition: dict[str, Any], *, status: str = "open") -> Survey:
    validate_definition(definition)
    try:
        survey = Survey(
            slug=definition["id"],
            title=definition["title"],
            status=status,
            retention_days=definition.get("retention_days", 730),
        )
        db.session.add(survey)
        db.session.flush()
        publish_version(survey, definition)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
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


def open_version_for_channel(channel_slug: str) -> tuple[Survey | None, SurveyVersion | None]:
    """The newest version of the open survey covering a channel.

    Returns ``(survey, None)`` when the only survey covering the channel is closed, so the
    resident can be told it has closed rather than that the page does not exist.
    """
    covering = []
    for survey in db.session.scalars(select(Survey).order_by(Survey.id.desc())):
        version = survey.current_version
        if version and channel_slug in version.definition.get("channels", []):
            covering.append((survey, version))
    for survey, version in covering:
        if survey.status == "open":
            return survey, version
    if covering:
        return covering[0][0], None
    return None, None


def retention_periods() -> list[tuple[str, int]]:
    """``(survey title, retention days)`` for every survey residents can answer or have answered.

    Draft surveys are left out: nobody has given answers to them yet.
    """
    surveys = db.session.scalars(select(Survey).where(Survey.status != "draft").order_by(Survey.id))
    return [(survey.title, survey.retention_days) for survey in surveys]
