"""Equality answers: saved page by page, kept apart from the survey answers.

The survey answers are already saved when the equality section starts, so a resident who
leaves at any point keeps them, and keeps every equality answer given so far.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select

from analysis.equality_categories import derive_disability
from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import Channel, EqualityResponse, Response, Service, utcnow
from survey_app.services.surveys import version_definition
from survey_app.services.transactions import transaction


def equality_question_keys(response: Response) -> list[str]:
    """The equality questions the response's own survey version asks (none if not listed)."""
    definition = version_definition(response.survey_version_id)
    return list(definition.get("equality_questions", []))


def _row(response: Response) -> EqualityResponse | None:
    if not response.equality_key:
        return None
    return db.session.scalar(
        select(EqualityResponse).where(EqualityResponse.key == response.equality_key)
    )


def equality_answers(response: Response) -> dict[str, str | None]:
    """The stored codes and write-ins by column; empty if nothing has been saved yet."""
    row = _row(response)
    if row is None:
        return {}
    return {c: getattr(row, c) for c in eq.ANSWER_COLUMNS + eq.WRITE_IN_COLUMNS}


def save_equality_answer(
    response: Response,
    page: eq.EqualityPage,
    value: str | None,
    write_in: str | None = None,
    *,
    today: date | None = None,
) -> None:
    """Store one page's answer: the option code, or ``skipped`` when nothing was chosen.

    The row is made on the first answer, under a new random key that the response also
    holds. Answers to pages the resident no longer sees (for example gender identity after
    changing their age to under 16) are cleared, as are write-ins for options not chosen.
    """
    with transaction():
        row = _row(response)
        if row is None:
            row = EqualityResponse(
                key=secrets.token_urlsafe(32),
                survey_id=response.survey_version.survey_id,
                created_on=today or utcnow().date(),
            )
            db.session.add(row)
            response.equality_key = row.key
        previous = getattr(row, page.column)
        setattr(row, page.column, value or eq.SKIPPED)
        if page.write_in is not None:
            keep = value == page.write_in.when and (write_in or "").strip()
            setattr(row, page.write_in.column, keep or None)
        if page.column == "ethnic_group" and previous != getattr(row, page.column):
            row.ethnicity = row.ethnicity_other = None
        _clear_pages_off_route(row, equality_question_keys(response))


def _clear_pages_off_route(row: EqualityResponse, question_keys: list[str]) -> None:
    answers: dict[str, Any] = {c: getattr(row, c) for c in eq.ANSWER_COLUMNS}
    on_route = {page.column for page in eq.route(question_keys, answers)}
    for page in eq.PAGES:
        if page.column not in on_route:
            setattr(row, page.column, None)
            if page.write_in is not None:
                setattr(row, page.write_in.column, None)
    if row.ethnicity is None:
        row.ethnicity_other = None


def equality_frame(survey_id: int | None = None) -> pd.DataFrame:
    """One row per response that has equality answers, labelled for aggregate analysis.

    Columns: ``response_id``, ``channel`` and ``service`` (slugs), ``month`` (its first day),
    then the columns ``analysis.equality_categories`` reports on, holding the labels residents
    saw ("Prefer not to say" included; skipped or not asked is missing, which the analysis
    reports as "Not answered"), with ``disability`` derived there from the two answers.
    Write-in text is left out on purpose: it is kept, but never shown on results pages.
    """
    query = (
        select(
            Response.id.label("response_id"),
            Channel.slug.label("channel"),
            Service.slug.label("service"),
            Response.submitted_on,
            *(getattr(EqualityResponse, column) for column in eq.ANSWER_COLUMNS),
        )
        .join(EqualityResponse, EqualityResponse.key == Response.equality_key)
        .join(Channel, Channel.id == Response.channel_id)
        .outerjoin(Service, Service.id == Response.service_id)
        .order_by(Response.id)
    )
    if survey_id is not None:
        query = query.where(EqualityResponse.survey_id == survey_id)
    codes = pd.DataFrame(
        db.session.execute(query).all(),
        columns=["response_id", "channel", "service", "submitted_on", *eq.ANSWER_COLUMNS],
    ).astype(dict.fromkeys(eq.ANSWER_COLUMNS, "object"))
    frame = codes[["response_id", "channel", "service"]].copy()
    frame["month"] = pd.to_datetime(codes["submitted_on"]).dt.to_period("M").dt.to_timestamp()
    for column, report_column in eq.REPORT_COLUMNS.items():
        frame[report_column] = codes[column].map(eq.option_labels(column)).astype("object")
    frame["disability"] = derive_disability(
        codes["disability_condition"], codes["disability_reduces_activities"]
    )
    return frame


