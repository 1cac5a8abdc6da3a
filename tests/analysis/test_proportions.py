import numpy as np
import pytest
from scipy.stats import norm

from analysis.proportions import percent_with_interval

Z = norm.ppf(0.975)  # 1.959964


def wilson_by_formula(count, base):
    """Wilson (1927) score interval written out, to check statsmodels independently."""
    share = count / base
    centre = (share + Z**2 / (2 * base)) / (1 + Z**2 / base)
    half_width = Z * np.sqrt(share * (1 - share) / base + Z**2 / (4 * base**2)) / (1 + Z**2 / base)
    return 100 * (centre - half_width), 100 * (centre + half_width)


def test_wilson_matches_newcombe_1998_example():
    # Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662.
    # By hand: z^2 = 3.8415; centre = (81 + 1.9207) / 266.8415 = 0.31075;
    # half = 1.96 * sqrt(263 * 0.30798 * 0.69202 + 0.9604) / 266.8415 = 0.05546.
    percent, low, high = percent_with_interval([81], [263])
    assert percent[0] == pytest.approx(100 * 81 / 263)
    assert low[0] == pytest.approx(25.53, abs=0.005)
    assert high[0] == pytest.approx(36.62, abs=0.005)
    assert (low[0], high[0]) == pytest.approx(wilson_by_formula(81, 263))


def test_wilson_for_none_out_of_ten_stays_above_zero_width():
    # 0/10: low is 0 and high is z^2 / (n + z^2) = 3.8415 / 13.8415 = 0.2775.
    percent, low, high = percent_with_interval([0], [10])
    assert percent[0] == 0
    assert low[0] == pytest.approx(0, abs=1e-9)
    assert high[0] == pytest.approx(27.75, abs=0.005)
    assert (low[0], high[0]) == pytest.approx(wilson_by_formula(0, 10), abs=1e-9)


def test_half_is_symmetric_about_fifty():
    # 2/4: centre (2 + 1.9207) / 7.8415 = 0.5 exactly; half = 1.96 * sqrt(1 + 0.9604) / 7.8415
    # = 1.96 * 1.4001 / 7.8415 = 0.35, so 15% to 85%.
    percent, low, high = percent_with_interval([2], [4])
    assert percent[0] == 50
    assert low[0] == pytest.approx(15.0, abs=0.01)
    assert high[0] == pytest.approx(85.0, abs=0.01)


def test_zero_base_gives_nan_not_an_error():
    percent, low, high = percent_with_interval([0, 3], [0, 4])
    assert np.isnan([percent[0], low[0], high[0]]).all()
    assert percent[1] == 75
