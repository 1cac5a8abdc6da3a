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


def test_the_printed_report_fits_a4_with_period_and_page_numbers(
    live_server, page, sign_in, report_data
):
    _open_report(page, live_server, sign_in)
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
