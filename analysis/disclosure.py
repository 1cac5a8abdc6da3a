"""Disclosure control: hide a percentage whose base is too small to say anything.

Every count the pages publish is first perturbed by the cell key method
(``analysis.cell_key``). What is left here is the minimum-base threshold: a row (or cell)
whose published base is below the threshold, including a base of 0, shows only its labels,
so "fewer than 10 answers" is always true of a hidden row.

There is no secondary suppression any more. It hid further rows so that a hidden one could
not be found by subtracting the shown ones from a published total; under the cell key
method that subtraction no longer gives an exact count. Each published count is the true
count plus an adjustment from -3 to +3 picked by its own cell key, with mean 0 and variance
2. A hidden group's size worked out as "total minus the shown groups" carries the total's
adjustment and every shown group's, all independent: with the total and k shown groups
the error has variance 2(k + 1), so even in a table of two groups (k = 1) it is spread over
-6 to +6 with a standard deviation of 2, and a group of 4 could read anywhere from 0 to
10. The same holds across filtered views, which table-by-table secondary suppression could
not protect at all (issue 15). The results pages' method note gives the same arithmetic.

Suppressed rows keep only their group labels: every other value becomes missing, so an
export built from the returned frame cannot leak them.
"""

import numpy as np
import pandas as pd

from analysis.columns import as_list

DEFAULT_THRESHOLD = 10
PRIMARY = "primary"
SUPPRESSION_COLUMNS = ("suppressed", "suppression")


def suppress_small_cells(
    table: pd.DataFrame,
    count_columns,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    base_column: str | None = None,
    label_columns=None,
) -> pd.DataFrame:
    """Return ``table`` with every row whose base is below ``threshold`` hidden.

    ``count_columns`` are the counts (the first is the base unless ``base_column`` says
    otherwise). ``label_columns`` (default: the columns before the first count column) are
    kept; every other column of a suppressed row becomes missing. Adds ``suppressed``
    (bool) and ``suppression`` ("primary" or missing).
    """
    count_columns = as_list(count_columns)
    base_column = base_column or count_columns[0]
    labels = _label_columns(table, label_columns, count_columns[0])
    base = table[base_column].to_numpy(dtype=float)
    return _hide_rows(table, labels, ~(base >= threshold))


def _label_columns(table: pd.DataFrame, label_columns, first_count_column: str) -> list:
    if label_columns is not None:
        return as_list(label_columns)
    return list(table.columns[: table.columns.get_loc(first_count_column)])


def _hide_rows(table: pd.DataFrame, labels: list, primary: np.ndarray) -> pd.DataFrame:
    hidden = pd.Series(primary, index=table.index)
    result = table.copy()
    for column in result.columns:
        if column in labels:
            continue
        values = result[column]
        # Plain bool and int columns cannot hold a missing value; make them nullable first
        # (Int64 rather than float, so counts still print as whole numbers).
        if values.dtype == bool:
            values = values.astype("boolean")
        elif pd.api.types.is_integer_dtype(values.dtype):
            values = values.astype("Int64")
        result[column] = values.mask(hidden)
    result["suppressed"] = hidden.to_numpy()
    result["suppression"] = pd.Series(
        np.where(primary, PRIMARY, None),
        index=table.index,
        dtype=object,
    )
    return result
