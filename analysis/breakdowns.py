"""Satisfaction cut by channel, service, period, completion mode or an equality group."""

import math

import pandas as pd

from analysis.columns import as_list
from analysis.disclosure import DEFAULT_THRESHOLD, suppress_small_cells
from analysis.equality_categories import (
    EQUALITY_CATEGORIES,
    NON_RESPONSE,
    NOT_ANSWERED,
    in_report_order,
)
from analysis.satisfaction import SATISFACTION_COUNTS, satisfaction_table
from analysis.significance import add_significance

PERIOD_FREQUENCIES = {"month": "M", "quarter": "Q"}


def add_period(frame: pd.DataFrame, period: str, date_column: str = "submitted_on") -> pd.DataFrame:
    """Return a copy of ``frame`` with a ``month`` or ``quarter`` column from ``date_column``.

    The new column is an ordered categorical of pandas Periods covering every period from the
    first date to the last, so a period with no responses still gets a row (base 0) and a
    line chart shows the gap rather than joining across it.
    """
    if period not in PERIOD_FREQUENCIES:
        raise ValueError(f"period must be one of {sorted(PERIOD_FREQUENCIES)}, not {period!r}")
    periods = pd.to_datetime(frame[date_column]).dt.to_period(PERIOD_FREQUENCIES[period])
    if periods.notna().any():
        every_period = pd.period_range(
            periods.min(), periods.max(), freq=PERIOD_FREQUENCIES[period]
        )
    else:
        every_period = pd.PeriodIndex([], freq=PERIOD_FREQUENCIES[period])
    with_period = frame.copy()
    with_period[period] = pd.Categorical(periods, categories=every_period, ordered=True)
    return with_period


def prepare_dimensions(responses: pd.DataFrame, by) -> pd.DataFrame:
    """Return a copy of ``responses`` ready to group by ``by``.

    ``month`` and ``quarter`` are derived from ``submitted_on``; equality columns become
    ordered categoricals with "Prefer not to say" and "Not answered" rows; a missing service
    becomes "Not answered" so it is reported rather than lost.
    """
    prepared = responses
    for dimension in as_list(by):
        if dimension in PERIOD_FREQUENCIES and dimension not in responses.columns:
            prepared = add_period(prepared, dimension)
        elif dimension in EQUALITY_CATEGORIES:
            prepared = prepared.assign(
                **{dimension: in_report_order(prepared[dimension], dimension)}
            )
        elif dimension == "service":
            prepared = prepared.assign(service=prepared["service"].fillna(NOT_ANSWERED))
    return prepared


def satisfaction_breakdown(
    responses: pd.DataFrame, question: str, by, weight: str | None = None
) -> pd.DataFrame:
    """``satisfaction_table`` by one or more dimensions, with the report's rows and order.

    Dimensions: ``channel``, ``service``, ``month``, ``quarter``, ``completion_mode``,
    ``survey`` or any equality column in ``EQUALITY_CATEGORIES``. ``weight`` names a
    column of counts when each row stands for several responses.
    """
    return satisfaction_table(prepare_dimensions(responses, by), question, by, weight)


def published_satisfaction(
    responses: pd.DataFrame,
    question: str,
    by=None,
    threshold: int = DEFAULT_THRESHOLD,
    weight: str | None = None,
) -> pd.DataFrame:
    """The satisfaction table as a page or export may show it.

    The counts are already perturbed by the cell key method (``analysis.cell_key``), where
    subtracting a published total no longer gives a hidden group's size, so only groups
    whose base is below ``threshold`` are hidden (``analysis.disclosure``).

    Tests each group against the rest (groups with base below ``threshold`` get no test),
    then hides small groups. Significance runs before suppression; suppression then hides
    the test result too. A table by two or more columns gets the test columns but no
    tests: one cell against every other cell answers no question the review asks.
    ``weight`` names a column of counts when each row stands for several responses.
    """
    table = satisfaction_breakdown(responses, question, by, weight)
    group_columns = as_list(by)
    if len(group_columns) == 1 and group_columns[0] in EQUALITY_CATEGORIES:
        # Each group against the others who answered the question, never against people
        # who did not say.
        non_response = table[group_columns[0]].isin(NON_RESPONSE).to_numpy()
        table = add_significance(table, min_base=threshold, left_out=non_response)
    elif len(group_columns) == 1:
        table = add_significance(table, min_base=threshold)
    elif group_columns:
        table = add_significance(table, min_base=math.inf)
    return suppress_small_cells(table, SATISFACTION_COUNTS, threshold)
