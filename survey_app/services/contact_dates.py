"""The first day a contact date may be.

A resident's contact, a paper or imported return, or a mystery shop cannot have happened
before the review could exist: "1 January 1990" is a typing slip, and one such date would
stretch every chart over time back 36 years. The first day is ``EARLIEST_CONTACT_DATE``
when a council sets it, and otherwise the day the survey (or the mystery-shop scenario)
opened less ``CONTACT_DATE_GRACE_DAYS``, so a paper return about a contact shortly before
the survey opened still goes in.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import SurveyVersion


def earliest_contact_date(opened: date | None) -> date | None:
    configured = current_app.config.get("EARLIEST_CONTACT_DATE")
    if configured is not None:
        return configured
    if opened is None:
        return None
    return opened - timedelta(days=current_app.config["CONTACT_DATE_GRACE_DAYS"])


def survey_opened_on(survey_id: int) -> date | None:
    """The day the survey's first version was published."""
    first = db.session.scalar(
        select(func.min(SurveyVersion.published_at)).where(SurveyVersion.survey_id == survey_id)
    )
    return first.date() if first else None


def earliest_for_survey(survey_id: int) -> date | None:
    return earliest_contact_date(survey_opened_on(survey_id))


def earliest_for_version(version_id: int) -> date | None:
    survey_id = db.session.scalar(
        select(SurveyVersion.survey_id).where(SurveyVersion.id == version_id)
    )
    return earliest_for_survey(survey_id) if survey_id is not None else None
