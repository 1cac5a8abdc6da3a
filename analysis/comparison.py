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
    result["adjusted_p_value"] = np.nan
    return _adjusted(result, result["p_value"].notna().to_numpy())


def _adjusted(result: pd.DataFrame, tested) -> pd.DataFrame:
    """``result`` with Holm-adjusted p-values for the ``tested`` rows and ``clear``: True
    when the adjusted p-value is below 5% and the interval leaves out 0 (missing when not
    tested)."""
    if tested.any():
        result.loc[tested, "adjusted_p_value"] = multipletests(
            result.loc[tested, "p_value"].astype(float), method=ADJUSTMENT
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


# Comparing a period with an earlier one: each group's % satisfied now against the same
# group's % satisfied then, from each period's own published (perturbed, thresholded) table.
COMPARED = "compared"
NO_DATA_NOW = "no data now"
NO_DATA_THEN = "no data then"
HIDDEN_NOW = "hidden now"
HIDDEN_THEN = "hidden then"
CHANGE_COLUMNS = [
    "status",
    "now_state",
    "then_state",
    "now_percent",
    "then_percent",
    "now_base",
    "then_base",
    "change",
    "low",
    "high",
    "p_value",
    "adjusted_p_value",
    "clear",
]


def _state(row, min_base: int) -> str:
    """``shown``, ``hidden`` (suppressed or below ``min_base``) or ``empty`` (no answers)."""
    if row is None:
        return "empty"
    if bool(row["suppressed"]):
        return "hidden"
    base = row["base"]
    if pd.isna(base) or base == 0:
        return "empty"
    return "shown" if base >= min_base else "hidden"


def period_changes(
    now: pd.DataFrame, then: pd.DataFrame, by: str | None, *, min_base: int = 10
) -> pd.DataFrame:
    """Each group's change in % satisfied from ``then`` to ``now``.

    ``now`` and ``then`` are published satisfaction tables (``base``, ``satisfied``,
    ``pct_satisfied``, ``suppressed``; grouped by ``by``, or one row for everyone when ``by``
    is None), each exactly as its own period's page shows it. Groups follow ``now``'s order,
    then any found only ``then``.

    Returns ``by`` (unless None) and ``CHANGE_COLUMNS``: ``status`` says why a group is not
    compared (no data or hidden, now or then); ``now_state`` and ``then_state`` are
    ``shown``, ``hidden`` or ``empty`` for each period; ``change`` is now minus then in percentage
    points with its 95% Newcombe interval and the two-proportion z-test; ``adjusted_p_value``
    is Holm's over the groups compared; ``clear`` is True when the adjusted p-value is below
    5% and the interval leaves out 0 (missing when not compared).
    """
    keys = [by] if by else []
    now_rows = {tuple(r[k] for k in keys): r for r in now.to_dict("records")}
    then_rows = {tuple(r[k] for k in keys): r for r in then.to_dict("records")}
    order = [*now_rows, *(key for key in then_rows if key not in now_rows)]
    records = []
    for key in order:
        row_now, row_then = now_rows.get(key), then_rows.get(key)
        state_now, state_then = _state(row_now, min_base), _state(row_then, min_base)
        record = dict(zip(keys, key, strict=True)) | dict.fromkeys(CHANGE_COLUMNS[3:], np.nan)
        record |= {"now_state": state_now, "then_state": state_then}
        if state_now == "shown":
            record |= {"now_percent": row_now["pct_satisfied"], "now_base": row_now["base"]}
        if state_then == "shown":
            record |= {"then_percent": row_then["pct_satisfied"], "then_base": row_then["base"]}
        if state_now == "empty":
            record["status"] = NO_DATA_NOW
        elif state_then == "empty":
            record["status"] = NO_DATA_THEN
        elif state_now == "hidden":
            record["status"] = HIDDEN_NOW
        elif state_then == "hidden":
            record["status"] = HIDDEN_THEN
        else:
            change, low, high, p_value = compare_two(
                float(row_now["satisfied"]),
                float(row_now["base"]),
                float(row_then["satisfied"]),
                float(row_then["base"]),
            )
            record |= {
                "status": COMPARED,
                "change": change,
                "low": low,
                "high": high,
                "p_value": p_value,
            }
        records.append(record)
    result = pd.DataFrame(records, columns=[*keys, *CHANGE_COLUMNS])
    return _adjusted(result, (result["status"] == COMPARED).to_numpy())


def _signed_points(value: float) -> str:
    """A whole number of points with a true minus sign (U+2212) before a fall."""
    number = round(value)
    return f"\u2212{-number}" if number < 0 else f"{number}"


def period_change_sentence(row, then_label: str, threshold: int) -> str:
    """Plain English for one row of ``period_changes``: the direction and size of the
    change, both percentages, the interval and whether the change is clear."""
    status = row["status"]
    if status == NO_DATA_NOW:
        return "Not compared: no answers in this period"
    if status == NO_DATA_THEN:
        return f"Not compared: no answers in {then_label}"
    if status == HIDDEN_NOW:
        return f"Not compared: fewer than {threshold} answers in this period, so it is hidden"
    if status == HIDDEN_THEN:
        return f"Not compared: fewer than {threshold} answers in {then_label}, so it is hidden"
    now_percent, then_percent = round(row["now_percent"]), round(row["then_percent"])
    change = round(row["change"])
    size = f"{abs(change)} point{'s' if abs(change) != 1 else ''}"
    if change > 0:
        lead = f"Up {size} (from {then_percent}% to {now_percent}%)"
    elif change < 0:
        lead = f"Down {size} (from {then_percent}% to {now_percent}%)"
    else:
        lead = f"No change in whole points ({then_percent}% then, {now_percent}% now)"
    low, high = _signed_points(row["low"]), _signed_points(row["high"])
    interval = f"the change could be anything from {low} to {high} points"
    spans_zero = row["low"] <= 0 <= row["high"]
    if spans_zero:
        return f"{lead}; {interval}, so there is no clear change"
    if not row["clear"]:
        return (
            f"{lead}; {interval}, but with several comparisons made at once (Holm's "
            "adjustment) there is no clear change"
        )
    word = "rise" if row["change"] > 0 else "fall"
    return f"{lead}; {interval}, so this is a clear {word}"
