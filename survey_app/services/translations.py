"""A translation workflow a council can run: a spreadsheet per language, out and back in.

The admin downloads every text of a survey that a resident reads, with its English source,
where it appears and the current translation; a translator fills in the last column; the
admin uploads it. The upload is read back into the survey's draft (published when the admin
publishes), with a report of what changed, what is still missing and which rows were not
recognised. Rows are keyed by an id such as ``question:ease:option:very_easy``, so the order
of rows and any added columns do not matter.
"""

import copy
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from openpyxl import Workbook, load_workbook

from survey_app.services.definitions import QUESTION_TEXTS, DefinitionError, question_options
from survey_app.services.reference import channel_text
from survey_app.services.upload_limits import check_xlsx

PACKAGE = Path(__file__).resolve().parent.parent
LEGAL_PAGES = ("privacy", "accessibility", "cookies")

HEADERS = ["id", "where", "English", "translation"]
MAX_ROWS = 5000


@dataclass
class TranslationRow:
    id: str
    where: str
    english: str
    translation: str = ""


@dataclass
class ImportReport:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # rows with no translation yet
    unknown: list[str] = field(default_factory=list)  # ids not in the survey


def translation_rows(definition: dict[str, Any], language: str) -> list[TranslationRow]:
    """Every text of the survey a resident reads, in order, with its current translation."""
    translation = definition.get("translations", {}).get(language, {})
    pages, questions = translation.get("pages", {}), translation.get("questions", {})
    rows = [
        TranslationRow("title", "Survey title", definition["title"], translation.get("title", ""))
    ]
    for page in definition["pages"]:
        if page.get("title"):
            rows.append(
                TranslationRow(
                    f"page:{page['key']}:title",
                    f"Page {page['key']}: heading",
                    page["title"],
                    pages.get(page["key"], ""),
                )
            )
        for question in page["questions"]:
            words = questions.get(question["key"], {})
            for name in QUESTION_TEXTS:
                if question.get(name):
                    rows.append(
                        TranslationRow(
                            f"question:{question['key']}:{name}",
                            f"Question {question['key']}: {name.replace('_', ' ')}",
                            question[name],
                            words.get(name, ""),
                        )
                    )
            if question.get("options_from"):
                continue  # services' names come from the council's list, not the survey
            for option in question_options({**question, "option_labels": None}):
                rows.append(
                    TranslationRow(
                        f"question:{question['key']}:option:{option['value']}",
                        f"Question {question['key']}: option {option['value']}",
                        option["label"],
                        words.get("options", {}).get(option["value"], ""),
                    )
                )
    return rows


def coverage(definition: dict[str, Any], language: str) -> tuple[int, int]:
    """(texts translated, texts in all) for one language."""
    rows = translation_rows(definition, language)
    return sum(1 for row in rows if row.translation), len(rows)


def workbook_bytes(definition: dict[str, Any], language: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = language
    sheet.append(HEADERS)
    for row in translation_rows(definition, language):
        sheet.append([row.id, row.where, row.english, row.translation])
    for column, width in zip("ABCD", (38, 38, 60, 60), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class SpreadsheetError(ValueError):
    """An upload that cannot be read as a translation spreadsheet; the message says why."""


def read_workbook(data: bytes) -> dict[str, str]:
    """The translations in an uploaded spreadsheet, by id (blank cells as "").

    The workbook goes through the same bounds as a survey upload (parts, uncompressed size,
    compression ratio, no DOCTYPE or ENTITY) before openpyxl opens it."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("The selected file is not an Excel spreadsheet (.xlsx)")
    try:
        check_xlsx(data)
    except DefinitionError as error:
        raise SpreadsheetError(error.problems[0]) from error
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
        raise SpreadsheetError("The selected file is not an Excel spreadsheet (.xlsx)") from error
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]
    if "id" not in header or "translation" not in header:
        raise SpreadsheetError("The first row must name the columns id and translation")
    id_column, text_column = header.index("id"), header.index("translation")
    found = {}
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise SpreadsheetError(f"The spreadsheet has more than {MAX_ROWS:,} rows")
        cells = list(row) + [None] * (len(header) - len(row))
        key = str(cells[id_column] or "").strip()
        if key:
            found[key] = str(cells[text_column] or "").strip()
    book.close()
    return found


def apply_translations(
    definition: dict[str, Any], language: str, uploaded: dict[str, str]
) -> tuple[dict[str, Any], ImportReport]:
    """A copy of the definition with ``language`` translated as the spreadsheet says, and a
    report. A blank translation cell removes that text's translation (English is shown)."""
    changed_definition = copy.deepcopy(definition)
    translations = changed_definition.setdefault("translations", {})
    translation = translations.setdefault(language, {"status": "draft"})
    report = ImportReport()
    known = {row.id: row for row in translation_rows(definition, language)}
    report.unknown = sorted(set(uploaded) - set(known))
    for key, row in known.items():
        new = uploaded.get(key, row.translation)
        if not new:
            report.missing.append(key)
        if new == row.translation:
            report.unchanged += 1
            continue
        report.changed.append(key)
        _set(translation, key, new)
    if report.changed:
        # Changed text has not been checked by a translator yet.
        translation["status"] = "draft"
    languages = changed_definition.setdefault("languages", ["en"])
    if language not in languages:
        languages.append(language)
    return changed_definition, report


def _set(translation: dict[str, Any], key: str, text: str) -> None:
    parts = key.split(":")
    if parts[0] == "title":
        target, name = translation, "title"
    elif parts[0] == "page":
        target, name = translation.setdefault("pages", {}), parts[1]
    elif len(parts) == 4:  # question:<key>:option:<value>
        question = translation.setdefault("questions", {}).setdefault(parts[1], {})
        target, name = question.setdefault("options", {}), parts[3]
    else:
        target, name = translation.setdefault("questions", {}).setdefault(parts[1], {}), parts[2]
    if text:
        target[name] = text
    else:
        target.pop(name, None)


@dataclass
class SharedTextCoverage:
    """What is translated of the text every survey shares, which the survey's spreadsheet
    does not hold: interface text, equality questions and GOV.UK widget words (Flask-Babel
    catalogues), the legal pages (one template per language) and the channels' names
    (reference_data.yaml). All of it is a draft until a qualified translator checks it."""

    catalogue_done: int
    catalogue_total: int
    legal_pages: list[str]
    channels_done: int
    channels_total: int


def _catalogue_ids(code: str) -> set[str]:
    path = PACKAGE / "translations" / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return set()
    with path.open("rb") as file:
        catalogue = read_po(file)
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id and message.string and all(message.string)
    }


def shared_text_coverage(code: str, languages: list[str], channels) -> SharedTextCoverage:
    """Coverage of the shared text in ``code``; the catalogue's total is every text any
    language's catalogue translates (there is no committed template)."""
    every = set().union(*(_catalogue_ids(other) for other in languages))
    texts = [text for channel in channels for text in (channel.name, channel.description) if text]
    return SharedTextCoverage(
        catalogue_done=len(_catalogue_ids(code) & every),
        catalogue_total=len(every),
        legal_pages=[
            page
            for page in LEGAL_PAGES
            if (PACKAGE / "templates" / "main" / "legal" / f"{page}.{code}.html").exists()
        ],
        channels_done=sum(1 for text in texts if channel_text(text, code)),
        channels_total=len(texts),
    )
