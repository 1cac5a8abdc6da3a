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


# The same quarter, other measures. Dissatisfied: phone disabled 6 of 30 (20%), phone not
# disabled 0 of 20, website disabled 0 of 20, website not disabled 5 of 25; 11 of 95 in all.


def _csv(response):
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_percent_dissatisfied(reviewer, client, client_request, quarter):
    query = f"measure=dissatisfied&rows=channel&columns=disability&{QUARTER}"
    page = client_request.get(f"/results/crosstab?{query}")
    heading = "Cross-tab of % dissatisfied with this contact: October to December 2026 (quarter 4)"
    assert page.heading == heading
    rows = table_rows(page.html, f"{heading}: channel by disability")
    # 0 of 20: Wilson runs from 0 to z² / (n + z²) = 3.8415 / 23.8415 = 16%.
    assert rows["Phone"][1] == "0% (0% to 16%, n=20)"
    assert rows["Phone"][0].startswith("20% (")
    assert "12% of 95 people were dissatisfied with their contact" in page.html
    table = "dissatisfied-overall-satisfaction-channel-by-disability"
    response = client.get(f"/results/crosstab?{query}&download={table}.csv")
    assert f"filename={table}-2026-q4.csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Channel",
        "Disability",
        "Dissatisfied (%)",
        "Dissatisfied 95% interval from (%)",
        "Dissatisfied 95% interval to (%)",
        "Dissatisfied (n)",
        "Base (n)",
    ]
    assert rows[1][:3] == ["Phone", "Disabled", "20.0"]
    assert rows[1][-2:] == ["6", "30"]


def test_comparing_two_groups_on_percent_dissatisfied(reviewer, client_request, quarter):
    page = client_request.get(
        f"/results/crosstab?measure=dissatisfied&rows=disability&columns=channel&first=Phone"
        f"&second=Website+and+online+forms&{QUARTER}"
    )
    heading = "Cross-tab of % dissatisfied with this contact: October to December 2026 (quarter 4)"
    rows = table_rows(
        page.html, f"{heading}: is the difference between Phone and Website and online forms real?"
    )
    # Disabled: 6 of 30 (20%) against 0 of 20 (0%); not disabled 0 of 20 against 5 of 25.
    assert rows["Disabled"][:3] == ["20%", "0%", "+20"]
    assert rows["Not disabled"][:3] == ["0%", "20%", "-20"]
    assert "Phone 20% dissatisfied, Website and online forms 0%" in rows["Disabled"][-1]


def test_net_satisfaction_with_its_interval(reviewer, client, client_request, quarter):
    query = f"measure=net&rows=channel&columns=disability&{QUARTER}"
    page = client_request.get(f"/results/crosstab?{query}")
    heading = (
        "Cross-tab of net satisfaction with this contact: October to December 2026 (quarter 4)"
    )
    assert page.heading == heading
    rows = table_rows(page.html, f"{heading}: channel by disability")
    # Phone, disabled: 80% - 20% = +60; Var = (0.8 + 0.2 - 0.6²) / 30 = 0.021333, standard
    # error 0.146059, 1.96 of them 0.2863: +31 to +89. Phone, not disabled: 50% - 0% = +50;
    # Var = (0.5 - 0.25) / 20 = 0.0125, spread 0.2191: +28 to +72.
    assert rows["Phone"][:2] == ["+60 (+31 to +89, n=30)", "+50 (+28 to +72, n=20)"]
    # Everyone: 62 and 11 of 95, 65.26% - 11.58% = +53.68; Var = (0.76842 - 0.28820) / 95 =
    # 0.005055, spread 0.13935: +40 to +68.
    assert rows["All"][-1] == "+54 (+40 to +68, n=95)"
    assert (
        "Net satisfaction with their contact was +54 points in this view: 65% satisfied "
        "minus 12% dissatisfied, of 95 people (95% interval +40 to +68)." in page.html
    )
    table = "net-overall-satisfaction-channel-by-disability"
    response = client.get(f"/results/crosstab?{query}&channel=phone&download={table}.csv")
    assert f"filename={table}-phone-2026-q4.csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][2:] == [
        "Net satisfaction (points)",
        "Net 95% interval from (points)",
        "Net 95% interval to (points)",
        "Satisfied (n)",
        "Dissatisfied (n)",
        "Base (n)",
    ]
    assert rows[1][:3] == ["Phone", "Disabled", "60.0"]
    assert rows[1][-3:] == ["24", "6", "30"]
    response = client.get(f"/results/crosstab?{query}&download={table}.xlsx")
    assert f"filename={table}-2026-q4.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert next(workbook["Notes"].iter_rows(values_only=True))[0] == heading
    sheet = [list(row) for row in workbook["Table"].iter_rows(values_only=True)]
    assert sheet[1][2] == 60.0


def test_net_satisfaction_with_the_council(reviewer, client_request, quarter):
    # Everyone answered "neither" about the council: 0% - 0% = +0, an interval of no width.
    page = client_request.get(
        f"/results/crosstab?measure=net&question=council_satisfaction&rows=channel"
        f"&columns=disability&{QUARTER}"
    )
    heading = "Cross-tab of net satisfaction with the council: October to December 2026 (quarter 4)"
    assert page.heading == heading
    rows = table_rows(page.html, f"{heading}: channel by disability")
    assert rows["All"][-1] == "+0 (+0 to +0, n=95)"


