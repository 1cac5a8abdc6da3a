"""What the admin pages show, worked out from what the services give: audit times, yes/no
answers for radios, channel choices, a page condition in words, and the response importer's
problems as a row-by-row report.

The report: ``services.response_transfer`` reports each problem as one line, for the command
line: ``Row 4: answer_overall_satisfaction: 'happy' is not an option``. The import page shows
the same problems as a table of row, column and what to fix, in GOV.UK error wording. A
message this module does not recognise is still shown, as written, so nothing is ever hidden.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from survey_app.services import survey_drafts as drafts
from survey_app.services.definitions import question_options
from survey_app.services.reference_editing import all_channels
from survey_app.services.response_transfer import ANSWER_PREFIX, RESPONSE_COLUMNS


def audit_time(value: datetime) -> str:
    """When an audited action happened: 4 December 2026 14:05 UTC."""
    return f"{value.day} {value:%B %Y %H:%M} UTC"


def equality_question_choices() -> list[tuple[str, str]]:
    """(key, name) of every equality question a survey can ask, in the order asked."""
    from survey_app.equality import questions as eq

    return [
        (key, next(page.summary for page in eq.PAGES if page.question_key == key))
        for key in eq.QUESTION_KEYS
    ]


def map_names(slugs, names: dict[str, str]) -> list[str]:
    """Slugs or keys as people read them ("face-to-face" as "Face to face"); an unknown one
    is shown as it is."""
    return [names.get(slug, slug) for slug in slugs or []]


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def channel_choices(extra: list[str] | tuple = ()) -> list[tuple[str, str]]:
    """Active channels, plus any inactive ones the definition already names."""
    return [(c.slug, c.name) for c in all_channels() if c.active or c.slug in extra]


def describe_condition(definition, condition) -> str:
    """When a page shows, in words: "the channel is phone", "Reply is yes or no"."""
    if "channel_in" in condition:
        return "the channel is " + " or ".join(condition["channel_in"])
    _page, question = drafts.find_question(definition, condition["question"])
    if question is None:
        return f"question {condition['question']} is answered " + " or ".join(condition["in"])
    labels = {o["value"]: o["label"] for o in question_options(question)}
    name = question.get("summary") or question["text"]
    return f"{name} is " + " or ".join(labels.get(v, v) for v in condition["in"])


# The response importer's problems ---------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # None for a problem with the whole file, such as a missing column
    column: str
    fix: str


_ROW = re.compile(r"^Row (\d+): (.*)$", re.S)
_ANSWER = re.compile(rf"^({ANSWER_PREFIX}[A-Za-z0-9_]+): (.*)$", re.S)

# (column, pattern of the importer's message, what to fix). The groups fill the fix.
_RESPONSE_FIXES = [
    ("", r"has more cells than the header", "Remove the extra cells at the end of the row"),
    (
        "submission_key",
        r"submission_key (.+) is already in the database",
        "Remove this row: a response with submission_key {0} is already saved",
    ),
    (
        "submission_key",
        r"submission_key (.+) is also on row (\d+)",
        "Change the submission_key or remove the row: row {1} has the same key",
    ),
    (
        "submission_key",
        r"submission_key is longer than (\d+) characters",
        "Shorten the submission_key to {0} characters or fewer, or leave it empty",
    ),
    ("survey", r"survey (.+) does not exist", "Enter the ID of a survey, like customer-care"),
    (
        "survey_version",
        r"survey (.+) has no version (.+)",
        "Enter a published version of survey {0}, or leave survey_version empty "
        "for the current version",
    ),
    ("channel", r"channel (.+) is not a channel", "Enter a channel slug, like phone"),
    (
        "service",
        r"service (.+) is not a service",
        "Enter a service slug, like council-tax, or leave service empty",
    ),
    (
        "completion_mode",
        r"completion_mode must be one of (.+)",
        "Enter how the survey was completed: {0}",
    ),
    ("language", r"language must be .*", "Enter a language code, like en"),
    (
        "submitted_on",
        r"submitted_on is in the future",
        "Enter a date for submitted_on that is today or in the past",
    ),
    (
        "submitted_on",
        r"submitted_on .* is not a date.*",
        "Enter submitted_on as a date like 2026-03-27",
    ),
]
_ANSWER_FIXES = [
    (
        r"version (\d+) of (.+) does not ask it",
        "Leave this answer empty: version {0} of {1} does not ask this question",
    ),
    (r"(.+) is not an option", "Enter one of the question's option values instead of {0}"),
    (r"only one option can be chosen", "Enter only one option"),
    (r"(.+) is not a whole number", "Enter a whole number instead of {0}"),
    (r"(-?\d+) is not between (.+) and (.+)", "Enter a whole number from {1} to {2}"),
    (r"(.+) is not a date.*", "Enter a date like 2026-03-27 instead of {0}"),
    (r"(\S+) is in the future", "Enter a date that is today or in the past instead of {0}"),
    (
        r"(\S+) is before (\S+), the earliest date accepted",
        "Enter a date on or after {1} instead of {0}: the review did not exist before then",
    ),
    (r"is longer than (\d+) characters", "Shorten the answer to {0} characters or fewer"),
    (r"holds control characters", "Remove the control characters from the answer"),
]


def _first_match(message: str, fixes) -> tuple[str, str] | None:
    for column, pattern, fix in fixes:
        match = re.fullmatch(pattern, message, re.S)
        if match:
            return column, fix.format(*(_shorten(group) for group in match.groups()))
    return None


def _shorten(value: str, limit: int = 60) -> str:
    """A cell quoted back is cut short: a wrong cell can be a whole paragraph."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def describe(problem: str) -> RowProblem:
    """One of ``ImportRejected.problems`` as the row, the column and what to fix."""
    row_match = _ROW.match(problem)
    if row_match is None:
        return RowProblem(None, "", _sentence(problem))
    row, message = int(row_match.group(1)), row_match.group(2)
    answer_match = _ANSWER.match(message)
    if answer_match:
        column, reason = answer_match.groups()
        fix = _first_match(reason, [("", pattern, text) for pattern, text in _ANSWER_FIXES])
        return RowProblem(row, column, fix[1] if fix else _sentence(reason))
    found = _first_match(message, _RESPONSE_FIXES)
    if found:
        return RowProblem(row, found[0], found[1])
    column = message.split(" ", 1)[0]
    return RowProblem(row, column if column in RESPONSE_COLUMNS else "", _sentence(message))


