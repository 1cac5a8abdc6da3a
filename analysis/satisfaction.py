"""Satisfaction on the 5-point scale: counts, % satisfied and % dissatisfied with intervals.

Percentages are on a 0..100 scale and unrounded; round only for display. Each percentage
carries its base and a 95% Wilson interval (``*_low`` and ``*_high``).
"""

import pandas as pd

from analysis.columns import as_list
from analysis.proportions import percent_with_interval

SATISFIED = ("very_satisfied", "fairly_satisfied")
NEITHER = "neither"
DISSATISFIED = ("fairly_dissatisfied", "very_dissatisfied")
DONT_KNOW = "dont_know"
SCALE_CODES = (*SATISFIED, NEITHER, *DISSATISFIED, DONT_KNOW)

#: The additive columns of a satisfaction table: what someone could subtract from a total.
SATISFACTION_COUNTS = ("base", "satisfied", "dissatisfied", "dont_know")


def satisfaction_table(
    responses: pd.DataFrame, question: str, by=None, weight: str | None = None
) -> pd.DataFrame:
    """Count and percent satisfied and dissatisfied with ``question``, per group of ``by``.

    ``responses`` holds one row per response, or, with ``weight`` naming a column of
    counts, one row per distinct combination with how many responses it stands for (what
    a database ``GROUP BY ... COUNT(*)`` returns). Both give the same table.

    ``by`` is a column name, a list of names, or None for one overall row. Returns the group
    columns then ``base`` (answers other than Don't know), ``satisfied``, ``dissatisfied``,
    ``dont_know``, ``pct_satisfied``, ``satisfied_low``, ``satisfied_high``,
    ``pct_dissatisfied``, ``dissatisfied_low``, ``dissatisfied_high`` and ``net``
    (percentage points). Missing answers count nowhere. Categorical group columns keep every
    category, so groups nobody answered for show with base 0 and NaN percentages.
    """
    group_columns = as_list(by)
    answers = responses[question]
    # Count each (group, answer) pair once, then classify the few distinct answers: far
    # quicker on a million responses than flagging every response.
    counted = answers if weight is None else responses[weight]
    if group_columns:
        keys = [responses[column] for column in group_columns]
        # dropna=False keeps a missing group (e.g. no service given) as its own row.
        grouped = counted.groupby([*keys, answers], observed=False, dropna=False, sort=True)
        sizes = grouped.size() if weight is None else grouped.sum()
        answer_of_size = sizes.index.get_level_values(-1)
    elif weight is None:
        sizes = answers.value_counts(dropna=False)
        answer_of_size = sizes.index
    else:
        sizes = counted.groupby(answers, dropna=False).sum()
        answer_of_size = sizes.index
    answered = pd.Series(answer_of_size.notna(), index=sizes.index)
    unknown = answered & ~answer_of_size.isin(SCALE_CODES) & (sizes > 0)
    if unknown.any():
        raise ValueError(
            f"{question} holds codes outside the satisfaction scale: "
            f"{sorted(answer_of_size[unknown.to_numpy()].unique())}"
        )
    dont_know = answer_of_size == DONT_KNOW
    weighted = pd.DataFrame(
        {
            "base": sizes * (answered & ~dont_know),
            "satisfied": sizes * answer_of_size.isin(SATISFIED),
            "dissatisfied": sizes * answer_of_size.isin(DISSATISFIED),
            "dont_know": sizes * dont_know,
        }
    ).astype("int64")
    if group_columns:
        levels = list(range(len(group_columns)))
        counts = (
            weighted.groupby(level=levels, observed=False, dropna=False, sort=True)
            .sum()
            .reset_index()
        )
        counts.columns = [*group_columns, *SATISFACTION_COUNTS]
    else:
        counts = weighted.sum().to_frame().T.astype("int64")
    return add_satisfaction_percentages(counts)


def add_satisfaction_percentages(counts: pd.DataFrame) -> pd.DataFrame:
    """Add the percentage, interval and net columns to a frame of satisfaction counts."""
    table = counts.copy()
    for outcome in ("satisfied", "dissatisfied"):
        percent, low, high = percent_with_interval(table[outcome], table["base"])
        table[f"pct_{outcome}"] = percent
        table[f"{outcome}_low"] = low
        table[f"{outcome}_high"] = high
    table["net"] = table["pct_satisfied"] - table["pct_dissatisfied"]
    return table
