"""The tracker as CSV or Excel, in the columns councils' trackers use."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from survey_app.recommendations.presenters import EXPORT_COLUMNS
from survey_app.results.exports import FORMATS, spreadsheet_safe


def tracker_file(rows: list[list[str]], extension: str) -> tuple[io.BytesIO, str]:
    safe = [[spreadsheet_safe(value) for value in row] for row in rows]
    if extension == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(safe)
        payload = io.BytesIO(text.getvalue().encode("utf-8-sig"))
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Recommendations"
        sheet.append(EXPORT_COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in safe:
            sheet.append(row)
        for column, width in zip("ABCDEFGHI", (16, 28, 16, 28, 60, 16, 24, 60, 12), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        payload = io.BytesIO()
        workbook.save(payload)
    payload.seek(0)
    return payload, FORMATS[extension]
