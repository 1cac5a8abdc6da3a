"""The full response export, and importing exactly that format back.

One row per response. The first columns describe the response; then one ``answer_<key>``
column per question of the council's surveys (several choices joined by ``;``). Column names
come from question keys, which never change once published, so a file exported today imports
into another installation tomorrow. Free text (comments) is redacted on the way out.

Equality answers are never exported: the privacy notice promises residents that they are
kept apart from their survey answers and only ever shown as totals, and a row holding both
(or a key joining them) would break that. An import still accepts one
``equality_<column>`` column per equality answer (the option code, ``skipped``, or empty
when not asked) and write-in, for paper returns, and stores them apart under a new random
key, as the online survey does.

An import checks every row against the survey version it names and imports nothing if
any row is wrong, reporting each bad row by its line number in the file. Only the columns a
person needs are required (``REQUIRED_COLUMNS``); a row whose ``survey`` cell starts with
``#`` is guidance (the template's second row) and is skipped.

An import remembers the file's hash and a fingerprint of each row (``ResponseImport``,
``ImportedRow``): the same file, or rows already imported from another file, are refused
with the rows named, unless the person importing says they are new responses.
"""

import csv
import hashlib
import io
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from analysis.redaction import redact
from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import (
    COMPLETION_MODES,
    Answer,
    Channel,
    EqualityResponse,
    ImportedRow,
    Response,
    ResponseImport,
    Service,
    Survey,
    User,
)
from survey_app.services.contact_dates import earliest_for_survey
from survey_app.services.definitions import SATISFACTION_OPTIONS, YES_NO_OPTIONS, iter_questions
from survey_app.services.results_data import ResultsFilter, iter_response_batches
from survey_app.services.transactions import transaction

RESPONSE_COLUMNS = (
    "submission_key",
    "survey",
    "survey_version",
    "channel",
    "service",
    "completion_mode",
    "language",
    "submitted_on",
)
ANSWER_PREFIX = "answer_"
EQUALITY_PREFIX = "equality_"
EQUALITY_COLUMNS = tuple(
    EQUALITY_PREFIX + column for column in (*eq.ANSWER_COLUMNS, *eq.WRITE_IN_COLUMNS)
)
# The rest may be left out: a paper return has no key, the current version is meant, and
# English is the default language.
REQUIRED_COLUMNS = ("survey", "channel", "completion_mode", "submitted_on")
GUIDANCE_MARK = "#"
CHOICE_SEPARATOR = ";"
# A year of a busy council's returns is a few thousand rows; the 4 MiB upload limit allows
# about this many short ones. More is refused as soon as the reader gets there.
MAX_IMPORT_ROWS = 50_000
SUBMISSION_KEY_MAX_LENGTH = Response.submission_key.type.length
# NUL (which PostgreSQL refuses) and the other control characters but tab and newlines.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_STARTS = ("=", "+", "-", "@")


class ImportRejected(Exception):
    """The file was not imported; ``problems`` lists each bad row and why."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class RepeatedRow:
    line: int  # in the file being imported
    earlier_line: int  # in the file it was first imported from
    earlier: "ResponseImport"


class ImportRepeated(ImportRejected):
    """The file, or some of its rows, were imported before; nothing was imported this time.
    ``same_file`` is the earlier import of this very file, if there was one."""

    def __init__(self, same_file: "ResponseImport | None", rows: list[RepeatedRow]):
        self.same_file = same_file
        self.rows = rows
        problems = [
            f"Row {row.line}: already imported, as row {row.earlier_line} of the file imported "
            f"on {row.earlier.imported_at:%Y-%m-%d %H:%M} UTC"
            for row in rows
        ]
        super().__init__(problems)


@dataclass
class _Row:
    response: dict
    answers: list[tuple[str, str]]
    equality: dict[str, str | None]
    survey_id: int | None = None
    line: int = 0
    fingerprint: str = ""


def _fingerprint(response: dict, survey: str, version: int, answers) -> str:
    """What makes two rows the same return: everything but the submission key and the
    equality answers (which are never kept beside the rest, even as a hash)."""
    content = [
        survey,
        version,
        response["channel_id"],
        response["service_id"],
        response["completion_mode"],
        response["language"],
        response["submitted_on"].isoformat(),
        sorted(answers),
    ]
    return hashlib.sha256(json.dumps(content, separators=(",", ":")).encode()).hexdigest()


def file_hash(text: str) -> str:
    """The file's SHA-256, with its line endings and a byte order mark made the same."""
    normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.strip().encode("utf-8")).hexdigest()


