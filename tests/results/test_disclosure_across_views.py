"""Subtracting one filtered view from another must not reveal a group below the threshold.

Phone: 30 satisfied in March and 25 in April 2026, then 3 dissatisfied on 20 May 2026.
Email: 40 in March. The three May callers are the small group an intruder is after.
"""

from datetime import date

import pandas as pd
import pytest

from survey_app.services import results_data
from tests.results.helpers import add_responses
from tests.results.test_pages import table_rows

CAPTION = "Satisfaction with this contact, by channel"


@pytest.fixture(autouse=True)
def responses_in_march_april_and_may(app):
    add_responses(30, channel="phone", overall="very_satisfied", submitted_on=date(2026, 3, 9))
    add_responses(25, channel="phone", overall="very_satisfied", submitted_on=date(2026, 4, 9))
    add_responses(3, channel="phone", overall="very_dissatisfied", submitted_on=date(2026, 5, 20))
    add_responses(40, channel="email", overall="fairly_satisfied", submitted_on=date(2026, 3, 9))


def channel_rows(client_request, query=""):
    return table_rows(client_request.get(f"/results/{query}").html, CAPTION)


def test_leaving_out_one_day_changes_nothing_as_dates_are_whole_months(reviewer, client_request):
    everything = channel_rows(client_request)
    # 55 of 58 satisfied: 95%.
    assert everything["Phone"][0] == "95%"
    assert everything["Phone"][5] == "58"
    up_to_the_day_before = channel_rows(client_request, "?end=19&end=5&end=2026")
    assert up_to_the_day_before["Phone"][5] == "58"


def test_leaving_out_the_month_hides_the_cell_that_would_give_it_away(reviewer, client_request):
    up_to_april = channel_rows(client_request, "?end=30&end=4&end=2026")
    # 58 - 55 = 3 people: showing 55 here beside 58 overall would reveal them.
    assert up_to_april["Phone"][:6] == ["[c]"] * 6
    # And the only other channel with answers, so Phone is not the total minus Email.
    assert up_to_april["Email"][:6] == ["[c]"] * 6
    page = client_request.get("/results/?end=30&end=4&end=2026")
    assert "fewer than 10 people" in page.html
    assert "rounded out to whole months" in page.html


def test_a_difference_of_ten_or_more_is_shown(reviewer, client_request):
    up_to_march = channel_rows(client_request, "?end=31&end=3&end=2026")
    # 58 - 30 = 28 people in the difference: nobody is singled out.
    assert up_to_march["Phone"][5] == "30"
    assert up_to_march["Email"][5] == "40"


def test_the_date_range_is_stated_in_whole_months(reviewer, client_request):
    page = client_request.get("/results/report?start=15&start=3&start=2026&end=2&end=4&end=2026")
    assert "Responses from 1 March 2026 to 30 April 2026" in page.html


def test_the_residents_and_councillors_table_hides_the_same_cells(
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
    assert everything["Phone"][:2] == ["95%", "58"]
    up_to_april = table_rows(
        client_request.get("/results/mystery-shop?end=30&end=4&end=2026").html, caption
    )
    # Phone 55 here beside 58 with no date filter would reveal the 3 May callers.
    assert up_to_april["Phone"] == ["[c]", "[c]", "80%", "1", "[c]"]
    assert up_to_april["Email"] == ["[c]", "[c]", "60%", "1", "[c]"]


def test_a_channel_page_takes_the_filters_but_not_another_channel(reviewer, client_request):
    page = client_request.get("/results/channel/phone?end=31&end=3&end=2026&channel=email")
    # March only: the 30 phone callers, not the 40 emails and not April's or May's callers.
    assert "(n=30)" in page.html
    assert "(n=40)" not in page.html
    assert "(n=58)" not in page.html
