"""Answers in progress (drafts) and completed responses."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from survey_app.caching import kept
from survey_app.extensions import db
from survey_app.models import Answer, Channel, Draft, Response, Service, SurveyVersion, utcnow
from survey_app.services import journey
from survey_app.services.definitions import iter_questions
from survey_app.services.surveys import version_definition
from survey_app.services.transactions import transaction


class DraftExpired(Exception):
    """The answers in progress have gone (timed out, or never started)."""


class DraftIncomplete(Exception):
    def __init__(self, page_key: str):
        super().__init__(page_key)
        self.page_key = page_key


def _expiry() -> datetime:
    return utcnow() + current_app.config["DRAFT_LIFETIME"]


def start_draft(
    version: SurveyVersion,
    channel: Channel,
    *,
    service: Service | None = None,
    completion_mode: str = "online",
    language: str = "en",
) -> Draft:
    answers: dict[str, Any] = {}
    if service is not None:
        definition = version_definition(version.id, version.published_at)
        service_question = next(
            (q for q in iter_questions(definition) if q.get("options_from") == "services"),
            None,
        )
        if service_question:
            answers[service_question["key"]] = service.slug
    token = secrets.token_urlsafe(32)
    draft = Draft(
        token=token,
        survey_version=version,
        channel=channel,
        completion_mode=completion_mode,
        language=language,
        answers=answers,
        expires_at=_expiry(),
    )
    with transaction():
        db.session.add(draft)
    # The commit expired the draft; its callers read its token and answers, which are known,
    # so put them back rather than read the row again.
    set_committed_value(draft, "token", token)
    set_committed_value(draft, "answers", answers)
    return draft


@kept(maxsize=1)
def _draft_by_token():
    """The draft query.

    The channel and the survey version come in the same query (every page of the journey
    needs both); the version's definition is left for draft_definition, which seldom needs
    to read it.
    """
    return (
        select(Draft)
        .options(
            joinedload(Draft.channel),
            joinedload(Draft.survey_version).defer(SurveyVersion.definition),
        )
        .where(Draft.token == bindparam("token"))
    )


def get_draft(token: str | None) -> Draft | None:
    if not token:
        return None
    draft = db.session.scalar(_draft_by_token(), {"token": token})
    if draft is None or draft.expires_at < utcnow():
        return None
    return draft


@dataclass(frozen=True)
class DraftState:
    """What a page of the resident journey needs to know about a draft.

    Read as one row without building ORM objects: a resident asks for about 33 pages, and
    loading the draft, its channel and its version as objects cost more than the query.
    """

    id: int
    answers: dict[str, Any]
    channel_id: int
    channel_slug: str
    channel_active: bool
    survey_version_id: int
    published_at: datetime


@kept(maxsize=1)
def _draft_state_by_token():
    draft, channel, version = Draft.__table__, Channel.__table__, SurveyVersion.__table__
    return (
        select(
            draft.c.id,
            draft.c.answers,
            draft.c.expires_at,
            draft.c.channel_id,
            channel.c.slug,
            channel.c.active,
            draft.c.survey_version_id,
            version.c.published_at,
        )
        .join_from(draft, channel, draft.c.channel_id == channel.c.id)
        .join(version, draft.c.survey_version_id == version.c.id)
        .where(draft.c.token == bindparam("token"))
    )


def draft_state(token: str | None) -> DraftState | None:
    """The draft's state, or None if it has gone (timed out, sent, or never started)."""
    if not token:
        return None
    row = db.session.execute(_draft_state_by_token(), {"token": token}).first()
    if row is None or row.expires_at < utcnow():
        return None
    return DraftState(
        id=row.id,
        answers=row.answers,
        channel_id=row.channel_id,
        channel_slug=row.slug,
        channel_active=row.active,
        survey_version_id=row.survey_version_id,
        published_at=row.published_at,
    )


def draft_definition(draft: Draft | DraftState) -> dict[str, Any]:
    """The definition of the survey version a draft answers (read only: it is shared)."""
    if isinstance(draft, Draft):
        published_at = draft.survey_version.published_at
    else:
        published_at = draft.published_at
    return version_definition(draft.survey_version_id, published_at)


@kept(maxsize=1)
def _update_draft():
    table = Draft.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("draft_id"))
        .values(answers=bindparam("new_answers"), expires_at=bindparam("new_expiry"))
    )


def save_page_answers(draft: Draft | DraftState, page_answers: dict[str, Any]) -> dict[str, Any]:
    """Merge one page's answers into the draft (a new dict, so the JSON change is seen).

    Returns the draft's answers as saved, so the caller need not read the draft back.
    """
    answers = dict(draft.answers)
    for key, value in page_answers.items():
        if value in (None, "", []):
            answers.pop(key, None)
        else:
            answers[key] = value
    # One UPDATE statement: the ORM's unit of work would cost more than the write itself
    # on the journey's busiest request. The draft object is not used after this.
    with transaction():
        db.session.execute(
            _update_draft(),
            {"draft_id": draft.id, "new_answers": answers, "new_expiry": _expiry()},
        )
    return answers


@kept(maxsize=1)
def _response_by_key():
    return select(Response).where(Response.submission_key == bindparam("token"))


def response_by_key(token: str | None) -> Response | None:
    if not token:
        return None
    return db.session.scalar(_response_by_key(), {"token": token})


def _answer_rows(answers: dict[str, Any]) -> list[Answer]:
    rows = []
    for key, value in answers.items():
        values = value if isinstance(value, list) else [value]
        rows.extend(Answer(question_key=key, value=str(v)) for v in values)
    return rows


def submit_draft(
    token: str | None, *, submitted_on: date | None = None, blanks_allowed: bool = False
) -> Response:
    """Turn a draft into one response, once, in one transaction.

    A second submit of the same draft (double click, Back then submit) returns the response
    the first one made. If anything fails, nothing is written and the draft survives.
    ``blanks_allowed`` is for paper returns, where a resident may leave any question empty.
    """
    existing = response_by_key(token)
    if existing is not None:
        return existing
    draft = get_draft(token)
    if draft is None:
        raise DraftExpired()
    definition = draft_definition(draft)
    channel = draft.channel.slug
    missing = journey.first_unanswered_page(definition, channel, draft.answers)
    if missing is not None and not blanks_allowed:
        raise DraftIncomplete(missing)
    answers = journey.answers_on_route(definition, channel, draft.answers)
    service_key = next(
        (q["key"] for q in iter_questions(definition) if q.get("options_from") == "services"),
        None,
    )
    service = None
    if service_key and service_key in answers:
        service = db.session.scalar(select(Service).where(Service.slug == answers[service_key]))
    response = Response(
        survey_version_id=draft.survey_version_id,
        channel_id=draft.channel_id,
        service=service,
        completion_mode=draft.completion_mode,
        language=draft.language,
        submitted_on=submitted_on or utcnow().date(),
        submission_key=token,
        answers=_answer_rows(answers),
    )
    try:
        with transaction():
            db.session.add(response)
            db.session.delete(draft)
    except IntegrityError:
        # Another request submitted the same draft a moment earlier: use its response.
        existing = response_by_key(token)
        if existing is None:
            raise
        return existing
    return response


def purge_expired_drafts() -> int:
    with transaction():
        result = db.session.execute(delete(Draft).where(Draft.expires_at < utcnow()))
    return result.rowcount