def answer_columns() -> list[str]:
    """Every question key in every published version, in the order surveys ask them."""
    keys: list[str] = []
    for survey in db.session.scalars(select(Survey).order_by(Survey.id)):
        for version in survey.versions:
            for question in iter_questions(version.definition):
                if question["key"] not in keys:
                    keys.append(question["key"])
    return [ANSWER_PREFIX + key for key in keys]


def _text_keys() -> set[str]:
    keys = set()
    for survey in db.session.scalars(select(Survey)):
        for version in survey.versions:
            keys |= {q["key"] for q in iter_questions(version.definition) if q["type"] == "text"}
    return keys


def export_rows(filters: ResultsFilter | None = None, counter: list | None = None) -> Iterator[str]:
    """The export as CSV text, a batch of responses at a time (``counter[0]`` counts them)."""
    columns = [*RESPONSE_COLUMNS, *answer_columns()]
    text_keys = _text_keys()
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns).writeheader()
    yield buffer.getvalue()
    for batch in iter_response_batches(filters or ResultsFilter()):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        for response in batch:
            row = {column: response[column] for column in RESPONSE_COLUMNS}
            row["submitted_on"] = response["submitted_on"].isoformat()
            for key, values in response["answers"].items():
                if key in text_keys:
                    values = [redact(value) for value in values]
                row[ANSWER_PREFIX + key] = CHOICE_SEPARATOR.join(values)
            writer.writerow(_neutralise(row))
        if counter is not None:
            counter[0] += len(batch)
        yield buffer.getvalue()


def _neutralise(row: dict) -> dict:
    """A spreadsheet would run text starting with = + - @ as a formula."""
    return {
        key: ("'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value)
        for key, value in row.items()
    }


def export_responses(stream) -> int:
    """Write every response to a text stream; return how many."""
    written = [0]
    for chunk in export_rows(counter=written):
        stream.write(chunk)
    return written[0]


def _options_by_question(definition: dict, service_slugs: set[str]) -> dict[str, dict]:
    questions = {}
    for question in iter_questions(definition):
        kind = question["type"]
        allowed = None
        if question.get("options_from") == "services":
            allowed = service_slugs
        elif kind == "satisfaction":
            allowed = {o["value"] for o in SATISFACTION_OPTIONS}
        elif kind == "yes_no":
            allowed = {o["value"] for o in YES_NO_OPTIONS}
        elif "options" in question:
            allowed = {o["value"] for o in question["options"]}
        questions[question["key"]] = {**question, "allowed": allowed}
    return questions


def _answer_problem(
    question: dict, raw: str, earliest: date | None = None, today: date | None = None
) -> tuple[list[str], str | None]:
    """The stored values for one cell, or a reason it cannot be stored. A date in the past
    (a contact's date) must fall between ``earliest`` and ``today``."""
    kind = question["type"]
    if kind == "multiple_choice":
        values = [value.strip() for value in raw.split(CHOICE_SEPARATOR) if value.strip()]
    else:
        values = [raw.strip()]
    if question["allowed"] is not None:
        wrong = [value for value in values if value not in question["allowed"]]
        if wrong:
            return [], f"{', '.join(repr(w) for w in wrong)} is not an option"
        if kind != "multiple_choice" and len(values) != 1:
            return [], "only one option can be chosen"
        return values, None
    value = values[0]
    if kind == "number":
        if not value.lstrip("-").isdigit():
            return [], f"{value!r} is not a whole number"
        number = int(value)
        low, high = question.get("min"), question.get("max")
        if (low is not None and number < low) or (high is not None and number > high):
            return [], f"{number} is not between {low} and {high}"
        return [str(number)], None
    if kind == "date":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return [], f"{value!r} is not a date like 2026-03-27"
        if question.get("past_only") and today and day > today:
            return [], f"{value} is in the future"
        if question.get("past_only") and earliest and day < earliest:
            return [], f"{value} is before {earliest.isoformat()}, the earliest date accepted"
        return [day.isoformat()], None
    if kind == "text":
        limit = question.get("max_length", 1200)
        if len(raw) > limit:
            return [], f"is longer than {limit} characters"
        if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in raw):
            return [], "holds control characters"
        return [raw], None
    return [value], None


