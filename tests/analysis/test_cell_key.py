"""The cell key method on literal counts and key sums, with answers worked out by hand
from the ptable (``perturbation_table``) printed in the method text."""

import numpy as np
import pandas as pd
import pytest

from analysis.cell_key import (
    cell_keys,
    perturb,
    perturb_cells,
    perturbation_table,
    ptable_summary,
)


def test_a_cell_key_is_the_sum_of_record_keys_modulo_256():
    assert cell_keys([300, 255, 0, 512]).tolist() == [44, 255, 0, 0]


def test_every_row_of_the_ptable_shares_out_all_256_cell_keys_in_order():
    for _, row in perturbation_table().groupby("count"):
        assert row["probability"].sum() == pytest.approx(1.0)
        assert row["key_from"].iloc[0] == 0
        assert row["key_to"].iloc[-1] == 255
        assert (row["key_from"].iloc[1:].to_numpy() == row["key_to"].iloc[:-1].to_numpy() + 1).all()


def test_the_ptable_never_publishes_1_or_2_and_moves_at_most_3():
    table = perturbation_table()
    published = table["count"] + table["adjustment"]
    assert not published.isin([1, 2]).any()
    assert (published >= 0).all()
    assert table["adjustment"].abs().max() == 3
    zero = table[table["count"] == 0]
    assert zero[["adjustment", "probability"]].values.tolist() == [[0, 1.0]]


def test_the_ptable_adds_no_bias_and_a_variance_of_about_2():
    summary = ptable_summary().drop(index=0)
    # Written in 256ths, so the mean is 0 and the variance 2 to within a few 256ths.
    assert summary["mean"].abs().max() < 3 / 256
    assert (summary["variance"] - 2).abs().max() < 0.02


def test_perturbed_counts_read_from_the_ptable():
    # Count 0 stays 0; count 1 with cell key 0 becomes 0 (keys 0-170) and with 200 becomes 3;
    # count 10 uses the last row: key 0 no change, 70 (70-122) -1, 250 (247-255) +3.
    counts = [0, 1, 1, 10, 10, 10]
    key_sums = [77, 0, 200, 256, 70 + 512, 250]
    assert perturb(counts, key_sums).tolist() == [0, 0, 3, 10, 9, 13]


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        perturb([-1], [0])


def test_the_same_cell_split_two_ways_is_published_the_same():
    # Phone: 12 answers with key sum 300 (cell key 44: no change), however a page splits them.
    by_month = pd.DataFrame(
        {
            "channel": ["Phone", "Phone"],
            "month": ["2026-03", "2026-04"],
            "count": [5, 7],
            "key_sum": [100, 200],
        }
    )
    by_mode = pd.DataFrame(
        {
            "channel": ["Phone", "Phone", "Phone"],
            "mode": ["Online", "Paper", "Assisted"],
            "count": [10, 1, 1],
            "key_sum": [250, 30, 20],
        }
    )
    from_months = perturb_cells(by_month, ["channel"])
    from_modes = perturb_cells(by_mode, ["channel"])
    assert from_months.to_dict("records") == from_modes.to_dict("records")
    assert from_months.to_dict("records") == [{"channel": "Phone", "count": 12}]


def test_a_whole_table_cell_has_no_group_columns():
    frame = pd.DataFrame({"count": [6, 4], "key_sum": [69, 1]})
    # 10 answers, cell key 70 (70-122): -1.
    assert perturb_cells(frame, []).to_dict("records") == [{"count": 9}]


def test_subtracting_one_view_from_another_no_longer_gives_the_hidden_count():
    # 58 phone callers in all, 55 up to April: the 3 in May are the hidden group. The
    # intruder sees only the two published counts. Over every pair of cell keys the
    # difference takes many values, and is exactly 3 in only a minority of cases.
    keys = np.arange(256)
    everything = perturb(np.full(256 * 256, 58), np.repeat(keys, 256))
    up_to_april = perturb(np.full(256 * 256, 55), np.tile(keys, 256))
    differences = everything - up_to_april
    assert set(np.unique(differences)) == set(range(-3, 10))
    assert (differences == 3).mean() < 0.3
    # One literal case: key sums 1000 (cell key 232: +2) and 900 (132: +1) publish 60 and
    # 56, so subtraction says 4.
    assert perturb([58, 55], [1000, 900]).tolist() == [60, 56]
