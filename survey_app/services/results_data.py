"""The one place where stored responses become DataFrames for the results pages.

Each evidence source has its own function, so a new source (equality answers, mystery
shops) plugs in without touching the others. The database does the heavy lifting: the
functions group in SQL and return one row per group and answer value with a ``count``, so
a page over a million responses moves a few hundred rows, not a million. The ``analysis``
package accepts these count-weighted frames directly.
"""

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Select, and_, false, func, select

from analysis.equality_categories import NOT_ANSWERED
from survey_app.extensions import db
from survey_app.models import (
    COMPLETION_MODES,
    Answer,
    Channel,
    Response,
    Service,
    Survey,
    SurveyVersion,
)

MODE_LABELS = {"online": "Online", "assisted": "Assisted", "paper": "Paper"}
NO_SERVICE = "Service not given"
SATISFACTION_QUESTIONS = ("overall_satisfaction", "council_satisfaction")
COMMENT_QUESTION = "comments"
GROUPINGS = ("channel", "service", "month", "mode", "survey")


@dataclass(frozen=True)
class ResultsFilter:
    """What a results view is limited to; ``None`` means no limit. Slugs, not ids."""

    start: date | None = None
    end: date | None = None
    channel: str | None = None
    service: str | None = None
    survey: str | None = None
    mode: str | None = None

    @classmethod
    def from_choices(cls, chosen: dict[str, Any]) -> "ResultsFilter":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in chosen.items() if key in known})

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """``(slug, name)`` pairs for the filter drop-downs, in the order people expect."""
    channels = db.session.execute(
        select(Channel.slug, Channel.name).order_by(Channel.sort_order, Channel.name)
    ).all()
    services = db.session.execute(select(Service.slug, Service.name).order_by(Service.id)).all()
    surveys = db.session.execute(select(Survey.slug, Survey.title).order_by(Survey.id)).all()
    return {
        "channels": [tuple(row) for row in channels],
        "services": [tuple(row) for row in services],
        "surveys": [tuple(row) for row in surveys],
        "modes": [(mode, MODE_LABELS[mode]) for mode in COMPLETION_MODES],
    }


def channel_names() -> dict[str, str]:
    """Channel slug to name, in display order."""
    return dict(filter_choices()["channels"])


def service_names() -> dict[str, str]:
    return dict(filter_choices()["services"])