def _equality_answers(record: dict, problem) -> dict[str, str | None]:
    """The row's equality answers by column (empty if none), reporting any that are wrong."""
    given = {
        column: (record.get(EQUALITY_PREFIX + column) or "").strip()
        for column in (*eq.ANSWER_COLUMNS, *eq.WRITE_IN_COLUMNS)
    }
    for column in eq.ANSWER_COLUMNS:
        code = given[column]
        if not code:
            continue
        allowed = {*eq.option_labels(column), eq.SKIPPED}
        if column == "ethnicity":
            group = eq.ETHNIC_GROUPS.get(given["ethnic_group"])
            allowed = {eq.SKIPPED, eq.PREFER_NOT_TO_SAY}
            if group is not None:
                allowed |= {code for code, _ in group["categories"]}
        if code not in allowed:
            problem(f"{EQUALITY_PREFIX}{column}: {code!r} is not an option")
    for page in eq.PAGES:
        if page.write_in is None or not given[page.write_in.column]:
            continue
        column = EQUALITY_PREFIX + page.write_in.column
        if given[page.column] != page.write_in.when:
            problem(f"{column}: only for {EQUALITY_PREFIX}{page.column} {page.write_in.when}")
        elif len(given[page.write_in.column]) > eq.WRITE_IN_MAX_LENGTH:
            problem(f"{column}: is longer than {eq.WRITE_IN_MAX_LENGTH} characters")
    if not any(given.values()):
        return {}
    return {column: value or None for column, value in given.items()}


def read_import(stream: Iterable[str]) -> list[_Row]:
    """Check every row; raise ImportRejected listing every problem, or return the rows."""
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRejected([f"The file has no {', '.join(missing)} column"])
    known_answers = set(answer_columns())
    known_not_answers = {*RESPONSE_COLUMNS, *EQUALITY_COLUMNS}
    known = {*RESPONSE_COLUMNS, *known_answers, *EQUALITY_COLUMNS}
    unknown = [c for c in header if c not in known]
    if unknown:
        raise ImportRejected([f"The file has columns no survey asks: {', '.join(unknown)}"])
    channels = dict(db.session.execute(select(Channel.slug, Channel.id)).all())
    services = dict(db.session.execute(select(Service.slug, Service.id)).all())
    surveys = {survey.slug: survey for survey in db.session.scalars(select(Survey))}
    existing_keys = set(db.session.scalars(select(Response.submission_key)))
    seen_keys: dict[str, int] = {}
    rows = []
    today = date.today()
    earliest_by_survey: dict[int, date | None] = {}
    for line, record in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            raise ImportRejected(
                [f"The file has more than {MAX_IMPORT_ROWS:,} rows: split it into smaller files"]
            )
        if (record.get("survey") or "").strip().startswith(GUIDANCE_MARK) or not any(
            (value or "").strip() for value in record.values() if isinstance(value, str)
        ):
            continue  # the template's guidance row, or a row a spreadsheet left empty
        row_problems = []

        def problem(message: str, row_problems=row_problems) -> None:
            row_problems.append(message)

        if None in record:
            problem("has more cells than the header")
        for column, value in record.items():
            # Answers are checked against their question below, which says the same.
            if isinstance(column, str) and column.startswith(ANSWER_PREFIX):
                continue
            if isinstance(value, str) and UNSTORABLE.search(value):
                problem(f"{column} contains a control character, which cannot be stored")
        key = (record.get("submission_key") or "").strip().lstrip("'")
        if len(key) > SUBMISSION_KEY_MAX_LENGTH:
            problem(f"submission_key is longer than {SUBMISSION_KEY_MAX_LENGTH} characters")
            key = ""
        if key and key in existing_keys:
            problem(f"submission_key {key!r} is already in the database")
        elif key and key in seen_keys:
            problem(f"submission_key {key!r} is also on row {seen_keys[key]}")
        if key:
            seen_keys[key] = line
        survey = surveys.get((record.get("survey") or "").strip())
        version = None
        if survey is None:
            problem(f"survey {record.get('survey')!r} does not exist")
        else:
            wanted = (record.get("survey_version") or "").strip()
            by_number = {str(v.version): v for v in survey.versions}
            version = by_number.get(wanted) if wanted else survey.current_version
            if version is None:
                problem(f"survey {survey.slug!r} has no version {wanted!r}")
        channel = (record.get("channel") or "").strip()
        if channel not in channels:
            problem(f"channel {channel!r} is not a channel")
        service = (record.get("service") or "").strip()
        if service and service not in services:
            problem(f"service {service!r} is not a service")
        mode = (record.get("completion_mode") or "").strip()
        if mode not in COMPLETION_MODES:
            problem(f"completion_mode must be one of {', '.join(COMPLETION_MODES)}")
        language = (record.get("language") or "en").strip()
        if not language or len(language) > 10:
            problem("language must be a language code like en")
        submitted = None
        try:
            submitted = date.fromisoformat((record.get("submitted_on") or "").strip())
            if submitted > today:
                problem("submitted_on is in the future")
        except ValueError:
            problem(f"submitted_on {record.get('submitted_on')!r} is not a date like 2026-03-27")
        answers = []
        if version is not None:
            questions = _options_by_question(version.definition, set(services))
            for column, raw in record.items():
                if column is None or column in known_not_answers or not raw:
                    continue
                question_key = column.removeprefix(ANSWER_PREFIX)
                question = questions.get(question_key)
                if question is None:
                    problem(f"{column}: version {version.version} of {survey.slug} does not ask it")
                    continue
                raw = raw[1:] if raw[:2] in ("'=", "'+", "'-", "'@") else raw
                if survey.id not in earliest_by_survey:
                    earliest_by_survey[survey.id] = earliest_for_survey(survey.id)
                values, reason = _answer_problem(
                    question, raw, earliest_by_survey[survey.id], today
                )
                if reason:
                    problem(f"{column}: {reason}")
                answers.extend((question_key, value) for value in values)
        equality = _equality_answers(record, problem)
        if row_problems:
            problems.extend(f"Row {line}: {message}" for message in row_problems)
            continue
        response = {
            "survey_version_id": version.id,
            "channel_id": channels[channel],
            "service_id": services.get(service),
            "completion_mode": mode,
            "language": language,
            "submitted_on": submitted,
            "submission_key": key or f"import-{secrets.token_urlsafe(24)}",
        }
        rows.append(
            _Row(
                response=response,
                answers=answers,
                equality=equality,
                survey_id=version.survey_id,
                line=line,
                fingerprint=_fingerprint(response, survey.slug, version.version, answers),
            )
        )
    if problems:
        raise ImportRejected(problems)
    return rows