def paper_equality_pages(question_keys: list[str]) -> list[eq.EqualityPage]:
    """The equality questions of a paper questionnaire, each once: on paper there is no
    route, so the ethnic background question lists every group's backgrounds together."""
    return [page for page in eq.PAGES if page.question_key in set(question_keys)]


def paper_equality_options(page: eq.EqualityPage) -> list[tuple[str, str]]:
    """A paper equality question's options, with "Prefer not to say" last, as online."""
    if page.column == "ethnicity":
        pairs = [pair for group in eq.ETHNIC_GROUPS.values() for pair in group["categories"]]
    else:
        pairs = list(page.options)
    return [*pairs, (eq.PREFER_NOT_TO_SAY, "Prefer not to say")]


@dataclass(frozen=True)
class PaperWriteIn:
    """The write-in box under an equality question on paper: online it appears when the
    "other" option is chosen; on paper it is always printed, saying which options it is for."""

    column: str
    when: frozenset[str]
    label: str


# Each box's label, by the column of the question it belongs to (English, as the rest of
# the equality page of the paper form).
PAPER_WRITE_IN_LABELS = {
    "gender_identity": "If no, write in your gender identity (optional)",
    "sexual_orientation": "If other sexual orientation, write it in (optional)",
    "ethnicity": "If any other background, write it in (optional)",
    "religion": "If any other religion, write it in (optional)",
}


def paper_write_in(page: eq.EqualityPage) -> PaperWriteIn | None:
    """The write-in box of a paper equality question, if it has one. On paper the ethnic
    background question lists every group's backgrounds, so its box is for each group's
    "any other" background."""
    if page.column == "ethnicity":
        when = frozenset(group["categories"][-1][0] for group in eq.ETHNIC_GROUPS.values())
        return PaperWriteIn("ethnicity_other", when, PAPER_WRITE_IN_LABELS["ethnicity"])
    if page.write_in is None:
        return None
    return PaperWriteIn(
        page.write_in.column, frozenset({page.write_in.when}), PAPER_WRITE_IN_LABELS[page.column]
    )


def save_paper_equality_answers(
    response: Response,
    answers: dict[str, str | None],
    write_ins: dict[str, str | None] | None = None,
    *,
    today: date | None = None,
) -> bool:
    """Store the equality answers of a paper return, apart from its survey answers as online.

    ``answers`` maps each equality column to its option code, or None where the question was
    left blank (stored as skipped); ``write_ins`` maps a write-in column to its text, kept
    only with an option its box is for (``paper_write_in``), as online. Answers the paper
    route would not ask (gender identity of an under-16) are cleared as online. Nothing is
    stored when every answer is blank: the resident did not fill in the equality page.
    Returns whether a row was stored.
    """
    if not any(answers.values()):
        return False
    with transaction():
        row = EqualityResponse(
            key=secrets.token_urlsafe(32),
            survey_id=response.survey_version.survey_id,
            created_on=today or utcnow().date(),
        )
        db.session.add(row)
        response.equality_key = row.key
        for page in paper_equality_pages(equality_question_keys(response)):
            setattr(row, page.column, answers.get(page.column) or eq.SKIPPED)
            box = paper_write_in(page)
            if box is not None and getattr(row, page.column) in box.when:
                setattr(row, box.column, ((write_ins or {}).get(box.column) or "").strip() or None)
        _clear_pages_off_route(row, equality_question_keys(response))
    return True
