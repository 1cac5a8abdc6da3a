"""Survey definitions in and out of files: YAML and JSON both ways, XLSForm in.

XLSForm is the spreadsheet format ODK and KoboToolbox use, so a council can write a survey
in Excel. The workbook is read with pyxform's own reader (``xlsx_to_dict``), which is the
reference implementation of the format: it finds the survey, choices and settings sheets
whatever their case, cleans headers and turns cell values into strings the way ODK does,
and keeps empty rows so our row numbers match what the admin sees in Excel. The mapping to
our question types is ours, because pyxform's own conversion targets ODK XForms.
"""

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from pyxform.errors import PyXFormError
from pyxform.xls2json_backends import xlsx_to_dict

from survey_app.services.definitions import DefinitionError, validate_definition
from survey_app.services.upload_limits import (
    check_cells,
    check_question_count,
    check_xlsx,
    load_bounded_yaml,
)

MAX_DEFINITION_BYTES = 256 * 1024
DEFAULT_TEXT_LIMIT = 1200
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
OPTION_VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TRUE_WORDS = {"yes", "true", "1", "true()"}
# Rows that describe the form or record device details rather than ask a question.
XLSFORM_METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "audit",
    "simserial",
    "subscriberid",
    "start-geopoint",
    "background-audio",
}


def export_yaml(definition: dict[str, Any]) -> str:
    return yaml.safe_dump(definition, sort_keys=False, allow_unicode=True, width=100)


def export_json(definition: dict[str, Any]) -> str:
    return json.dumps(definition, indent=2, ensure_ascii=False) + "\n"


def _check_size(data: bytes) -> None:
    if not data:
        raise DefinitionError(["The selected file is empty"])
    if len(data) > MAX_DEFINITION_BYTES:
        raise DefinitionError(
            [f"The selected file must be smaller than {MAX_DEFINITION_BYTES // 1024} KB"]
        )


def definition_from_text_file(data: bytes) -> dict[str, Any]:
    """A validated definition from the bytes of a YAML or JSON file."""
    _check_size(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DefinitionError(
            [f"The selected file must be saved as UTF-8 text (byte {error.start + 1} is not)"]
        ) from error
    try:
        definition = load_bounded_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "it cannot be read"
        raise DefinitionError(
            [f"The selected file is not valid YAML or JSON{where}: {problem}"]
        ) from error
    check_question_count(definition)
    validate_definition(definition)
    return definition


@dataclass
class XLSFormImport:
    definition: dict[str, Any]
    # One sentence per spreadsheet row that was not imported, naming the row and its type.
    refused: list[str] = field(default_factory=list)


# ``label::Arabic (ar)``, ``label::ar``, ``label:English`` (one colon, as some tools write it).
_TRANSLATED_COLUMN = re.compile(r"^(label|hint|required_message)\s*::?\s*(.+?)\s*$", re.IGNORECASE)


def _column_language(language: str) -> str | None:
    """The code of an XLSForm column's language: ``Arabic (ar)``, ``ar`` or ``Arabic``."""
    from survey_app.languages import LANGUAGES

    text = language.strip()
    code = re.search(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)\s*\)\s*$", text)
    if code:
        return code.group(1).lower()
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return text.lower()
    by_name = {known.english_name.lower(): code for code, known in LANGUAGES.items()}
    return by_name.get(text.lower())


def _translated(row: dict[str, str], column: str) -> dict[str, str]:
    """A row's texts of one kind (label, hint...) by language code; "" for the plain column."""
    found = {}
    for name, value in row.items():
        if not value:
            continue
        if name.lower() == column:
            found[""] = value
            continue
        match = _TRANSLATED_COLUMN.match(name)
        if match and match.group(1).lower() == column:
            found[_column_language(match.group(2)) or f"?{match.group(2)}"] = value
    return found


def _label(row: dict[str, str], column: str) -> str:
    """The English text: ``label``, else ``label::English (en)``, else the first language."""
    texts = _translated(row, column)
    for language in ("", "en"):
        if texts.get(language):
            return texts[language]
    return next(iter(texts.values()), "")


