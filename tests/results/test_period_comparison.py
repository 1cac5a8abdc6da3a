"""Comparing a view with the previous period or the same period a year before, and the
month-and-year boxes, through the Flask client."""

import csv
import html
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.results.helpers import add_responses
from tests.results.test_pages import table_rows

QUARTER_2 = "period=q-2026-2"
CHANNEL_CHANGE = (
    "Satisfaction with this contact, by channel: change from January to March 2026 (quarter 1)"
)


@pytest.fixture
def two_quarters(app):
    """April to June 2026: phone 20 of 30 satisfied, email 12 of 15, letter 3 (hidden).
    January to March 2026: phone 10 of 30, no email, letter 12 of 12.
    Nothing in 2025. Record keys are 0, so these counts are published unchanged."""
    may, february = date(2026, 5, 10), date(2026, 2, 10)
    add_responses(20, channel="phone", submitted_on=may, overall="very_satisfied")
    add_responses(10, channel="phone", submitted_on=may, overall="neither")
    add_responses(12, channel="email", submitted_on=may, overall="very_satisfied")
    add_responses(3, channel="email", submitted_on=may, overall="very_dissatisfied")
    add_responses(3, channel="letter", submitted_on=may, overall="very_dissatisfied")
    add_responses(10, channel="phone", submitted_on=february, overall="fairly_satisfied")
    add_responses(20, channel="phone", submitted_on=february, overall="neither")
    add_responses(12, channel="letter", submitted_on=february, overall="very_satisfied")


def text(page_html: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_html)))


def test_compare_with_the_previous_quarter(reviewer, client_request, two_quarters):
    page = client_request.get(f"/results/?{QUARTER_2}&compare=previous")
    title = (
        "Results: April to June 2026 (quarter 2), compared with January to March 2026 (quarter 1)"
    )
    assert page.heading == title
    assert page.title.startswith(title)
    rows = table_rows(page.html, CHANNEL_CHANGE)
    phone = rows["Phone"]
    assert phone[:2] == ["67% (n=30)", "33% (n=30)"]
    assert phone[2] == "+33"
    # Only phone is compared, so Holm leaves its p-value alone: 20/30 against 10/30 gives
    # z = (1/3) / sqrt(0.5 * 0.5 * 2/30) = 2.582, p = 0.0098.
    assert phone[4] == "0.010"
    assert phone[5].startswith("Up 33 points (from 33% to 67%); the change could be anything")
    assert phone[5].endswith("so this is a clear rise")
    # No email then: hidden, as on that quarter's own page.
    assert rows["Email"][:2] == ["80% (n=15)", "[c]"]
    assert rows["Email"][5] == (
        "Not compared: fewer than 10 answers in January to March 2026 (quarter 1), so it is hidden"
    )
    assert rows["Letter"][:2] == ["[c]", "100% (n=12)"]
    assert rows["Letter"][5] == (
        "Not compared: fewer than 10 answers in this period, so it is hidden"
    )
    body = text(page.html)
    assert "1 of the 1 groups" not in body
    assert "One group can be compared with January to March 2026 (quarter 1)" in body
    # The headline: 32 of 48 satisfied now, 22 of 42 then.
    assert "Compared with January to March 2026 (quarter 1)" in body
    assert "52% in January to March 2026 (quarter 1)" in body
    assert "Up 14 points (from 52% to 67%)" in body
    assert "Holm" in body
    assert "Periods are whole calendar months" in body


def test_the_earlier_period_reads_as_it_does_viewed_directly(reviewer, client_request, app):
    # Record keys that are not 0, so the cell key method moves these counts.
    may, february = date(2026, 5, 10), date(2026, 2, 10)
    for count, channel, overall, key, day in [
        (23, "phone", "very_satisfied", 17, may),
        (11, "phone", "neither", 201, may),
        (14, "email", "fairly_satisfied", 99, may),
        (13, "phone", "very_satisfied", 45, february),
        (17, "phone", "very_dissatisfied", 130, february),
        (16, "email", "fairly_satisfied", 77, february),
        (4, "email", "neither", 3, february),
    ]:
        add_responses(count, channel=channel, overall=overall, record_key=key, submitted_on=day)
    compared = client_request.get(f"/results/?{QUARTER_2}&compare=previous")
    direct = client_request.get("/results/?period=q-2026-1")
    now = client_request.get(f"/results/?{QUARTER_2}")
    for question in ("Satisfaction with this contact", "Satisfaction with the council"):
        changes = table_rows(
            compared.html,
            f"{question}, by channel: change from January to March 2026 (quarter 1)",
        )
        then_rows = table_rows(direct.html, f"{question}, by channel")
        now_rows = table_rows(now.html, f"{question}, by channel")
        for channel in ("Phone", "Email"):
            assert changes[channel][1] == f"{then_rows[channel][0]} (n={then_rows[channel][5]})"
            assert changes[channel][0] == f"{now_rows[channel][0]} (n={now_rows[channel][5]})"
    # The headline's earlier figures are that period's headline figures.
    then_headline = re.search(r"Responses</dt>\s*<dd[^>]*>([^<]+)</dd>", direct.html).group(1)
    assert "Responses in January to March 2026 (quarter 1)</dt>" in compared.html
    assert re.search(
        r"Responses in January to March 2026 \(quarter 1\)</dt>\s*<dd[^>]*>"
        + re.escape(then_headline.strip()),
        compared.html,
    )


