"""Re-measurement: a recommendation's measure before it and since, walked to the follow-up
report, with the figures worked out by hand."""

import io
import math
import re
from datetime import date, datetime

import pytest
from docx import Document
from scipy.stats import norm
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Recommendation, ShopRecord
from survey_app.recommendations import measures
from survey_app.results import presenters as results
from survey_app.services import results_data
from tests.mystery_shop.helpers import assignment_for
from tests.recommendations.test_tracker import officer_of
from tests.results.helpers import add_responses

PHONE = "satisfaction/channel/phone"
ANSWERED = "standard/answered-30-seconds/phone"
Z = norm.ppf(0.975)


def wilson(x, n):
    p = x / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


def recommendation(reference="CC 2026/27 03", directorate="Resources") -> Recommendation:
    item = Recommendation(
        reference=reference,
        text="Answer phone calls within 30 seconds.",
        directorate=directorate,
        lead_officer="Head of Access Harrow",
        committee="Overview and Scrutiny Committee",
        committee_date=date(2026, 3, 18),
    )
    db.session.add(item)
    db.session.flush()
    return item


def measure_form(measure=PHONE, before=("1", "3", "2025"), since=("18", "3", "2026"), to=None):
    return {
        "measure": measure,
        "measure_before_from": list(before),
        "measure_since_from": list(since),
        "measure_since_to": list(to or ("", "", "")),
    }


@pytest.fixture
def phone_answers(app):
    """Before (March 2025 to February 2026): 12 of 20 phone answers satisfied, 60%.
    Since (from March 2026): 24 of 30, 80%. Email answers count for neither."""
    add_responses(12, channel="phone", overall="very_satisfied", submitted_on=date(2025, 6, 10))
    add_responses(8, channel="phone", overall="very_dissatisfied", submitted_on=date(2025, 6, 11))
    add_responses(24, channel="phone", overall="fairly_satisfied", submitted_on=date(2026, 6, 10))
    add_responses(6, channel="phone", overall="very_dissatisfied", submitted_on=date(2026, 6, 11))
    # Before the "before" period starts: not counted.
    add_responses(10, channel="phone", overall="very_dissatisfied", submitted_on=date(2025, 2, 1))
    add_responses(15, channel="email", overall="very_dissatisfied", submitted_on=date(2026, 6, 1))


def test_the_change_in_phone_satisfaction_worked_by_hand(phone_answers):
    # 24/30 since against 12/20 before: 0.2 minus and plus Newcombe's square roots.
    l1, u1 = wilson(24, 30)
    l2, u2 = wilson(12, 20)
    low = 0.2 - math.sqrt((0.8 - l1) ** 2 + (u2 - 0.6) ** 2)
    high = 0.2 + math.sqrt((u1 - 0.8) ** 2 + (0.6 - l2) ** 2)
    assert (round(100 * low), round(100 * high)) == (-5, 44)
    item = recommendation()
    item.measure = PHONE
    item.measure_before_from, item.measure_since_from = date(2025, 3, 1), date(2026, 3, 18)
    figures = measures.figures(item, today=date(2026, 12, 5))
    assert figures["before_period"] == "March 2025 to February 2026"
    assert figures["since_period"] == "March 2026 to December 2026"
    assert figures["before"] == "60% (20 answers)"
    assert figures["since"] == "80% (30 answers)"
    assert figures["change"] == "+20 points"
    assert figures["interval"] == "-5 to 44 points"
    assert figures["sentence"] == (
        "Phone satisfaction rose from 60% to 80%, a change of 20 points "
        "(95% interval -5 to 44 points): no clear change."
    )


def test_residents_figures_are_the_results_pages_own_perturbed_counts(app):
    # Record keys that the cell key method perturbs: the measure publishes exactly what
    # the results page's headline does for the same months and channel.
    add_responses(
        7, channel="phone", overall="very_satisfied", submitted_on=date(2025, 6, 3), record_key=77
    )
    add_responses(
        6, channel="phone", overall="very_dissatisfied", submitted_on=date(2025, 6, 4), record_key=5
    )
    item = recommendation()
    item.measure = PHONE
    item.measure_before_from, item.measure_since_from = date(2025, 3, 1), date(2026, 3, 18)
    figures = measures.figures(item, today=date(2026, 12, 5))
    before, _since = measures.periods(date(2025, 3, 1), date(2026, 3, 18), None, date(2026, 12, 5))
    page_filter = results_data.ResultsFilter(start=before.start, end=before.end, channel="phone")
    counts = results_data.answer_counts(page_filter, by=("channel", "month"))
    headline = results.headline(counts, results_data.response_cell(page_filter))
    overall = headline[results.OVERALL]
    assert figures["before"] == f"{overall['satisfied']} ({overall['base']} answers)"
    assert figures["since"] == "[c]"
    assert figures["change"] == "-"
    assert "not compared" in figures["sentence"]


