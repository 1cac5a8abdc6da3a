"""Survey definitions in and out of files: YAML and JSON both ways, XLSForm in.

XLSForm is the spreadsheet format ODK and KoboToolbox use, so a council can bring the
questionnaires it already has, in every language they are translated into. The workbook is
bounded (``upload_limits``) before openpyxl opens it, then read the forgiving way real forms
need: sheet and column names in any case and with stray spaces, the old spellings of types
and columns that pyxform still accepts (``select one from x``, ``relevance``,
``label:English``), empty rows kept so row numbers match what the admin sees in Excel.

Everything in the spreadsheet is either imported or named in the report, by row number and
in plain words: nothing is dropped silently.
"""

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import yaml

from survey_app.services.definitions import (
    CHOICE_TYPES,
    DefinitionError,
    question_options,
    validate_definition,
)
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


FALSE_WORDS = {"", "no", "false", "0", "false()"}


@dataclass
class XLSFormImport:
    definition: dict[str, Any]
    # One sentence per row or feature that was not imported, naming its row and why.
    refused: list[str] = field(default_factory=list)
    # What was done for the admin that they should know: the address made, the languages.
    notes: list[str] = field(default_factory=list)


# Reading the workbook --------------------------------------------------------------------

XLSFORM_SHEETS = ("survey", "choices", "settings")
# Sheets pyxform knows that this service has nothing to map to.
UNSUPPORTED_SHEETS = {
    "external_choices": "choices kept outside the form for cascading selects",
    "entities": "ODK entities (records shared between forms)",
    "osm": "OpenStreetMap tags",
}
# Columns whose text can be in several languages (``label::Arabic (ar)``).
TRANSLATABLE_COLUMNS = {
    "label",
    "hint",
    "guidance_hint",
    "constraint_message",
    "required_message",
    "image",
    "big-image",
    "audio",
    "video",
}
MEDIA_COLUMNS = ("image", "big-image", "audio", "video")
# Other spellings of column names, as pyxform accepts them.
COLUMN_ALIASES = {
    "relevance": "relevant",
    "caption": "label",
    "list name": "list_name",
    "listname": "list_name",
    "jr:constraintmsg": "constraint_message",
    "constraining_message": "constraint_message",
    "jr:requiredmsg": "required_message",
    "requiredmsg": "required_message",
    "calculation": "calculate",
    "readonly": "read_only",
    "set_form_id": "form_id",
    "set_form_title": "form_title",
}


def _cell_text(value: Any) -> str:
    """A cell as the text ODK would read: TRUE/FALSE, 12 not 12.0, no stray spaces."""
    if value is None:
        return ""
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\xa0", " ").strip()


def _column_kind(name: str) -> str:
    lowered = " ".join(name.split()).lower()
    lowered = COLUMN_ALIASES.get(lowered, lowered)
    return lowered.replace(" ", "_")


def normal_column(header: str) -> str:
    """A column heading in one spelling: ``TYPE`` is ``type``, ``LABEL: English (en)`` and
    ``media::image::English (en)`` are ``label::English (en)`` and ``image::English (en)``;
    the language part keeps its own case."""
    text = " ".join(header.split())
    text = re.sub(r"^media\s*::?\s*", "", text, flags=re.IGNORECASE)
    match = re.fullmatch(r"([A-Za-z_ -]+?)\s*::?\s*(.+)", text)
    if match and _column_kind(match.group(1)) in TRANSLATABLE_COLUMNS:
        return f"{_column_kind(match.group(1))}::{match.group(2).strip()}"
    return _column_kind(text)


def _read_sheet(sheet, title: str) -> list[dict[str, str]]:
    rows = sheet.iter_rows(values_only=True)
    headers = [normal_column(_cell_text(value)) for value in next(rows, ())]
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise DefinitionError(
                [
                    f"The {title} sheet has two columns called {header}: "
                    "keep one of them, then upload the file again"
                ]
            )
        seen.add(header)
    records = []
    for values in rows:
        record = {}
        for header, value in zip(headers, values, strict=False):
            text = _cell_text(value)
            if header and text:
                record[header] = text
        records.append(record)  # empty rows too, so row numbers match the spreadsheet
    while records and not records[-1]:
        records.pop()
    return records


