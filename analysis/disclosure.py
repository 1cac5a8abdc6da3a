"""Disclosure control: hide small groups, and enough others that they cannot be worked out.

Primary suppression hides every row (or cell) whose base is below the threshold, including
a base of 0, so "fewer than 10 answers" is always true of a primary-suppressed row.

Secondary suppression protects every primary-suppressed row that has answers in it. A
*line* is a set of rows that adds up to a published total; if a line holds exactly one
hidden row with answers, that row could be recovered by subtraction (by someone who also
knows which hidden rows are empty), so the smallest shown row of the line is hidden too.
This repeats until nothing changes. A hidden row with no answers at all may still be
deducible as 0; that discloses nobody, and hiding real groups to cover it would cost the
review its results.

For a table grouped by one column the line is the whole table (it adds up to the overall
figure), and the rule above is enough. A table grouped by two columns, and a crosstab, is a
grid whose row and column totals are published (for a two-column table, on the one-way
pages, which hide what ``suppress_small_cells`` hides there). In a grid the line rule is not
quite enough (a hidden cell can sit on a "bridge" between two blocks of hidden cells), so
the grid's sums are solved too, and more cells hidden until no small cell with answers can
be pinned to one value, even by someone who knows which hidden cells are empty. With three
or more group columns only the line rule runs, along each column.

Suppressed rows keep only their group labels: every other value becomes missing, so an
export built from the returned frame cannot leak them.

Each table is protected together with its own margins. Across filtered views, the pages
work in whole months and hide a cell whose difference from the same cell in a coarser view
(one filter fewer) is a small group (``complements_too_small``); other ways of linking
tables (adding up the shown cells of several filtered views) are not prevented here.
Protection is worked out on the base; the other counts of a shown row are
published as they are.
"""

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.linalg import null_space
from scipy.optimize import linprog

from analysis.columns import as_list

DEFAULT_THRESHOLD = 10
PRIMARY = "primary"
SECONDARY = "secondary"
SUPPRESSION_COLUMNS = ("suppressed", "suppression")


def complements_too_small(
    bases: pd.Series, reference_bases: pd.Series, threshold: int = DEFAULT_THRESHOLD
) -> np.ndarray:
    """Which cells of a filtered view would reveal a small group by subtraction.

    ``bases`` are a filtered view's cells and ``reference_bases`` the same cells (same
    index) in a coarser view the pages also publish, for example the view without the
    date filter. The difference is a group of people too: when it holds between 1 and
    ``threshold - 1`` of them, showing both cells would disclose it, so the filtered cell
    must be hidden (then secondary suppression protects it like any small cell).
    """
    reference = reference_bases.reindex(bases.index).fillna(0).to_numpy(dtype=float)
    difference = reference - bases.fillna(0).to_numpy(dtype=float)
    return (difference > 0) & (difference < threshold)


def suppress_small_cells(
    table: pd.DataFrame,
    count_columns,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    base_column: str | None = None,
    label_columns=None,
    margins_published: bool = True,
    also_hide=None,
) -> pd.DataFrame:
    """Return ``table`` with small rows, and rows that would reveal them, hidden.

    ``count_columns`` are the additive counts (the first is the base unless ``base_column``
    says otherwise). ``also_hide`` (booleans, one per row) hides more rows on their own
    account, as primary suppressions: see ``complements_too_small``. ``label_columns``
    (default: the columns before the first count column)
    are kept; every other column of a suppressed row becomes missing. Adds ``suppressed``
    (bool) and ``suppression`` ("primary", "secondary" or missing). With
    ``margins_published=False`` only primary suppression is done.
    """
    count_columns = as_list(count_columns)
    base_column = base_column or count_columns[0]
    labels = _label_columns(table, label_columns, count_columns[0])
    base = table[base_column].to_numpy(dtype=float)
    primary = ~(base >= threshold)
    if also_hide is not None:
        primary = primary | np.asarray(also_hide, dtype=bool)
    if not margins_published:
        hidden = primary
    elif len(labels) == 2:
        has_answers = _has_answers(table, count_columns)
        hidden = _protect_two_way(table, labels, base, primary, has_answers, threshold)
    else:
        has_answers = _has_answers(table, count_columns)
        hidden = _complete_suppression(primary, base, has_answers, _lines(table, labels))
    return _hide_rows(table, labels, primary, hidden & ~primary)


