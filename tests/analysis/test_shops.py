import numpy as np
import pandas as pd
import pytest

from analysis.shops import shop_scores, standard_scorecard


@pytest.fixture
def criteria():
    # Keys chosen so alphabetical order (a_named first) differs from the standard's order.
    return pd.DataFrame(
        {
            "shop_id": [1, 1, 2, 2, 3, 3, 4, 4],
            "channel": ["phone", "phone", "phone", "phone", "email", "email", "email", "email"],
            "shopped_on": pd.to_datetime(["2026-01-10"] * 4 + ["2026-02-10"] * 4),
            "criterion": ["z_answered", "a_named"] * 4,
            "criterion_name": ["Answered within 5 rings", "Gave their name"] * 4,
            "outcome": ["met", "na", "met", "na", "not_met", "met", "na", "not_met"],
        }
    )


def test_scorecard_leaves_not_applicable_out_of_the_base(criteria):
    # z_answered: met, met, not_met, na -> base 3, met 2 (66.7%).
    # a_named: na, na, met, not_met -> base 2, met 1 (50%).
    card = standard_scorecard(criteria)
    assert card["criterion"].tolist() == ["z_answered", "a_named"]
    assert card["criterion_name"].tolist() == ["Answered within 5 rings", "Gave their name"]
    assert card["base"].tolist() == [3, 2]
    assert card["met"].tolist() == [2, 1]
    assert card["not_met"].tolist() == [1, 1]
    assert card["not_applicable"].tolist() == [1, 2]
    assert card["pct_met"].tolist() == pytest.approx([200 / 3, 50])
    # Wilson 2/3: centre (2 + 1.9207) / 6.8415 = 0.57307,
    # half = 1.96 * sqrt(3 * 2/3 * 1/3 + 0.9604) / 6.8415 = 0.36543 -> 20.76% to 93.85%.
    assert card[["met_low", "met_high"]].iloc[0].tolist() == pytest.approx([20.76, 93.85], abs=0.01)


def test_scorecard_by_channel_gives_nan_where_never_applicable(criteria):
    card = standard_scorecard(criteria, "channel")
    phone_named = card[(card["channel"] == "phone") & (card["criterion"] == "a_named")].iloc[0]
    # Both phone shops marked "Gave their name" not applicable: base 0, no percentage.
    assert phone_named["base"] == 0
    assert np.isnan(phone_named["pct_met"])
    email = card[card["channel"] == "email"]
    assert email["criterion"].tolist() == ["z_answered", "a_named"]
    assert email["pct_met"].tolist() == [0, 50]


def test_scorecard_by_month(criteria):
    card = standard_scorecard(criteria, "month")
    assert [str(month) for month in card["month"]] == ["2026-01", "2026-01", "2026-02", "2026-02"]
    assert card["base"].tolist() == [2, 0, 1, 2]


def test_scorecard_refuses_unknown_outcomes(criteria):
    criteria.loc[0, "outcome"] = "partly"
    with pytest.raises(ValueError, match="partly"):
        standard_scorecard(criteria)


@pytest.fixture
def shops():
    return pd.DataFrame(
        {
            "shop_id": [1, 2, 3, 4],
            "channel": ["phone", "phone", "email", "email"],
            "service": ["housing", "waste", "housing", None],
            "shopped_on": pd.to_datetime(["2026-01-10", "2026-03-01", "2026-01-20", "2026-03-05"]),
            "points_earned": [8.0, 6.0, 10.0, 0.0],
            "points_possible": [10.0, 10.0, 10.0, 0.0],
            "score": [0.8, 0.6, 1.0, np.nan],
        }
    )


def test_mean_score_by_channel_as_a_percentage(shops):
    # phone (0.8 + 0.6) / 2 = 70%; email: one scored shop at 100%, one with nothing to score.
    table = shop_scores(shops, "channel")
    assert table["channel"].tolist() == ["email", "phone"]
    assert table["shops"].tolist() == [1, 2]
    assert table["mean_score"].tolist() == pytest.approx([100, 70])


def test_mean_score_overall(shops):
    # (0.8 + 0.6 + 1.0) / 3 = 80%.
    table = shop_scores(shops)
    assert table["shops"].tolist() == [3]
    assert table["mean_score"].tolist() == pytest.approx([80])


def test_mean_score_by_month_keeps_empty_months(shops):
    # January 0.8 and 1.0 -> 90%; February none; March 0.6 (and one unscored) -> 60%.
    table = shop_scores(shops, "month")
    assert [str(month) for month in table["month"]] == ["2026-01", "2026-02", "2026-03"]
    assert table["shops"].tolist() == [2, 0, 1]
    assert table["mean_score"].iloc[[0, 2]].tolist() == pytest.approx([90, 60])
    assert np.isnan(table["mean_score"].iloc[1])


def test_mean_score_keeps_shops_with_no_service(shops):
    table = shop_scores(shops, "service")
    assert table["service"].isna().sum() == 1
    assert table["shops"].sum() == 3
