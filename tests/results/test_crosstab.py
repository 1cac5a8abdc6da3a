"""The cross-tab page: channel by disability for a quarter, and comparing two groups.

Record keys are 0 (see ``tests.results.helpers``), so counts of 3 and more are published
unchanged. October to December 2026: phone 30 disabled (24 satisfied) and 20 not disabled
(10 satisfied); website 20 disabled (8 satisfied) and 25 not disabled (20 satisfied). In
September, 40 more phone callers who must not count.
"""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response
from tests.results.helpers import add_responses
from tests.results.test_other_evidence_data import answer_equality
from tests.results.test_pages import table_rows

QUARTER = "period=q-2026-4"
HEADING = "Cross-tab of % satisfied with this contact: October to December 2026 (quarter 4)"
CAPTION = f"{HEADING}: channel by disability"
TABLE = "satisfied-overall-satisfaction-channel-by-disability"


def _add(count, channel, overall, disabled, day=date(2026, 11, 3)):
    add_responses(count, channel=channel, overall=overall, submitted_on=day)
    newest = db.session.scalars(select(Response).order_by(Response.id.desc()).limit(count)).all()
    answer_equality(
        newest,
        disability_condition="yes" if disabled else "no",
        disability_reduces_activities="a_lot" if disabled else None,
    )


@pytest.fixture
def quarter(app):
    _add(24, "phone", "very_satisfied", True)
    _add(6, "phone", "very_dissatisfied", True)
    _add(10, "phone", "fairly_satisfied", False)
    _add(10, "phone", "neither", False)
    _add(8, "website", "very_satisfied", True)
    _add(12, "website", "neither", True)
    _add(20, "website", "very_satisfied", False)
    _add(5, "website", "very_dissatisfied", False)
    _add(40, "phone", "very_dissatisfied", True, day=date(2026, 9, 20))


def test_channel_by_disability_for_a_quarter(reviewer, client_request, quarter):
    page = client_request.get(f"/results/crosstab?rows=channel&columns=disability&{QUARTER}")
    assert page.heading == HEADING
    assert f"<title>{HEADING}" in page.html
    rows = table_rows(page.html, CAPTION)
    # Each cell: the percentage, its 95% Wilson interval and its base. 10 of 20 satisfied:
    # z² / n = 0.19207, half-width 1.96 x √(0.0125 + 0.0024) / 1.19207 = 0.2007: 30% to 70%.
    assert rows["Phone"][1] == "50% (30% to 70%, n=20)"
    assert rows["Phone"][0].startswith("80% (")
    assert rows["Phone"][0].endswith(", n=30)")
    assert rows["Website and online forms"][:2][0].startswith("40% (")
    # Margins: 50 phone (34 satisfied = 68%); everyone 95 (62 = 65%).
    assert rows["Phone"][-1].startswith("68% (")
    assert rows["All"][-1].endswith(", n=95)")
    assert "65% of 95 people were satisfied with their contact" in page.html
    assert f'data-chart-for="{TABLE}-chart"' in page.html
    assert "rows=channel" in page.html
    assert f"download={TABLE}.csv" in page.html


def test_the_downloads_name_the_quarter(reviewer, client, client_request, quarter):
    query = f"rows=channel&columns=disability&{QUARTER}"
    response = client.get(f"/results/crosstab?{query}&download={TABLE}.csv")
    assert response.status_code == 200
    assert f"filename={TABLE}-2026-q4.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Channel", "Disability", "Satisfied (%)"]
    assert rows[1][:3] == ["Phone", "Disabled", "80.0"]
    response = client.get(f"/results/crosstab?{query}&channel=phone&download={TABLE}.xlsx")
    assert f"filename={TABLE}-phone-2026-q4.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.get_data()))
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True)]
    assert notes[0] == f"{HEADING}, Phone"
    table = [list(row) for row in workbook["Table"].iter_rows(values_only=True)]
    # Numbers are stored as numbers.
    assert table[1][2] == 80.0
    assert table[1][6] == 30


def test_comparing_phone_with_the_website_for_each_disability_group(
    reviewer, client_request, quarter
):
    page = client_request.get(
        f"/results/crosstab?rows=disability&columns=channel&first=Phone"
        f"&second=Website+and+online+forms&{QUARTER}"
    )
    caption = f"{HEADING}: is the difference between Phone and Website and online forms real?"
    rows = table_rows(page.html, caption)
    # Disabled: 24/30 = 80% against 8/20 = 40%: 40 points, clear even after Holm.
    assert rows["Disabled"][:3] == ["80%", "40%", "+40"]
    assert "Phone is higher by 40 points, a real difference" in rows["Disabled"][-1]
    # Not disabled: 10/20 = 50% against 20/25 = 80%.
    assert rows["Not disabled"][:3] == ["50%", "80%", "-30"]
    assert "Holm" in page.html


def test_two_equality_characteristics_are_refused(reviewer, client_request, quarter):
    page = client_request.get("/results/crosstab?rows=disability&columns=sex")
    assert "can only be crossed with channel, service, period" in page.html


def test_a_sparse_table_is_refused(reviewer, client_request, app):
    add_responses(4, channel="phone", submitted_on=date(2026, 11, 3))
    add_responses(3, channel="email", submitted_on=date(2026, 11, 3))
    page = client_request.get("/results/crosstab?rows=channel&columns=mode")
    assert "This table cannot be shown" in page.html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rows=channel&columns=channel", "Select a different split for the columns"),
        ("rows=shoe-size&columns=channel", "Select what the rows show"),
        ("rows=channel&columns=disability&first=Mars&second=Disabled", "Select a group from"),
        ("rows=channel&columns=disability&first=Disabled", "Select two groups to compare"),
        ("rows=channel&columns=disability&period=q-2026-9", "Select a period from the list"),
    ],
)
def test_bad_choices_get_an_error_not_a_crash(reviewer, client_request, quarter, query, message):
    page = client_request.get(f"/results/crosstab?{query}")
    assert message in page.html


def test_a_filtered_page_names_its_filters(reviewer, client_request, quarter):
    page = client_request.get(f"/results/?{QUARTER}&channel=phone")
    assert page.heading == "Results: October to December 2026 (quarter 4), Phone"
    assert "<title>Results: October to December 2026 (quarter 4), Phone" in page.html