def test_a_change_of_nothing_reads_0_and_both_hidden_cells_are_marked(
    reviewer, client_request, app
):
    may, february = date(2026, 5, 10), date(2026, 2, 10)
    add_responses(10, channel="phone", submitted_on=may, overall="very_satisfied")
    add_responses(10, channel="phone", submitted_on=may, overall="neither")
    add_responses(10, channel="phone", submitted_on=february, overall="very_satisfied")
    add_responses(10, channel="phone", submitted_on=february, overall="neither")
    add_responses(4, channel="email", submitted_on=may, overall="neither")
    add_responses(5, channel="email", submitted_on=february, overall="neither")
    page = client_request.get(f"/results/?{QUARTER_2}&compare=previous")
    rows = table_rows(page.html, CHANNEL_CHANGE)
    assert rows["Phone"][:3] == ["50% (n=20)", "50% (n=20)", "0"]
    assert rows["Phone"][5].startswith("No change in whole points (50% then, 50% now)")
    assert rows["Email"][:3] == ["[c]", "[c]", "-"]


def test_the_same_period_a_year_before_with_no_data_says_so(reviewer, client_request, two_quarters):
    page = client_request.get(f"/results/?{QUARTER_2}&compare=year-before")
    assert page.heading == (
        "Results: April to June 2026 (quarter 2), compared with April to June 2025 (quarter 2)"
    )
    body = text(page.html)
    assert (
        "Nothing can be compared with April to June 2025 (quarter 2): fewer than 10 people "
        "answered in that period for this view, or none did, so its figures are hidden."
    ) in body
    assert (
        "Not compared: fewer than 10 answers in April to June 2025 (quarter 2), so it is hidden"
    ) in body


def test_a_custom_range_is_compared_with_as_many_months_before(
    reviewer, client_request, two_quarters
):
    page = client_request.get(
        "/results/?start=4&start=2026&end=6&end=2026&compare=previous&channel=phone"
    )
    assert page.heading == (
        "Results: responses from 1 April 2026 to 30 June 2026, Phone, compared with January "
        "to March 2026 (quarter 1)"
    )
    page = client_request.get("/results/?start=2&start=2026&end=4&end=2026&compare=previous")
    assert page.heading.endswith("compared with November 2025 to January 2026")
    assert "Nothing can be compared with November 2025 to January 2026" in text(page.html)


def test_a_channel_page_compares_its_services(reviewer, client_request, two_quarters):
    page = client_request.get(f"/results/channel/phone?{QUARTER_2}&compare=previous")
    assert page.heading == (
        "Results for Phone: April to June 2026 (quarter 2), compared with January to March "
        "2026 (quarter 1)"
    )
    rows = table_rows(
        page.html,
        "Satisfaction with this contact, by service: change from January to March 2026 (quarter 1)",
    )
    assert rows["Council Tax"][:3] == ["67% (n=30)", "33% (n=30)", "+33"]
    modes = table_rows(
        page.html,
        "Satisfaction with this contact, by how the survey was completed: change from "
        "January to March 2026 (quarter 1)",
    )
    assert modes["Online"][:2] == ["67% (n=30)", "33% (n=30)"]


def test_a_service_page_and_an_equality_page_offer_the_comparison(
    reviewer, client_request, two_quarters
):
    page = client_request.get(f"/results/service/council-tax?{QUARTER_2}&compare=previous")
    assert page.heading.endswith("compared with January to March 2026 (quarter 1)")
    rows = table_rows(
        page.html,
        "Satisfaction with this contact, by channel: change from January to March 2026 (quarter 1)",
    )
    assert rows["Phone"][2] == "+33"
    page = client_request.get(f"/results/equality/disability?{QUARTER_2}&compare=previous")
    assert page.heading == (
        "Results by disability: April to June 2026 (quarter 2), compared with January to "
        "March 2026 (quarter 1)"
    )
    assert "change from January to March 2026 (quarter 1)" in page.html


