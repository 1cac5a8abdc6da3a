"""Bounds every uploaded survey file is held to before, and while, it is parsed.

An admin's upload is still untrusted input: a stolen admin cookie, or a file passed on by
someone else, can carry a YAML alias bomb (400 bytes that expand to millions of nodes), JSON
nested 20,000 deep, a 5,000-digit number, a spreadsheet whose XML declares entities (billion
laughs, external files), a zip bomb, or 16,000 rows. Each is refused here with a sentence
the admin can act on, in well under a second, before anything slow runs:

- YAML and JSON go through ``BoundedLoader``: no anchors or aliases, keys only scalars,
  nesting at most ``MAX_DEPTH`` deep, integers at most ``MAX_INTEGER_DIGITS`` digits.
- An ``.xlsx`` is opened as a zip and checked member by member (count, declared and
  uncompressed size, compression ratio), every XML part is refused if it has a DOCTYPE or
  ENTITY declaration (Excel never writes one; openpyxl also reads through ``defusedxml``),
  and the sheets' row and column numbers are bounded, all before openpyxl parses anything.
- The definition that results has at most ``MAX_QUESTIONS`` questions.
"""

import io
import re
import zipfile

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.nodes import ScalarNode

from survey_app.services.definitions import DefinitionError, iter_questions

MAX_DEPTH = 32
MAX_INTEGER_DIGITS = 15
MAX_QUESTIONS = 300
MAX_ZIP_MEMBERS = 200
MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_SHEET_ROWS = 2000
MAX_COLUMN_LETTERS = 2  # columns A to ZZ
MAX_CELL_CHARACTERS = 4000

DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
ROW_NUMBER = re.compile(rb"<row\b[^>]*?\br=\"(\d+)\"")
CELL_REFERENCE = re.compile(rb"<c\b[^>]*?\br=\"([A-Za-z]+)(\d+)\"")
ROW_TAG = re.compile(rb"<row\b")


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without the features a survey definition never needs and an
    attacker does: aliases, anchors, non-scalar keys, deep nesting, huge integers."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        if getattr(event, "anchor", None):
            raise ComposerError(None, None, "anchors (&name) are not allowed", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None, None, f"it is nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        for key_node, _value in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    None, None, "a key must be a plain word or number", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        digits = sum(character.isdigit() for character in str(node.value))
        if digits > MAX_INTEGER_DIGITS:
            raise ConstructorError(
                None,
                None,
                f"a number has more than {MAX_INTEGER_DIGITS} digits",
                node.start_mark,
            )
        return super().construct_yaml_int(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)


def load_bounded_yaml(text: str):
    """``yaml.safe_load`` within the bounds above (JSON is YAML, so JSON files too)."""
    loader = BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def check_question_count(definition) -> None:
    if not isinstance(definition, dict) or not isinstance(definition.get("pages"), list):
        return  # the schema check names what is missing
    try:
        count = sum(1 for _ in iter_questions(definition))
    except (KeyError, TypeError):
        return
    if count > MAX_QUESTIONS:
        raise DefinitionError(
            [f"The survey has {count} questions: a survey can have at most {MAX_QUESTIONS}"]
        )


def _refuse(problem: str) -> DefinitionError:
    return DefinitionError([f"The selected spreadsheet cannot be imported: {problem}"])


def _xml_text(raw: bytes) -> bytes:
    """The part's bytes, re-encoded as UTF-8 when saved as UTF-16, so a declaration cannot
    hide behind an encoding."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) > 1 and b"\x00" in raw[:4]):
        try:
            return raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise _refuse("one of its parts is not readable text") from error
    return raw


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook that could exhaust memory or time, before openpyxl opens it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise DefinitionError(
            ["The selected file could not be read as an XLSForm spreadsheet (.xlsx)"]
        ) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse(f"it has more than {MAX_ZIP_MEMBERS} parts")
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            f"it would be more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB once uncompressed"
        )
    with archive:
        for member in members:
            if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1) and (
                member.file_size > 64 * 1024
            ):
                raise _refuse("it is compressed far more than a spreadsheet can be")
            if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                # Never more than the size the zip declares, which is bounded above.
                raw = archive.read(member)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
                raise _refuse("one of its parts is damaged") from error
            text = _xml_text(raw)
            if DECLARATION.search(text):
                raise _refuse(
                    "it contains an XML DOCTYPE or ENTITY declaration, which spreadsheets "
                    "saved by Excel or LibreOffice never have"
                )
            if member.filename.lower().startswith("xl/worksheets/"):
                _check_sheet(text)


def _check_sheet(text: bytes) -> None:
    too_many = f"a sheet has more than {MAX_SHEET_ROWS} rows"
    if len(ROW_TAG.findall(text)) > MAX_SHEET_ROWS:
        raise _refuse(too_many)
    if any(int(number) > MAX_SHEET_ROWS for number in ROW_NUMBER.findall(text)):
        raise _refuse(too_many)
    for letters, number in CELL_REFERENCE.findall(text):
        if len(letters) > MAX_COLUMN_LETTERS:
            raise _refuse("a sheet uses columns beyond ZZ")
        if int(number) > MAX_SHEET_ROWS:
            raise _refuse(too_many)


def check_cells(book: dict) -> None:
    """Every cell pyxform read is short enough for the row mapping to stay fast."""
    for sheet, rows in book.items():
        if not isinstance(rows, list):
            continue
        if len(rows) > MAX_SHEET_ROWS:
            raise _refuse(f"the {sheet} sheet has more than {MAX_SHEET_ROWS} rows")
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                continue
            for value in row.values():
                if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
                    raise _refuse(
                        f"row {index + 2} of the {sheet} sheet has a cell longer than "
                        f"{MAX_CELL_CHARACTERS} characters"
                    )
