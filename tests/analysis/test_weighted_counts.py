"""Count-weighted input (one row per group and answer, with a count) gives the same tables
as one row per response. The database hands over counts so a page never loads a million rows.
"""

import numpy as np
import pandas as pd
import pytest

from analysis.breakdowns import published_satisfaction
from analysis.gap import satisfaction_gap
from analysis.satisfaction import satisfaction_table


@pytest.fixture
def counts():
    return pd.DataFrame(
        {
            "channel": ["phone", "phone", "phone", "phone", "email", "email"],
            "overall_satisfaction": [
                "very_satisfied",
                "fairly_dissatisfied",
                "dont_know",
                None,
                "neither",
                "fairly_satisfied",
            ],
            "count": [3, 2, 4, 1, 5, 0],
        }
    )


def expand(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per response, as the unweighted functions expect."""
    rows = np.repeat(np.arange(len(counts)), counts["count"].to_numpy())
    return counts.drop(columns="count").iloc[rows].reset_index(drop=True)


def test_weighted_counts_worked_by_hand(counts):
    # phone: 3 very satisfied, 2 fairly dissatisfied, 4 don't know, 1 missing
    #   -> base 5, satisfied 3 (60%), dissatisfied 2 (40%), net 20, don't know 4.
    # email: 5 neither (the fairly satisfied row has count 0)
    #   -> base 5, satisfied 0, dissatisfied 0, net 0.
    table = satisfaction_table(counts, "overall_satisfaction", "channel", weight="count")
    assert table["channel"].tolist() == ["email", "phone"]
    assert table["base"].tolist() == [5, 5]
    assert table["satisfied"].tolist() == [0, 3]
    assert table["dissatisfied"].tolist() == [0, 2]
    assert table["dont_know"].tolist() == [0, 4]
    assert table["pct_satisfied"].tolist() == [0, 60]
    assert table["net"].tolist() == [0, 20]


def test_weighted_overall_row_worked_by_hand(counts):
    # base 10 (3 + 2 + 5), satisfied 3 (30%), dissatisfied 2 (20%), don't know 4.
    row = satisfaction_table(counts, "overall_satisfaction", weight="count").iloc[0]
    assert (row["base"], row["satisfied"], row["dissatisfied"], row["dont_know"]) == (10, 3, 2, 4)
    assert row["pct_satisfied"] == 30


@pytest.mark.parametrize("by", [None, "channel"])
def test_weighted_and_unweighted_tables_are_identical(counts, by):
    weighted = satisfaction_table(counts, "overall_satisfaction", by, weight="count")
    unweighted = satisfaction_table(expand(counts), "overall_satisfaction", by)
    pd.testing.assert_frame_equal(weighted, unweighted)


def test_published_table_suppresses_the_same_rows_from_counts():
    # a: 12 answers, b: 4, c: 30 -> only b is hidden.
    counts = pd.DataFrame(
        {
            "service": ["a", "a", "b", "c", "c"],
            "overall_satisfaction": [
                "very_satisfied",
                "very_dissatisfied",
                "neither",
                "fairly_satisfied",
                "neither",
            ],
            "count": [8, 4, 4, 20, 10],
        }
    )
    weighted = published_satisfaction(counts, "overall_satisfaction", "service", weight="count")
    unweighted = published_satisfaction(expand(counts), "overall_satisfaction", "service")
    pd.testing.assert_frame_equal(weighted, unweighted)
    assert weighted["suppression"].tolist() == [None, "primary", None]
    assert weighted.loc[2, "pct_satisfied"] == pytest.approx(200 / 3)


def test_gap_from_counts_matches_gap_from_responses(counts):
    shops = pd.DataFrame({"channel": ["phone", "email"], "score": [0.8, 0.5]})
    big = counts.assign(count=counts["count"] * 3)
    weighted = satisfaction_gap(big, shops, weight="count")
    unweighted = satisfaction_gap(expand(big), shops)
    pd.testing.assert_frame_equal(weighted, unweighted)
    # phone: 9 of 15 satisfied = 60%; councillors scored 80%, so the gap is +20 points.
    phone = weighted.set_index("channel").loc["phone"]
    assert phone["gap_points"] == pytest.approx(20)