class SuppressedCrosstab(NamedTuple):
    counts: pd.DataFrame
    suppressed: pd.DataFrame


def suppress_crosstab(
    counts: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, total_label: str = "Total"
) -> SuppressedCrosstab:
    """Suppress a two-way table of counts published with its row and column totals.

    Adds a ``total_label`` row and column and hides every cell (totals included) below
    ``threshold``. Then hides further cells until no row or column holds exactly one hidden
    cell with answers, and until no hidden cell with answers can be pinned down by solving
    the table's sums (checked with ``hidden_cell_ranges``). Returns the counts as floats with
    NaN where hidden, and the boolean mask.
    """
    values = counts.to_numpy(dtype=float)
    n_rows, n_columns = values.shape
    with_totals = np.zeros((n_rows + 1, n_columns + 1))
    with_totals[:n_rows, :n_columns] = values
    with_totals[:n_rows, n_columns] = values.sum(axis=1)
    with_totals[n_rows, :n_columns] = values.sum(axis=0)
    with_totals[n_rows, n_columns] = values.sum()
    hidden = _protect_grid(with_totals, with_totals < threshold, with_totals != 0)
    index = pd.Index([*counts.index, total_label], name=counts.index.name)
    columns = pd.Index([*counts.columns, total_label], name=counts.columns.name)
    mask = pd.DataFrame(hidden, index=index, columns=columns)
    shown = pd.DataFrame(with_totals, index=index, columns=columns).mask(mask)
    return SuppressedCrosstab(counts=shown, suppressed=mask)


def hidden_cell_ranges(shown: pd.DataFrame, known_zero: pd.DataFrame | None = None) -> pd.DataFrame:
    """The least and most each hidden cell of a suppressed crosstab could be, given the rest.

    ``shown`` is ``suppress_crosstab(...).counts`` (NaN where hidden; the last row and
    column are the totals). Solves the linear programmes an intruder could: cells are
    counts, so at least 0, and every row and column adds up to its total. ``known_zero``
    marks hidden cells the intruder is assumed to know are empty. A hidden cell whose
    ``low`` equals its ``high`` can be worked out. Returns ``row``, ``column``, ``low``,
    ``high`` for each hidden cell not known to be zero.
    """
    values = shown.to_numpy(dtype=float)
    hidden = np.isnan(values)
    known = np.zeros_like(hidden) if known_zero is None else known_zero.to_numpy(dtype=bool)
    low, high = _hidden_ranges(np.nan_to_num(values), hidden, known)
    rows, columns = np.nonzero(hidden & ~known)
    flat = rows * values.shape[1] + columns
    return pd.DataFrame(
        {
            "row": shown.index[rows],
            "column": shown.columns[columns],
            "low": low[flat],
            "high": high[flat],
        }
    )


