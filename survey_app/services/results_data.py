"""The one place where stored responses become DataFrames for the results pages.

Each evidence source has its own function, so a new source plugs in without touching the
others. Counts come from the results tallies (``models.results_tally``), which triggers
keep exact on every write: a page over a million responses adds up a few thousand
pre-counted rows, never the answers themselves, and returns one row per group and answer
value with a ``count``. The ``analysis`` package accepts these count-weighted frames.

Date filters work in whole months: a start date means the first of its month and an end
date the last of its month, as the tallies hold months only (quarters and financial years
are whole months too). The counts come back exact, with the sum of their records' keys
(``key_sum``): the pages perturb every published count by the cell key method
(``analysis.cell_key``), which is what stops one view being subtracted from another.
"""

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Select, and_, false, func, select

from analysis.equality_categories import NOT_ANSWERED, derive_disability, in_report_order
from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.languages import LANGUAGES
from survey_app.models import (
    COMPLETION_MODES,
    Answer,
    AnswerTally,
    Channel,
    EqualityResponse,
    EqualityTally,
    Response,
    ResponseTally,
    Service,
    ShopAssignment,
    ShopRecord,
    ShopScenario,
    Survey,
    SurveyVersion,
)
from survey_app.models.results_tally import NO_SERVICE_ID, CountedQuestion
from survey_app.services.definitions import iter_questions, question_options
from survey_app.services.surveys import version_definition

MODE_LABELS = {"online": "Online", "assisted": "Assisted", "paper": "Paper"}
NO_SERVICE = "Service not given"
SATISFACTION_QUESTIONS = ("overall_satisfaction", "council_satisfaction")
COMMENT_QUESTION = "comments"
GROUPINGS = ("channel", "service", "month", "mode", "survey", "language")


@dataclass(frozen=True)
class ResultsFilter:
    """What a results view is limited to; ``None`` means no limit. Slugs, not ids."""

    start: date | None = None
    end: date | None = None
    #: The preset the dates came from (``analysis.periods``), for headings and file names.
    period: str | None = None
    channel: str | None = None
    service: str | None = None
    survey: str | None = None
    mode: str | None = None
    #: A language code (``survey_app.languages``): the language the resident answered in.
    language: str | None = None

    def __post_init__(self):
        # Whole months only: the first of the start's month to the last of the end's month.
        if self.start is not None:
            object.__setattr__(self, "start", self.start.replace(day=1))
        if self.end is not None:
            last_day = calendar.monthrange(self.end.year, self.end.month)[1]
            object.__setattr__(self, "end", self.end.replace(day=last_day))

    @classmethod
    def from_choices(cls, chosen: dict[str, Any]) -> "ResultsFilter":
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in chosen.items() if key in known})

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def describe(self) -> str:
        """The limits as ``name=value`` pairs (dates as ISO), for the audit trail."""
        chosen = {f.name: getattr(self, f.name) for f in fields(self)}
        return (
            "; ".join(
                f"{name}={value.isoformat() if isinstance(value, date) else value}"
                for name, value in chosen.items()
                if value is not None
            )
            or "no filters"
        )


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
        "languages": _answered_languages(),
    }


def language_name(code: str) -> str:
    """A language named in English with its own name, e.g. "Arabic (العربية)"."""
    language = LANGUAGES.get(code)
    if language is None:
        return code
    if language.name == language.english_name:
        return language.english_name
    return f"{language.english_name} ({language.name})"


def language_names() -> dict[str, str]:
    """Language code to name, for every language the app offers, in its order."""
    return {code: language_name(code) for code in LANGUAGES}


def _answered_languages() -> list[tuple[str, str]]:
    """``(code, name)`` of the languages that have responses, in the app's order."""
    codes = set(
        db.session.scalars(
            select(ResponseTally.language)
            .group_by(ResponseTally.language)
            .having(func.sum(ResponseTally.count) > 0)
        )
    )
    order = list(LANGUAGES)
    ordered = sorted(
        codes, key=lambda code: (order.index(code) if code in order else len(order), code)
    )
    return [(code, language_name(code)) for code in ordered]


