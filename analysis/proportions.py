"""Percentages with their 95% Wilson score intervals."""

import numpy as np
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE_LEVEL = 0.95


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