def disclosure_problems(
    published: pd.DataFrame,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    base_column: str = "base",
    label_columns=None,
    original: pd.DataFrame | None = None,
    count_columns=None,
) -> list[str]:
    """List the ways a published (suppressed) table could disclose a small group.

    Checks that every shown row has a base of at least ``threshold`` and that every hidden
    row shows nothing but its labels. Given the ``original`` (unsuppressed) one-way table,
    also checks that it does not hold exactly one hidden row with answers in
    ``count_columns`` (default: the base). An empty list means safe.
    """
    labels = _label_columns(published, label_columns, base_column)
    hidden = published["suppressed"].to_numpy(dtype=bool)
    base = published[base_column].to_numpy(dtype=float)
    problems = [
        f"row {position} is shown with base {base[position]:g}, below {threshold}"
        for position in np.flatnonzero(~hidden & ~(base >= threshold))
    ]
    values = published.drop(columns=[*labels, *SUPPRESSION_COLUMNS])
    leaking = hidden & values.notna().any(axis=1).to_numpy()
    problems += [
        f"row {position} is suppressed but shows a value" for position in np.flatnonzero(leaking)
    ]
    if original is not None:
        has_answers = _has_answers(original, as_list(count_columns) or [base_column])
        original_base = original[base_column].to_numpy(dtype=float)
        # With two or more group columns the margins live in other tables: check those
        # with ``hidden_cell_ranges`` instead.
        lines = _lines(original, labels) if len(labels) == 1 else []
        for line_of_row in lines:
            # A line whose own total is below the threshold is hidden wherever it is
            # published, so there is nothing to subtract from.
            total_published = np.bincount(line_of_row, weights=original_base) >= threshold
            hidden_with_answers = np.bincount(line_of_row, weights=hidden & has_answers)
            exposed = (hidden_with_answers == 1) & total_published
            for line in np.flatnonzero(exposed):
                position = np.flatnonzero((line_of_row == line) & hidden & has_answers)[0]
                problems.append(f"row {position} is the only hidden row with answers in its line")
    return problems


def is_safe_to_publish(
    published: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, **options
) -> bool:
    """True when ``disclosure_problems`` finds nothing."""
    return not disclosure_problems(published, threshold, **options)


def _label_columns(table: pd.DataFrame, label_columns, first_count_column: str) -> list:
    if label_columns is not None:
        return as_list(label_columns)
    return list(table.columns[: table.columns.get_loc(first_count_column)])


def _has_answers(table: pd.DataFrame, count_columns: list) -> np.ndarray:
    return (table[count_columns].to_numpy(dtype=float) != 0).any(axis=1)


def _lines(table: pd.DataFrame, labels: list) -> list[np.ndarray]:
    """For each label column, number the lines along it: rows sharing every other label."""
    lines = []
    for label in labels:
        others = [other for other in labels if other != label]
        if others:
            line_of_row = table.groupby(others, observed=True, dropna=False, sort=False).ngroup()
            lines.append(line_of_row.to_numpy())
        else:
            lines.append(np.zeros(len(table), dtype=int))
    return lines


def _protect_two_way(
    table: pd.DataFrame,
    labels: list,
    base: np.ndarray,
    primary: np.ndarray,
    has_answers: np.ndarray,
    threshold: float,
) -> np.ndarray:
    """Protect a table grouped by two columns as a grid whose margins are published.

    The margins are the one-way tables of each column (and the overall figure), which hide
    the same rows as ``suppress_small_cells`` would there, so those are unknown here.
    """
    row_codes, row_values = pd.factorize(table[labels[0]], use_na_sentinel=False)
    column_codes, column_values = pd.factorize(table[labels[1]], use_na_sentinel=False)
    shape = (len(row_values) + 1, len(column_values) + 1)
    grid = np.zeros(shape)
    grid[row_codes, column_codes] = base
    grid[:-1, -1] = grid[:-1, :-1].sum(axis=1)
    grid[-1, :] = grid[:-1, :].sum(axis=0)
    answered = np.zeros(shape, dtype=bool)
    answered[row_codes, column_codes] = has_answers
    answered[:-1, -1] = answered[:-1, :-1].any(axis=1)
    answered[-1, :-1] = answered[:-1, :-1].any(axis=0)
    answered[-1, -1] = answered.any()
    hidden = np.zeros(shape, dtype=bool)
    hidden[row_codes, column_codes] = primary
    hidden[:-1, -1] = _one_way_suppression(grid[:-1, -1], answered[:-1, -1], threshold)
    hidden[-1, :-1] = _one_way_suppression(grid[-1, :-1], answered[-1, :-1], threshold)
    hidden[-1, -1] = grid[-1, -1] < threshold
    # Only the table's own cells can be hidden: the margins are on other pages, and a
    # combination missing from the table is known to be empty.
    can_hide = np.zeros(shape, dtype=bool)
    can_hide[row_codes, column_codes] = True
    protected = _protect_grid(grid, hidden, answered, can_hide)
    return protected[row_codes, column_codes]


