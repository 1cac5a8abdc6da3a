"""A CSV template to fill in for importing responses: the columns a person needs for one
survey's current version, and a second row of guidance (skipped on import) saying what each
column takes, with every choice listed."""

import csv
import io
from typing import Any

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Service, Survey
from survey_app.services.definitions import SATISFACTION_OPTIONS, YES_NO_OPTIONS, iter_questions
from survey_app.services.response_transfer import ANSWER_PREFIX, GUIDANCE_MARK, REQUIRED_COLUMNS

# The template's response columns: the required ones, with service (optional) after channel.
TEMPLATE_COLUMNS = (*REQUIRED_COLUMNS[:2], "service", *REQUIRED_COLUMNS[2:])


def template_surveys() -> list[tuple[str, str]]:
    """(slug, title) of every survey with a published version."""
    return [
        (survey.slug, survey.title)
        for survey in db.session.scalars(select(Survey).order_by(Survey.title))
        if survey.current_version is not None
    ]


def _values(options: list[dict[str, Any]]) -> str:
    return "; ".join(option["value"] for option in options)


def answer_guidance(question: dict[str, Any], services: list[str]) -> str:
    """What one answer column takes, in words, with the choices listed."""
    kind = question["type"]
    if question.get("options_from") == "services":
        what = f"empty, or one of: {'; '.join(services)}"
    elif kind == "satisfaction":
        what = f"one of: {_values(SATISFACTION_OPTIONS)}"
    elif kind == "yes_no":
        what = f"one of: {_values(YES_NO_OPTIONS)}"
    elif kind == "single_choice":
        what = f"one of: {_values(question.get('options', []))}"
    elif kind == "multiple_choice":
        what = f"any of, separated by ;: {_values(question.get('options', []))}"
    elif kind == "number":
        what = f"a whole number from {question.get('min', 0)} to {question.get('max', 'any')}"
    elif kind == "date":
        what = "a date like 2026-03-27"
    else:
        what = f"text, up to {question.get('max_length', 1200):,} characters"
    text = question.get("text")
    label = text.get("en", next(iter(text.values()), "")) if isinstance(text, dict) else text
    return f"{label}: {what}. Leave empty if not answered" if label else what


def template_csv(slug: str) -> str | None:
    """The template for survey ``slug``, or None if it has no published version."""
    survey = db.session.scalar(select(Survey).where(Survey.slug == slug))
    if survey is None or survey.current_version is None:
        return None
    channels = list(
        db.session.scalars(select(Channel.slug).where(Channel.active).order_by(Channel.sort_order))
    )
    services = list(
        db.session.scalars(select(Service.slug).where(Service.active).order_by(Service.id))
    )
    questions = list(iter_questions(survey.current_version.definition))
    header = [*TEMPLATE_COLUMNS, *(ANSWER_PREFIX + q["key"] for q in questions)]
    guidance = [
        f"{GUIDANCE_MARK} Guidance row, skipped on import. Survey ID: {slug}",
        f"One of: {'; '.join(channels)}",
        f"Empty, or one of: {'; '.join(services)}",
        "One of: paper; assisted; online",
        "The date the return was made, like 2026-03-27",
        *(answer_guidance(q, services) for q in questions),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(guidance)
    return buffer.getvalue()
