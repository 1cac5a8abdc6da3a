"""The cell key method: small, consistent noise on every published count.

This is the method the Office for National Statistics used for Census 2021's flexible
tables (and the Australian Bureau of Statistics before it). Table-by-table secondary
suppression could not stop someone subtracting one filtered view from another to recover a
hidden group of 1 to 9; perturbing every published count can, because the difference of
two perturbed counts is not the difference of the true counts.

1. Every response holds a **record key**, a random whole number from 0 to 255 drawn once
   when it is stored and never changed (``response.record_key``).
2. A **cell** is a set of records (the answers counted in one published count); its
   **cell key** is the sum of its records' keys, modulo 256. The running count tables keep
   that sum beside each count, so a cell key costs nothing extra to find.
3. The **perturbation table** (``ptable``) gives, for each true count, a probability
   distribution of adjustments from -3 to +3, with mean 0 and variance 2, that never
   publishes a 1 or a 2 and never publishes a negative number; a 0 stays 0. Each row is
   the distribution of greatest entropy (the most even spread) meeting those conditions,
   written in 256ths: cell keys 0 to 255 are laid out along the row's cumulative
   probabilities, and the cell key picks the adjustment. Counts from 6 up share one row.

The same records always make the same cell key and the same count, so a cell reads the
same on every page, filter and download; two views that differ by a small group differ by
that group plus two independent adjustments, so subtraction gives a range, not a count.
"""

from functools import cache

import numpy as np
import pandas as pd
from scipy.optimize import minimize

RECORD_KEY_RANGE = 256
MAXIMUM_PERTURBATION = 3
PERTURBATION_VARIANCE = 2.0
#: Published counts from 1 to this are never produced (1 and 2 are never published).
SMALLEST_PUBLISHED = 3
#: Counts from this up all use the last row of the table.
LAST_ROW_COUNT = SMALLEST_PUBLISHED + MAXIMUM_PERTURBATION
#: The order adjustments take along a row: no change first, so cell key 0 leaves a count of
#: 3 or more as it is (any fixed order gives the same distribution).
ADJUSTMENT_ORDER = (0, -1, 1, -2, 2, -3, 3)


def _allowed(count: int, adjustment: int) -> bool:
    published = count + adjustment
    return published == 0 or published >= SMALLEST_PUBLISHED


def _max_entropy(adjustments: np.ndarray) -> np.ndarray:
    """The most even distribution over ``adjustments`` with mean 0 and the set variance."""
    if adjustments.size == 1:
        return np.ones(1)

    def negative_entropy(p):
        p = np.clip(p, 1e-12, 1)
        return float(np.sum(p * np.log(p)))

    constraints = [
        {"type": "eq", "fun": lambda p: p.sum() - 1},
        {"type": "eq", "fun": lambda p: p @ adjustments},
        {"type": "eq", "fun": lambda p: p @ adjustments**2 - PERTURBATION_VARIANCE},
    ]
    start = np.full(adjustments.size, 1 / adjustments.size)
    result = minimize(
        negative_entropy,
        start,
        method="SLSQP",
        bounds=[(0, 1)] * adjustments.size,
        constraints=constraints,
        options={"ftol": 1e-12, "maxiter": 500},
    )
    return np.clip(result.x, 0, 1)


def _in_256ths(probabilities: np.ndarray, adjustments: np.ndarray) -> np.ndarray:
    """Whole numbers of 256ths adding up to 256: the largest remainder first, then single
    256ths moved between adjustments while that brings the mean nearer 0 and the variance
    nearer the set value."""
    scaled = probabilities / probabilities.sum() * RECORD_KEY_RANGE
    whole = np.floor(scaled).astype(int)
    remainders = scaled - whole
    for position in np.argsort(-remainders, kind="stable")[: RECORD_KEY_RANGE - whole.sum()]:
        whole[position] += 1

    def error(shares):
        mean = shares @ adjustments / RECORD_KEY_RANGE
        variance = shares @ adjustments**2 / RECORD_KEY_RANGE - mean**2
        return abs(mean) + abs(variance - PERTURBATION_VARIANCE)

    improved = True
    while improved:
        improved = False
        for source, target in np.ndindex(whole.size, whole.size):
            if source == target or whole[source] <= 1:
                continue
            trial = whole.copy()
            trial[source] -= 1
            trial[target] += 1
            if error(trial) < error(whole) - 1e-12:
                whole, improved = trial, True
    return whole