def _one_way_suppression(
    bases: np.ndarray, has_answers: np.ndarray, threshold: float
) -> np.ndarray:
    """What a one-way table of these bases hides (its overall total is published)."""
    line = [np.zeros(bases.size, dtype=int)]
    return _complete_suppression(~(bases >= threshold), bases, has_answers, line)


def _protect_grid(
    grid: np.ndarray,
    primary: np.ndarray,
    has_answers: np.ndarray,
    can_hide: np.ndarray | None = None,
) -> np.ndarray:
    """Secondary suppression for a grid whose last row and column are its totals.

    Applies the line rule, then solves the grid's sums and hides more until no primary
    cell with answers is pinned down. If even hiding every cell that may be hidden cannot
    free it (the margins published elsewhere give it away), hides them all. Returns the
    hidden mask, shaped like ``grid``.
    """
    shape = grid.shape
    cells = grid.ravel()
    answered = has_answers.ravel()
    hideable = np.ones(cells.size, dtype=bool) if can_hide is None else can_hide.ravel()
    lines = [np.repeat(np.arange(shape[0]), shape[1]), np.tile(np.arange(shape[1]), shape[0])]
    hidden = _complete_suppression(primary.ravel(), cells, answered, lines, hideable)
    # The sums are solved on the grid's own counts; an empty cell is taken as known.
    protect = primary.ravel() & (cells > 0)
    while True:
        pinned = _pinned_cells(grid, hidden.reshape(shape), grid == 0)
        pinned = pinned[protect[pinned]]
        if not pinned.size:
            return hidden.reshape(shape)
        freed = _free_pinned_cell(pinned[0], hidden, grid, answered, lines, hideable)
        if freed is None:
            return (hidden | (hideable & answered)).reshape(shape)
        hidden = freed


def _complete_suppression(
    primary: np.ndarray,
    sizes: np.ndarray,
    has_answers: np.ndarray,
    lines: list[np.ndarray],
    can_hide: np.ndarray | None = None,
) -> np.ndarray:
    """Add secondary suppressions until no line holds exactly one hidden cell with answers."""
    hidden = primary.copy()
    hideable = has_answers if can_hide is None else has_answers & can_hide
    changed = True
    while changed:
        changed = False
        for line_of_cell in lines:
            hidden_with_answers = np.bincount(line_of_cell, weights=hidden & has_answers)
            for line in np.flatnonzero(hidden_with_answers == 1):
                candidates = np.flatnonzero((line_of_cell == line) & ~hidden & hideable)
                if candidates.size:
                    # The smallest shown cell costs the least information; ties go to the
                    # first, so the choice is the same every time the page is drawn.
                    hidden[candidates[np.argmin(sizes[candidates])]] = True
                    changed = True
    return hidden


