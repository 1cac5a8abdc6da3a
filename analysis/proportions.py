"""Percentages with their 95% Wilson score intervals."""

import numpy as np
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE_LEVEL = 0.95
#: The normal quantile for a two-sided 95% interval.
Z_95 = 1.959963984540054


def percent_with_interval(count, base) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (percent, low, high) on a 0..100 scale for each count out of its base.

    Where the base is 0 all three are NaN: there is no proportion to estimate.
    """
    count = np.asarray(count, dtype=float)
    base = np.asarray(base, dtype=float)
    percent = np.full(base.shape, np.nan)
    low = np.full(base.shape, np.nan)
    high = np.full(base.shape, np.nan)
    has_base = base > 0
    # Only pass real bases to statsmodels: 0/0 would raise a RuntimeWarning (an error in tests).
    if has_base.any():
        percent[has_base] = 100 * count[has_base] / base[has_base]
        lower, upper = proportion_confint(
            count[has_base], base[has_base], alpha=1 - CONFIDENCE_LEVEL, method="wilson"
        )
        low[has_base] = 100 * np.asarray(lower)
        high[has_base] = 100 * np.asarray(upper)
    return percent, low, high


#: How the net interval is worked out, for the method text.
NET_INTERVAL_METHOD = (
    "a Wald interval for the difference of two proportions from the same sample: as one "
    "person is either satisfied, dissatisfied or neither, the variance of "
    "(% satisfied - % dissatisfied) is (p₁ + p₂ - (p₁ - p₂)²) / n"
)


def net_with_interval(satisfied, dissatisfied, base) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (net, low, high) in percentage points: % satisfied minus % dissatisfied and
    its 95% interval, for each row of counts out of the same base.

    Satisfied and dissatisfied are two categories of one multinomial sample, so
    Var(p₁ - p₂) = (p₁(1 - p₁) + p₂(1 - p₂) + 2p₁p₂) / n = (p₁ + p₂ - (p₁ - p₂)²) / n. The
    interval is the Wald interval, net ± 1.96 standard errors, kept within -100 to +100.
    Where the base is 0 all three are NaN.
    """
    satisfied = np.asarray(satisfied, dtype=float)
    dissatisfied = np.asarray(dissatisfied, dtype=float)
    base = np.asarray(base, dtype=float)
    net = np.full(base.shape, np.nan)
    low = np.full(base.shape, np.nan)
    high = np.full(base.shape, np.nan)
    has_base = base > 0
    if has_base.any():
        n = base[has_base]
        p1, p2 = satisfied[has_base] / n, dissatisfied[has_base] / n
        difference = p1 - p2
        # Rounding can leave a hair below 0 when everyone gave one answer.
        spread = Z_95 * np.sqrt(np.clip(p1 + p2 - difference**2, 0, None) / n)
        net[has_base] = 100 * difference
        low[has_base] = 100 * np.clip(difference - spread, -1, 1)
        high[has_base] = 100 * np.clip(difference + spread, -1, 1)
    return net, low, high