def shop(shopper, status, contact, outcome):
    assignment = assignment_for(shopper, "phone", "council-tax")
    db.session.add(
        ShopRecord(
            assignment_id=assignment.id,
            shopper_id=shopper.id,
            channel_id=assignment.channel_id,
            status=status,
            contact_at=contact,
            behaviours={},
            account="",
            score_percent=50.0,
            scored_criteria=[
                {
                    "key": "answered-30-seconds",
                    "text": "Call answered within 30 seconds",
                    "outcome": outcome,
                },
                {"key": "polite", "text": "Polite and patient", "outcome": "met"},
            ],
        )
    )
    db.session.flush()


def test_a_standard_met_counts_accepted_shops_and_few_shops_give_no_verdict(make_user):
    shopper = make_user("shopper")
    # Before: 1 of 3 accepted shops met it; since: 3 of 4. A submitted shop never counts.
    for outcome in ("met", "not_met", "not_met"):
        shop(shopper, "accepted", datetime(2025, 9, 2, 10), outcome)
    for outcome in ("met", "met", "met", "not_met"):
        shop(shopper, "accepted", datetime(2026, 5, 2, 10), outcome)
    shop(shopper, "submitted", datetime(2026, 5, 3, 10), "not_met")
    shop(shopper, "accepted", datetime(2026, 5, 4, 10), "na")
    item = recommendation()
    item.measure = ANSWERED
    item.measure_before_from, item.measure_since_from = date(2025, 3, 1), date(2026, 3, 18)
    figures = measures.figures(item, today=date(2026, 12, 5))
    assert figures["before"] == "33% (3 shops)"
    assert figures["since"] == "75% (4 shops)"
    assert figures["caveat"] == "Fewer than 10 shops: treat with caution"
    assert figures["sentence"].startswith(
        "Call answered within 30 seconds (Phone) rose from 33% to 75%, a change of 42 points"
    )
    assert figures["sentence"].endswith(
        "points). This rests on fewer than 10 shops, too few to say."
    )
    assert "clear" not in figures["sentence"]


def test_a_measure_walked_to_the_follow_up_report(client_request, make_user, phone_answers):
    item = recommendation()
    client_request.login("reviewer")
    page = client_request.get("recommendations.measure", recommendation_id=item.id)
    # The dates start from the committee date: the 12 months before it, and since it.
    for name, value in (
        ("measure_before_from-month", "03"),
        ("measure_before_from-year", "2025"),
        ("measure_since_from-month", "03"),
        ("measure_since_from-year", "2026"),
    ):
        assert re.search(rf'id="{name}"[^>]*value="{value}"', page.html), name
    client_request.post(
        "recommendations.measure",
        measure_form(),
        _expected_status=302,
        recommendation_id=item.id,
    )
    db.session.expire_all()
    item = db.session.get(Recommendation, item.id)
    assert (item.measure, item.measure_before_from, item.measure_since_from) == (
        PHONE,
        date(2025, 3, 1),
        date(2026, 3, 18),
    )
    assert item.measure_since_to is None
    assert [e.action for e in item.events] == ["measure_set"]
    assert "recommendation.measure_set" in set(db.session.scalars(select(AuditEvent.action)))

    sentence = (
        "Phone satisfaction rose from 60% to 80%, a change of 20 points "
        "(95% interval -5 to 44 points): no clear change."
    )
    page = client_request.get("recommendations.recommendation", recommendation_id=item.id)
    assert "Residents satisfied with their contact: Phone" in page.html
    assert "60% (20 answers)" in page.html
    assert sentence in page.html
    tracker = client_request.get("recommendations.index")
    assert "+20 points (95% interval -5 to 44 points)" in tracker.html

    printed = client_request.get("recommendations.follow_up")
    assert "80% (30 answers)" in printed.html
    assert sentence in printed.html
    response = client_request.client.get("/recommendations/follow-up.docx")
    document = Document(io.BytesIO(response.data))
    measure_table = next(t for t in document.tables if t.rows[1].cells[0].text == "Measure")
    rows = [[cell.text for cell in row.cells] for row in measure_table.rows]
    assert rows[0] == ["Item", "Detail"]
    assert rows[1] == ["Measure", "Residents satisfied with their contact: Phone"]
    assert rows[2][1] == "60% (20 answers)"
    assert rows[3][1] == "80% (30 answers)"
    assert rows[4] == ["Change (95% interval)", "+20 points (-5 to 44 points)"]
    assert rows[5] == ["Result", sentence]

    # Changed, then removed: each in the history and the audit trail.
    client_request.post(
        "recommendations.measure",
        measure_form(measure="satisfaction", to=("30", "6", "2026")),
        _expected_status=302,
        recommendation_id=item.id,
    )
    client_request.post(
        "recommendations.remove_measure", {}, _expected_status=302, recommendation_id=item.id
    )
    db.session.expire_all()
    item = db.session.get(Recommendation, item.id)
    assert item.measure is None
    assert [e.action for e in item.events] == ["measure_set", "measure_changed", "measure_removed"]


