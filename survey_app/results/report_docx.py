"""The committee report as a Word document (python-docx), from the same content as the page.

Tables are real Word tables whose header row repeats on every page; charts are PNG images
drawn by Plotly's own static export (kaleido, driving the machine's Chromium), each with
alternative text. If the export cannot run, the document says so and keeps the tables,
which carry the same numbers.
"""

import io
import logging

import plotly.io
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from survey_app.presenters import Table, govuk_date
from survey_app.results.report_content import CHART_HEIGHT, CHART_WIDTH, CommitteeReport

log = logging.getLogger(__name__)
MARGIN_MM = 20
TEXT_WIDTH_MM = 210 - 2 * MARGIN_MM
TABLE_FONT = Pt(8.5)
# About how wide one character of 8.5 pt Arial bold is, in millimetres.
MM_PER_CHARACTER = 1.75
# Word's default cell margins, left and right, with a little to spare.
CELL_PADDING_MM = 5
NO_CHARTS = (
    "The charts are not included in this copy: the server could not draw them ({reason}). "
    "Every chart's figures are in the table under its heading."
)


class ChartDrawer:
    """Draws figures to PNG with kaleido, one Chromium kept open for the whole document."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.problem = "" if enabled else "turned off by the REPORT_CHART_IMAGES setting"
        self._server = False

    def __enter__(self):
        if self.enabled:
            try:
                import kaleido

                kaleido.start_sync_server(silence_warnings=True)
                self._server = True
            except Exception as error:
                self._give_up(error)
        return self

    def __exit__(self, *exc):
        if self._server:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)

    def _give_up(self, error: Exception) -> None:
        log.warning("committee report: charts not drawn: %s", error)
        self.enabled = False
        self.problem = type(error).__name__

    def png(self, figure_json: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            import kaleido

            figure = plotly.io.from_json(figure_json.replace("<\\/", "</"))
            return kaleido.calc_fig_sync(
                figure.to_dict(),
                opts={
                    "format": "png",
                    "width": CHART_WIDTH,
                    "height": figure.layout.height or CHART_HEIGHT,
                    "scale": 2,
                },
            )
        except Exception as error:
            self._give_up(error)
            return None


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    properties.append(OxmlElement("w:cantSplit"))


def _keep_rows_whole(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def column_widths(table: Table, total_mm: float = TEXT_WIDTH_MM) -> list[float]:
    """Each column's share of the page (mm): enough for its longest word, so no word breaks
    across lines ("Dissatisfi / ed"), and the rest in proportion to how much it holds."""
    columns = list(zip(table.head, *table.rows, strict=True))
    longest = [
        max(len(word) for cell in column for word in (cell.text.split() or [""]))
        for column in columns
    ]
    typical = [
        min(sum(len(cell.text) for cell in column[1:]) / max(len(column) - 1, 1), 40)
        for column in columns
    ]
    floors = [MM_PER_CHARACTER * length + CELL_PADDING_MM for length in longest]
    weights = [max(a, b) for a, b in zip(longest, typical, strict=True)]
    spare = max(total_mm - sum(floors), 0)
    share = [spare * weight / sum(weights) for weight in weights]
    widths = [floor + extra for floor, extra in zip(floors, share, strict=True)]
    scale = total_mm / sum(widths)
    return [width * scale for width in widths]


def _cell_text(cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_FONT
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(document, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1, cols=len(table.head), style="Table Grid")
    grid.autofit = False
    for cell, head in zip(grid.rows[0].cells, table.head, strict=True):
        _cell_text(cell, head.text, bold=True, right=head.numeric)
    _repeat_header(grid.rows[0])
    for row in table.rows:
        added = grid.add_row()
        _keep_rows_whole(added)
        for cell, value in zip(added.cells, row, strict=True):
            _cell_text(cell, value.text, right=value.numeric)
    for column, width in zip(grid.columns, column_widths(table), strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _picture(document, png: bytes, alt: str) -> None:
    document.add_picture(io.BytesIO(png), width=Mm(160))
    # The chart stays on the page with its table's caption and first rows.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:100])


def _footer(section, text: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.text = f"{text}. Page "
    run = paragraph.add_run()
    for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


def committee_report_docx(report: CommitteeReport, *, charts: bool = True) -> io.BytesIO:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = f"{report.review}: report to the committee"
    document.core_properties.author = report.council
    _footer(section, f"{report.council}, {report.review}. {report.period}")

    # Title page
    document.add_paragraph(report.council, style="Subtitle")
    document.add_heading(report.review, level=0)
    document.add_paragraph("Report to the Overview and Scrutiny Committee", style="Subtitle")
    document.add_paragraph(f"Period: {report.period}.")
    document.add_paragraph(f"Filters: {report.filters}.")
    document.add_paragraph(f"Produced on {govuk_date(report.produced)}.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Method", level=1)
    for paragraph in report.method:
        document.add_paragraph(paragraph)

    document.add_heading("Headline figures", level=1)
    for question, label in (
        ("overall_satisfaction", "Satisfied with this contact"),
        ("council_satisfaction", "Satisfied with the council"),
    ):
        figures = report.headline[question]
        text = f"{label}: {figures['satisfied']}"
        if figures["shown"]:
            text += f" (95% interval {figures['interval']}; base {figures['base']})"
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph(f"Responses: {report.headline['responses']}", style="List Bullet")

    with ChartDrawer(charts) as drawer:
        for part in report.parts:
            document.add_heading(part.heading, level=1).paragraph_format.keep_with_next = True
            if part.intro:
                document.add_paragraph(part.intro).paragraph_format.keep_with_next = True
            if not part.sections:
                document.add_paragraph("There are no figures to show for this period.")
            for item in part.sections:
                heading = document.add_heading(item.heading, level=2)
                heading.paragraph_format.keep_with_next = True
                summary = item.summary or item.empty_text
                if summary:
                    # Kept with the chart or table after it: never alone at a page's foot.
                    document.add_paragraph(summary).paragraph_format.keep_with_next = True
                if item.figure_json and item.table and item.table.rows:
                    png = drawer.png(item.figure_json)
                    if png:
                        _picture(
                            document,
                            png,
                            f"Chart: {item.heading}. {summary} The table below gives the "
                            "same figures.",
                        )
                if item.table and item.table.rows:
                    _table(document, item.table)
        if not drawer.enabled:
            document.add_paragraph(NO_CHARTS.format(reason=drawer.problem))

    document.add_heading("What residents said", level=1)
    document.add_paragraph(report.comments_note)
    for comment in report.comments:
        document.add_paragraph(comment["text"], style="Intense Quote")
        document.add_paragraph(
            f"{comment['channel']}, {comment['service']}, {comment['month']}", style="Caption"
        )

    document.add_heading("Recommendations and their status", level=1)
    if report.recommendations.rows:
        _table(document, report.recommendations)
    else:
        document.add_paragraph("No recommendations have been recorded yet.")

    payload = io.BytesIO()
    document.save(payload)
    payload.seek(0)
    return payload