@cache
def perturbation_table() -> pd.DataFrame:
    """The ptable: one row per true ``count`` (0 to 6; 6 stands for 6 and over) and
    ``adjustment``, with ``probability`` and the ``key_from``..``key_to`` cell keys
    (inclusive) that give it. Only adjustments that can happen are listed."""
    rows = []
    candidates = np.arange(-MAXIMUM_PERTURBATION, MAXIMUM_PERTURBATION + 1)
    for count in range(LAST_ROW_COUNT + 1):
        if count == 0:
            shares = {0: RECORD_KEY_RANGE}
        else:
            allowed = np.array([a for a in candidates if _allowed(count, a)])
            in_256ths = _in_256ths(_max_entropy(allowed), allowed)
            shares = {int(a): int(n) for a, n in zip(allowed, in_256ths, strict=True) if n > 0}
        key = 0
        for adjustment in ADJUSTMENT_ORDER:
            share = shares.get(adjustment, 0)
            if share:
                rows.append((count, adjustment, share / RECORD_KEY_RANGE, key, key + share - 1))
                key += share
    return pd.DataFrame(rows, columns=["count", "adjustment", "probability", "key_from", "key_to"])


@cache
def _lookup() -> np.ndarray:
    """Adjustment by [table row, cell key]."""
    table = perturbation_table()
    lookup = np.zeros((LAST_ROW_COUNT + 1, RECORD_KEY_RANGE), dtype=np.int64)
    for row in table.itertuples():
        lookup[row.count, row.key_from : row.key_to + 1] = row.adjustment
    return lookup


def cell_keys(key_sums) -> np.ndarray:
    """A cell's key from the sum of its records' keys."""
    return np.asarray(key_sums, dtype=np.int64) % RECORD_KEY_RANGE


def perturb(counts, key_sums) -> np.ndarray:
    """The published counts: each true count plus the ptable's adjustment for its cell key."""
    counts = np.asarray(counts, dtype=np.int64)
    rows = np.minimum(counts, LAST_ROW_COUNT)
    if (counts < 0).any():
        raise ValueError("counts cannot be negative")
    return counts + _lookup()[rows, cell_keys(key_sums)]


def perturb_cells(
    frame: pd.DataFrame, cells, *, count: str = "count", key_sum: str = "key_sum"
) -> pd.DataFrame:
    """Add up ``frame``'s counts and key sums to the published ``cells`` (columns), and
    perturb each: one row per cell with the published ``count`` (no ``key_sum`` column).

    ``frame`` holds counts finer than a page publishes (by month, mode...). Each published
    count must be perturbed as one cell, never as a sum of perturbed finer cells, or the
    same group would read differently on pages that split it differently.
    """
    cells = list(cells)
    if cells:
        summed = frame.groupby(cells, observed=True, dropna=False, sort=False)[
            [count, key_sum]
        ].sum()
        summed = summed.reset_index()
    else:
        summed = frame[[count, key_sum]].sum().to_frame().T
    summed[count] = perturb(summed[count], summed[key_sum])
    return summed.drop(columns=key_sum)


def ptable_summary() -> pd.DataFrame:
    """Per row of the ptable: the mean and variance of its adjustment (as written in 256ths)."""
    table = perturbation_table()
    weighted = table.assign(
        first=table["probability"] * table["adjustment"],
        second=table["probability"] * table["adjustment"] ** 2,
    )
    moments = weighted.groupby("count")[["first", "second"]].sum()
    return pd.DataFrame(
        {"mean": moments["first"], "variance": moments["second"] - moments["first"] ** 2}
    )
