"""Readable names for group values: periods, missing groups and slugs."""

from collections.abc import Mapping

import pandas as pd

from analysis.equality_categories import NOT_ANSWERED


def period_label(period: pd.Period) -> str:
    """Label a period: "Mar 2026" for a month, "Jan to Mar 2026" for a quarter."""
    if period.freqstr.startswith("Q"):
        return f"{period.start_time:%b} to {period.end_time:%b %Y}"
    return f"{period.start_time:%b %Y}"


def display_label(value, labels: Mapping | None = None) -> str:
    """The text for a group value: from ``labels`` if given there, else a readable default."""
    if labels is not None and value in labels:
        return labels[value]
    if isinstance(value, pd.Period):
        return period_label(value)
    if pd.isna(value):
        return NOT_ANSWERED
    return str(value)
