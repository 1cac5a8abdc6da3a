"""The gap between what residents say and what councillors found, channel by channel."""

import pandas as pd

from analysis.disclosure import DEFAULT_THRESHOLD, suppress_small_cells
from analysis.satisfaction import SATISFACTION_COUNTS, satisfaction_table
from analysis.shops import shop_scores


def satisfaction_gap(
    responses: pd.DataFrame,
    shops: pd.DataFrame,
    question: str = "overall_satisfaction",
    threshold: int = DEFAULT_THRESHOLD,
    weight: str | None = None,
) -> pd.DataFrame:
    """Per channel: residents' % satisfied beside councillors' mean mystery-shop score.

    Returns ``channel``, ``resident_base``, ``pct_satisfied``, ``satisfied_low``,
    ``satisfied_high``, ``resident_suppressed``, ``shops``, ``mean_score`` and
    ``gap_points`` (mean score minus % satisfied, in percentage points: positive means the
    councillors found it better than residents felt it was). Resident figures are
    suppressed exactly as on the channel page (counts perturbed by the cell key method,
    ``analysis.cell_key``; a base below ``threshold`` hidden), and then the gap is not
    shown either. Channels with only one kind of evidence still get a row. ``weight`` names
    a column of counts in ``responses`` when each row stands for several responses.
    """
    table = satisfaction_table(responses, question, "channel", weight)
    residents = suppress_small_cells(table, SATISFACTION_COUNTS, threshold)
    residents = residents[
        ["channel", "base", "pct_satisfied", "satisfied_low", "satisfied_high", "suppressed"]
    ].rename(columns={"base": "resident_base", "suppressed": "resident_suppressed"})
    scores = shop_scores(shops, "channel")
    gap = residents.merge(scores, on="channel", how="outer", sort=True)
    # A channel nobody answered about has no resident figure to hide.
    gap["resident_suppressed"] = gap["resident_suppressed"].fillna(False).astype(bool)
    gap["resident_base"] = (
        gap["resident_base"].fillna(0).astype("Int64").mask(gap["resident_suppressed"])
    )
    gap["shops"] = gap["shops"].fillna(0).astype("int64")
    gap["gap_points"] = gap["mean_score"] - gap["pct_satisfied"]
    return gap
