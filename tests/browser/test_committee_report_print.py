"""The committee report printed as a scrutiny officer would: Chromium's print to PDF, A4.

Every chart's full width is inside the page, every page carries the period and its number
(Chromium's print header and footer: the page's title holds the period), the title page
stands alone, and links print as text, never as relative addresses.
"""

import io
import os
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from survey_app.demo.data import generate_demo_responses, generate_demo_shops
from survey_app.extensions import db
from survey_app.models import Recommendation
from survey_app.services.standards import load_service_standards

SLOW_PAGE_MS = 90_000
A4_WIDTH_MM, MARGIN_MM = 210, 15
# The printed text column: 180 mm at 96 CSS pixels to the inch.
CONTENT_PX = (A4_WIDTH_MM - 2 * MARGIN_MM) / 25.4 * 96
PERIOD = "start=1&start=1&start=2025&end=31&end=12&end=2026"
PERIOD_TEXT = "Responses from 1 January 2025 to 31 December 2026"
# Chromium's print header and footer, as its print dialog shows them: the page's title
# (which holds the period) and the page number.
HEADER = '<div style="font-size:8pt;margin-left:15mm"><span class="title"></span></div>'
FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:right;margin-right:15mm">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


@pytest.fixture
def report_data(live_server):
    with live_server.app.app_context():
        load_service_standards()
        generate_demo_responses(600)
        generate_demo_shops(40)
        db.session.add(
            Recommendation(
                reference="CC 2026/27 01",
                text="Answer phone calls within 30 seconds.",
                directorate="Resources",
                lead_officer="Head of Access Harrow",
                committee="Overview and Scrutiny Committee",
                committee_date=date(2026, 3, 18),
            )
        )
        db.session.commit()


def _open_report(page, live_server, sign_in):
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/results/report?{PERIOD}")
    charts = page.locator(".app-report-chart")
    assert charts.count() >= 5
    for number in range(charts.count()):
        charts.nth(number).and_(page.locator(".app-report-chart--drawn")).wait_for()
    return charts


def test_the_report_page_is_accessible(live_server, page, sign_in, assert_accessible, report_data):
    _open_report(page, live_server, sign_in)
    assert_accessible(page, "committee-report")


def test_every_chart_fits_the_a4_page_in_print(live_server, page, sign_in, report_data):
    charts = _open_report(page, live_server, sign_in)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(CONTENT_PX), "height": 1100})
    page.wait_for_timeout(200)
    for number in range(charts.count()):
        chart = charts.nth(number)
        box = chart.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= CONTENT_PX + 0.5, f"chart {number} is cut off: {box}"
        assert box["width"] >= 0.9 * CONTENT_PX, f"chart {number} is not scaled to the page"
        for svg in chart.locator("svg.main-svg").all():
            inner = svg.bounding_box()
            assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5
        # Drawn content (bars, error bars, the last axis label) is inside the chart too.
        right = chart.evaluate(
            "el => Math.max(...[...el.querySelectorAll('svg.main-svg *')]"
            ".map(n => n.getBoundingClientRect?.().right || 0))"
        )
        assert right <= box["x"] + box["width"] + 1, f"chart {number} draws past its box"


MM = 72 / 25.4
PAGE_HEIGHT_PT = 297 * MM
TOP_MARGIN_PT, BOTTOM_MARGIN_PT = 15 * MM, 18 * MM
# How full a page must be (its lowest line of text, as a share of the printed column) not
# to count as half empty; the title page and the last page are left out.
HALF_EMPTY = 0.5
MOST_HALF_EMPTY_PAGES = 2


def printed_lines(pdf_page) -> list[tuple[float, str]]:
    """Each piece of text in a page's printed column with its height from the foot of the
    page (points), lowest first: the print header and footer are in the margins, outside."""
    pieces = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            pieces.append((tm[5] * cm[3] + cm[5], text.strip()))

    pdf_page.extract_text(visitor_text=visit)
    column = [
        (y, text) for y, text in pieces if BOTTOM_MARGIN_PT < y < PAGE_HEIGHT_PT - TOP_MARGIN_PT
    ]
    return sorted(column)


def foot_of(lines: list[tuple[float, str]]) -> list[str]:
    """The text on a page's lowest line (pieces within 3 points of the lowest)."""
    if not lines:
        return []
    lowest = min(y for y, _text in lines)
    return [text for y, text in sorted(lines) if y - lowest < 3]


def fullness(lines: list[tuple[float, str]]) -> float:
    """How far down the printed column the page's text reaches, from 0 to 1."""
    if not lines:
        return 0.0
    top, bottom = PAGE_HEIGHT_PT - TOP_MARGIN_PT, BOTTOM_MARGIN_PT
    return (top - min(y for y, _text in lines)) / (top - bottom)


