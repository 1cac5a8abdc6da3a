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
from analysis.proportions import net_with_interval, percent_with_interval
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


def _published_counts(counts: pd.DataFrame, rows: str, columns: str, question: str):
    """Each answer's count in every inner cell and margin, perturbed as its own cell, with
    ``rows`` and ``columns`` as ordered categoricals, margins last."""
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
    return published


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
    table's columns, ``net_low`` and ``net_high`` (``analysis.proportions.net_with_interval``),
    ``suppressed`` and ``suppression``.
    """
    published = _published_counts(counts, rows, columns, question)
    table = add_net_interval(
        satisfaction_table(published, question, [rows, columns], weight="count")
    )
    # Every combination gets a row (base 0 where nobody answered), in the table's order.
    table = table.sort_values([rows, columns]).reset_index(drop=True)
    return suppress_small_cells(
        table, SATISFACTION_COUNTS, threshold, label_columns=[rows, columns]
    )


def add_net_interval(table: pd.DataFrame) -> pd.DataFrame:
    """A satisfaction table with ``net_low`` and ``net_high``: the 95% interval of its
    ``net`` (percentage points) from the same counts."""
    _, low, high = net_with_interval(table["satisfied"], table["dissatisfied"], table["base"])
    return table.assign(net_low=low, net_high=high)


#: The additive columns of a distribution cross-tab.
DISTRIBUTION_COUNTS = ("base", "count")


def distribution_crosstab(
    counts: pd.DataFrame,
    rows: str,
    columns: str,
    question: str,
    answers: list[str],
    threshold: int = DEFAULT_THRESHOLD,
) -> pd.DataFrame:
    """The share of people choosing each of ``answers`` to ``question`` (any single-choice
    question), by ``rows`` and ``columns``, margins included.

    ``counts`` is as for ``satisfaction_crosstab``. Each answer's count in each cell and
    margin is perturbed as its own cell; a cell's base is the sum of its perturbed answers
    (everyone who answered, whatever they chose), so the percentages come from published
    figures only. Returns one row per cell and answer, in order (rows, columns, then
    ``answers``, margins last): ``rows``, ``columns``, ``answer``, ``count``, ``base``,
    ``percent``, ``low``, ``high`` (95% Wilson), ``suppressed`` and ``suppression``. A cell
    whose base is below ``threshold`` hides every answer. Answers outside ``answers`` raise
    ``ValueError``.
    """
    unknown = set(counts.loc[counts["count"] > 0, question].dropna()) - set(answers)
    if unknown:
        raise ValueError(f"{question} holds codes outside its answers: {sorted(unknown)}")
    published = _published_counts(counts, rows, columns, question)
    published[question] = pd.Categorical(published[question], categories=list(answers))
    table = (
        published.groupby([rows, columns, question], observed=False)["count"]
        .sum()
        .reset_index()
        .rename(columns={question: "answer"})
    )
    table["answer"] = table["answer"].astype(object)
    table["count"] = table["count"].astype("int64")
    table["base"] = table.groupby([rows, columns], observed=False)["count"].transform("sum")
    table["percent"], table["low"], table["high"] = percent_with_interval(
        table["count"], table["base"]
    )
    table = table[[rows, columns, "answer", *DISTRIBUTION_COUNTS, "percent", "low", "high"]]
    return suppress_small_cells(
        table,
        DISTRIBUTION_COUNTS,
        threshold,
        label_columns=[rows, columns, "answer"],
    )


def too_sparse(table: pd.DataFrame, rows: str, columns: str) -> bool:
    """True when most inner cells (not margins) are hidden."""
    inner = table[(table[rows] != MARGIN) & (table[columns] != MARGIN)]
    return inner.empty or inner["suppressed"].mean() > MOST_CELLS