def month_span() -> tuple[date, date] | None:
    """The first and last month with responses, for the period presets."""
    first, last = db.session.execute(
        select(func.min(ResponseTally.month), func.max(ResponseTally.month)).where(
            ResponseTally.count > 0
        )
    ).one()
    if first is None:
        return None
    as_date = [
        value if isinstance(value, date) else date.fromisoformat(str(value))
        for value in (first, last)
    ]
    return as_date[0], as_date[1]


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
    return _filter_conditions(filters, Response, Response.submitted_on)


def _tally_conditions(tally, filters: ResultsFilter) -> list:
    """WHERE conditions on a tally table for a filter (whole months, ids for slugs)."""
    return _filter_conditions(filters, tally, tally.month)


def _filter_conditions(filters: ResultsFilter, table, date_column) -> list:
    """``table`` has the columns ``completion_mode``, ``language``, ``channel_id``,
    ``service_id`` and ``survey_version_id`` (``response`` and every tally do); dates are
    ``date_column``."""
    conditions = []
    if filters.start is not None:
        conditions.append(date_column >= filters.start)
    if filters.end is not None:
        conditions.append(date_column <= filters.end)
    if filters.mode is not None:
        conditions.append(table.completion_mode == filters.mode)
    if filters.language is not None:
        conditions.append(table.language == filters.language)
    if filters.channel is not None:
        channel_id = db.session.scalar(select(Channel.id).where(Channel.slug == filters.channel))
        conditions.append(table.channel_id == channel_id if channel_id else false())
    if filters.service is not None:
        service_id = db.session.scalar(select(Service.id).where(Service.slug == filters.service))
        conditions.append(table.service_id == service_id if service_id else false())
    if filters.survey is not None:
        version_ids = list(
            db.session.scalars(
                select(SurveyVersion.id).join(Survey).where(Survey.slug == filters.survey)
            )
        )
        conditions.append(table.survey_version_id.in_(version_ids) if version_ids else false())
    return conditions


def _group_columns(tally, by: tuple[str, ...]) -> list:
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"Cannot group results by {', '.join(sorted(unknown))}")
    columns = {
        "channel": tally.channel_id.label("channel"),
        "service": tally.service_id.label("service"),
        "month": tally.month.label("month"),
        "mode": tally.completion_mode.label("mode"),
        "survey": tally.survey_version_id.label("survey"),
        "language": tally.language.label("language"),
    }
    return [columns[name] for name in by]


def counted_questions() -> set[str]:
    """The keys of every question whose answers the tallies count (any survey version)."""
    return set(db.session.scalars(select(CountedQuestion.question_key).distinct()))


def single_choice_questions() -> list[tuple[str, str]]:
    """``(question_key, text)`` of every counted question that has answers, the text in
    English as the survey asks it: the satisfaction questions first, then in survey order
    (surveys in the order they were created, each as its newest version asks; keys only
    older versions asked come after the newest version's)."""
    answered = set(
        db.session.scalars(
            select(AnswerTally.question_key)
            .group_by(AnswerTally.question_key)
            .having(func.sum(AnswerTally.count) > 0)
        )
    )
    counted = counted_questions()
    texts = {
        key: question["text"]
        for key, question in _newest_questions().items()
        if key in answered and key in counted
    }
    first = [key for key in SATISFACTION_QUESTIONS if key in texts]
    rest = [key for key in texts if key not in first]
    return [(key, texts[key]) for key in [*first, *rest]]


def _newest_questions() -> dict[str, dict]:
    """Every question any survey version asks, by key, as the newest version asking it
    words it: surveys in the order they were created, each newest version first."""
    questions: dict[str, dict] = {}
    versions = db.session.execute(
        select(SurveyVersion.id, SurveyVersion.published_at).order_by(
            SurveyVersion.survey_id, SurveyVersion.version.desc()
        )
    ).all()
    for version_id, published_at in versions:
        for question in iter_questions(version_definition(version_id, published_at)):
            questions.setdefault(question["key"], question)
    return questions


