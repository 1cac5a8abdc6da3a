"""Long category names wrapped onto several lines, for charts drawn at a fixed size."""

import textwrap

LINE_BREAK = "<br>"  # Plotly's line break inside a label


def wrap_label(label: str, width: int) -> str:
    """``label`` broken at spaces into lines of at most ``width`` characters."""
    return LINE_BREAK.join(textwrap.wrap(label, width)) or label


def line_count(label: str) -> int:
    return label.count(LINE_BREAK) + 1
