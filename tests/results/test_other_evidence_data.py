"""Equality answers and mystery-shop records read from the database, worked out by hand."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import Response, ShopRecord
from survey_app.services.equality import save_equality_answer
from survey_app.services.results_data import (
    ResultsFilter,
    equality_answer_counts,
    shop_criterion_outcomes,
    shop_records,
    shops_awaiting_review,
)
from tests.mystery_shop.helpers import assignment_for
from tests.results.helpers import add_responses
from tests.results.test_pages import table_rows

PAGES = {page.column: page for page in eq.PAGES}


def answer_equality(responses, **answers) -> None:
    for response in responses:
        for column, value in answers.items():
            save_equality_answer(response, PAGES[column], value)


@pytest.fixture
def equality_groups(app):
    """12 disabled (all satisfied), 3 "prefer not to say", 2 skipped, 5 never asked."""
    add_responses(12, overall="very_satisfied", council=None, submitted_on=date(2026, 3, 9))
    add_responses(10, overall="very_dissatisfied", council=None, submitted_on=date(2026, 4, 9))
    responses = db.session.scalars(select(Response).order_by(Response.id)).all()
    answer_equality(
        responses[:12], disability_condition="yes", disability_reduces_activities="a_lot"
    )
    answer_equality(responses[12:15], disability_condition="prefer_not_to_say")
    answer_equality(responses[15:17], disability_condition=None)
    answer_equality(responses[17:20], sex="female")


def as_dict(frame, characteristic) -> dict:
    return {
        (row[characteristic], row["value"]): row["count"]
        for row in frame.to_dict("records")
        if row["question"] == "overall_satisfaction"
    }


def test_equality_counts_by_derived_disability(equality_groups):
    counts = equality_answer_counts(ResultsFilter(), "disability")
    assert as_dict(counts, "disability") == {
        ("Disabled", "very_satisfied"): 12,
        ("Prefer not to say", "very_dissatisfied"): 3,
        # 2 skipped, 3 answered only the sex question, 5 never answered any
        ("Not answered", "very_dissatisfied"): 10 - 3,
    }


def test_equality_counts_follow_the_filters(equality_groups):
    april = ResultsFilter(start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert as_dict(equality_answer_counts(april, "sex"), "sex") == {
        ("Female", "very_dissatisfied"): 3,
        ("Not answered", "very_dissatisfied"): 7,
    }
    assert as_dict(equality_answer_counts(ResultsFilter(channel="email"), "sex"), "sex") == {}


def test_equality_page_shows_the_groups(reviewer, equality_groups, client, client_request):
    rows = table_rows(
        client_request.get("/results/equality/disability").html,
        "Satisfaction with this contact, by disability",
    )
    assert rows["Disabled"][0] == "100%"
    assert rows["Disabled"][5] == "12"
    # Fewer than 10: hidden, and the only other small group with it.
    assert rows["Prefer not to say"][0] == "[c]"
    assert rows["Not answered"][0] == "[c]"


def record(shopper, channel, service, status, contact, score, criteria):
    assignment = assignment_for(shopper, channel, service)
    shop = ShopRecord(
        assignment_id=assignment.id,
        shopper_id=shopper.id,
        channel_id=assignment.channel_id,
        status=status,
        contact_at=contact,
        behaviours={},
        account="",
        score_percent=score,
        scored_criteria=[
            {"key": key, "text": text, "outcome": outcome} for key, text, outcome in criteria
        ],
    )
    db.session.add(shop)
    db.session.commit()
    return shop.id


@pytest.fixture
def shops(make_user):
    shopper = make_user("shopper")
    answered = ("answered", "Call answered within 30 seconds")
    polite = ("polite", "Polite and helpful")
    return [
        record(
            shopper,
            "phone",
            "council-tax",
            "accepted",
            datetime(2026, 3, 4, 10),
            75.0,
            [(*answered, "met"), (*polite, "not_met"), ("callback", "Called back", "na")],
        ),
        record(
            shopper,
            "phone",
            "housing",
            "submitted",
            datetime(2026, 4, 30, 16),
            50.0,
            [(*answered, "not_met"), (*polite, "met")],
        ),
        record(shopper, "phone", "housing", "draft", datetime(2026, 4, 2), None, []),
        record(
            shopper, "email", "waste", "returned", datetime(2026, 4, 2), 10.0, [(*polite, "met")]
        ),
    ]


def test_shop_records_are_accepted_shops_scored_0_to_1(shops):
    frame = shop_records(ResultsFilter())
    assert frame.to_dict("records") == [
        {
            "shop_id": shops[0],
            "channel": "Phone",
            "service": "Council Tax",
            "shopped_on": date(2026, 3, 4),
            "score": 0.75,
        },
    ]
    # The submitted housing shop waits for review: counted apart, not in the results.
    assert shops_awaiting_review(ResultsFilter()) == 1


@pytest.mark.parametrize(
    ("filters", "expected", "awaiting"),
    [
        (ResultsFilter(service="housing"), [], 1),
        (ResultsFilter(channel="email"), [], 0),
        (ResultsFilter(start=date(2026, 4, 15)), [], 1),
        (ResultsFilter(end=date(2026, 3, 1)), [0], 0),
    ],
)
def test_shop_filters(shops, filters, expected, awaiting):
    assert list(shop_records(filters)["shop_id"]) == [shops[n] for n in expected]
    assert shops_awaiting_review(filters) == awaiting


def test_criterion_outcomes_as_scored(shops):
    frame = shop_criterion_outcomes(ResultsFilter())
    assert list(zip(frame["shop_id"], frame["criterion"], frame["outcome"], strict=True)) == [
        (shops[0], "answered", "met"),
        (shops[0], "polite", "not_met"),
        (shops[0], "callback", "na"),
    ]
    assert frame["criterion_name"].iloc[0] == "Call answered within 30 seconds"


def test_mystery_shop_page_shows_the_scorecard_and_mean_score(
    reviewer, shops, client, client_request
):
    page = client_request.get("/results/mystery-shop")
    scorecard = table_rows(page.html, "Service standards met")
    # Only the accepted shop counts: met 1 of 1; "Called back" applied to none.
    assert scorecard["Call answered within 30 seconds"][0] == "100%"
    assert scorecard["Call answered within 30 seconds"][2] == "1"
    assert scorecard["Called back"][2:] == ["0", "1"]
    gap = table_rows(page.html, "What residents said and what councillors found, by channel")
    assert gap["Phone"][2:4] == ["75%", "1"]
    assert gap["Phone"][5] == "Fewer than 10 shops: treat with caution"
    assert "Only shops a reviewer has accepted are counted: 1 in this view." in page.html
    assert "1 more is waiting for review and not counted yet." in page.html
