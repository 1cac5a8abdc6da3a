"""Mystery-shop results: standards met, and shop scores by channel, service and period.

Percentages are on a 0..100 scale. A shop's score (points earned / points possible,
criteria marked not applicable left out, capped by any critical failure) arrives already
computed in the ``shops`` frame.
"""

import pandas as pd

from analysis.breakdowns import PERIOD_FREQUENCIES, add_period
from analysis.columns import as_list
from analysis.proportions import percent_with_interval

OUTCOMES = ("met", "not_met", "na")


def standard_scorecard(criteria: pd.DataFrame, by=None) -> pd.DataFrame:
    """Share of shops meeting each criterion, of those where it applied.

    Returns the ``by`` columns, ``criterion``, ``criterion_name``, ``base`` (met + not met),
    ``met``, ``not_met``, ``not_applicable``, ``pct_met``, ``met_low`` and ``met_high``
    (95% Wilson interval). Criteria keep the order they first appear in; ``by`` may name
    ``month`` or ``quarter`` (taken from ``shopped_on``).
    """
    outcomes = criteria["outcome"]
    unknown = ~outcomes.isin(OUTCOMES)
    if unknown.any():
        raise ValueError(
            f"outcome must be one of {OUTCOMES}: found {sorted(outcomes[unknown].unique())}"
        )
    group_columns = as_list(by)
    prepared = _with_periods(criteria, group_columns, "shopped_on")
    flags = pd.DataFrame(
        {
            "met": outcomes.eq("met"),
            "not_met": outcomes.eq("not_met"),
            "not_applicable": outcomes.eq("na"),
        }
    ).astype("int64")
    flags["base"] = flags["met"] + flags["not_met"]
    for column in group_columns:
        flags[column] = prepared[column]
    # A categorical in first-appearance order keeps the standard's own order of criteria.
    flags["criterion"] = pd.Categorical(
        criteria["criterion"], categories=criteria["criterion"].unique()
    )
    grouped = flags.groupby([*group_columns, "criterion"], observed=True, dropna=False, sort=True)
    table = grouped[["base", "met", "not_met", "not_applicable"]].sum()
    names = criteria.groupby("criterion", sort=False)["criterion_name"].first()
    table.insert(
        0, "criterion_name", names.reindex(table.index.get_level_values("criterion")).to_numpy()
    )
    table = table.reset_index()
    table["criterion"] = table["criterion"].astype(object)
    percent, low, high = percent_with_interval(table["met"], table["base"])
    table["pct_met"] = percent
    table["met_low"] = low
    table["met_high"] = high
    return table


def shop_scores(shops: pd.DataFrame, by=None) -> pd.DataFrame:
    """Mean mystery-shop score (percent) and number of scored shops per group of ``by``.

    Returns the ``by`` columns, ``shops`` and ``mean_score``. ``by`` may name ``month`` or
    ``quarter`` (from ``shopped_on``); every period in the range gets a row. A shop with no
    score (nothing applicable) is not counted.
    """
    group_columns = as_list(by)
    prepared = _with_periods(shops, group_columns, "shopped_on")
    scores = pd.DataFrame({"score": 100 * prepared["score"].astype(float)})
    if not group_columns:
        return pd.DataFrame(
            {"shops": [int(scores["score"].count())], "mean_score": [scores["score"].mean()]}
        )
    for column in group_columns:
        scores[column] = prepared[column]
    grouped = scores.groupby(group_columns, observed=False, dropna=False, sort=True)["score"]
    return grouped.agg(shops="count", mean_score="mean").reset_index()


def _with_periods(frame: pd.DataFrame, group_columns: list, date_column: str) -> pd.DataFrame:
    for period in PERIOD_FREQUENCIES:
        if period in group_columns and period not in frame.columns:
            frame = add_period(frame, period, date_column)
    return frame
