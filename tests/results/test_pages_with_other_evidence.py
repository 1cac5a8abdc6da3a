"""The equality and mystery-shop sections drawn from frames with the documented columns.

These tests hand the pages frames shaped as the bridge documents, so each page is tested
on exact figures; test_other_evidence_data.py reads the same frames from the database.
"""

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from survey_app.services import results_data
from tests.results.helpers import add_responses
from tests.results.test_pages import table_rows


@pytest.fixture
def disability_counts(monkeypatch):
    # Disabled 20 (8 satisfied = 40%), Not disabled 60 (48 = 80%), Prefer not to say 4,
    # Not answered 15 (9 satisfied).
    frame = pd.DataFrame(
        {
            "disability": [
                "Disabled",
                "Disabled",
                "Not disabled",
                "Not disabled",
                "Prefer not to say",
                "Not answered",
                "Not answered",
            ],
            "question": ["overall_satisfaction"] * 7,
            "value": [
                "fairly_satisfied",
                "very_dissatisfied",
                "very_satisfied",
                "neither",
                "neither",
                "fairly_satisfied",
                "neither",
            ],
            "count": [8, 12, 48, 12, 4, 9, 6],
            # Record keys of 0: counts of 3 and more are published unchanged.
            "key_sum": [0] * 7,
        }
    )
    monkeypatch.setattr(results_data, "equality_answer_counts", lambda filters, name: frame)


def test_equality_groups_with_significance_and_suppression(
    reviewer, client_request, disability_counts
):
    page = client_request.get("/results/equality/disability")
    rows = table_rows(page.html, "Satisfaction with this contact, by disability")
    assert rows["Disabled"][0] == "40%"
    assert rows["Disabled"][5] == "20"
    assert rows["Disabled"][6] == "Lower than the rest"
    assert rows["Not disabled"][0] == "80%"
    assert rows["Not disabled"][6] == "Higher than the rest"
    # 4 prefer not to say: hidden; Not answered (15) is shown, as perturbed counts need no
    # secondary suppression.
    assert rows["Prefer not to say"][0] == "[c]"
    assert rows["Not answered"][0] == "60%"
    # Non-response is not a group that did better or worse: not tested, and not part of the
    # others each group is compared with (8/20 against 48/60).
    assert rows["Not answered"][6] == "Not tested"
    summary = (
        "Not disabled: 80% satisfied (n=60), higher than others who answered the question; "
        "Disabled: 40% satisfied (n=20), lower than others who answered the question."
    )
    assert summary in page.html


@pytest.fixture
def shops(monkeypatch):
    shop_frame = pd.DataFrame(
        {
            "shop_id": [1, 2, 3],
            "channel": ["Phone", "Phone", "Email"],
            "service": ["Council Tax", "Housing, repairs and homelessness", "Council Tax"],
            "shopped_on": [date(2026, 5, 1), date(2026, 5, 8), date(2026, 5, 9)],
            "score": [0.9, 0.7, 0.5],
        }
    )
    criteria = pd.DataFrame(
        {
            "shop_id": [1, 1, 2, 2, 3, 3],
            "channel": ["Phone", "Phone", "Phone", "Phone", "Email", "Email"],
            "shopped_on": [date(2026, 5, 1)] * 6,
            "criterion": ["answered-30s", "polite"] * 3,
            "criterion_name": ["Answered within 30 seconds", "Polite and patient"] * 3,
            "outcome": ["met", "met", "not_met", "met", "na", "not_met"],
        }
    )
    monkeypatch.setattr(results_data, "shop_records", lambda filters: shop_frame)
    monkeypatch.setattr(results_data, "shop_criterion_outcomes", lambda filters: criteria)


