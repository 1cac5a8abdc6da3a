"""Any two cuts: satisfaction by one dimension across another, with margins, protected as one
table by the cell key method.

Every published count is its own cell: an inner cell's answers (row, column, answer), a row
margin's (row, answer), a column margin's (column, answer) and the table total's (answer)
are each added up from the exact counts and key sums and perturbed on their own
(``analysis.cell_key``), so a margin reads the same as the same group on any other page, and
no margin minus its shown cells gives a hidden one exactly. Percentages and Wilson
intervals come from the perturbed counts; a cell whose perturbed base is below the threshold
shows nothing.
"""

import pandas as pd

from analysis.cell_key import perturb_cells
from analysis.disclosure import DEFAULT_THRESHOLD, suppress_small_cells
from analysis.labels import display_label
from analysis.satisfaction import SATISFACTION_COUNTS, satisfaction_table

MARGIN = "All"
PERIODS = {"month": "M", "quarter": "Q", "financial_year": "Y-MAR"}
#: When more than this share of a table's inner cells is hidden, the table says too little
#: to publish (as the ONS table builder refuses such a table).
MOST_CELLS = 0.5


def add_period(frame: pd.DataFrame, period: str, month_column: str = "month") -> pd.DataFrame:
    """A copy of ``frame`` with ``period`` (``month``, ``quarter`` or ``financial_year``,
    April to March) as an ordered categorical of labels, from ``YYYY-MM`` months."""
    months = pd.PeriodIndex(frame[month_column].astype(str), freq="M")
    periods = months.asfreq(PERIODS[period])
    if period == "financial_year":
        labels = [f"April {p.start_time.year} to March {p.end_time.year}" for p in periods]
    else:
        labels = [display_label(p) for p in periods]
    order = [label for _, label in sorted(set(zip(periods, labels, strict=True)))]
    result = frame.copy()
    result[period] = pd.Categorical(labels, categories=order, ordered=True)
    return result


def _order(values: pd.Series) -> list:
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna())
        return [value for value in values.cat.categories if value in present]
    return sorted(values.dropna().unique(), key=str)


def satisfaction_crosstab(
    counts: pd.DataFrame,
    rows: str,
    columns: str,
    question: str,
    threshold: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """The cross-tab of ``question`` by ``rows`` and ``columns``, margins included.

    ``counts`` holds ``rows``, ``columns``, ``question`` (the answer code), ``count`` and
    ``key_sum`` (exact, finer than the table is fine). Returns one row per cell, margins
    labelled ``MARGIN``, in order (rows then columns, margins last): the satisfaction
    table's columns plus ``suppressed`` and ``suppression``.
    """
    row_order = [*_order(counts[rows]), MARGIN]
    column_order = [*_order(counts[columns]), MARGIN]
    plain = counts.astype({rows: object, columns: object})
    parts = []
    for cells in ([rows, columns], [rows], [columns], []):
        perturbed = perturb_cells(plain, [*cells, question])
        for margin in {rows, columns} - set(cells):
            perturbed[margin] = MARGIN
        parts.append(perturbed)
    published = pd.concat(parts, ignore_index=True)
    for name, order in ((rows, row_order), (columns, column_order)):
        published[name] = pd.Categorical(published[name], categories=order, ordered=True)
    table = satisfaction_table(published, question, [rows, columns], weight="count")
    # Every combination gets a row (base 0 where nobody answered), in the table's order.
    table = table.sort_values([rows, columns]).reset_index(drop=True)
    return suppress_small_cells(
        table, SATISFACTION_COUNTS, threshold, label_columns=[rows, columns]
    )


def too_sparse(table: pd.DataFrame, rows: str, columns: str) -> bool:
    """True when most inner cells (not margins) are hidden."""
    inner = table[(table[rows] != MARGIN) & (table[columns] != MARGIN)]
    return inner.empty or inner["suppressed"].mean() > MOST_CELLS
