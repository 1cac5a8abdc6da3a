import numpy as np
import pandas as pd
import pytest

from analysis.breakdowns import (
    add_period,
    published_satisfaction,
    satisfaction_breakdown,
)
from analysis.equality_categories import AGE_BANDS
from analysis.satisfaction import SATISFACTION_COUNTS, satisfaction_table


def dated(dates):
    return pd.DataFrame({"submitted_on": pd.to_datetime(dates), "overall_satisfaction": "neither"})


def test_months_cover_the_whole_range_including_empty_ones():
    frame = add_period(dated(["2026-01-05", "2026-03-02", "2026-03-31"]), "month")
    assert [str(month) for month in frame["month"]] == ["2026-01", "2026-03", "2026-03"]
    table = satisfaction_breakdown(frame, "overall_satisfaction", "month")
    # February had no responses but still gets a row, base 0.
    assert [str(month) for month in table["month"]] == ["2026-01", "2026-02", "2026-03"]
    assert table["base"].tolist() == [1, 0, 2]


def test_quarters_split_at_the_calendar_quarter():
    table = satisfaction_breakdown(
        dated(["2026-03-31", "2026-04-01", "2026-04-02"]), "overall_satisfaction", "quarter"
    )
    assert [str(quarter) for quarter in table["quarter"]] == ["2026Q1", "2026Q2"]
    assert table["base"].tolist() == [1, 2]


def test_unknown_period_is_refused():
    with pytest.raises(ValueError, match="period"):
        add_period(dated(["2026-01-01"]), "week")


def test_equality_breakdown_lists_every_age_band_then_prefer_not_to_say_and_not_answered():
    responses = pd.DataFrame(
        {
            "age_band": ["25 to 34", "Prefer not to say", None, "25 to 34", None],
            "overall_satisfaction": [
                "very_satisfied",
                "very_dissatisfied",
                "fairly_satisfied",
                "dont_know",
                "neither",
            ],
        }
    )
    table = satisfaction_breakdown(responses, "overall_satisfaction", "age_band")
    assert table["age_band"].tolist() == list(AGE_BANDS)
    by_band = table.set_index("age_band")
    # 25 to 34: very_satisfied + dont_know -> base 1, satisfied 1, dont_know 1.
    assert by_band.loc["25 to 34", ["base", "satisfied", "dont_know"]].tolist() == [1, 1, 1]
    assert by_band.loc["Prefer not to say", ["base", "dissatisfied"]].tolist() == [1, 1]
    # The two missing answers: fairly_satisfied and neither -> base 2, 50% satisfied.
    assert by_band.loc["Not answered", ["base", "pct_satisfied"]].tolist() == [2, 50]
    assert by_band.loc["Under 16", "base"] == 0


def test_missing_service_is_reported_as_not_answered():
    responses = pd.DataFrame(
        {"service": ["housing", None], "overall_satisfaction": ["neither", "neither"]}
    )
    table = satisfaction_breakdown(responses, "overall_satisfaction", "service")
    assert table["service"].tolist() == ["Not answered", "housing"]


def test_published_table_is_tested_then_suppressed():
    # phone 40 (all satisfied), email 30 (none satisfied), letter 4: letter is hidden; no
    # other row is (counts are perturbed by the cell key method before they get here, so
    # no total minus shown rows gives letter's size). Phone keeps its test result against
    # the other 34.
    responses = pd.DataFrame(
        {
            "channel": ["phone"] * 40 + ["email"] * 30 + ["letter"] * 4,
            "overall_satisfaction": ["very_satisfied"] * 40
            + ["very_dissatisfied"] * 30
            + ["neither"] * 4,
        }
    )
    table = published_satisfaction(responses, "overall_satisfaction", "channel")
    assert table["channel"].tolist() == ["email", "letter", "phone"]
    assert table["suppression"].tolist()[1] == "primary"
    assert table["suppressed"].tolist() == [False, True, False]
    phone = table.iloc[2]
    assert (phone["base"], phone["pct_satisfied"], phone["direction"]) == (40, 100, "higher")
    email = table.iloc[0]
    assert (email["base"], email["pct_satisfied"], email["direction"]) == (30, 0, "lower")
    assert table.iloc[[1]].drop(columns=["channel", "suppressed", "suppression"]).isna().all().all()


def test_overall_published_row_is_suppressed_when_small():
    responses = pd.DataFrame({"overall_satisfaction": ["neither"] * 9})
    table = published_satisfaction(responses, "overall_satisfaction")
    assert table["suppressed"].tolist() == [True]
    assert pd.isna(table["base"].iloc[0])


def random_responses(seed, size=400):
    rng = np.random.default_rng(seed)
    codes = np.array(
        ["very_satisfied", "fairly_satisfied", "neither", "very_dissatisfied", "dont_know", None],
        dtype=object,
    )
    return pd.DataFrame(
        {
            "submitted_on": pd.Timestamp("2026-01-01")
            + pd.to_timedelta(rng.integers(0, 180, size), unit="D"),
            # Skewed so some channels, services and groups are small.
            "channel": rng.choice(
                ["phone", "email", "letter", "webchat"], size, p=[0.6, 0.3, 0.07, 0.03]
            ),
            "service": rng.choice(
                np.array(["housing", "waste", None], dtype=object), size, p=[0.7, 0.25, 0.05]
            ),
            "completion_mode": rng.choice(
                ["online", "assisted", "paper"], size, p=[0.8, 0.15, 0.05]
            ),
            "age_band": rng.choice(
                np.array(["25 to 34", "75 or over", "Prefer not to say", None], dtype=object),
                size,
                p=[0.7, 0.03, 0.07, 0.2],
            ),
            "overall_satisfaction": rng.choice(codes, size),
        }
    )


FILTERS = {
    "everyone": lambda frame: frame,
    "phone": lambda frame: frame[frame["channel"] == "phone"],
    "letter": lambda frame: frame[frame["channel"] == "letter"],
    "waste": lambda frame: frame[frame["service"] == "waste"],
    "paper": lambda frame: frame[frame["completion_mode"] == "paper"],
    "phone and waste": lambda frame: frame[
        (frame["channel"] == "phone") & (frame["service"] == "waste")
    ],
}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("view", sorted(FILTERS))
@pytest.mark.parametrize(
    "by", ["channel", "service", "completion_mode", "age_band", "month", ["channel", "quarter"]]
)
def test_no_filtered_view_shows_a_small_group(seed, view, by):
    responses = FILTERS[view](random_responses(seed))
    published = published_satisfaction(responses, "overall_satisfaction", by)
    original = satisfaction_breakdown(responses, "overall_satisfaction", by)
    hidden = published["suppressed"].to_numpy(dtype=bool)
    assert (hidden == ~(original["base"].to_numpy(dtype=float) >= 10)).all()
    assert published.loc[~hidden, "base"].astype(float).ge(10).all()
    # A hidden row shows nothing but its labels.
    assert published.loc[hidden, list(SATISFACTION_COUNTS)].isna().all().all()


def test_breakdown_matches_plain_table_for_plain_columns():
    responses = random_responses(0)
    pd.testing.assert_frame_equal(
        satisfaction_breakdown(responses, "overall_satisfaction", "channel"),
        satisfaction_table(responses, "overall_satisfaction", "channel"),
    )


def test_two_way_published_table_has_test_columns_but_no_tests():
    responses = random_responses(0)
    table = published_satisfaction(responses, "overall_satisfaction", ["channel", "quarter"])
    assert table["p_value"].isna().all()
    assert table["differs"].isna().all()