def answer_options(question_key: str) -> list[tuple[str, str]]:
    """A counted question's answers as ``(code, English label)`` pairs, in the order the
    survey offers them; ``ValueError`` for a question no survey asks."""
    question = _newest_questions().get(question_key)
    if question is None:
        raise ValueError(f"No survey asks a question {question_key!r}")
    services = [{"slug": slug, "name": name} for slug, name in service_names().items()]
    return [(o["value"], o["label"]) for o in question_options(question, services)]


def _counted(questions: tuple[str, ...]) -> None:
    uncounted = set(questions) - counted_questions()
    if uncounted:
        raise ValueError(f"Answers to {', '.join(sorted(uncounted))} are not counted")


def _name_groups(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """Replace the ids the database grouped on with the names people read."""
    if "month" in by:
        frame["month"] = frame["month"].astype(str).str[:7]
    if "channel" in by:
        names = dict(db.session.execute(select(Channel.id, Channel.name)).all())
        frame["channel"] = frame["channel"].map(names)
    if "service" in by:
        names = dict(db.session.execute(select(Service.id, Service.name)).all())
        names[NO_SERVICE_ID] = NO_SERVICE
        frame["service"] = frame["service"].map(names).fillna(NO_SERVICE)
    if "mode" in by:
        frame["mode"] = frame["mode"].map(MODE_LABELS).fillna(frame["mode"])
    if "language" in by:
        frame["language"] = frame["language"].map(language_name)
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
    frame = frame.groupby([*by, "question", "value"], as_index=False, dropna=False)[
        ["count", "key_sum"]
    ].sum()
    # Every channel and service gets a row, in the council's order, even with no answers:
    # "nobody answered about webchat" is a finding too.
    if "channel" in by:
        frame["channel"] = pd.Categorical(
            frame["channel"], categories=list(channel_names().values())
        )
    if "service" in by:
        names = [*service_names().values(), NO_SERVICE]
        frame["service"] = pd.Categorical(frame["service"], categories=names)
    if "language" in by:
        # English first, then the other languages in the order the survey offers them.
        names = [name for _, name in _answered_languages()]
        frame["language"] = pd.Categorical(frame["language"], categories=names)
    return frame


def answer_counts(
    filters: ResultsFilter,
    *,
    by: tuple[str, ...] = (),
    questions: tuple[str, ...] = SATISFACTION_QUESTIONS,
) -> pd.DataFrame:
    """Counts of each answer value per group: columns ``*by, question, value, count,
    key_sum`` (the sum of the counted responses' record keys, for ``analysis.cell_key``:
    these counts are exact, and a page perturbs them before publishing)."""
    _counted(questions)
    group_columns = _group_columns(AnswerTally, by)
    query: Select = (
        select(
            *group_columns,
            AnswerTally.question_key.label("question"),
            AnswerTally.value.label("value"),
            func.sum(AnswerTally.count).label("count"),
            func.sum(AnswerTally.key_sum).label("key_sum"),
        )
        .where(AnswerTally.question_key.in_(questions), *_tally_conditions(AnswerTally, filters))
        .group_by(*group_columns, AnswerTally.question_key, AnswerTally.value)
        .having(func.sum(AnswerTally.count) != 0)
    )
    rows = db.session.execute(query).all()
    frame = pd.DataFrame(rows, columns=[*by, "question", "value", "count", "key_sum"])
    frame = frame.astype({"count": "int64", "key_sum": "int64"})
    if frame.empty:
        frame = frame.astype(dict.fromkeys(by, object))
    return _name_groups(frame, by)


def response_count(filters: ResultsFilter) -> int:
    return response_cell(filters)[0]


def response_cell(filters: ResultsFilter) -> tuple[int, int]:
    """The number of responses and the sum of their record keys (``analysis.cell_key``)."""
    query = select(func.sum(ResponseTally.count), func.sum(ResponseTally.key_sum)).where(
        and_(True, *_tally_conditions(ResponseTally, filters))
    )
    count, key_sum = db.session.execute(query).one()
    return int(count or 0), int(key_sum or 0)


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
    """Every response with its answers, a batch at a time, for the full export.

    Never its equality answers, nor the key that finds them: nothing that lists individual
    responses may put a person's equality answers beside their survey answers.
    """
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


EQUALITY_COUNT_COLUMNS = ("question", "value", "count", "key_sum")
#: Results page characteristic -> the equality_response column holding its codes.
CHARACTERISTIC_COLUMNS = {report: column for column, report in eq.REPORT_COLUMNS.items()}
SHOP_COLUMNS = ("shop_id", "channel", "service", "shopped_on", "score")
SHOP_CRITERION_COLUMNS = (
    "shop_id",
    "channel",
    "shopped_on",
    "criterion",
    "criterion_name",
    "outcome",
)


def _equality_labels(characteristic: str, codes: pd.Series) -> pd.Series:
    """Stored codes to the labels the analysis reports; skipped or not asked is missing."""
    if characteristic == "disability":
        pairs = codes.str.split("|", n=1, expand=True).reindex(columns=[0, 1])
        return derive_disability(pairs[0].to_numpy(), pairs[1].to_numpy())
    labels = eq.option_labels(CHARACTERISTIC_COLUMNS[characteristic])
    return codes.map(labels).astype(object)


def equality_tally_query(
    filters: ResultsFilter,
    characteristic: str,
    by: tuple[str, ...] = (),
    questions: tuple[str, ...] = SATISFACTION_QUESTIONS,
) -> Select:
    """One characteristic's satisfaction counts by stored code (and ``by``), read from the
    covering index of migrations 0009 and 0011 alone."""
    group_columns = _group_columns(EqualityTally, by)
    return (
        select(
            *group_columns,
            EqualityTally.code,
            EqualityTally.question_key,
            EqualityTally.value,
            func.sum(EqualityTally.count),
            func.sum(EqualityTally.key_sum),
        )
        .where(
            EqualityTally.characteristic == characteristic,
            EqualityTally.question_key.in_(questions),
            *_tally_conditions(EqualityTally, filters),
        )
        .group_by(
            *group_columns, EqualityTally.code, EqualityTally.question_key, EqualityTally.value
        )
    )


def equality_answer_counts(
    filters: ResultsFilter,
    characteristic: str,
    *,
    by: tuple[str, ...] = (),
    questions: tuple[str, ...] = SATISFACTION_QUESTIONS,
) -> pd.DataFrame:
    """Counts of each satisfaction answer per group of one equality characteristic.

    Columns: ``*by``, ``<characteristic>`` (the label people read; "Prefer not to say" as
    its own group, and "Not answered" for responses without equality answers or that
    skipped or were not asked the question), ``question``, ``value``, ``count``, ``key_sum``.
    """
    if characteristic != "disability" and characteristic not in CHARACTERISTIC_COLUMNS:
        raise ValueError(f"{characteristic!r} is not an equality characteristic")
    _counted(questions)
    given = pd.DataFrame(
        db.session.execute(equality_tally_query(filters, characteristic, by, questions)).all(),
        columns=[*by, "code", "question", "value", "count", "key_sum"],
    )
    given[characteristic] = _equality_labels(characteristic, given["code"].astype(object))
    given[characteristic] = given[characteristic].fillna(NOT_ANSWERED)
    given = _name_groups(given.drop(columns="code"), (*by, characteristic))
    # Everyone else answered the survey but has no equality answers at all.
    keys = [*by, "question", "value"]
    everyone = answer_counts(filters, by=by, questions=questions)
    everyone = everyone.groupby(keys, observed=True)[["count", "key_sum"]].sum()
    with_answers = given.groupby(keys, observed=True)[["count", "key_sum"]].sum()
    remainder = everyone.sub(with_answers, fill_value=0).reset_index()
    remainder.insert(len(by), characteristic, NOT_ANSWERED)
    columns = [*by, characteristic, *EQUALITY_COUNT_COLUMNS]
    counts = pd.concat([given[columns], remainder[columns]], ignore_index=True)
    counts = counts.astype({"count": "int64", "key_sum": "int64"})
    counts = counts.groupby(
        [*by, characteristic, "question", "value"], as_index=False, observed=True
    )[["count", "key_sum"]].sum()
    return counts[counts["count"] != 0].reset_index(drop=True)


def _stored_code(characteristic: str):
    """The stored code of one characteristic as SQL, as the equality tally holds it
    (migration 0011): ``""`` when not asked, and for disability both answers joined as
    ``condition|reduces_activities`` for ``_equality_labels`` to derive the status."""
    if characteristic == "disability":
        return (
            func.coalesce(EqualityResponse.disability_condition, "")
            + "|"
            + func.coalesce(EqualityResponse.disability_reduces_activities, "")
        )
    return func.coalesce(getattr(EqualityResponse, CHARACTERISTIC_COLUMNS[characteristic]), "")


def equality_pair_answer_counts(
    filters: ResultsFilter,
    characteristics: tuple[str, str],
    *,
    questions: tuple[str, ...] = SATISFACTION_QUESTIONS,
) -> pd.DataFrame:
    """Counts of each satisfaction answer per pair of groups of two equality characteristics
    (disability by age band, say), in ``equality_answer_counts``'s shape: columns
    ``<first>``, ``<second>``, ``question``, ``value``, ``count``, ``key_sum``.

    The tallies count one characteristic at a time, so this one view reads the raw rows: a
    single query joins each counted answer to its response and, through the response's
    equality key (an outer join: a response without equality answers is "Not answered" on
    both), to its equality answers, and groups by the two stored codes. Each group holds
    exactly the responses it holds on a one-characteristic page, with the same key sum, so
    a margin (all the "Disabled", whatever their age) is the same cell, and publishes the
    same perturbed count, as that group everywhere else. The counts come back exact, like
    every other function here, and the page publishes them only through the cell key
    method and the threshold. Reading a million responses takes seconds, not the tallies'
    milliseconds (``bench/RESULTS.md``).
    """
    first, second = characteristics
    for characteristic in characteristics:
        if not is_characteristic(characteristic):
            raise ValueError(f"{characteristic!r} is not an equality characteristic")
    if first == second:
        raise ValueError("Cross two different equality characteristics")
    _counted(questions)
    codes = [_stored_code(first).label("first"), _stored_code(second).label("second")]
    query = (
        select(
            *codes,
            Answer.question_key,
            Answer.value,
            func.count(),
            func.sum(Response.record_key),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(EqualityResponse, EqualityResponse.key == Response.equality_key)
        .where(Answer.question_key.in_(questions), *_response_conditions(filters))
        .group_by(*codes, Answer.question_key, Answer.value)
    )
    frame = pd.DataFrame(
        db.session.execute(query).all(),
        columns=["first", "second", "question", "value", "count", "key_sum"],
    )
    for name, column in ((first, "first"), (second, "second")):
        frame[name] = _equality_labels(name, frame[column].astype(object)).fillna(NOT_ANSWERED)
    columns = [first, second, *EQUALITY_COUNT_COLUMNS]
    counts = frame[columns].astype({"count": "int64", "key_sum": "int64"})
    # Codes that read as one label ("skipped" and not asked are both "Not answered").
    counts = counts.groupby([first, second, "question", "value"], as_index=False)[
        ["count", "key_sum"]
    ].sum()
    counts = counts[counts["count"] != 0].reset_index(drop=True)
    # The substantive groups first, "Prefer not to say" and "Not answered" last.
    for characteristic in characteristics:
        counts[characteristic] = in_report_order(counts[characteristic], characteristic)
    return counts


PERIOD_DIMENSIONS = ("month", "quarter", "financial_year")


def is_characteristic(dimension: str) -> bool:
    return dimension == "disability" or dimension in CHARACTERISTIC_COLUMNS


def crosstab_counts(
    filters: ResultsFilter, dimensions: tuple[str, str], question: str
) -> pd.DataFrame:
    """Exact counts and key sums of each answer to ``question`` by two dimensions.

    A period dimension (month, quarter, financial year) comes back as ``month``
    (``YYYY-MM``) for ``analysis.crosstab.add_period``. Two equality characteristics are
    read from the raw rows (``equality_pair_answer_counts``), as the tallies count one
    characteristic at a time.
    """
    characteristics = [d for d in dimensions if is_characteristic(d)]
    if len(characteristics) > 1:
        return equality_pair_answer_counts(filters, dimensions, questions=(question,))
    by = tuple(
        dict.fromkeys(
            "month" if dimension in PERIOD_DIMENSIONS else dimension
            for dimension in dimensions
            if not is_characteristic(dimension)
        )
    )
    if characteristics:
        return equality_answer_counts(filters, characteristics[0], by=by, questions=(question,))
    return answer_counts(filters, by=by, questions=(question,))


#: Only shops a reviewer has accepted count in the results; submitted ones are counted
#: apart as "awaiting review".
COUNTED_SHOP_STATUSES = ("accepted",)
AWAITING_REVIEW = ("submitted",)


def _done_shops(filters: ResultsFilter, statuses=COUNTED_SHOP_STATUSES) -> list[dict]:
    """Shops in ``statuses`` (accepted ones by default; drafts and returned records are
    never results), limited by the filters that apply to shops: dates (of the contact),
    channel, service."""
    query = (
        select(
            ShopRecord.id,
            Channel.name.label("channel"),
            Service.name.label("service"),
            ShopRecord.contact_at,
            ShopRecord.submitted_at,
            ShopRecord.score_percent,
            ShopRecord.scored_criteria,
        )
        .join(Channel, Channel.id == ShopRecord.channel_id)
        .join(ShopAssignment, ShopAssignment.id == ShopRecord.assignment_id)
        .join(ShopScenario, ShopScenario.id == ShopAssignment.scenario_id)
        .join(Service, Service.id == ShopScenario.service_id)
        .where(ShopRecord.status.in_(statuses))
        .order_by(ShopRecord.id)
    )
    if filters.channel is not None:
        query = query.where(Channel.slug == filters.channel)
    if filters.service is not None:
        query = query.where(Service.slug == filters.service)
    shops = []
    for row in db.session.execute(query):
        shopped_on = (row.contact_at or row.submitted_at).date()
        if filters.start is not None and shopped_on < filters.start:
            continue
        if filters.end is not None and shopped_on > filters.end:
            continue
        shops.append({**row._asdict(), "shopped_on": shopped_on})
    return shops


def shops_awaiting_review(filters: ResultsFilter) -> int:
    """Submitted shops a reviewer has not yet accepted, under the same filters."""
    return len(_done_shops(filters, AWAITING_REVIEW))


def shop_records(filters: ResultsFilter) -> pd.DataFrame:
    """One row per mystery shop: ``shop_id``, ``channel`` (name), ``service`` (name),
    ``shopped_on`` (date) and ``score`` (0 to 1, points earned over points possible;
    missing when no criterion applied)."""
    rows = [
        (
            shop["id"],
            shop["channel"],
            shop["service"],
            shop["shopped_on"],
            None if shop["score_percent"] is None else shop["score_percent"] / 100,
        )
        for shop in _done_shops(filters)
    ]
    frame = pd.DataFrame(rows, columns=list(SHOP_COLUMNS))
    frame["score"] = frame["score"].astype(float)
    return frame


def shop_criterion_outcomes(filters: ResultsFilter) -> pd.DataFrame:
    """One row per shop and criterion as scored at submission: ``outcome`` is "met",
    "not_met" or "na"."""
    rows = [
        (
            shop["id"],
            shop["channel"],
            shop["shopped_on"],
            result["key"],
            result["text"],
            result["outcome"],
        )
        for shop in _done_shops(filters)
        for result in shop["scored_criteria"] or []
    ]
    return pd.DataFrame(rows, columns=list(SHOP_CRITERION_COLUMNS))