def test_net_and_distributions_say_why_they_are_not_compared(reviewer, client_request, quarter):
    for measure in ("net", "distribution"):
        page = client_request.get(
            f"/results/crosstab?measure={measure}&rows=disability&columns=channel"
            f"&first=Phone&second=Website+and+online+forms&{QUARTER}"
        )
        assert "Comparing two groups is offered for % satisfied and % dissatisfied only" in (
            page.html
        )
        assert "is the difference between" not in page.html


def test_every_answer_to_a_question(reviewer, client, client_request, quarter):
    query = (
        "measure=distribution&question=overall_satisfaction&rows=channel&columns=disability"
        f"&{QUARTER}"
    )
    page = client_request.get(f"/results/crosstab?{query}")
    heading = (
        "Cross-tab of answers to “Overall, how satisfied or dissatisfied are you with this "
        "contact with the council?”: October to December 2026 (quarter 4)"
    )
    assert page.heading == heading
    rows = table_rows(page.html, f"{heading}: channel by disability")
    # One row per channel and answer, in the question's order; each cell its own base.
    # Phone, not disabled: 10 fairly satisfied and 10 neither of 20.
    assert rows["Phone: Fairly satisfied"][1] == "50% (30% to 70%, n=20)"
    assert rows["Phone: Neither satisfied nor dissatisfied"][1] == "50% (30% to 70%, n=20)"
    assert rows["Phone: Very satisfied"][1] == "0% (0% to 16%, n=20)"
    assert rows["Phone: Very satisfied"][0].startswith("80% (")
    labels = [label for label in rows if label.startswith("Phone: ")]
    assert labels[:3] == [
        "Phone: Very satisfied",
        "Phone: Fairly satisfied",
        "Phone: Neither satisfied nor dissatisfied",
    ]
    # Everyone: 52 of 95 very satisfied (24 + 8 + 20) = 55%.
    assert "the most common answer was “Very satisfied” (55%)" in page.html
    table = "distribution-overall-satisfaction-channel-by-disability"
    response = client.get(f"/results/crosstab?{query}&download={table}.csv")
    assert f"filename={table}-2026-q4.csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Channel",
        "Disability",
        "Answer",
        "Chose this answer (%)",
        "95% interval from (%)",
        "95% interval to (%)",
        "Chose this answer (n)",
        "Base (n)",
    ]
    # 24 of 30: Wilson centre (0.8 + 0.064) / 1.12805 = 0.76595, half-width
    # 1.96 x √(0.005333 + 0.001067) / 1.12805 = 0.13901: 62.7% to 90.5%.
    assert rows[1] == ["Phone", "Disabled", "Very satisfied", "80.0", "62.7", "90.5", "24", "30"]
    response = client.get(f"/results/crosstab?{query}&download={table}.xlsx")
    assert f"filename={table}-2026-q4.xlsx" in response.headers["Content-Disposition"]
    sheet = [
        list(row)
        for row in load_workbook(io.BytesIO(response.get_data()))["Table"].iter_rows(
            values_only=True
        )
    ]
    assert sheet[1][:4] == ["Phone", "Disabled", "Very satisfied", 80.0]


def test_a_distribution_hides_every_answer_of_a_small_cell(reviewer, client_request, app):
    # Phone, online: 12 answers; email, online: 4 (below 10, every answer hidden).
    add_responses(8, channel="phone", overall="very_satisfied", submitted_on=date(2026, 11, 3))
    add_responses(4, channel="phone", overall="neither", submitted_on=date(2026, 11, 3))
    add_responses(
        12, channel="phone", mode="paper", overall="neither", submitted_on=date(2026, 11, 3)
    )
    add_responses(4, channel="email", overall="very_satisfied", submitted_on=date(2026, 11, 3))
    add_responses(
        10, channel="email", mode="paper", overall="neither", submitted_on=date(2026, 11, 3)
    )
    page = client_request.get(
        f"/results/crosstab?measure=distribution&rows=channel&columns=mode&{QUARTER}"
    )
    heading = (
        "Cross-tab of answers to “Overall, how satisfied or dissatisfied are you with this "
        "contact with the council?”: October to December 2026 (quarter 4)"
    )
    rows = table_rows(page.html, f"{heading}: channel by how the survey was completed")
    assert rows["Email: Very satisfied"][0] == "[c]"
    assert rows["Email: Neither satisfied nor dissatisfied"][0] == "[c]"
    assert rows["Phone: Very satisfied"][0].startswith("67% (")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("measure=happiness", "Select what the cells show"),
        ("measure=net&question=shoe_size", "Select a question from the list"),
        ("measure=distribution&question=comments", "Select a question from the list"),
    ],
)
def test_bad_measures_and_questions_get_an_error(reviewer, client_request, quarter, query, message):
    page = client_request.get(f"/results/crosstab?rows=channel&columns=disability&{query}")
    assert message in page.html
    assert "govuk-error-summary" in page.html


def test_equality_groups_come_in_report_order_with_non_response_last(
    reviewer, client_request, quarter
):
    # 12 phone responses with no equality answers: "Not answered" sorts before "Not disabled"
    # alphabetically, but the substantive groups lead and non-response comes last.
    add_responses(12, channel="phone", overall="very_satisfied", submitted_on=date(2026, 11, 3))
    page = client_request.get(f"/results/crosstab?rows=channel&columns=disability&{QUARTER}")
    rows = table_rows(page.html, CAPTION)
    assert rows["Channel"] == ["Disabled", "Not disabled", "Not answered", "All"]
