"""Does a group's % satisfied differ from everyone else's?"""

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportions_ztest

SIGNIFICANCE_LEVEL = 0.05
SIGNIFICANCE_METHOD = (
    "two-proportion z-test at the 5% level, each group against all others combined"
)


def add_significance(
    table: pd.DataFrame,
    min_base: int = 10,
    count_column: str = "satisfied",
    base_column: str = "base",
    alpha: float = SIGNIFICANCE_LEVEL,
    left_out=None,
) -> pd.DataFrame:
    """Add ``p_value``, ``differs`` and ``direction`` comparing each row with all other rows.

    ``left_out`` (booleans, one per row) marks rows that are neither tested nor part of any
    other row's "rest": on an equality table, "Not answered" and "Prefer not to say", so each
    group is compared with the others who answered the question.

    A row is tested only when both it and the rest have a base of at least ``min_base``;
    untested rows get NaN, <NA> and None. ``direction`` is "higher" or "lower" where the row
    differs at level ``alpha``. No correction is made for testing several groups.
    """
    counts = table[count_column].to_numpy(dtype=float)
    bases = table[base_column].to_numpy(dtype=float)
    excluded = np.zeros(len(table), dtype=bool) if left_out is None else np.asarray(left_out)
    kept = ~excluded
    other_counts = counts[kept].sum() - np.where(kept, counts, 0)
    other_bases = bases[kept].sum() - np.where(kept, bases, 0)
    p_values = np.full(len(table), np.nan)
    # One test per group (a handful of rows), not per response, so a loop is fine here.
    for row in np.flatnonzero((bases >= min_base) & (other_bases >= min_base) & kept):
        pooled = (counts[row] + other_counts[row]) / (bases[row] + other_bases[row])
        if pooled in (0.0, 1.0):
            # Everyone (or no one) satisfied on both sides: no difference, and the z-test's
            # standard error would be 0.
            p_values[row] = 1.0
            continue
        _, p_values[row] = proportions_ztest(
            [counts[row], other_counts[row]], [bases[row], other_bases[row]]
        )
    tested = ~np.isnan(p_values)
    differs = pd.array(np.where(tested, p_values < alpha, False), dtype="boolean")
    differs[~tested] = pd.NA
    share = np.divide(counts, bases, out=np.full(len(table), np.nan), where=bases > 0)
    other_share = np.divide(
        other_counts, other_bases, out=np.full(len(table), np.nan), where=other_bases > 0
    )
    direction = np.where(share > other_share, "higher", "lower").astype(object)
    direction[~(tested & (p_values < alpha))] = None
    result = table.copy()
    result["p_value"] = p_values
    result["differs"] = differs
    result["direction"] = pd.Series(direction, index=table.index, dtype=object)
    return result