def test_mystery_shop_scorecard_and_gap(reviewer, client_request, shops, app):
    add_responses(20, channel="phone", overall="very_satisfied")
    add_responses(20, channel="phone", overall="very_dissatisfied")
    add_responses(30, channel="email", overall="very_satisfied")
    page = client_request.get("/results/mystery-shop")
    scorecard = table_rows(page.html, "Service standards met")
    # Answered within 30 seconds: met 1 of 2 (the email shop marked it not applicable).
    assert scorecard["Answered within 30 seconds"][0] == "50%"
    assert scorecard["Answered within 30 seconds"][2:] == ["2", "1"]
    # Polite: met 2 of 3.
    assert scorecard["Polite and patient"][0] == "67%"
    gap = table_rows(page.html, "What residents said and what councillors found, by channel")
    # Phone: residents 50% satisfied (n=40); councillors' mean score 80%: 30 points better.
    assert gap["Phone"] == [
        "50%",
        "40",
        "80%",
        "2",
        "+30",
        "Fewer than 10 shops: treat with caution",
    ]
    # Two shops are no headline.
    assert "No channel has 10 or more accepted shops" in page.html
    assert "The widest gap" not in page.html


def test_mystery_shop_tables_download(reviewer, client, shops, app):
    add_responses(20, channel="phone")
    response = client.get("/results/mystery-shop?download=standards-met.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Answered within 30 seconds,50.0," in text


def test_the_residents_and_councillors_download_holds_numbers(reviewer, client, shops, app):
    add_responses(20, channel="phone", overall="very_satisfied")
    add_responses(20, channel="phone", overall="very_dissatisfied")
    response = client.get("/results/mystery-shop?download=residents-and-councillors.xlsx")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    rows = {row[0]: row[1:] for row in workbook["Table"].iter_rows(values_only=True)}
    # Phone: 50.0% of 40 residents, mean score 80.0 from 2 shops, +30.0 points.
    assert rows["Phone"][:5] == (50.0, 40, 80.0, 2, 30.0)


def test_a_disabled_group_of_17_is_shown_beside_one_prefer_not_to_say(
    reviewer, client_request, monkeypatch
):
    # Oct-Dec, phone: 17 disabled (12 satisfied), 40 not disabled, 1 prefer not to say.
    # Key sums 0: 12, 5 and 40 publish unchanged; the 1 becomes 0 (row 1, key 0: -1).
    frame = pd.DataFrame(
        {
            "disability": ["Disabled", "Disabled", "Not disabled", "Prefer not to say"],
            "question": ["overall_satisfaction"] * 4,
            "value": ["fairly_satisfied", "very_dissatisfied", "very_satisfied", "neither"],
            "count": [12, 5, 40, 1],
            "key_sum": [0] * 4,
        }
    )
    monkeypatch.setattr(results_data, "equality_answer_counts", lambda filters, name: frame)
    page = client_request.get("/results/equality/disability")
    rows = table_rows(page.html, "Satisfaction with this contact, by disability")
    # 12 of 17 = 71%.
    assert rows["Disabled"][0] == "71%"
    assert rows["Disabled"][5] == "17"
    assert rows["Prefer not to say"][0] == "[c]"


def test_non_response_is_a_response_rate_and_never_leads(reviewer, client_request, monkeypatch):
    # Disabled 20 (10 satisfied), not disabled 60 (30), not answered 20 (20, all satisfied).
    frame = pd.DataFrame(
        {
            "disability": ["Disabled", "Disabled", "Not disabled", "Not disabled", "Not answered"],
            "question": ["overall_satisfaction"] * 5,
            "value": ["very_satisfied", "neither", "very_satisfied", "neither", "very_satisfied"],
            "count": [10, 10, 30, 30, 20],
            "key_sum": [0] * 5,
        }
    )
    monkeypatch.setattr(results_data, "equality_answer_counts", lambda filters, name: frame)
    page = client_request.get("/results/equality/disability")
    # Not answered (100%) is the highest, but the sentence leads with the groups: both 50%.
    assert "Not answered: 100%" not in page.html
    assert "Disabled: 50% satisfied (n=20), similar to others who answered the question" in (
        page.html
    )
    # 80 of 100 answered the disability question.
    assert "80% of these residents answered the question about disability" in page.html