def _month_of(column):
    """``YYYY-MM`` of a date column, in the database's own dialect."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _response_conditions(filters: ResultsFilter) -> list:
    """WHERE conditions on ``response`` for a filter; slugs are resolved to ids first."""
    conditions = []
    if filters.start is not None:
        conditions.append(Response.submitted_on >= filters.start)
    if filters.end is not None:
        conditions.append(Response.submitted_on <= filters.end)
    if filters.mode is not None:
        conditions.append(Response.completion_mode == filters.mode)
    if filters.channel is not None:
        channel_id = db.session.scalar(select(Channel.id).where(Channel.slug == filters.channel))
        conditions.append(Response.channel_id == channel_id if channel_id else false())
    if filters.service is not None:
        service_id = db.session.scalar(select(Service.id).where(Service.slug == filters.service))
        conditions.append(Response.service_id == service_id if service_id else false())
    if filters.survey is not None:
        version_ids = list(
            db.session.scalars(
                select(SurveyVersion.id).join(Survey).where(Survey.slug == filters.survey)
            )
        )
        conditions.append(Response.survey_version_id.in_(version_ids) if version_ids else false())
    return conditions


def _group_columns(by: tuple[str, ...]) -> list:
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"Cannot group results by {', '.join(sorted(unknown))}")
    columns = {
        "channel": Response.channel_id.label("channel"),
        "service": Response.service_id.label("service"),
        # The day, not the month: a date function on every row costs more than the extra
        # groups, which are folded into months in pandas.
        "month": Response.submitted_on.label("month"),
        "mode": Response.completion_mode.label("mode"),
        "survey": Response.survey_version_id.label("survey"),
    }
    return [columns[name] for name in by]


def _name_groups(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """Replace the ids the database grouped on with the names people read."""
    if "month" in by:
        frame["month"] = frame["month"].astype(str).str[:7]
    if "channel" in by:
        names = dict(db.session.execute(select(Channel.id, Channel.name)).all())
        frame["channel"] = frame["channel"].map(names)
    if "service" in by:
        names = dict(db.session.execute(select(Service.id, Service.name)).all())
        frame["service"] = frame["service"].map(names).fillna(NO_SERVICE)
    if "mode" in by:
        frame["mode"] = frame["mode"].map(MODE_LABELS).fillna(frame["mode"])
    if "survey" in by:
        names = dict(
            db.session.execute(
                select(SurveyVersion.id, Survey.title).join(
                    Survey, Survey.id == SurveyVersion.survey_id
                )
            ).all()
        )
        frame["survey"] = frame["survey"].map(names)
    # Versions of one survey share a title: add their counts together.
    frame = frame.groupby([*by, "question", "value"], as_index=False, dropna=False)["count"].sum()
    # Every channel and service gets a row, in the council's order, even with no answers:
    # "nobody answered about webchat" is a finding too.
    if "channel" in by:
        frame["channel"] = pd.Categorical(
            frame["channel"], categories=list(channel_names().values())
        )
    if "service" in by:
        names = [*service_names().values(), NO_SERVICE]
        frame["service"] = pd.Categorical(frame["service"], categories=names)
    return frame


def answer_counts(
    filters: ResultsFilter,
    *,
    by: tuple[str, ...] = (),
    questions: tuple[str, ...] = SATISFACTION_QUESTIONS,
) -> pd.DataFrame:
    """Counts of each answer value per group: columns ``*by, question, value, count``."""
    group_columns = _group_columns(by)
    query: Select = (
        select(
            *group_columns,
            Answer.question_key.label("question"),
            Answer.value.label("value"),
            func.count().label("count"),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.question_key.in_(questions), *_response_conditions(filters))
        .group_by(*group_columns, Answer.question_key, Answer.value)
    )
    rows = db.session.execute(query).all()
    frame = pd.DataFrame(rows, columns=[*by, "question", "value", "count"])
    frame["count"] = frame["count"].astype("int64")
    if frame.empty:
        frame = frame.astype(dict.fromkeys(by, object))
    return _name_groups(frame, by)


def response_count(filters: ResultsFilter) -> int:
    query = select(func.count(Response.id)).where(and_(True, *_response_conditions(filters)))
    return db.session.scalar(query) or 0


def comment_rows(filters: ResultsFilter, *, limit: int, offset: int = 0) -> pd.DataFrame:
    """Free-text comments, newest first, unredacted: the page must redact before showing.

    Only the month is returned, not the day, so a comment cannot be matched to a visit.
    """
    query = (
        select(
            _month_of(Response.submitted_on).label("month"),
            Channel.name.label("channel"),
            Service.name.label("service"),
            Answer.value.label("text"),
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Channel, Channel.id == Response.channel_id)
        .outerjoin(Service, Service.id == Response.service_id)
        .where(Answer.question_key == COMMENT_QUESTION, *_response_conditions(filters))
        .order_by(Response.submitted_on.desc(), Answer.id.desc())
        .limit(limit)
        .offset(offset)
    )
    frame = pd.DataFrame(
        db.session.execute(query).all(), columns=["month", "channel", "service", "text"]
    )
    frame["service"] = frame["service"].fillna(NO_SERVICE)
    return frame


def comment_count(filters: ResultsFilter) -> int:
    query = (
        select(func.count(Answer.id))
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.question_key == COMMENT_QUESTION, *_response_conditions(filters))
    )
    return db.session.scalar(query) or 0


def iter_response_batches(filters: ResultsFilter, batch_size: int = 5000) -> Iterator[list[dict]]:
    """Every response with its answers, a batch at a time, for the full export."""
    last_id = 0
    conditions = _response_conditions(filters)
    channels = dict(db.session.execute(select(Channel.id, Channel.slug)).all())
    services = dict(db.session.execute(select(Service.id, Service.slug)).all())
    versions = {
        row.id: (row.slug, row.version)
        for row in db.session.execute(
            select(SurveyVersion.id, Survey.slug, SurveyVersion.version).join(
                Survey, Survey.id == SurveyVersion.survey_id
            )
        )
    }
    while True:
        responses = db.session.execute(
            select(Response)
            .where(Response.id > last_id, *conditions)
            .order_by(Response.id)
            .limit(batch_size)
        ).scalars()
        batch = [
            {
                "id": r.id,
                "submission_key": r.submission_key,
                "survey": versions[r.survey_version_id][0],
                "survey_version": versions[r.survey_version_id][1],
                "channel": channels[r.channel_id],
                "service": services.get(r.service_id, ""),
                "completion_mode": r.completion_mode,
                "language": r.language,
                "submitted_on": r.submitted_on,
                "answers": {},
            }
            for r in responses
        ]
        if not batch:
            return
        by_id = {row["id"]: row for row in batch}
        answers = db.session.execute(
            select(Answer.response_id, Answer.question_key, Answer.value)
            .where(Answer.response_id.in_(by_id))
            .order_by(Answer.id)
        )
        for response_id, key, value in answers:
            by_id[response_id]["answers"].setdefault(key, []).append(value)
        db.session.expunge_all()
        yield batch
        last_id = batch[-1]["id"]


# Equality answers and mystery-shop records are stored by other parts of the app. Until
# their tables exist, these functions return what is true of the data so far: nobody has
# answered an equality question, and no shop has been recorded. The columns are the ones
# the results pages rely on.

EQUALITY_COUNT_COLUMNS = ("question", "value", "count")
SHOP_COLUMNS = ("shop_id", "channel", "service", "shopped_on", "score")
SHOP_CRITERION_COLUMNS = (
    "shop_id",
    "channel",
    "shopped_on",
    "criterion",
    "criterion_name",
    "outcome",
)


def equality_answer_counts(filters: ResultsFilter, characteristic: str) -> pd.DataFrame:
    """Counts of each satisfaction answer per group of one equality characteristic.

    Columns: ``<characteristic>`` (the label people read, "Not answered" for responses
    without an equality answer), ``question``, ``value``, ``count``.
    """
    counts = answer_counts(filters)
    counts.insert(0, characteristic, NOT_ANSWERED)
    return counts


def shop_records(filters: ResultsFilter) -> pd.DataFrame:
    """One row per mystery shop: ``shop_id``, ``channel`` (name), ``service`` (name),
    ``shopped_on`` (date) and ``score`` (0 to 1, points earned over points possible)."""
    return pd.DataFrame(columns=list(SHOP_COLUMNS))


def shop_criterion_outcomes(filters: ResultsFilter) -> pd.DataFrame:
    """One row per shop and criterion: ``outcome`` is "met", "not_met" or "na"."""
    return pd.DataFrame(columns=list(SHOP_CRITERION_COLUMNS))