def read_xlsform(data: bytes) -> tuple[dict[str, list[dict[str, str]]], list[str]]:
    """The survey, choices and settings sheets as rows of {column: text}, whatever the case
    or spacing of their names, and a sentence for each other XLSForm sheet left out."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a hostile file may fail anywhere in openpyxl
        raise DefinitionError(
            ["The selected file could not be read as an XLSForm spreadsheet (.xlsx)"]
        ) from error
    sheets: dict[str, list[dict[str, str]]] = {}
    refused = []
    try:
        names = book.sheetnames
        for name in names:
            key = " ".join(name.split()).lower()
            if key not in XLSFORM_SHEETS and len(names) == 1:
                key = "survey"  # a workbook of one sheet is the survey, as in pyxform
            if key in sheets:
                refused.append(
                    f"The sheet '{name}': there is already a {key} sheet, so it was not read"
                )
            elif key in XLSFORM_SHEETS:
                sheets[key] = _read_sheet(book[name], key)
            elif key in UNSUPPORTED_SHEETS:
                refused.append(
                    f"The {key} sheet: it holds {UNSUPPORTED_SHEETS[key]}, which this "
                    "service has nothing like, so it was not imported"
                )
    except DefinitionError:
        raise
    except Exception as error:
        raise DefinitionError(
            ["The selected file could not be read as an XLSForm spreadsheet (.xlsx)"]
        ) from error
    finally:
        book.close()
    return sheets, refused


# Languages ---------------------------------------------------------------------------------


def language_name(code: str) -> str:
    from babel import Locale

    from survey_app.languages import LANGUAGES

    if code in LANGUAGES:
        return LANGUAGES[code].english_name
    return Locale("en").languages.get(code.split("-")[0], code)


def _column_language(language: str) -> str | None:
    """The code of an XLSForm column's language: ``Arabic (ar)``, ``ar``, ``Arabic``."""
    from babel import Locale

    text = language.strip()
    code = re.search(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)\s*\)\s*$", text)
    if code:
        return code.group(1).lower()
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return text.lower()
    by_name = {name.lower(): code for code, name in Locale("en").languages.items()}
    found = by_name.get(text.lower())
    return found if found and re.fullmatch(r"[a-z]{2,3}", found) else None


@dataclass
class _Languages:
    main: str  # the code whose text becomes the survey's own (English) text
    plain: str  # the language of columns with none named (``label``)
    others: list[str]  # translated into, in the order the spreadsheet has them
    unknown: list[str]  # language names no code could be found for

    def texts(self, row: dict[str, str], column: str) -> dict[str, str]:
        """A row's texts of one column by language code."""
        found: dict[str, str] = {}
        for name, value in row.items():
            kind, _, language = name.partition("::")
            if kind != column or not value:
                continue
            code = _column_language(language) if language else self.plain
            if code:
                found.setdefault(code, value)
        if row.get(column):
            found[self.plain] = found.get(self.plain) or row[column]
        return found

    def main_text(self, row: dict[str, str], column: str) -> str:
        """The text in the main language; a label with none there takes another language's
        (a question must have words), a hint or message does not."""
        texts = self.texts(row, column)
        if column != "label":
            return texts.get(self.main, "")
        return texts.get(self.main) or next(iter(texts.values()), "")


def _languages(book: dict[str, Any], settings: dict[str, str]) -> _Languages:
    default = settings.get("default_language", "")
    default_code = _column_language(default) if default and default != "default" else None
    plain = default_code or "en"
    codes: list[str] = []
    unknown: list[str] = []
    for sheet in ("survey", "choices"):
        for row in book.get(sheet, []):
            for name in row:
                kind, _, language = name.partition("::")
                if kind not in TRANSLATABLE_COLUMNS:
                    continue
                code = _column_language(language) if language else plain
                if code is None:
                    if language not in unknown:
                        unknown.append(language)
                elif code not in codes:
                    codes.append(code)
    if "en" in codes:
        main = "en"
    elif default_code in codes:
        main = default_code
    else:
        main = codes[0] if codes else "en"
    others = [code for code in codes if code not in (main, "en")]
    return _Languages(main=main, plain=plain, others=others, unknown=unknown)


