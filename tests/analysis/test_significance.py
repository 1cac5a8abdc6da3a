import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from analysis.significance import SIGNIFICANCE_METHOD, add_significance


def table(satisfied, base):
    return pd.DataFrame({"group": list("ABC")[: len(base)], "satisfied": satisfied, "base": base})


def test_two_groups_differing_at_the_five_percent_level():
    # 30/50 (60%) against 20/50 (40%): pooled 0.5, se = sqrt(0.25 * (1/50 + 1/50)) = 0.1,
    # z = 0.2 / 0.1 = 2, p = 2 * (1 - Phi(2)) = 0.0455.
    result = add_significance(table([30, 20], [50, 50]))
    assert result["p_value"].tolist() == pytest.approx([2 * norm.sf(2)] * 2)
    assert result["p_value"].iloc[0] == pytest.approx(0.0455, abs=1e-4)
    assert result["differs"].tolist() == [True, True]
    assert result["direction"].tolist() == ["higher", "lower"]


def test_everyone_else_includes_small_groups_but_small_groups_are_not_tested():
    # A 30/50 against B + C = 23/55: pooled 53/105 = 0.50476,
    # se = sqrt(0.50476 * 0.49524 * (1/50 + 1/55)) = 0.097697,
    # z = (0.6 - 0.41818) / 0.097697 = 1.861, p = 0.0627: not different at 5%.
    # B 20/50 against A + C = 33/55 (0.6): same pooled share and se, z = -0.2 / 0.097697
    # = -2.047, p = 0.0406: lower.
    result = add_significance(table([30, 20, 3], [50, 50, 5]), min_base=10)
    pooled = 53 / 105
    z = (30 / 50 - 23 / 55) / np.sqrt(pooled * (1 - pooled) * (1 / 50 + 1 / 55))
    assert z == pytest.approx(1.861, abs=1e-3)
    assert result["p_value"].iloc[0] == pytest.approx(2 * norm.sf(z))
    assert result["p_value"].iloc[0] == pytest.approx(0.0627, abs=1e-4)
    # C has base 5, below 10: no test at all.
    assert np.isnan(result["p_value"].iloc[2])
    assert result["p_value"].iloc[1] == pytest.approx(0.0406, abs=1e-4)
    assert result["differs"].tolist() == [False, True, pd.NA]
    assert result["direction"].tolist() == [None, "lower", None]


def test_group_is_not_tested_when_the_rest_is_too_small():
    result = add_significance(table([40, 4], [50, 8]), min_base=10)
    assert result["differs"].isna().all()


def test_identical_all_satisfied_groups_are_similar_without_dividing_by_zero():
    result = add_significance(table([20, 30], [20, 30]))
    assert result["p_value"].tolist() == [1.0, 1.0]
    assert result["differs"].tolist() == [False, False]


def test_method_is_described_for_the_page():
    assert "z-test" in SIGNIFICANCE_METHOD
    assert "5%" in SIGNIFICANCE_METHOD


def test_left_out_rows_are_neither_tested_nor_part_of_the_rest():
    # A 40/50, B 25/50, and C (non-response, left out) 0/100. A is compared with B alone:
    # pooled 65/100, z = 0.3 / sqrt(0.65 * 0.35 * 0.04) = 3.145, p = 0.00166.
    table = pd.DataFrame(
        {"group": ["A", "B", "C"], "satisfied": [40, 25, 0], "base": [50, 50, 100]}
    )
    result = add_significance(table, left_out=[False, False, True])
    assert result["p_value"].iloc[0] == pytest.approx(0.00166, abs=1e-5)
    assert result["p_value"].iloc[1] == pytest.approx(0.00166, abs=1e-5)
    assert pd.isna(result["p_value"].iloc[2])
    assert result["direction"].tolist() == ["higher", "lower", None]
