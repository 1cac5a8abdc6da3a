"""The minimum-base threshold: the one disclosure control left beside the cell key method."""

import numpy as np
import pandas as pd

from analysis.disclosure import suppress_small_cells

COUNTS = ["base", "satisfied"]


def channel_table(bases, satisfied=None):
    satisfied = satisfied if satisfied is not None else [base // 2 for base in bases]
    return pd.DataFrame(
        {
            "channel": [f"c{number}" for number in range(len(bases))],
            "base": bases,
            "satisfied": satisfied,
            "pct_satisfied": [
                100 * s / b if b else np.nan for s, b in zip(satisfied, bases, strict=True)
            ],
            "differs": [False] * len(bases),
            "direction": [None] * len(bases),
        }
    )


def test_only_a_small_row_is_hidden_and_it_keeps_only_its_label():
    # phone 50, email 30, letter 4: letter is below 10. The counts are perturbed before
    # they get here (analysis.cell_key), so 84 - 50 - 30 is not letter's size and email
    # need not be hidden to protect it.
    table = channel_table([50, 30, 4])
    table["channel"] = ["phone", "email", "letter"]
    result = suppress_small_cells(table, COUNTS, threshold=10)
    assert result["suppressed"].tolist() == [False, False, True]
    assert result["suppression"].tolist()[2] == "primary"
    assert result["suppression"].iloc[:2].isna().all()
    assert result["channel"].tolist() == ["phone", "email", "letter"]
    hidden = result[result["suppressed"]].drop(columns=["channel", "suppressed", "suppression"])
    assert hidden.isna().all().all()
    # The shown rows keep their values.
    assert result.loc[0, ["base", "satisfied"]].tolist() == [50, 25]
    assert result.loc[1, ["base", "satisfied"]].tolist() == [30, 15]


def test_an_empty_row_is_hidden_as_fewer_than_the_threshold():
    result = suppress_small_cells(channel_table([50, 34, 0]), COUNTS)
    assert result["suppressed"].tolist() == [False, False, True]


def test_the_base_decides_even_with_other_counts_in_the_row():
    table = channel_table([50, 0, 5])
    table.insert(3, "dont_know", [3, 12, 0])
    result = suppress_small_cells(table, [*COUNTS, "dont_know"])
    assert result["suppressed"].tolist() == [False, True, True]


def test_a_base_of_exactly_the_threshold_is_shown():
    result = suppress_small_cells(channel_table([10, 9]), COUNTS, threshold=10)
    assert result["suppressed"].tolist() == [False, True]


def test_threshold_is_configurable():
    result = suppress_small_cells(channel_table([50, 30, 12]), COUNTS, threshold=20)
    assert result["suppressed"].tolist() == [False, False, True]


def test_base_column_can_be_named():
    table = channel_table([50, 30]).rename(columns={"base": "n"})
    table["n"] = [50, 5]
    result = suppress_small_cells(table, ["satisfied", "n"], base_column="n")
    assert result["suppressed"].tolist() == [False, True]


def test_hidden_values_become_missing_in_every_column_type():
    table = channel_table([50, 30, 4])
    table["differs"] = [True, False, True]
    table["direction"] = ["higher", None, "lower"]
    result = suppress_small_cells(table, COUNTS)
    assert result["base"].dtype == "Int64"
    assert result["differs"].isna().tolist() == [False, False, True]
    assert result["direction"].isna().tolist() == [False, True, True]
    assert result.loc[0, "direction"] == "higher"


def test_a_two_way_table_hides_small_cells_only():
    # channel x quarter: only email/Q2 (5) is below 10; its row and column are not
    # touched, as their totals are perturbed wherever they are published.
    table = pd.DataFrame(
        {
            "channel": ["phone", "phone", "email", "email"],
            "quarter": ["Q1", "Q2"] * 2,
            "base": [40, 50, 30, 5],
            "satisfied": [20, 25, 15, 2],
        }
    )
    result = suppress_small_cells(table, COUNTS, label_columns=["channel", "quarter"])
    assert result["suppressed"].tolist() == [False, False, False, True]
    assert result.loc[3, ["channel", "quarter"]].tolist() == ["email", "Q2"]