def _language_notes(languages: _Languages, default: str) -> list[str]:
    from survey_app.languages import LANGUAGES

    notes = []
    names = [language_name(code) for code in languages.others]
    if names:
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        notes.append(
            f"Imported in English, with {listed} as "
            f"{'draft translations' if len(names) > 1 else 'a draft translation'} to be "
            "checked by a qualified translator before use"
        )
    if languages.main != "en":
        notes.append(
            f"The form has no English text, so its {language_name(languages.main)} text "
            "became the survey's main text, which this service shows as English: "
            "add English before publishing"
        )
    elif default and _column_language(default) not in (None, "en"):
        notes.append(
            f"The form's default language is {default}; this service's main language is "
            "English, so the English text is the main text"
        )
    offered = [LANGUAGES[code].english_name for code in LANGUAGES]
    for code in languages.others:
        if code not in LANGUAGES:
            notes.append(
                f"{language_name(code)} is kept in the draft, but residents cannot choose it "
                f"yet: this service offers {', '.join(offered[:-1])} and {offered[-1]}"
            )
    return notes


# The survey address and title --------------------------------------------------------------


def survey_address(text: str) -> str:
    """A survey address (lowercase letters, numbers and hyphens, 2 to 59 long) made from a
    form_id, a title or a file name; "" if nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:59].strip("-")
    return slug if len(slug) >= 2 else ""


def _file_stem(filename: str) -> str:
    name = re.split(r"[\\/]", filename)[-1]
    return re.sub(r"\.xlsx$", "", name, flags=re.IGNORECASE).strip()


def _new_survey_address(settings: dict[str, str], filename: str) -> tuple[str, str]:
    """The address for a new survey and, when it is not the form_id as written, why."""
    form_id = settings.get("form_id", "")
    if form_id:
        address = survey_address(form_id)
        if address == form_id:
            return address, ""
        if address:
            return address, (
                f"We made the survey address {address} from the form_id {form_id}: an "
                "address uses only lowercase letters, numbers and hyphens"
            )
    for source, text in (
        ("form title", settings.get("form_title", "")),
        ("file name", _file_stem(filename)),
    ):
        address = survey_address(text)
        if address:
            missing = (
                f"form_id {form_id} has no letters or numbers to use"
                if form_id
                else "settings sheet has no form_id"
            )
            return address, (
                f"The {missing}, so we made the survey address {address} from the {source} '{text}'"
            )
    return "", ""


# Rows ----------------------------------------------------------------------------------------

# Every spelling pyxform accepts for a select, longest first so "select one from" wins.
SELECT_SPELLINGS = sorted(
    {
        "select_one_from_file": "from_file",
        "select one from file": "from_file",
        "select_multiple_from_file": "from_file",
        "select multiple from file": "from_file",
        "select_one_external": "external",
        "add select one prompt using": "select_one",
        "add select multiple prompt using": "select_multiple",
        "select all that apply from": "select_multiple",
        "select one from": "select_one",
        "select all that apply": "select_multiple",
        "select_multiple": "select_multiple",
        "select multiple": "select_multiple",
        "select_one": "select_one",
        "select one": "select_one",
        "select1": "select_one",
        "rank": "rank",
    }.items(),
    key=lambda item: -len(item[0]),
)
TYPE_ALIASES = {
    "add text prompt": "text",
    "string": "text",
    "add integer prompt": "integer",
    "int": "integer",
    "add decimal prompt": "decimal",
    "add date prompt": "date",
    "add note prompt": "note",
    "imei": "deviceid",
}
GROUP_SPELLINGS = {
    "begin group": "begin_group",
    "end group": "end_group",
    "begin repeat": "begin_repeat",
    "end repeat": "end_repeat",
    "begin looped group": "begin_repeat",
    "end looped group": "end_repeat",
    "begin lgroup": "begin_repeat",
    "end lgroup": "end_repeat",
}


def parse_type(text: str) -> tuple[str, str, bool]:
    """An XLSForm type as (kind, list name, or_other): ``select one from wards or_other``
    is ("select_one", "wards", True)."""
    text = " ".join(text.split())
    lowered = text.lower()
    or_other = re.search(r"\s+or[_ ]other$", lowered)
    if or_other:
        text, lowered = text[: or_other.start()], lowered[: or_other.start()]
    for spelling, kind in SELECT_SPELLINGS:
        if lowered == spelling or lowered.startswith(spelling + " "):
            return kind, text[len(spelling) :].strip(), bool(or_other)
    grouped = GROUP_SPELLINGS.get(lowered.replace("_", " "))
    if grouped:
        return grouped, "", False
    return TYPE_ALIASES.get(lowered, lowered.replace(" ", "_")), "", bool(or_other)


def _choices_by_list(book: dict[str, Any]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Each list's choice rows, with their row numbers on the choices sheet."""
    lists: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for index, row in enumerate(book.get("choices", [])):
        list_name = row.get("list_name") or row.get("list")
        if list_name and row.get("name"):
            lists.setdefault(list_name, []).append((index + 2, row))
    return lists


