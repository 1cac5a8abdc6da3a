"""Subtracting one filtered view from another must not reveal a group below the threshold.

Every published count is perturbed by the cell key method (``analysis.cell_key``), so each
test gives its responses literal record keys and works the published figures out by hand
from the ptable (adjustment by count row and cell key range):

Phone: 30 very satisfied in March (keys 7 each, sum 210) and 25 in April (keys 11, sum
275), then 3 very dissatisfied on 20 May 2026 (keys 50, sum 150). Email: 40 fairly
satisfied in March (keys 3, sum 120). The three May callers are the small group an
intruder is after.

- Phone very satisfied, everything: 55, cell key 485 mod 256 = 229 (208-236: +2) = 57.
- Phone very dissatisfied: 3, cell key 150 (row 3, 129-195: +1) = 4. Phone base 61.
- Phone very satisfied up to March: 30, cell key 210 (+2) = 32.
- Email fairly satisfied: 40, cell key 120 (70-122: -1) = 39.
"""

import re
from datetime import date

import pandas as pd
import pytest

from survey_app.services import results_data
from tests.results.helpers import add_responses
from tests.results.test_pages import table_rows

CAPTION = "Satisfaction with this contact, by channel"


@pytest.fixture(autouse=True)
def responses_in_march_april_and_may(app):
    march, april, may = date(2026, 3, 9), date(2026, 4, 9), date(2026, 5, 20)
    add_responses(30, channel="phone", overall="very_satisfied", submitted_on=march, record_key=7)
    add_responses(25, channel="phone", overall="very_satisfied", submitted_on=april, record_key=11)
    add_responses(3, channel="phone", overall="very_dissatisfied", submitted_on=may, record_key=50)
    add_responses(40, channel="email", overall="fairly_satisfied", submitted_on=march, record_key=3)


def channel_rows(client_request, query=""):
    return table_rows(client_request.get(f"/results/{query}").html, CAPTION)


def test_everything_minus_up_to_april_does_not_give_the_three_may_callers(reviewer, client_request):
    everything = channel_rows(client_request)
    # 57 of 61 satisfied: 93%.
    assert everything["Phone"][0] == "93%"
    assert everything["Phone"][5] == "61"
    up_to_april = channel_rows(client_request, "?end=30&end=4&end=2026")
    # The 55 very satisfied are the same cell in both views, so they read 57 in both.
    assert up_to_april["Phone"][0] == "100%"
    assert up_to_april["Phone"][5] == "57"
    # Subtraction says 4 people, not 3; and a published 4 could be a true 1 to 7.
    assert int(everything["Phone"][5]) - int(up_to_april["Phone"][5]) == 4


def test_up_to_july_minus_up_to_march_is_not_the_april_to_may_count(reviewer, client_request):
    up_to_july = channel_rows(client_request, "?end=31&end=7&end=2026")
    up_to_march = channel_rows(client_request, "?end=31&end=3&end=2026")
    assert up_to_march["Phone"][5] == "32"
    # 28 people answered in April and May; the published difference is 61 - 32 = 29.
    assert int(up_to_july["Phone"][5]) - int(up_to_march["Phone"][5]) == 29


def test_total_minus_the_other_completion_modes_does_not_give_the_paper_returns(
    reviewer, client_request
):
    # Letters: 20 online (keys 1), 12 assisted (keys 2), 2 on paper (keys 20): the 2 paper
    # returns are the small group. All letters: 34, cell key 20 + 24 + 40 = 84 (-1) = 33.
    # Online 20, cell key 20 (0-69: no change); assisted 12, cell key 24 (no change).
    add_responses(20, channel="letter", mode="online", overall="very_satisfied", record_key=1)
    add_responses(12, channel="letter", mode="assisted", overall="very_satisfied", record_key=2)
    add_responses(2, channel="letter", mode="paper", overall="very_satisfied", record_key=20)
    everything = channel_rows(client_request)["Letter"][5]
    online = channel_rows(client_request, "?mode=online")["Letter"][5]
    assisted = channel_rows(client_request, "?mode=assisted")["Letter"][5]
    assert (everything, online, assisted) == ("33", "20", "12")
    assert int(everything) - int(online) - int(assisted) == 1
    # The paper view itself: 2 with cell key 40 (row 2, 0-170: +1) = 3, below 10: hidden.
    assert channel_rows(client_request, "?mode=paper")["Letter"][:6] == ["[c]"] * 6


