"""Table downloads: the section's own suppressed frame, as CSV or Excel, and nothing else."""

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUPPRESSION_NOTE = (
    "Every count is adjusted by -3 to +3 by the cell key method (the method of the ONS's "
    "Census 2021 flexible tables), the same way on every page and download, so no view can "
    "be subtracted from another to find a small group; percentages come from the adjusted "
    "counts. [c] means the figure is hidden: fewer than {threshold} people answered."
)
METHOD_NOTE = (
    "Satisfied = very or fairly satisfied, as a share of all answers except Don't know. "
    "Intervals are 95% Wilson score intervals. Groups are compared with everyone else by a "
    "two-proportion z-test at the 5% level."
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(spreadsheet_safe)


def table_file(section, extension: str, *, title: str, threshold: int) -> tuple[io.BytesIO, str]:
    frame = safe_frame(section.export)
    if extension == "csv":
        payload = io.BytesIO(frame.to_csv(index=False).encode("utf-8-sig"))
    else:
        payload = _workbook(frame, section.heading, title, threshold)
    payload.seek(0)
    return payload, FORMATS[extension]


def _workbook(frame: pd.DataFrame, heading: str, title: str, threshold: int) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table"
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(value) else value for value in row])
    notes = workbook.create_sheet("Notes")
    for line in (
        title,
        heading,
        METHOD_NOTE,
        SUPPRESSION_NOTE.format(threshold=threshold),
    ):
        notes.append([line])
    payload = io.BytesIO()
    workbook.save(payload)
    return payload