def _page_key(name: str, used: set[str], fallback: str) -> str:
    key = re.sub(r"[^a-z0-9-]+", "-", name.lower().replace("_", "-")).strip("-")
    if not re.match(r"^[a-z]", key):
        key = f"{fallback}-{key}".strip("-")
    key = key[:56]
    candidate, number = key, 2
    while candidate in used:
        candidate, number = f"{key}-{number}", number + 1
    used.add(candidate)
    return candidate


# Columns of a question row that the mapping reads; any other filled-in column is named.
QUESTION_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "constraint",
    "constraint_message",
    "relevant",
    "choice_filter",
    "appearance",
    "guidance_hint",
    *MEDIA_COLUMNS,
}
# Appearances that change nothing here: groups are pages; text boxes take several lines.
HARMLESS_APPEARANCES = {"field-list", "multiline"}
REFUSED_KINDS = {
    "note": "a note shows text without asking anything, which this survey cannot show",
    "calculate": "a calculation is worked out by the form, not asked, so it was not imported",
    "hidden": "a hidden value is set by the form, not asked, so it was not imported",
    "decimal": "this survey takes whole numbers only, so a decimal question was not imported",
    "from_file": "its choices come from a separate file, which cannot be uploaded here",
    "external": "its choices come from a separate file, which cannot be uploaded here",
}


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