def report(problems: list[str]) -> list[RowProblem]:
    return [describe(problem) for problem in problems]


def translation_rows(definition: dict) -> list[dict]:
    """Each language a survey offers besides English: how much of it is translated, and
    whether a qualified translator has checked it (machine-assisted drafts have not)."""
    from survey_app.languages import LANGUAGES

    questions = [q for page in definition.get("pages", []) for q in page["questions"]]
    rows = []
    for code in definition.get("languages", []):
        if code == "en":
            continue
        translation = definition.get("translations", {}).get(code, {})
        translated = translation.get("questions", {})
        done = sum(1 for q in questions if translated.get(q["key"], {}).get("text"))
        language = LANGUAGES.get(code)
        rows.append(
            {
                "code": code,
                "name": language.english_name if language else code,
                "translated": done,
                "questions": len(questions),
                "checked": translation.get("status") == "checked",
            }
        )
    return rows


@dataclass
class ImportReport:
    """What an XLSForm import made and left out, as the report page shows it."""

    filename: str
    title: str
    pages: int
    questions: int
    languages: list[str]
    notes: list[str]
    # (where, what was left out and why): "Row 12, question 'ward'", "its list of..."
    left_out: list[tuple[str, str]]


def import_report(result, filename: str) -> ImportReport:
    """``result`` is an ``XLSFormImport``; each sentence it refused is split into where it
    is in the spreadsheet and what happened, for a two-column table."""
    from survey_app.services.definition_files import language_name

    definition = result.definition
    left_out = []
    for sentence in result.refused:
        where, _, what = sentence.partition(": ")
        left_out.append((where, what[:1].upper() + what[1:]) if what else ("", sentence))
    languages = ["English"] + [
        f"{language_name(code)} (draft translation)" for code in definition["languages"][1:]
    ]
    return ImportReport(
        filename=filename,
        title=definition["title"],
        pages=len(definition["pages"]),
        questions=sum(len(page["questions"]) for page in definition["pages"]),
        languages=languages,
        notes=result.notes,
        left_out=left_out,
    )
