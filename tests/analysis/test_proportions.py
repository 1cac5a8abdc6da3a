import numpy as np
import pytest
from scipy.stats import norm

from analysis.proportions import net_with_interval, percent_with_interval

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


def test_net_and_its_interval_worked_by_hand():
    # 50 satisfied and 30 dissatisfied of 100: net 0.5 - 0.3 = 0.2. Var = (0.5 + 0.3 -
    # 0.2²) / 100 = 0.0076 (the same as (0.25 + 0.21 + 2 x 0.15) / 100), so the standard
    # error is √0.0076 = 0.087178 and 1.959964 x 0.087178 = 0.170866.
    net, low, high = net_with_interval([50], [30], [100])
    assert net[0] == pytest.approx(20)
    assert low[0] == pytest.approx(20 - 17.0866, abs=0.001)
    assert high[0] == pytest.approx(20 + 17.0866, abs=0.001)


def test_the_net_interval_stays_within_plus_and_minus_100():
    # 9 satisfied, none dissatisfied, of 10: Var = (0.9 - 0.81) / 10 = 0.009, standard error
    # 0.094868, spread 0.185938: 90 ± 18.6 runs past 100, so it stops there.
    net, low, high = net_with_interval([9, 10, 0], [0, 0, 10], [10, 10, 10])
    assert net.tolist() == pytest.approx([90, 100, -100])
    assert low.tolist() == pytest.approx([90 - 18.5938, 100, -100], abs=0.001)
    assert high.tolist() == pytest.approx([100, 100, -100])


def test_no_base_no_net():
    net, low, high = net_with_interval([0], [0], [0])
    assert np.isnan([net[0], low[0], high[0]]).all()