def repeats(text: str, rows: list[_Row]) -> ImportRepeated | None:
    """The earlier import of this file and the rows imported before, if any."""
    same_file = db.session.scalar(
        select(ResponseImport)
        .where(ResponseImport.file_sha256 == file_hash(text))
        .order_by(ResponseImport.id)
        .limit(1)
    )
    by_fingerprint: dict[str, ImportedRow] = {}
    wanted = list({row.fingerprint for row in rows})
    for start in range(0, len(wanted), 500):  # bounded IN lists, for SQLite's limit
        for earlier in db.session.scalars(
            select(ImportedRow)
            .where(ImportedRow.fingerprint.in_(wanted[start : start + 500]))
            .order_by(ImportedRow.id)
        ):
            by_fingerprint.setdefault(earlier.fingerprint, earlier)
    repeated = [
        RepeatedRow(row.line, earlier.line, earlier.response_import)
        for row in rows
        if (earlier := by_fingerprint.get(row.fingerprint)) is not None
    ]
    if same_file is None and not repeated:
        return None
    return ImportRepeated(same_file, repeated)


def import_responses(
    stream: Iterable[str] | str,
    *,
    filename: str = "",
    user: User | None = None,
    confirmed_new: bool = False,
) -> int:
    """Import every row of an export file, or nothing; return how many were imported.

    A file imported before, or rows imported before, raise ``ImportRepeated`` unless
    ``confirmed_new`` (the person importing says they are new responses)."""
    text = stream if isinstance(stream, str) else "".join(stream)
    # newline="" keeps line breaks inside quoted cells as they were, as csv expects.
    rows = read_import(io.StringIO(text, newline=""))
    if not confirmed_new and (repeated := repeats(text, rows)) is not None:
        raise repeated
    with transaction():
        record = ResponseImport(
            file_sha256=file_hash(text),
            filename=filename[:255],
            row_count=len(rows),
            imported_by_id=user.id if user is not None else None,
        )
        record.rows = [ImportedRow(line=row.line, fingerprint=row.fingerprint) for row in rows]
        db.session.add(record)
        for row in rows:
            response = Response(**row.response)
            response.answers = [Answer(question_key=k, value=v) for k, v in row.answers]
            if row.equality:
                response.equality_key = secrets.token_urlsafe(32)
                db.session.add(
                    EqualityResponse(
                        key=response.equality_key,
                        survey_id=row.survey_id,
                        created_on=response.submitted_on,
                        **row.equality,
                    )
                )
            db.session.add(response)
    return len(rows)