def test_officers_see_the_measure_read_only_and_only_for_their_directorate(
    client_request, make_user, phone_answers
):
    item = recommendation()
    item.measure = PHONE
    item.measure_before_from, item.measure_since_from = date(2025, 3, 1), date(2026, 3, 18)
    db.session.flush()
    officer = officer_of(make_user, "Resources", "lead@example.gov.uk")
    client_request.login(user=officer)
    page = client_request.get("recommendations.recommendation", recommendation_id=item.id)
    assert "80% (30 answers)" in page.html
    assert "Change the measure" not in page.html
    client_request.get("recommendations.measure", 403, recommendation_id=item.id)
    client_request.post("recommendations.measure", measure_form(), 403, recommendation_id=item.id)
    client_request.post("recommendations.remove_measure", {}, 403, recommendation_id=item.id)
    other = officer_of(make_user, "Children and Families", "other@example.gov.uk")
    client_request.login(user=other)
    client_request.get("recommendations.recommendation", 403, recommendation_id=item.id)
    assert "80% (30 answers)" not in client_request.get("recommendations.follow_up").html
    db.session.expire_all()
    assert db.session.get(Recommendation, item.id).measure == PHONE


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"measure": ""}, "measure", "Select a measure"),
        ({"measure": "satisfaction/channel/carrier-pigeon"}, "measure", "from the list"),
        ({"measure": "standard/answered-30-seconds/email"}, "measure", "from the list"),
        (
            {"measure_since_from": ["1", "1", "2025"]},
            "measure_since_from",
            "The start of since must be in a later month than before",
        ),
        (
            {"measure_since_from": ["20", "3", "2025"]},
            "measure_since_from",
            "The start of since must be in a later month than before",
        ),
        (
            {"measure_since_to": ["1", "1", "2026"]},
            "measure_since_to",
            "The end of since must be the same as or after its start",
        ),
        (
            {"measure_since_to": ["1", "1", "2099"]},
            "measure_since_to",
            "The end of since must be today or in the past",
        ),
        (
            {"measure_before_from": ["1", "1", "2099"]},
            "measure_before_from",
            "The start of before must be today or in the past",
        ),
        (
            {"measure_before_from": ["31", "2", "2025"]},
            "measure_before_from",
            "The start of before must be a real date",
        ),
        (
            {"measure_since_from": ["", "", ""]},
            "measure_since_from",
            "Enter the start of since",
        ),
    ],
)
def test_bad_measures_get_govuk_errors(client_request, changes, field, message):
    item = recommendation()
    client_request.login("admin")
    page = client_request.post(
        "recommendations.measure", measure_form() | changes, recommendation_id=item.id
    )
    assert page.title.startswith("Error: Measure for CC 2026/27 03")
    assert message in page.html
    assert any(link.startswith(f"#{field}") for link in page.error_links)
    db.session.expire_all()
    assert db.session.get(Recommendation, item.id).measure is None
    assert "recommendation.measure_set" not in set(db.session.scalars(select(AuditEvent.action)))
