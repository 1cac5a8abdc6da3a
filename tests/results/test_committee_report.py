"""The committee report: the printed page and the Word document hold the same content, with
suppression exactly as on the results pages."""

import io
from datetime import date

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from survey_app.extensions import db
from survey_app.models import ProgressUpdate, Recommendation
from survey_app.presenters import Cell, Table, numeric
from survey_app.results.report_docx import (
    CELL_PADDING_MM,
    MM_PER_CHARACTER,
    TEXT_WIDTH_MM,
    column_widths,
)
from tests.results.helpers import add_responses

PERIOD = "start=1&start=1&start=2026&end=30&end=6&end=2026"


@pytest.fixture
def report_data(app):
    # Phone: 12 answers in March, 9 satisfied. Email: 4 answers, fewer than 10, hidden. Face
    # to face (11) is shown: counts are perturbed by the cell key method (record keys of 0
    # here leave counts of 3 and over as they are), so no secondary suppression is needed.
    add_responses(9, channel="phone", overall="very_satisfied", submitted_on=date(2026, 3, 2))
    add_responses(3, channel="phone", overall="very_dissatisfied", submitted_on=date(2026, 3, 3))
    add_responses(4, channel="email", overall="very_satisfied", submitted_on=date(2026, 3, 4))
    add_responses(
        11, channel="face-to-face", overall="very_satisfied", submitted_on=date(2026, 3, 5)
    )
    add_responses(
        12,
        channel="letter",
        overall="fairly_satisfied",
        submitted_on=date(2026, 4, 4),
        comment="Call me on 020 8424 1881 about it",
    )
    item = Recommendation(
        reference="CC 2026/27 03",
        text="Answer phone calls within 30 seconds.",
        directorate="Resources",
        lead_officer="Head of Access Harrow",
        committee="Overview and Scrutiny Committee",
        committee_date=date(2026, 3, 18),
        status="amber",
        response="accepted",
        response_body="Cabinet",
        response_date=date(2026, 4, 13),
    )
    item.updates.append(
        ProgressUpdate(
            author_name="Officer",
            written_on=date(2026, 6, 1),
            text="Call-back piloted.",
            status="amber",
        )
    )
    db.session.add(item)
    db.session.flush()


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_the_word_report_holds_period_method_tables_and_recommendations(
    app, reviewer, client_request, report_data
):
    response = client_request.client.get(f"/results/report.docx?{PERIOD}")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.data))
    text = docx_text(document)
    assert "Responses from 1 January 2026 to 30 June 2026" in text
    assert "Method" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Suppression: a figure from fewer than 10 people is not shown" in text
    assert "Customer Care Scrutiny Review" in text
    # Satisfaction by channel: phone 9 of 12 = 75%, email hidden.
    by_channel = next(t for t in document.tables if t.rows[0].cells[0].text == "Channel")
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in by_channel.rows}
    assert rows["Phone"][1] == "75%", rows
    assert rows["Phone"][6] == "12"
    assert rows["Email"][1] == "[c]"
    assert rows["Face to face"][1] == "100%"
    # Every table's first row is a header row that repeats on each page.
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    recommendations = document.tables[-1]
    assert [c.text for c in recommendations.rows[1].cells] == [
        "CC 2026/27 03",
        "Answer phone calls within 30 seconds.",
        "Resources; lead officer Head of Access Harrow",
        "Accepted (Cabinet, 13 April 2026)",
        "1 June 2026: Call-back piloted.",
        "Amber",
    ]
    assert "The charts are not included in this copy" in text
    footer = document.sections[0].footer.paragraphs[0].text
    assert "Responses from 1 January 2026 to 30 June 2026" in footer


def test_the_word_report_draws_charts_with_alternative_text(
    app, reviewer, client_request, report_data, monkeypatch
):
    monkeypatch.setitem(app.config, "REPORT_CHART_IMAGES", True)
    response = client_request.client.get(f"/results/report.docx?{PERIOD}")
    document = Document(io.BytesIO(response.data))
    shapes = document.inline_shapes
    assert len(shapes) >= 3, docx_text(document)[-400:]
    alts = [shape._inline.docPr.get("descr") for shape in shapes]
    assert all(alt.startswith("Chart: ") for alt in alts)
    assert any("Satisfaction with this contact, by channel" in alt for alt in alts)
    assert "The charts are not included" not in docx_text(document)


def test_chosen_comments_are_redacted_in_both_formats(app, reviewer, client_request, report_data):
    page = client_request.get(f"/results/report?{PERIOD}")
    assert "Choose comments for the report" in page.html
    assert "020 8424 1881" not in page.html
    comment_id = page.html.split('name="comment" type="checkbox" value="')[1].split('"')[0]
    page = client_request.get(f"/results/report?{PERIOD}&comment={comment_id}")
    assert "Comments chosen by the review group" in page.html
    response = client_request.client.get(f"/results/report.docx?{PERIOD}&comment={comment_id}")
    text = docx_text(Document(io.BytesIO(response.data)))
    assert "Call me on" in text
    assert "020 8424 1881" not in text
    assert "Letter, Council Tax, April 2026" in text


def test_comments_from_outside_the_view_are_never_shown(app, reviewer, client_request, report_data):
    page = client_request.get(f"/results/report?{PERIOD}&channel=phone&comment=1&comment=2")
    assert "Fewer than 10 residents left a comment" in page.html


def test_bad_filters_on_the_word_report_get_a_govuk_error(reviewer, client_request):
    page = client_request.get("/results/report.docx?start=13&start=2026")
    assert page.title.startswith("Error: ")
    assert "Start month must be a real month" in page.html


def test_word_table_columns_fit_their_longest_word_and_fill_the_page():
    table = Table(
        "Satisfaction by channel",
        head=[Cell("Channel"), numeric("Dissatisfied"), numeric("Net")],
        rows=[
            [Cell("Website and online forms"), numeric("23%"), numeric("+42")],
            [Cell("Phone"), numeric("36%"), numeric("+17")],
        ],
    )
    widths = column_widths(table)
    assert sum(widths) == pytest.approx(TEXT_WIDTH_MM)
    # "Dissatisfied" is 12 characters: at least 12 x 1.75 mm and the cell's margins.
    assert widths[1] >= 12 * MM_PER_CHARACTER + CELL_PADDING_MM
    assert widths[2] >= 3 * MM_PER_CHARACTER + CELL_PADDING_MM
    # The column with the most to say gets the most room.
    assert widths[0] == max(widths)


def test_word_tables_keep_rows_whole_and_put_figures_on_the_right(
    app, reviewer, client_request, report_data
):
    response = client_request.client.get(f"/results/report.docx?{PERIOD}")
    document = Document(io.BytesIO(response.data))
    grid = document.tables[0]
    for row in grid.rows[1:]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert grid.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert grid.rows[1].cells[0].paragraphs[0].alignment is None
