"""Comments a reviewer may choose for the committee report, each with the id that names it.

The same rule as the comments page: when a view holds fewer comments than the suppression
threshold, none is offered, and only the month is given, never the day.
"""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Answer, Channel, Response, Service
from survey_app.services import results_data
from survey_app.services.results_data import COMMENT_QUESTION, NO_SERVICE, ResultsFilter


def _query(filters: ResultsFilter):
    return (
        select(
            Answer.id.label("id"),
            results_data._month_of(Response.submitted_on).label("month"),
            Channel.name.label("channel"),
            Service.name.label("service"),
            Answer.value.label("text"),
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Channel, Channel.id == Response.channel_id)
        .outerjoin(Service, Service.id == Response.service_id)
        .where(Answer.question_key == COMMENT_QUESTION, *results_data._response_conditions(filters))
        .order_by(Response.submitted_on.desc(), Answer.id.desc())
    )


def _rows(query) -> list[dict]:
    return [
        {
            "id": row.id,
            "month": row.month,
            "channel": row.channel,
            "service": row.service or NO_SERVICE,
            "text": row.text,
        }
        for row in db.session.execute(query)
    ]


def offered(filters: ResultsFilter, threshold: int, limit: int = 30) -> list[dict]:
    """The newest comments in the view, unredacted (the caller redacts), or none if few."""
    if results_data.comment_count(filters) < threshold:
        return []
    return _rows(_query(filters).limit(limit))


def chosen(filters: ResultsFilter, ids: list[int], threshold: int) -> list[dict]:
    """The chosen comments, only from inside the view and only when it holds enough."""
    if not ids or results_data.comment_count(filters) < threshold:
        return []
    return _rows(_query(filters).where(Answer.id.in_(ids[:20])))
