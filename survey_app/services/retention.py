"""Retention: delete what is past its survey's retention period, keep trends anonymously.

When a response is older than its survey's ``retention_days`` (counted from the day it was
sent; it is kept on the last day and purged the day after):

- its equality answers are deleted (``equality_response``), as is any equality row of that
  survey given before the same cut-off;
- its free-text comments are deleted (answers to ``text`` questions in the response's own
  survey version), and so are its date and number answers, which are exact per person;
- the response is anonymised: its date becomes the first of its month, its submission key
  (once in the resident's browser) is replaced by a new random value, its link to equality
  answers is removed, and it is marked ``anonymised``. What stays is the survey version,
  channel, service, month, how it was completed, and its choice answers (such as
  satisfaction), so counts and satisfaction by month, channel and service survive.

Expired drafts (abandoned answers in progress) are deleted too.
"""

import secrets
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, func, select

from survey_app.extensions import db
from survey_app.models import Answer, Draft, EqualityResponse, Response, Survey
from survey_app.services.definitions import iter_questions
from survey_app.services.transactions import roll_back, transaction

DETAIL_TYPES = ("date", "number")


@dataclass
class PurgeCounts:
    equality_rows: int = 0
    comments: int = 0
    detail_answers: int = 0
    responses_anonymised: int = 0
    drafts: int = 0

    def lines(self) -> list[str]:
        """What was done, table by table, in words an admin can check."""
        return [
            f"equality_response: {self.equality_rows} rows deleted (equality answers)",
            f"answer: {self.comments} rows deleted (free-text comments)",
            f"answer: {self.detail_answers} rows deleted (dates and numbers)",
            f"response: {self.responses_anonymised} rows anonymised "
            "(date set to the first of its month, choice answers kept)",
            f"draft: {self.drafts} rows deleted (expired answers in progress)",
        ]

    def __add__(self, other: "PurgeCounts") -> "PurgeCounts":
        return PurgeCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _expired_responses(version_ids: list[int], cutoff) -> Select:
    return select(Response.id).where(
        Response.survey_version_id.in_(version_ids),
        Response.anonymised.is_(False),
        Response.submitted_on < cutoff,
    )


def _purge_survey(survey: Survey, today, *, dry_run: bool) -> PurgeCounts:
    counts = PurgeCounts()
    cutoff = today - timedelta(days=survey.retention_days)
    version_ids = [v.id for v in survey.versions]
    expired = _expired_responses(version_ids, cutoff)

    expired_keys = select(Response.equality_key).where(
        Response.id.in_(expired), Response.equality_key.is_not(None)
    )
    equality_filter = (EqualityResponse.survey_id == survey.id) & (
        (EqualityResponse.created_on < cutoff) | EqualityResponse.key.in_(expired_keys)
    )
    counts.equality_rows = _count(select(EqualityResponse.id).where(equality_filter))

    answer_filters = []
    for version in survey.versions:
        questions = list(iter_questions(version.definition))
        comment_keys = [q["key"] for q in questions if q["type"] == "text"]
        detail_keys = [q["key"] for q in questions if q["type"] in DETAIL_TYPES]
        in_version = Answer.response_id.in_(_expired_responses([version.id], cutoff))
        comments = in_version & Answer.question_key.in_(comment_keys)
        details = in_version & Answer.question_key.in_(detail_keys)
        counts.comments += _count(select(Answer.id).where(comments))
        counts.detail_answers += _count(select(Answer.id).where(details))
        answer_filters += [comments, details]

    responses = db.session.scalars(select(Response).where(Response.id.in_(expired))).all()
    counts.responses_anonymised = len(responses)
    if dry_run:
        return counts

    db.session.execute(delete(EqualityResponse).where(equality_filter))
    for answer_filter in answer_filters:
        db.session.execute(delete(Answer).where(answer_filter))
    for response in responses:
        response.submitted_on = response.submitted_on.replace(day=1)
        response.submission_key = f"anonymised-{secrets.token_urlsafe(32)}"
        response.equality_key = None
        # The receipt reference goes too: whoever kept it can no longer pick the row out.
        response.reference = None
        response.anonymised = True
    return counts


def purge_expired(now: datetime, *, dry_run: bool = False) -> PurgeCounts:
    """Apply every survey's retention period as at ``now`` (naive UTC), all or nothing.

    With ``dry_run`` the same counts are worked out and nothing is changed.
    """
    with transaction():
        counts = PurgeCounts()
        for survey in db.session.scalars(select(Survey).order_by(Survey.id)):
            counts += _purge_survey(survey, now.date(), dry_run=dry_run)
        expired_drafts = Draft.expires_at < now
        counts.drafts = _count(select(Draft.id).where(expired_drafts))
        if dry_run:
            roll_back()
            return counts
        db.session.execute(delete(Draft).where(expired_drafts))
    return counts