def _sum_equations(
    values: np.ndarray, hidden: np.ndarray, known_zero: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid's sums as equations in its unknown cells: (matrix, targets, unknown cells).

    Each row and column of the grid: its inner cells minus its total cell make 0. Unknown
    cells are the hidden ones not known to be zero, numbered in flattened order.
    """
    unknown_cells = np.flatnonzero(hidden & ~known_zero)
    variable_of = np.full(values.size, -1)
    variable_of[unknown_cells] = np.arange(unknown_cells.size)
    known_values = np.where(hidden, 0.0, values).ravel()
    n_rows, n_columns = values.shape
    lines = [np.arange(row * n_columns, (row + 1) * n_columns) for row in range(n_rows)]
    lines += [np.arange(column, values.size, n_columns) for column in range(n_columns)]
    equations, targets = [], []
    for line in lines:
        signs = np.ones(line.size)
        signs[-1] = -1.0
        coefficients = np.zeros(unknown_cells.size)
        in_line = variable_of[line] >= 0
        np.add.at(coefficients, variable_of[line][in_line], signs[in_line])
        if coefficients.any():
            equations.append(coefficients)
            targets.append(-(signs * known_values[line]).sum())
    matrix = np.array(equations).reshape(len(equations), unknown_cells.size)
    return matrix, np.array(targets), unknown_cells


def _pinned_cells(values: np.ndarray, hidden: np.ndarray, known_zero: np.ndarray) -> np.ndarray:
    """Flattened positions of hidden, non-empty cells that the grid's sums pin down.

    Every unknown cell holds at least 1, so the true table lies strictly inside the bounds,
    and a cell can move exactly when some solution of the homogeneous sums changes it. Those
    solutions are built from cycles of +1/-1 through the grid, so a free cell can move by at
    least 1 either way. (``hidden_cell_ranges`` checks the same thing the slow way.)
    """
    matrix, _, unknown_cells = _sum_equations(values, hidden, known_zero)
    if not unknown_cells.size or not matrix.size:
        return np.array([], dtype=int)
    directions = null_space(matrix)
    free = np.abs(directions).max(axis=1, initial=0.0) > 1e-9
    return unknown_cells[~free]


def _hidden_ranges(
    values: np.ndarray, hidden: np.ndarray, known_zero: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Least and most of each unknown cell (flattened; NaN elsewhere), by linear programming."""
    matrix, targets, unknown_cells = _sum_equations(values, hidden, known_zero)
    low = np.full(values.size, np.nan)
    high = np.full(values.size, np.nan)
    for number, cell in enumerate(unknown_cells):
        objective = np.zeros(unknown_cells.size)
        objective[number] = 1.0
        for sense, bound in ((1.0, low), (-1.0, high)):
            solution = linprog(
                sense * objective,
                A_eq=matrix if matrix.size else None,
                b_eq=targets if matrix.size else None,
                bounds=(0, None),
                method="highs",
            )
            # Unbounded: nothing published limits the cell (every total round it is hidden).
            bound[cell] = sense * solution.fun if solution.status == 0 else -sense * np.inf
    return low, high


def _free_pinned_cell(
    cell: int,
    hidden: np.ndarray,
    with_totals: np.ndarray,
    has_answers: np.ndarray,
    lines: list[np.ndarray],
    can_hide: np.ndarray,
) -> np.ndarray | None:
    """Hide the first shown cell that lets a pinned cell move, nearest and smallest first.

    A cell can be pinned despite the line rule when it joins two groups of hidden cells (a
    "bridge"), or when its own row and column are hidden already.
    """
    cells = with_totals.ravel()
    row_of_cell, column_of_cell = lines
    shown = np.flatnonzero(~hidden & has_answers & can_hide)
    same_row = row_of_cell[shown] == row_of_cell[cell]
    same_column = column_of_cell[shown] == column_of_cell[cell]
    nearness = np.where(same_row, 0, np.where(same_column, 1, 2))
    empty = with_totals == 0
    for candidate in shown[np.lexsort((cells[shown], nearness))]:
        trial = hidden.copy()
        trial[candidate] = True
        trial = _complete_suppression(trial, cells, has_answers, lines, can_hide)
        if cell not in _pinned_cells(with_totals, trial.reshape(with_totals.shape), empty):
            return trial
    return None


def _hide_rows(
    table: pd.DataFrame, labels: list, primary: np.ndarray, secondary: np.ndarray
) -> pd.DataFrame:
    hidden = pd.Series(primary | secondary, index=table.index)
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
        np.select([primary, secondary], [PRIMARY, SECONDARY], default=None),
        index=table.index,
        dtype=object,
    )
    return result
