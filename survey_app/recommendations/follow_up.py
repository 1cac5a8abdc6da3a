"""The follow-up report as a Word document: each recommendation, the executive's response,
every progress update and the status now."""

import io
from datetime import date

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from survey_app.presenters import govuk_date
from survey_app.recommendations.presenters import (
    RESPONSE_LABELS,
    STATUS_LABELS,
    measure_rows,
    status_text,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _table(document, head: list[str], rows: list[list[str]]) -> None:
    grid = document.add_table(rows=1, cols=len(head), style="Table Grid")
    for cell, text in zip(grid.rows[0].cells, head, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(header)
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = text


def follow_up_document(items, *, council: str, measures: dict | None = None) -> io.BytesIO:
    measures = measures or {}
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    document.add_heading("Follow-up report on the recommendations", level=0)
    document.add_paragraph(f"{council}, Customer Care Scrutiny Review.")
    document.add_paragraph(f"Produced on {govuk_date(date.today())}.")
    if not items:
        document.add_paragraph("No recommendations have been recorded yet.")
    for item in items:
        document.add_heading(f"{item.reference}: {status_text(item)}", level=1)
        document.add_paragraph(item.text)
        _table(
            document,
            ["Item", "Detail"],
            [
                ["Addressed to", f"{item.directorate}; lead officer {item.lead_officer}"],
                ["Committee", f"{item.committee}, {govuk_date(item.committee_date)}"],
                [
                    "Executive response",
                    f"{RESPONSE_LABELS[item.response]} by {item.response_body}, "
                    f"{govuk_date(item.response_date)}: {item.response_text}"
                    if item.response
                    else "Awaiting response",
                ],
                ["Due", govuk_date(item.due_date) or "Not set"],
                [
                    "Status",
                    status_text(item) + (f": {item.status_reason}" if item.status_reason else ""),
                ],
            ],
        )
        document.add_heading("Measure", level=2)
        figures = measures.get(item.id)
        if figures:
            _table(document, ["Item", "Detail"], measure_rows(figures))
        else:
            document.add_paragraph("No measure is named.")
        document.add_heading("Actions and progress", level=2)
        if item.updates:
            _table(
                document,
                ["Date", "By", "Action taken", "Status"],
                [
                    [govuk_date(u.written_on), u.author_name, u.text, STATUS_LABELS[u.status]]
                    for u in item.updates
                ],
            )
        else:
            document.add_paragraph("No progress has been reported yet.")
    payload = io.BytesIO()
    document.save(payload)
    payload.seek(0)
    return payload
