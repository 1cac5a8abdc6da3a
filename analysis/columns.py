"""Small helpers shared by the table functions."""

import pandas as pd


def as_list(columns) -> list:
    """Normalise a column name, a list of names or None to a list of names."""
    if columns is None:
        return []
    if isinstance(columns, (list, tuple, pd.Index)):
        return list(columns)
    return [columns]