def table_tops(page) -> list[str]:
    """Every report table's caption and header cells, as printed."""
    return page.eval_on_selector_all(
        "table.app-report-table",
        "tables => tables.flatMap(t => [...t.querySelectorAll('caption, thead th')]"
        ".map(e => e.innerText.replace(/\\s+/g, ' ').trim()))",
    )


def orphaned_table_tops(lines_by_page, tops: list[str]) -> list[tuple[int, list[str]]]:
    """Pages whose lowest line is only a table's caption or header row: no body row after
    it on that page."""
    orphans = []
    for number, lines in enumerate(lines_by_page, start=1):
        foot = foot_of(lines)
        if foot and all(any(text in top for top in tops) for text in foot):
            orphans.append((number, foot))
    return orphans


def test_the_orphan_check_sees_a_caption_at_the_foot_of_a_page():
    tops = ["Satisfaction by age", "Age", "Satisfied", "95% interval", "Base (n)"]
    caption_last = [(300.0, "Satisfaction by age"), (500.0, "Some words")]
    header_last = [
        (120.0, "Age"),
        (121.0, "95%"),
        (118.5, "Base (n)"),
        (140.0, "Satisfaction by age"),
    ]
    row_last = [(100.0, "16 to 24"), (101.0, "62%"), (120.0, "Age")]
    assert orphaned_table_tops([caption_last, header_last, row_last], tops) == [
        (1, ["Satisfaction by age"]),
        (2, ["Base (n)", "Age", "95%"]),
    ]
    assert fullness([(BOTTOM_MARGIN_PT, "x")]) == pytest.approx(1)


def test_the_printed_report_fits_a4_with_period_and_page_numbers(
    live_server, page, sign_in, report_data
):
    _open_report(page, live_server, sign_in)
    page.emulate_media(media="print")
    tops = table_tops(page)
    assert "Satisfaction with this contact, by ethnic group (19 categories)" in tops
    pdf = page.pdf(
        format="A4",
        print_background=True,
        display_header_footer=True,
        header_template=HEADER,
        footer_template=FOOTER,
        prefer_css_page_size=True,
    )
    if os.environ.get("BROWSER_ARTIFACTS"):
        Path(os.environ["BROWSER_ARTIFACTS"], "committee-report.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    lines = [
        [line.strip() for line in p.extract_text().splitlines() if line.strip()]
        for p in reader.pages
    ]
    pages = [re.sub(r"\s+", " ", " ".join(page_lines)) for page_lines in lines]
    headings = set(page.locator("h2, h3").all_inner_texts())
    for number, page_lines in enumerate(lines, start=1):
        body = [line for line in page_lines if not line.startswith(("Page ", "Customer care"))]
        assert body[-1] not in headings, f"page {number} ends with the heading {body[-1]!r}"
    total = len(pages)
    assert 4 <= total <= 30
    # No table's caption or header row is left at the foot of a page without a row.
    lines_by_page = [printed_lines(pdf_page) for pdf_page in reader.pages]
    assert orphaned_table_tops(lines_by_page, tops) == []
    # Few half-empty pages: a table runs on under its chart rather than jumping a page.
    full = [fullness(lines) for lines in lines_by_page]
    print(f"{total} pages; fullness: " + ", ".join(f"{n}: {f:.0%}" for n, f in enumerate(full, 1)))
    half_empty = [n for n, f in enumerate(full[1:-1], start=2) if f < HALF_EMPTY]
    assert len(half_empty) <= MOST_HALF_EMPTY_PAGES, f"half-empty pages: {half_empty}"
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text, f"page {number}: {text[:300]}"
        assert PERIOD_TEXT in text, f"page {number} does not say the period"
        # Links print as their text: no relative address in brackets after them.
        assert "(/results" not in text
        assert "(/recommendations" not in text
    for box in reader.pages[0].mediabox[2:]:
        assert float(box) in (pytest.approx(595.3, abs=1), pytest.approx(841.9, abs=1))
    # The title page stands alone; the method starts the next page.
    assert "Customer care review: results for the committee" in pages[0]
    assert pages[1].lstrip().split(" ")[0:1] != []
    assert "Method" in pages[1]
    everything = " ".join(pages)
    for heading in (
        "Satisfaction by channel",
        "Services",
        "Equality findings",
        "Mystery shopping: the scorecard",
        "Residents' view and councillors' findings",
        "What residents said",
        "Recommendations and their status",
        "CC 2026/27 01",
    ):
        assert heading in everything, heading