class _Mapping:
    """One spreadsheet's rows turned into pages, with every row left out named."""

    def __init__(self, book: dict[str, Any], languages: _Languages):
        self.book = book
        self.languages = languages
        self.choices = _choices_by_list(book)
        self.pages: list[dict[str, Any]] = []
        self.page_rows: dict[str, dict[str, str]] = {}  # page key: its group's row
        self.question_rows: dict[str, tuple[dict[str, str], str]] = {}  # key: (row, list)
        self.refused: list[str] = []
        self.page_keys: set[str] = set()
        self.asked: dict[str, dict[str, Any]] = {}  # questions on finished pages
        self.keys: set[str] = set()
        self.lists_reported: set[str] = set()
        self.group: dict[str, Any] | None = None
        self.outer: list[dict[str, Any]] = []  # groups this one is inside
        self.repeat_depth = 0
        self.untranslatable: set[str] = set()
        self.bookkeeping: list[str] = []  # KoboToolbox's own columns: $kuid, $autoname...

    def refuse(self, number: int, row: dict[str, str], reason: str) -> None:
        name = row.get("name", "")
        kind = " ".join((row.get("type") or "").split())
        parsed = parse_type(kind)[0] if kind else ""
        if parsed in ("begin_group", "begin_repeat"):
            noun = "group"
        elif parsed in XLSFORM_METADATA_TYPES or parsed in ("calculate", "hidden"):
            noun = "field"
        else:
            noun = "note" if parsed == "note" else "question"
        what = f"{noun} '{name}' ({kind})" if name else f"({kind})" if kind else ""
        self.refused.append(f"Row {number}{', ' if name else ' '}{what}".strip() + f": {reason}")

    def finish_page(self) -> None:
        if self.group is not None and self.group["questions"]:
            self.pages.append(self.group)
            for question in self.group["questions"]:
                self.asked[question["key"]] = question
        self.group = None

    def condition(self, number, row, relevant: str, *, what: str) -> dict[str, Any] | None:
        """The relevant rule as a page condition, or None with the reason reported."""
        condition = _condition(relevant)
        earlier = self.asked.get(condition["question"]) if condition else None
        if condition and earlier is not None:
            options = {o["value"] for o in question_options(earlier)}
            if earlier["type"] not in CHOICE_TYPES or set(condition["in"]) <= options:
                return condition
        self.refuse(
            number,
            row,
            f"{what} only when '{relevant[:80]}' (relevant), which this survey cannot check "
            f"here; it was not imported, so {what.removesuffix(' only')} every time",
        )
        return None

    def begin_group(self, number: int, row: dict[str, str]) -> None:
        if self.group is not None:
            self.refuse(
                number,
                row,
                "this group is inside another group; it was imported as a page of its own",
            )
            self.outer.append(self.group)
            self.finish_page()
        name = row.get("name") or f"group-{number}"
        key = _page_key(name, self.page_keys, "group")
        self.group = {"key": key, "title": self.languages.main_text(row, "label")}
        self.page_rows[key] = row
        if row.get("relevant"):
            condition = self.condition(number, row, row["relevant"], what="the group is shown")
            if condition:
                self.group["show_if"] = [condition]
        self.group["questions"] = []
        self.report_columns(number, row, {"type", "name", "label", "relevant", "appearance"})
        appearance = row.get("appearance", "")
        if appearance and appearance.lower() not in HARMLESS_APPEARANCES:
            self.refuse(number, row, self.appearance_reason(appearance))

    def end_group(self) -> None:
        self.finish_page()
        if self.outer:
            outer = self.outer.pop()
            # The rest of the outer group goes on a page of its own, with the same title.
            key = _page_key(outer["key"], self.page_keys, "group")
            self.group = {**outer, "key": key, "questions": []}
            self.page_rows[key] = self.page_rows.get(outer["key"], {})

    @staticmethod
    def appearance_reason(appearance: str) -> str:
        return (
            f"its appearance '{appearance[:40]}' (how the form lays it out) was not imported; "
            "it is shown in this service's usual layout"
        )

    def report_columns(self, number: int, row: dict[str, str], read: set[str]) -> None:
        """Name each filled-in column the mapping did not read, so none is dropped silently."""
        left = []
        for name in row:
            kind = name.partition("::")[0]
            if kind.startswith("$"):
                self.bookkeeping += [] if kind in self.bookkeeping else [kind]
            elif kind not in read and kind not in left:
                left.append(kind)
        for kind in left:
            value = row.get(kind) or next(v for n, v in row.items() if n.startswith(kind))
            self.refuse(number, row, f"its {kind} column ('{value[:60]}') was not imported")

    def options(self, number, row, list_name: str, or_other: bool):
        entries = self.choices.get(list_name)
        if not entries:
            self.refuse(number, row, f"the choices sheet has no list called '{list_name}'")
            return None
        options, rows_by_value = [], {}
        for choice_number, choice in entries:
            value = choice["name"]
            if not OPTION_VALUE_PATTERN.match(value):
                self.refuse(
                    number,
                    row,
                    f"the choice name '{value[:40]}' (row {choice_number} of the choices "
                    "sheet) must use only letters, numbers, - and _, so the question was "
                    "not imported",
                )
                return None
            if value in rows_by_value:
                self.report_list(
                    list_name,
                    f"the choice '{value}' is in it more than once (rows "
                    f"{rows_by_value[value]} and {choice_number} of the choices sheet); "
                    "it is offered once",
                    key=f"{list_name}:{value}",
                )
                continue
            rows_by_value[value] = choice_number
            label = self.languages.main_text(choice, "label")
            if not label:
                self.report_list(
                    list_name,
                    f"the choice '{value}' (row {choice_number} of the choices sheet) has no "
                    "label, so its name is shown instead",
                    key=f"{list_name}:{value}:label",
                )
            options.append({"value": value, "label": label or value})
            self.report_choice_columns(list_name, choice_number, choice)
        if or_other:
            self.refuse(
                number,
                row,
                "a box to write in another answer (or_other) is something this survey does "
                "not have; the question was imported with an 'Other' option but no box to "
                "write in",
            )
            if "other" not in rows_by_value:
                options.append({"value": "other", "label": "Other"})
        return options

    def report_list(self, list_name: str, reason: str, *, key: str) -> None:
        if key not in self.lists_reported:
            self.lists_reported.add(key)
            self.refused.append(f"Choices list '{list_name}': {reason}")

    def report_choice_columns(self, list_name, choice_number, choice) -> None:
        for name in choice:
            kind = name.partition("::")[0]
            if kind in MEDIA_COLUMNS:
                self.report_list(
                    list_name,
                    f"pictures, sounds and videos ({kind} column, from row {choice_number} of "
                    "the choices sheet) were not imported",
                    key=f"{list_name}:media",
                )
            elif kind.startswith("$"):
                self.bookkeeping += [] if kind in self.bookkeeping else [kind]
            elif kind not in {"list_name", "list", "name", "label"}:
                self.report_list(
                    list_name,
                    f"its {kind} column (from row {choice_number} of the choices sheet) was "
                    "not imported; a choice_filter uses columns like it to pick choices",
                    key=f"{list_name}:{kind}",
                )

    def question(self, number: int, row: dict[str, str]) -> None:
        kind, list_name, or_other = parse_type(row["type"])
        name = row.get("name") or ""
        if kind in XLSFORM_METADATA_TYPES:
            self.refuse(number, row, "device and form details are not recorded by this survey")
            return
        if kind in REFUSED_KINDS:
            self.refuse(number, row, REFUSED_KINDS[kind])
            return
        if kind not in ("select_one", "select_multiple", "text", "integer", "date"):
            self.refuse(
                number, row, "this survey has no matching question type, so it was not imported"
            )
            return
        if not KEY_PATTERN.match(name):
            self.refuse(
                number,
                row,
                f"the name '{name[:40]}' must start with a lowercase letter and use only "
                "lowercase letters, numbers and underscores",
            )
            return
        if name in self.keys:
            self.refuse(number, row, f"the name '{name}' is used by an earlier row")
            return
        text = self.languages.main_text(row, "label")
        if not text:
            self.refuse(number, row, "it has no label, so there is no question to ask")
            return
        question: dict[str, Any] = {"key": name, "type": "", "text": text}
        constraint = row.get("constraint") or ""
        constraint_used = not constraint
        if kind in ("select_one", "select_multiple"):
            options = self.options(number, row, list_name.split(" ")[0], or_other)
            if options is None:
                return
            question["type"] = "single_choice" if kind == "select_one" else "multiple_choice"
            question["options"] = options
        elif kind == "text":
            question["type"] = "text"
            limit = _text_limit(constraint) if constraint else None
            constraint_used = constraint_used or limit is not None
            question["max_length"] = min(limit or DEFAULT_TEXT_LIMIT, 5000)
        elif kind == "integer":
            question["type"] = "number"
            bounds = _number_bounds(constraint) if constraint else None
            if bounds is not None and None not in bounds and bounds[0] > bounds[1]:
                bounds = None
            constraint_used = constraint_used or bounds is not None
            for bound_name, bound in zip(("min", "max"), bounds or (None, None), strict=True):
                if bound is not None:
                    question[bound_name] = bound
        else:
            question["type"] = "date"
            if re.fullmatch(r"\.\s*<=\s*today\(\)", constraint.strip()):
                question["past_only"] = constraint_used = True
        if not constraint_used:
            self.refuse(
                number,
                row,
                f"its answer check '{constraint[:80]}' (constraint) was not imported, so "
                "any answer of the right kind is accepted",
            )
        hint = self.languages.main_text(row, "hint")
        if hint:
            question["hint"] = hint
        required = (row.get("required") or "").strip().lower()
        question["required"] = required in TRUE_WORDS
        if required not in TRUE_WORDS | FALSE_WORDS:
            self.refuse(
                number,
                row,
                f"it is required only when '{required[:60]}', which this survey cannot "
                "check; it was imported as a question that can be left empty",
            )
        message = self.languages.main_text(row, "required_message")
        if message:
            question["error_required"] = message
        self.unsupported_columns(number, row, kind)
        condition = None
        relevant = row.get("relevant") or ""
        if relevant and self.group is not None:
            self.refuse(
                number,
                row,
                f"it is asked only when '{relevant[:80]}' (relevant), but it is inside a "
                "group and only a whole page can be shown or skipped here; it was not "
                "imported, so it is asked every time",
            )
        elif relevant:
            condition = self.condition(number, row, relevant, what="it is asked")
        self.keys.add(name)
        self.question_rows[name] = (row, list_name.split(" ")[0])
        if self.group is not None:
            self.group["questions"].append(question)
            return
        page: dict[str, Any] = {
            "key": _page_key(name, self.page_keys, "page"),
            "questions": [question],
        }
        if condition:
            page["show_if"] = [condition]
        self.pages.append(page)
        self.asked[name] = question

    def unsupported_columns(self, number: int, row: dict[str, str], kind: str) -> None:
        if row.get("choice_filter"):
            self.refuse(
                number,
                row,
                f"its list of choices depends on an earlier answer ('{row['choice_filter'][:60]}',"
                " a choice_filter for a cascading select); this was not imported, so every "
                "choice in the list is offered",
            )
        if any(name.partition("::")[0] == "constraint_message" for name in row):
            self.refuse(
                number,
                row,
                "its own message for an answer that fails the check (constraint_message) was "
                "not imported; this survey's usual message is shown",
            )
        appearance = row.get("appearance", "")
        if appearance and not (kind == "text" and appearance.lower() in HARMLESS_APPEARANCES):
            self.refuse(number, row, self.appearance_reason(appearance))
        media = sorted(
            {name.partition("::")[0] for name in row if name.partition("::")[0] in MEDIA_COLUMNS}
        )
        if media:
            self.refuse(
                number,
                row,
                f"its pictures, sounds or videos ({', '.join(media)}) were not imported",
            )
        if any(name.partition("::")[0] == "guidance_hint" for name in row):
            self.refuse(number, row, "its guidance hint (guidance_hint) was not imported")
        label = self.languages.main_text(row, "label")
        if "${" in label:
            self.refuse(
                number,
                row,
                "its text refers to an earlier answer (${...}), which this survey cannot fill "
                "in; it was imported with the reference as written",
            )
        self.report_columns(number, row, QUESTION_COLUMNS)

    def map_rows(self) -> None:
        for index, row in enumerate(self.book["survey"]):
            number = index + 2  # row 1 holds the column headings
            if not (row.get("type") or "").strip():
                if row:
                    first = next(iter(row.values()))[:60]
                    self.refuse(number, row, f"it has no type, so '{first}' was not imported")
                continue
            kind = parse_type(row["type"])[0]
            if kind == "begin_repeat":
                if not self.repeat_depth:
                    self.refuse(
                        number,
                        row,
                        "repeated groups cannot be imported, so nothing inside it was imported",
                    )
                self.repeat_depth += 1
            elif kind == "end_repeat":
                self.repeat_depth = max(0, self.repeat_depth - 1)
            elif self.repeat_depth:
                self.refuse(number, row, "it is inside a repeated group")
            elif kind == "begin_group":
                self.begin_group(number, row)
            elif kind == "end_group":
                self.end_group()
            else:
                self.question(number, row)
        self.finish_page()
        for page in self.pages:
            if not page.get("title"):
                page.pop("title", None)
                if len(page["questions"]) > 1:
                    page["title"] = page["key"].replace("-", " ").capitalize()

    def translations(self) -> dict[str, Any]:
        """Each other language's labels, hints and messages, as draft translations."""
        translations: dict[str, Any] = {}
        for code in self.languages.others:
            questions: dict[str, Any] = {}
            pages: dict[str, str] = {}
            for page in self.pages:
                title = self.languages.texts(self.page_rows.get(page["key"], {}), "label")
                if page.get("title") and title.get(code):
                    pages[page["key"]] = title[code]
                for question in page["questions"]:
                    row, list_name = self.question_rows[question["key"]]
                    words = {}
                    for column, name in (
                        ("label", "text"),
                        ("hint", "hint"),
                        ("required_message", "error_required"),
                    ):
                        text = self.languages.texts(row, column).get(code)
                        if text and question.get(name):
                            words[name] = text
                        elif text and question["key"] not in self.untranslatable:
                            self.untranslatable.add(question["key"])
                            self.refused.append(
                                f"Question '{question['key']}': its {language_name(code)} "
                                f"{column} was not imported, because it has no English "
                                f"{column} to be a translation of"
                            )
                    choice_rows = {c["name"]: c for _, c in self.choices.get(list_name, [])}
                    options = {}
                    for option in question.get("options", []):
                        texts = self.languages.texts(choice_rows.get(option["value"], {}), "label")
                        if texts.get(code):
                            options[option["value"]] = texts[code]
                    if options:
                        words["options"] = options
                    if words:
                        questions[question["key"]] = words
            translations[code] = {"status": "draft", "questions": questions}
            if pages:
                translations[code]["pages"] = pages
        return translations


