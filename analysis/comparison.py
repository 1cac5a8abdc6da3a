"""Is the difference between two groups real? A difference in proportions, its Newcombe
interval, a two-proportion z-test, and Holm's adjustment when a page makes many at once."""

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

SIGNIFICANCE_LEVEL = 0.05
ADJUSTMENT = "holm"
COMPARISON_METHOD = (
    "difference in % satisfied with a 95% Newcombe (hybrid score) interval and a "
    "two-proportion z-test at the 5% level; when several comparisons are made together, "
    "their p-values are adjusted by Holm's method"
)


def compare_two(count_a, base_a, count_b, base_b) -> tuple[float, float, float, float]:
    """Difference (a minus b) in percentage points, its 95% Newcombe interval, and the
    two-sided p-value of the two-proportion z-test."""
    low, high = confint_proportions_2indep(
        count_a, base_a, count_b, base_b, method="newcomb", compare="diff"
    )
    pooled = (count_a + count_b) / (base_a + base_b)
    if pooled in (0.0, 1.0):
        p_value = 1.0
    else:
        _, p_value = proportions_ztest([count_a, count_b], [base_a, base_b])
    difference = 100 * (count_a / base_a - count_b / base_b)
    return difference, 100 * float(low), 100 * float(high), float(p_value)


def compare_groups(
    table: pd.DataFrame,
    by: str,
    group_column: str,
    first: str,
    second: str,
    *,
    min_base: int = 10,
    count: str = "satisfied",
    base: str = "base",
) -> pd.DataFrame:
    """For each value of ``by``, compare the ``first`` and ``second`` groups of
    ``group_column`` (rows of ``table``, a satisfaction table with ``suppressed``).

    Returns ``by``, ``first_percent``, ``second_percent``, ``difference``, ``low``, ``high``,
    ``p_value``, ``adjusted_p_value`` (Holm, over the rows tested) and ``clear`` (True when
    the adjusted p-value is below 5% and the interval leaves out 0; missing when a group is
    hidden or below ``min_base``).
    """
    rows = []
    for value, part in table.groupby(by, sort=False, observed=True):
        one = part[part[group_column] == first]
        other = part[part[group_column] == second]
        record = {by: value, "first_percent": np.nan, "second_percent": np.nan}
        testable = (
            len(one) == 1
            and len(other) == 1
            and not one["suppressed"].iloc[0]
            and not other["suppressed"].iloc[0]
            and one[base].iloc[0] >= min_base
            and other[base].iloc[0] >= min_base
        )
        if testable:
            a, n_a = float(one[count].iloc[0]), float(one[base].iloc[0])
            b, n_b = float(other[count].iloc[0]), float(other[base].iloc[0])
            difference, low, high, p_value = compare_two(a, n_a, b, n_b)
            record |= {
                "first_percent": 100 * a / n_a,
                "second_percent": 100 * b / n_b,
                "difference": difference,
                "low": low,
                "high": high,
                "p_value": p_value,
            }
        rows.append(record)
    result = pd.DataFrame(
        rows,
        columns=[by, "first_percent", "second_percent", "difference", "low", "high", "p_value"],
    )
    tested = result["p_value"].notna().to_numpy()
    result["adjusted_p_value"] = np.nan
    if tested.any():
        result.loc[tested, "adjusted_p_value"] = multipletests(
            result.loc[tested, "p_value"], method=ADJUSTMENT
        )[1]
    clear = (
        (result["adjusted_p_value"] < SIGNIFICANCE_LEVEL)
        & ((result["low"] > 0) | (result["high"] < 0))
    ).astype("boolean")
    result["clear"] = clear.mask(~tested)
    return result


def comparison_sentence(
    row, first: str, second: str, group: str, outcome: str = "satisfied"
) -> str:
    """Plain English: who, both percentages (of ``outcome``, "satisfied" or
    "dissatisfied"), the difference and whether it is real."""
    if pd.isna(row["clear"]):
        return f"{group}: not compared, as one of the groups is hidden or has too few answers"
    first_percent, second_percent = round(row["first_percent"]), round(row["second_percent"])
    gap = f"{abs(row['difference']):.0f} points"
    interval = f"95% interval {row['low']:+.0f} to {row['high']:+.0f} points"
    lead = f"{group}: {first} {first_percent}% {outcome}, {second} {second_percent}%"
    if not row["clear"]:
        return f"{lead}; no clear difference ({interval})"
    higher = first if row["difference"] > 0 else second
    return f"{lead}; {higher} is higher by {gap}, a real difference ({interval})"


def change_since(before_count, before_base, since_count, since_base) -> dict:
    """The change in a percentage from "before" to "since" (since minus before), in
    percentage points, with its 95% Newcombe (hybrid score) interval.

    Returns ``before_percent``, ``since_percent``, ``change``, ``low``, ``high`` and
    ``clear``: True when the interval leaves out 0 (one comparison, so no adjustment).
    """
    change, low, high, _p_value = compare_two(since_count, since_base, before_count, before_base)
    return {
        "before_percent": 100 * before_count / before_base,
        "since_percent": 100 * since_count / since_base,
        "change": change,
        "low": low,
        "high": high,
        "clear": bool(low > 0 or high < 0),
    }


def _points(value: float) -> str:
    whole = round(value)
    return f"{whole} point" if abs(whole) == 1 else f"{whole} points"


def change_sentence(subject: str, result: dict, *, verdict: bool = True) -> str:
    """Plain English: "Phone satisfaction rose from 61% to 70%, a change of 9 points (95%
    interval 2 to 16 points): a clear improvement". Higher is better for every measure.
    Without ``verdict`` (too few to judge), the sentence stops before saying whether it is
    a clear change."""
    before, since = round(result["before_percent"]), round(result["since_percent"])
    if since > before:
        moved = f"rose from {before}% to {since}%"
    elif since < before:
        moved = f"fell from {before}% to {since}%"
    else:
        moved = f"was {before}% before and {since}% since"
    change = round(result["change"])
    interval = f"95% interval {round(result['low'])} to {round(result['high'])} points"
    sentence = f"{subject} {moved}, a change of {_points(change)} ({interval})"
    if not verdict:
        return sentence
    if not result["clear"]:
        return f"{sentence}: no clear change"
    better = result["change"] > 0
    return f"{sentence}: a clear {'improvement' if better else 'fall'}"
