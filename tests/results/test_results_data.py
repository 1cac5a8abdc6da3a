"""The bridge from the database to count frames, and the demo data that fills it."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.results.pages import PLOTLY_MAPLIBRE_STYLE_ID
from survey_app.services.results_data import (
    ResultsFilter,
    answer_counts,
    comment_count,
    equality_answer_counts,
    response_count,
)
from tests.results.helpers import add_responses
from tests.results.plotly_css import maplibre_style, maplibre_stylesheet, stylesheet


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
    assert "Added 150 synthetic responses." in result.output
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


def test_shipped_plotly_stylesheet_matches_the_installed_plotly():
    shipped = Path(__file__).resolve().parents[2] / "survey_app/static/css/plotly-global.css"
    assert shipped.read_text() == stylesheet()


def test_shipped_maplibre_stylesheet_and_id_match_the_installed_plotly():
    shipped = Path(__file__).resolve().parents[2] / "survey_app/static/css/plotly-maplibre.css"
    assert shipped.read_text() == maplibre_stylesheet()
    assert maplibre_style()[0] == PLOTLY_MAPLIBRE_STYLE_ID