def test_the_same_cell_reads_the_same_on_every_page(reviewer, client_request):
    overview = channel_rows(client_request)
    # Every response here is about Council Tax, so the service page's phone row is the
    # same people as the overview's.
    service_page = table_rows(client_request.get("/results/service/council-tax").html, CAPTION)
    assert service_page["Phone"] == overview["Phone"]
    assert service_page["Email"] == overview["Email"]
    march = table_rows(
        client_request.get("/results/?end=31&end=3&end=2026").html,
        "Satisfaction with this contact, by month",
    )
    by_month = table_rows(
        client_request.get("/results/").html, "Satisfaction with this contact, by month"
    )
    # The figures match; the test against other months depends on which months are shown.
    assert march["Mar 2026"][:6] == by_month["Mar 2026"][:6]


def test_the_method_is_stated_on_the_page(reviewer, client_request):
    page = client_request.get("/results/")
    assert "cell key method" in page.html
    assert "Adjustment by true count and cell key" in page.html
    assert "fewer than 10 people answered" in page.html


def test_the_date_range_is_stated_in_whole_months(reviewer, client_request):
    page = client_request.get("/results/report?start=15&start=3&start=2026&end=2&end=4&end=2026")
    assert "Responses from 1 March 2026 to 30 April 2026" in page.html


def test_the_residents_and_councillors_table_reads_like_the_channel_table(
    reviewer, client_request, monkeypatch
):
    shops = pd.DataFrame(
        {
            "shop_id": [1, 2],
            "channel": ["Phone", "Email"],
            "service": ["Council Tax", "Council Tax"],
            "shopped_on": [date(2026, 3, 2), date(2026, 4, 2)],
            "score": [0.8, 0.6],
        }
    )
    monkeypatch.setattr(results_data, "shop_records", lambda filters: shops)
    caption = "What residents said and what councillors found, by channel"
    everything = table_rows(client_request.get("/results/mystery-shop").html, caption)
    assert everything["Phone"][:2] == ["93%", "61"]
    up_to_april = table_rows(
        client_request.get("/results/mystery-shop?end=30&end=4&end=2026").html, caption
    )
    # The same perturbed cells as the channel table: 57 and 39, all satisfied.
    assert up_to_april["Phone"][:5] == ["100%", "57", "80%", "1", "-20"]
    assert up_to_april["Email"][:5] == ["100%", "39", "60%", "1", "-40"]


def test_a_channel_page_takes_the_filters_but_not_another_channel(reviewer, client_request):
    page = client_request.get("/results/channel/phone?end=31&end=3&end=2026&channel=email")
    # March only: the 30 phone callers (published 32), not the 40 emails (39) and not
    # April's or May's callers (61 in all).
    assert "(n=32)" in page.html
    assert "(n=39)" not in page.html
    assert "(n=61)" not in page.html


def headline_responses(client_request, query=""):
    html = client_request.get(f"/results/{query}").html
    match = re.search(
        r"Responses</dt>\s*<dd class=\"govuk-summary-list__value\">([^<]*)</dd>", html
    )
    return match.group(1).strip()


def test_headline_totals_of_two_date_ranges_do_not_give_a_month(reviewer, client_request):
    # Everything: 98 responses, key sum 210 + 275 + 150 + 120 = 755, cell key 243
    # (237-246: -3) = 95. Up to April: 95, key sum 605, cell key 93 (70-122: -1) = 94.
    # May's 3 callers would be 98 - 95 = 3; the headlines say 1.
    assert headline_responses(client_request) == "95"
    assert headline_responses(client_request, "?end=30&end=4&end=2026") == "94"
