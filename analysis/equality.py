"""Derived equality categories, computed in one place.

``derive_disability`` turns the two GSS harmonised disability answers into the Equality Act
2010 status the analysis reports (reference/equality.md): disabled means a condition lasting
12 months or more that reduces day-to-day activities a lot or a little.
"""

import numpy as np
import pandas as pd

DISABLED = "disabled"
NOT_DISABLED = "not_disabled"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
NOT_ANSWERED = "not_answered"
DISABILITY_STATUSES = (DISABLED, NOT_DISABLED, PREFER_NOT_TO_SAY, NOT_ANSWERED)


def derive_disability(condition: pd.Series, reduces_activities: pd.Series) -> pd.Series:
    """Equality Act disability status from the stored codes, row by row.

    ``condition``: ``yes``, ``no``, ``prefer_not_to_say``, ``skipped`` or missing.
    ``reduces_activities``: ``yes_a_lot``, ``yes_a_little``, ``not_at_all``,
    ``prefer_not_to_say``, ``skipped`` or missing (only asked after "yes").

    "Prefer not to say" on either question is kept as its own status; a skipped or missing
    answer that leaves the status unknown is ``not_answered``.
    """
    condition = condition.astype("object")
    reduces = reduces_activities.reindex(condition.index).astype("object")
    has_condition = condition.eq("yes")
    status = np.select(
        [
            has_condition & reduces.isin(["yes_a_lot", "yes_a_little"]),
            condition.eq("no") | (has_condition & reduces.eq("not_at_all")),
            condition.eq("prefer_not_to_say") | (has_condition & reduces.eq("prefer_not_to_say")),
        ],
        [DISABLED, NOT_DISABLED, PREFER_NOT_TO_SAY],
        default=NOT_ANSWERED,
    )
    return pd.Series(status, index=condition.index, name="disability", dtype="object")


def disability_status(condition: str | None, reduces_activities: str | None) -> str:
    """``derive_disability`` for one resident's pair of answers."""
    result = derive_disability(
        pd.Series([condition], dtype="object"), pd.Series([reduces_activities], dtype="object")
    )
    return result.iloc[0]
