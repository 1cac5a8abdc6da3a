"""Plain-English sentences for each row of a published satisfaction table."""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.disclosure import DEFAULT_THRESHOLD
from analysis.labels import display_label

OVERALL_LABEL = "All responses"


def whole_percent(percent: float) -> int:
    """Round half up, as readers expect (62.5% shows as 63%, not Python's banker's 62%)."""
    return int(np.floor(percent + 0.5))


def satisfaction_sentences(
    table: pd.DataFrame,
    group_column: str | None,
    *,
    comparison: str = "other groups",
    labels: Mapping | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    measure: str = "satisfied",
) -> pd.Series:
    """One sentence per row, e.g. "Phone: 62% satisfied (n=412), lower than other channels".

    Uses ``differs`` and ``direction`` from ``add_significance`` when present; a row that
    was not tested gets no comparison. Suppressed rows say why they are not shown.
    ``comparison`` names the rest, e.g. "other channels". Returns a Series on the table's
    index.
    """
    sentences = [
        _sentence(row, group_column, comparison, labels, threshold, measure)
        for row in table.to_dict("records")
    ]
    return pd.Series(sentences, index=table.index, dtype=object)


def _sentence(row, group_column, comparison, labels, threshold, measure) -> str:
    name = OVERALL_LABEL if group_column is None else display_label(row[group_column], labels)
    if row.get("suppressed", False):
        return f"{name}: fewer than {threshold} answers, so the result is not shown"
    if not row["base"]:
        return (
            f"{name}: no answers"
            if not row.get("dont_know", 0)
            else f'{name}: only "Don\'t know" answers'
        )
    sentence = f"{name}: {whole_percent(row[f'pct_{measure}'])}% {measure} (n={int(row['base']):,})"
    differs = row.get("differs", pd.NA)
    if pd.isna(differs):
        return sentence
    if differs:
        return f"{sentence}, {row['direction']} than {comparison}"
    return f"{sentence}, similar to {comparison}"
