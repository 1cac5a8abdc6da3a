"""The bridge from the database to count frames, and the demo data that fills it."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from survey_app.demo.data import SHOP_CHANNEL_WEIGHTS, generate_demo_shops
from survey_app.extensions import db
from survey_app.models import Response, ShopRecord, User
from survey_app.results.presenters import PLOTLY_MAPLIBRE_STYLE_ID
from survey_app.services.mystery_shop import measures_for
from survey_app.services.results_data import (
    ResultsFilter,
    answer_counts,
    comment_count,
    equality_answer_counts,
    equality_tally_query,
    response_count,
)
from survey_app.services.scoring import score_shop
from survey_app.services.standards import criteria_for_channel
from survey_app.services.users import authenticate
from tests.results.helpers import add_responses
from tests.results.plotly_css import maplibre_style, maplibre_stylesheet, stylesheet
from tests.results.test_pages import table_rows


def counts_of(frame, **where) -> dict:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return dict(zip(rows["value"], rows["count"], strict=True))


@pytest.fixture
def mixed(app):
    add_responses(3, channel="phone", overall="very_satisfied", submitted_on=date(2026, 1, 5))
    add_responses(
        2, channel="phone", overall="neither", mode="paper", submitted_on=date(2026, 2, 5)
    )
    add_responses(4, channel="email", service="housing", overall="dont_know", council=None)


def test_counts_are_grouped_in_the_database_by_channel(mixed):
    frame = answer_counts(ResultsFilter(), by=("channel",))
    overall = frame[frame["question"] == "overall_satisfaction"]
    assert counts_of(overall, channel="Phone") == {"very_satisfied": 3, "neither": 2}
    assert counts_of(overall, channel="Email") == {"dont_know": 4}
    # Every channel is a category, so one with no answers still gets a row.
    assert "Webchat" in list(frame["channel"].cat.categories)
    assert counts_of(frame[frame["question"] == "council_satisfaction"], channel="Phone") == {
        "neither": 5
    }


def test_month_and_mode_groupings(mixed):
    frame = answer_counts(ResultsFilter(channel="phone"), by=("month", "mode"))
    overall = frame[frame["question"] == "overall_satisfaction"]
    assert counts_of(overall, month="2026-01", mode="Online") == {"very_satisfied": 3}
    assert counts_of(overall, month="2026-02", mode="Paper") == {"neither": 2}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ResultsFilter(), 9),
        (ResultsFilter(channel="phone"), 5),
        (ResultsFilter(service="housing"), 4),
        (ResultsFilter(mode="paper"), 2),
        (ResultsFilter(start=date(2026, 2, 1)), 6),
        (ResultsFilter(end=date(2026, 1, 31)), 3),
        (ResultsFilter(survey="customer-care"), 9),
        (ResultsFilter(survey="no-such-survey"), 0),
        (ResultsFilter(channel="no-such-channel"), 0),
    ],
)
def test_every_filter_limits_the_responses(mixed, filters, expected):
    assert response_count(filters) == expected
    overall = answer_counts(filters, questions=("overall_satisfaction",))
    assert int(overall["count"].sum()) == expected


def test_equality_counts_report_everyone_as_not_answered_until_answers_are_stored(mixed):
    frame = equality_answer_counts(ResultsFilter(), "disability")
    assert set(frame["disability"]) == {"Not answered"}
    assert int(frame[frame["question"] == "overall_satisfaction"]["count"].sum()) == 9


def test_comment_count(app):
    add_responses(2, comment="Fine")
    add_responses(1)
    assert comment_count(ResultsFilter()) == 2


def test_demo_data_command_adds_responses_with_a_progress_bar(runner):
    result = runner.invoke(args=["demo-data", "--responses", "150"])
    assert result.exit_code == 0, result.output
    assert "Adding synthetic responses" in result.output
    assert "Added 150 synthetic responses and 240 mystery shops." in result.output
    assert db.session.scalar(select(func.count(Response.id))) == 150
    overall = answer_counts(ResultsFilter(), questions=("overall_satisfaction",))
    assert int(overall["count"].sum()) == 150


def test_demo_data_has_real_differences_between_channels(runner):
    assert runner.invoke(args=["demo-data", "--responses", "3000"]).exit_code == 0
    counts = answer_counts(ResultsFilter(), by=("channel",), questions=("overall_satisfaction",))

    def share_satisfied(channel: str) -> float:
        rows = counts[counts["channel"] == channel]
        answered = rows[rows["value"] != "dont_know"]["count"].sum()
        satisfied = rows[rows["value"].isin(["very_satisfied", "fairly_satisfied"])]["count"]
        return satisfied.sum() / answered

    # Built in: face to face about 0.78 before other effects, social media about 0.42.
    assert share_satisfied("Face to face") > share_satisfied("Social media") + 0.15


def test_demo_data_twice_keeps_ids_and_keys_unique(runner):
    assert runner.invoke(args=["demo-data", "--responses", "30"]).exit_code == 0
    assert runner.invoke(args=["demo-data", "--responses", "30", "--seed", "7"]).exit_code == 0
    assert db.session.scalar(select(func.count(func.distinct(Response.submission_key)))) == 60


def test_demo_shops_are_scored_done_shops_on_every_channel_over_the_year(app):
    today = date(2026, 11, 20)
    assert generate_demo_shops(300, today=today) == 300
    records = db.session.scalars(select(ShopRecord)).all()
    assert len(records) == 300
    assert {r.status for r in records} == {"submitted", "accepted"}
    assert {r.channel.slug for r in records} == set(SHOP_CHANNEL_WEIGHTS)
    months = {r.contact_at.strftime("%Y-%m") for r in records}
    assert len(months) >= 12
    assert all(date(2025, 11, 20) < r.contact_at.date() <= date(2026, 11, 6) for r in records)
    for record in records:
        assert 0 <= record.score_percent <= 100
        assert 0 <= record.points_earned <= record.points_possible
        assert record.scored_criteria
    # Scored by the real scoring code: scoring a record again gives what it stored.
    record = records[0]
    again = score_shop(
        criteria_for_channel(record.channel_id), measures_for(record), record.behaviours
    )
    assert again.score_percent == record.score_percent


def test_demo_shoppers_are_shoppers_who_cannot_sign_in(app):
    generate_demo_shops(20, today=date(2026, 11, 20))
    shoppers = db.session.scalars(select(User).where(User.email.like("demo-%"))).all()
    assert shoppers
    for user in shoppers:
        assert not user.active
        assert "cannot sign in" in user.name
        assert authenticate(user.email, "anything at all")[0] is None
    assert any(user.has_role("shopper") for user in shoppers)
    # A second run reuses the same accounts.
    generate_demo_shops(5, seed=9, today=date(2026, 11, 20))
    again = db.session.scalars(select(User).where(User.email.like("demo-%"))).all()
    assert len(again) == len(shoppers)
    assert db.session.scalar(select(func.count(ShopRecord.id))) == 25


def test_demo_shops_differ_by_channel_and_show_on_the_mystery_shop_page(reviewer, runner, client):
    args = ["demo-data", "--responses", "2000", "--shops", "400"]
    assert runner.invoke(args=args).exit_code == 0
    scores = {}
    for record in db.session.scalars(select(ShopRecord).where(ShopRecord.status == "accepted")):
        scores.setdefault(record.channel.name, []).append(record.score_percent)

    def mean(channel):
        return sum(scores[channel]) / len(scores[channel])

    # Built in: webchat behaviours met 90% of the time, letters 55%. (Only accepted shops
    # count on the page.)
    assert mean("Webchat") > mean("Letter") + 15
    html = client.get("/results/mystery-shop").get_data(as_text=True)
    gap = table_rows(html, "What residents said and what councillors found, by channel")
    assert gap["Phone"][3] == str(len(scores["Phone"]))
    assert gap["Webchat"][2].endswith("%")


def test_shipped_plotly_stylesheet_matches_the_installed_plotly():
    shipped = Path(__file__).resolve().parents[2] / "survey_app/static/css/plotly-global.css"
    assert shipped.read_text() == stylesheet()


def test_shipped_maplibre_stylesheet_and_id_match_the_installed_plotly():
    shipped = Path(__file__).resolve().parents[2] / "survey_app/static/css/plotly-maplibre.css"
    assert shipped.read_text() == maplibre_stylesheet()
    assert maplibre_style()[0] == PLOTLY_MAPLIBRE_STYLE_ID


def test_an_equality_page_reads_its_counts_from_the_covering_index(app):
    indexes = {
        index["name"]: index["column_names"]
        for index in inspect(db.engine).get_indexes("results_equality_tally")
    }
    columns = indexes["ix_results_equality_tally_grouped"]
    # Grouping columns first, in the order the page groups by, then every filter and count.
    assert columns[:4] == ["characteristic", "code", "question_key", "value"]
    assert set(columns) == {c.name for c in db.metadata.tables["results_equality_tally"].c}
    if db.engine.dialect.name == "sqlite":
        filters = ResultsFilter(start=date(2026, 3, 1), channel="phone", mode="online")
        statement = equality_tally_query(filters, "disability").compile(
            db.engine, compile_kwargs={"literal_binds": True}
        )
        plan = " ".join(
            str(row[-1]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {statement}"))
        )
        assert "USING COVERING INDEX ix_results_equality_tally_grouped" in plan
        assert "TEMP B-TREE" not in plan