def definition_from_xlsform(
    data: bytes,
    *,
    survey_id: str,
    title: str,
    channels: list[str],
    retention_days: int,
    filename: str = "",
) -> XLSFormImport:
    """Map an XLSForm's rows to a definition; rows that cannot be mapped are named, not kept.

    The id, channels and retention come from the survey being edited (XLSForm has no
    channels). For a new survey (``survey_id`` empty) the id is made from the settings
    sheet's form_id, else its form_title, else the file name, and the report says how.
    The title is the settings sheet's form_title if it has one.
    """
    _check_size(data)
    check_xlsx(data)
    book, refused = read_xlsform(data)
    check_cells(book)
    if not any(row.get("type") for row in book.get("survey", [])):
        raise DefinitionError(["The spreadsheet needs a sheet called survey with a type column"])
    settings = next((row for row in book.get("settings", []) if row), {})
    notes: list[str] = []
    if survey_id:
        form_id = settings.get("form_id", "")
        if form_id and form_id != survey_id:
            notes.append(
                f"The form_id {form_id} was not used: the draft keeps this survey's "
                f"address {survey_id}"
            )
    else:
        survey_id, note = _new_survey_address(settings, filename)
        notes += [note] if note else []
    if settings.get("form_title"):
        if title and settings["form_title"] != title:
            notes.append(
                f"The survey's title is now '{settings['form_title']}', the settings sheet's "
                f"form_title, instead of '{title}'"
            )
        title = settings["form_title"]
    elif not title:
        title = _file_stem(filename).replace("_", " ").replace("-", " ").strip()
        title = (title[:1].upper() + title[1:]) or "Imported survey"
        notes.append(f"The settings sheet has no form_title, so the survey is called '{title}'")
    left_settings = [
        name for name in settings if name not in {"form_id", "form_title", "default_language"}
    ]
    if left_settings:
        notes.append(
            f"The settings sheet's {' and '.join(left_settings)} "
            f"{'was' if len(left_settings) == 1 else 'were'} not imported: "
            f"{'it tells' if len(left_settings) == 1 else 'they tell'} ODK how to handle the form"
        )
    languages = _languages(book, settings)
    mapping = _Mapping(book, languages)
    mapping.map_rows()
    translations = mapping.translations() if languages.others else {}
    refused += mapping.refused
    if mapping.bookkeeping:
        refused.append(
            f"Columns {', '.join(mapping.bookkeeping)}: KoboToolbox's own record of its rows "
            "and choices, which this service does not need, so they were not imported"
        )
    for language in languages.unknown:
        refused.append(
            f"Columns in '{language}': no language code could be found for it (write it "
            "like Swahili (sw)), so they were not imported"
        )
    if not mapping.pages:
        raise DefinitionError(["No rows of the spreadsheet could be imported", *refused])
    definition: dict[str, Any] = {
        "id": survey_id,
        "title": title[:200],
        "languages": ["en", *languages.others],
        "retention_days": retention_days,
        "channels": channels,
        "pages": mapping.pages,
    }
    check_question_count(definition)
    if translations:
        definition["translations"] = translations
    notes += _language_notes(languages, settings.get("default_language", ""))
    return XLSFormImport(definition=definition, refused=refused, notes=notes)