def test_downloads_name_the_comparison(reviewer, client, two_quarters):
    url = f"/results/?{QUARTER_2}&compare=previous&download=satisfaction-by-channel-change"
    response = client.get(f"{url}.csv")
    assert response.status_code == 200
    assert (
        "satisfaction-by-channel-change-2026-q2-compared-with-2026-q1.csv"
        in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == [
        "Channel",
        "This period satisfied (%)",
        "This period base (n)",
        "January to March 2026 (quarter 1) satisfied (%)",
        "January to March 2026 (quarter 1) base (n)",
    ]
    table = {row[0]: row[1:] for row in rows[1:]}
    assert table["Phone"][:5] == ["66.7", "30", "33.3", "30", "33.3"]
    assert table["Letter"][:4] == ["[c]", "[c]", "100.0", "12"]
    response = client.get(f"{url}.xlsx")
    assert "compared-with-2026-q1.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.get_data()))
    table = {row[0]: row[1:] for row in workbook["Table"].iter_rows(values_only=True)}
    assert table["Phone"][:4] == (66.7, 30, 33.3, 30)
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True)]
    assert any("compared with January to March 2026 (quarter 1)" in (note or "") for note in notes)
    # A download of the page's own table names the comparison too.
    response = client.get(
        f"/results/?{QUARTER_2}&compare=previous&download=satisfaction-by-channel.csv"
    )
    assert (
        "satisfaction-by-channel-2026-q2-compared-with-2026-q1.csv"
        in response.headers["Content-Disposition"]
    )


def test_links_between_pages_keep_the_comparison(reviewer, client_request, two_quarters):
    page = client_request.get(f"/results/?{QUARTER_2}&compare=previous")
    assert "/results/channel/phone?period=q-2026-2&amp;compare=previous" in page.html


def test_pages_without_a_comparison_do_not_offer_one(reviewer, client_request, two_quarters):
    for url in ("/results/mystery-shop", "/results/comments"):
        page = client_request.get(f"{url}?{QUARTER_2}&compare=previous")
        assert page.error_links == []
        assert 'id="compare"' not in page.html


@pytest.mark.parametrize(
    "query",
    [
        "start=4&start=2026&end=6&end=2026",
        "start=April&start=2026&end=jun&end=2026",
        # Older links: day, month and year boxes, or ISO dates, read as their months.
        "start=15&start=4&start=2026&end=3&end=6&end=2026",
        "start=31&start=4&start=2026&end=1&end=6&end=2026",
        "start=2026-04-15&end=2026-06-03",
    ],
)
def test_month_boxes_and_older_links_give_whole_months(
    reviewer, client_request, two_quarters, query
):
    page = client_request.get(f"/results/?{query}")
    assert page.error_links == []
    assert page.heading == "Results: responses from 1 April 2026 to 30 June 2026"
    assert table_rows(page.html, "Satisfaction with this contact, by channel")["Phone"][5] == "30"


def test_the_month_boxes_show_what_was_typed(reviewer, client_request, two_quarters):
    page = client_request.get("/results/?start=13&start=2026")
    assert re.search(r'id="start-month"[^>]*value="13"', page.html)
    assert re.search(r'id="start-year"[^>]*value="2026"', page.html)
    assert 'id="start-day"' not in page.html


def test_a_crosstab_compares_its_margins(reviewer, client_request, two_quarters):
    page = client_request.get(
        f"/results/crosstab?rows=channel&columns=mode&{QUARTER_2}&compare=previous"
    )
    assert page.heading == (
        "Cross-tab of % satisfied with this contact: April to June 2026 (quarter 2), "
        "compared with January to March 2026 (quarter 1)"
    )
    caption = (
        "Cross-tab of % satisfied with this contact: April to June 2026 (quarter 2): channel by "
        "how the survey was completed, margins: change from January to March 2026 (quarter 1)"
    )
    rows = table_rows(page.html, caption)
    assert rows["Channel: Phone"][:3] == ["67% (n=30)", "33% (n=30)", "+33"]
    assert rows["How the survey was completed: Online"][:2] == ["67% (n=48)", "52% (n=42)"]
    assert rows["Everyone in this view"][:2] == ["67% (n=48)", "52% (n=42)"]
    # Three margins compared: Holm's adjustment is named.
    assert "after Holm's adjustment for making 3 comparisons at once" in text(page.html)
    # The earlier period's margins read as its own cross-tab shows them.
    direct = client_request.get("/results/crosstab?rows=channel&columns=mode&period=q-2026-1")
    assert "100% (n=12)" in rows["Channel: Letter"][1]
    direct_rows = table_rows(
        direct.html,
        "Cross-tab of % satisfied with this contact: January to March 2026 (quarter 1): "
        "channel by how the survey was completed",
    )
    # The cross-tab's own cell also gives its interval: "100% (74% to 100%, n=12)".
    assert re.sub(r"\(.+ to .+, n=", "(n=", direct_rows["Letter"][-1]) == "100% (n=12)"


def test_a_crosstab_says_when_the_earlier_table_is_too_sparse(
    reviewer, client_request, two_quarters
):
    page = client_request.get(
        f"/results/crosstab?rows=channel&columns=mode&{QUARTER_2}&compare=year-before"
    )
    assert (
        "Nothing can be compared with April to June 2025 (quarter 2): that period's table "
        "cannot be shown"
    ) in text(page.html)