def _xlsform_languages(book: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The languages an XLSForm is translated into besides English, and a sentence for each
    translated column whose language could not be told (no code like ``(ar)``)."""
    codes, unknown = [], []
    for sheet in ("survey", "choices"):
        for row in book.get(sheet, [])[:1] or []:
            for name in row:
                match = _TRANSLATED_COLUMN.match(name)
                if not match:
                    continue
                code = _column_language(match.group(2))
                if code is None:
                    unknown.append(
                        f"Column {name} ({sheet} sheet): its language has no code like "
                        "(ar), so it was not imported"
                    )
                elif code != "en" and code not in codes:
                    codes.append(code)
    return codes, sorted(set(unknown))


def _with_translations(definition: dict[str, Any], book: dict[str, Any], codes: list[str]) -> None:
    """Each other language's labels, hints and messages as the definition's translations."""
    if not codes:
        return
    rows = {row.get("name"): row for row in book["survey"] if row.get("name")}
    choice_rows = {}
    for row in book.get("choices", []):
        list_name = row.get("list_name") or row.get("list name")
        choice_rows[(list_name, row.get("name"))] = row
    translations: dict[str, Any] = {code: {"status": "draft", "questions": {}} for code in codes}
    for page in definition["pages"]:
        for question in page["questions"]:
            row = rows.get(question["key"], {})
            list_name = (row.get("type") or "").split(" ")[-1] if question.get("options") else ""
            for code in codes:
                words = {}
                for column, name in (
                    ("label", "text"),
                    ("hint", "hint"),
                    ("required_message", "error_required"),
                ):
                    text = _translated(row, column).get(code)
                    if text:
                        words[name] = text
                options = {}
                for option in question.get("options", []):
                    text = _translated(choice_rows.get((list_name, option["value"]), {}), "label")
                    if text.get(code):
                        options[option["value"]] = text[code]
                if options:
                    words["options"] = options
                if words:
                    translations[code]["questions"][question["key"]] = words
    definition["translations"] = translations
    definition["languages"] = ["en", *codes]


def _number_bounds(constraint: str) -> tuple[int | None, int | None] | None:
    """``. >= 1 and . <= 99`` as (1, 99); None when the constraint is not that simple."""
    low = high = None
    # Spaces squeezed first: splitting on \s+and\s+ took time growing with the square of a
    # long run of spaces.
    for part in " ".join(constraint.split()).split(" and "):
        match = re.fullmatch(r"\.\s*(>=|>|<=|<)\s*(-?\d+)", part.strip())
        if not match:
            return None
        operator, number = match.group(1), int(match.group(2))
        if operator == ">=":
            low = number
        elif operator == ">":
            low = number + 1
        elif operator == "<=":
            high = number
        else:
            high = number - 1
    return low, high


def _text_limit(constraint: str) -> int | None:
    match = re.fullmatch(r"string-length\(\s*\.\s*\)\s*<=\s*(\d+)", constraint.strip())
    return int(match.group(1)) if match else None


def _condition(relevant: str) -> dict[str, Any] | None:
    """``${q} = 'a'`` or ``selected(${q}, 'a')`` as a show_if condition."""
    text = relevant.strip()
    match = re.fullmatch(r"\$\{(\w+)\}\s*=\s*'([^']*)'", text) or re.fullmatch(
        r"selected\(\s*\$\{(\w+)\}\s*,\s*'([^']*)'\s*\)", text
    )
    return {"question": match.group(1), "in": [match.group(2)]} if match else None


def _choices_by_list(book: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    for row in book.get("choices", []):
        list_name, value = row.get("list_name") or row.get("list name"), row.get("name")
        if list_name and value:
            lists.setdefault(list_name, []).append({"value": value, "label": _label(row, "label")})
    return lists


def definition_from_xlsform(
    data: bytes, *, survey_id: str, title: str, channels: list[str], retention_days: int
) -> XLSFormImport:
    """Map an XLSForm's rows to a definition; rows that cannot be mapped are named, not kept.

    The id, channels and retention come from the survey being edited (XLSForm has no
    channels); for a new survey the id is the settings sheet's form_id. The title comes
    from the settings sheet's form_title if it has one.
    """
    _check_size(data)
    check_xlsx(data)
    try:
        book = xlsx_to_dict(io.BytesIO(data))
    except PyXFormError as error:
        raise DefinitionError(
            [f"The selected file could not be read as an XLSForm spreadsheet (.xlsx): {error}"]
        ) from error
    except Exception as error:  # a hostile file may fail anywhere in openpyxl
        raise DefinitionError(
            ["The selected file could not be read as an XLSForm spreadsheet (.xlsx)"]
        ) from error
    check_cells(book)
    if not book.get("survey"):
        raise DefinitionError(["The spreadsheet needs a sheet called survey with a type column"])
    settings = (book.get("settings") or [{}])[0]
    choices = _choices_by_list(book)
    pages: list[dict[str, Any]] = []
    refused: list[str] = []
    keys: set[str] = set()
    group: dict[str, Any] | None = None
    in_repeat = 0

    for index, row in enumerate(book["survey"]):
        number = index + 2  # row 1 holds the column headings
        kind_text = re.sub(r"\s+", " ", (row.get("type") or "").strip())
        if not kind_text:
            continue
        kind, _, list_name = kind_text.partition(" ")
        kind = kind.lower()
        name = row.get("name") or ""

        def refuse(reason: str, *, row_number=number, row_type=kind_text) -> None:
            refused.append(f"Row {row_number} (type {row_type}): {reason}")

        if kind in ("begin_group", "begin") and list_name in ("", "group"):
            group = {"key": (name or f"group-{number}").lower().replace("_", "-"), "questions": []}
            group["title"] = _label(row, "label")
            group_condition = _condition(row.get("relevant") or "")
            if group_condition:
                group["show_if"] = [group_condition]
            elif row.get("relevant"):
                refuse("the group's relevant rule was not imported: it will be shown every time")
            continue
        if kind in ("end_group", "end") and list_name in ("", "group"):
            if group and group["questions"]:
                pages.append(group)
            group = None
            continue
        if kind in ("begin_repeat",) or kind_text.lower() == "begin repeat":
            in_repeat += 1
            refuse("repeated groups cannot be imported, so nothing inside it was imported")
            continue
        if kind in ("end_repeat",) or kind_text.lower() == "end repeat":
            in_repeat = max(0, in_repeat - 1)
            continue
        if in_repeat:
            refuse("it is inside a repeated group")
            continue
        if kind in XLSFORM_METADATA_TYPES:
            refuse("device and form details are not recorded by this survey")
            continue
        if not KEY_PATTERN.match(name):
            refuse(
                f"the name '{name[:40]}' must start with a lowercase letter and use only "
                "lowercase letters, numbers and underscores"
            )
            continue
        if name in keys:
            refuse(f"the name '{name}' is used by an earlier row")
            continue
        text = _label(row, "label")
        if not text:
            refuse("it has no label, so there is no question to ask")
            continue
        question: dict[str, Any] = {"key": name, "text": text}
        constraint = row.get("constraint") or ""
        if kind in ("select_one", "select_multiple"):
            list_key = list_name.split(" ")[0]
            options = choices.get(list_key)
            if not options:
                refuse(f"the choices sheet has no list called '{list_key}'")
                continue
            bad = next(
                (o["value"] for o in options if not OPTION_VALUE_PATTERN.match(o["value"])), None
            )
            if bad is not None:
                refuse(f"the choice name '{bad[:40]}' must use only letters, numbers, - and _")
                continue
            question["type"] = "single_choice" if kind == "select_one" else "multiple_choice"
            question["options"] = options
        elif kind == "text":
            question["type"] = "text"
            question["max_length"] = _text_limit(constraint) or DEFAULT_TEXT_LIMIT
        elif kind == "integer":
            question["type"] = "number"
            bounds = _number_bounds(constraint) if constraint else (None, None)
            if bounds is None:
                refuse(
                    f"the constraint '{constraint[:60]}' is not a simple range "
                    "like . >= 1 and . <= 99"
                )
                continue
            for bound_name, bound in zip(("min", "max"), bounds, strict=True):
                if bound is not None:
                    question[bound_name] = bound
        elif kind == "date":
            question["type"] = "date"
            if re.fullmatch(r"\.\s*<=\s*today\(\)", constraint.strip()):
                question["past_only"] = True
        elif kind == "note":
            refuse("a note shows text without asking anything, which this survey cannot show")
            continue
        else:
            refuse("this survey has no matching question type")
            continue
        if row.get("hint") or _label(row, "hint"):
            question["hint"] = row.get("hint") or _label(row, "hint")
        question["required"] = (row.get("required") or "").strip().lower() in TRUE_WORDS
        if row.get("required_message"):
            question["error_required"] = row["required_message"]
        question = {"key": question.pop("key"), "type": question.pop("type"), **question}
        relevant = row.get("relevant") or ""
        # Conditions belong to pages here, so only a question on its own page can keep one.
        condition = _condition(relevant) if relevant and group is None else None
        if relevant and condition is None:
            refuse(
                f"question imported, but its relevant rule '{relevant[:60]}' was not: "
                "it will be asked every time"
            )
        keys.add(name)
        if group is not None:
            group["questions"].append(question)
        else:
            page: dict[str, Any] = {"key": name.replace("_", "-"), "questions": [question]}
            if condition:
                page["show_if"] = [condition]
            pages.append(page)
    if group and group["questions"]:
        pages.append(group)
    for page in pages:
        if not page.get("title"):
            page.pop("title", None)
    definition = {
        "id": survey_id or settings.get("form_id", ""),
        "title": settings.get("form_title") or title,
        "languages": ["en"],
        "retention_days": retention_days,
        "channels": channels,
        "pages": pages,
    }
    if not pages:
        raise DefinitionError(["No rows of the spreadsheet could be imported", *refused])
    check_question_count(definition)
    codes, unknown_languages = _xlsform_languages(book)
    _with_translations(definition, book, codes)
    return XLSFormImport(definition=definition, refused=refused + unknown_languages)
