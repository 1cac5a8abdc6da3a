"""Periods people use: calendar quarters, the council's financial year and the last 12 months.

Harrow's financial year runs from 1 April to 31 March. A preset is named by a short value
that can sit in a URL (``q-2026-4``, ``fy-2025``, ``last-12``) and turns into a first and
last day.
"""

import calendar
from datetime import date

FINANCIAL_YEAR_START_MONTH = 4
LAST_12_MONTHS = "last-12"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """The first and last day of a calendar quarter (1 is January to March)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1 to 4, not {quarter!r}")
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), _month_end(year, first_month + 2)


def financial_year_range(start_year: int) -> tuple[date, date]:
    """1 April of ``start_year`` to 31 March of the next year."""
    return date(start_year, FINANCIAL_YEAR_START_MONTH, 1), date(start_year + 1, 3, 31)


def financial_year_of(day: date) -> int:
    """The year a day's financial year starts in."""
    return day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1


def last_12_months(today: date) -> tuple[date, date]:
    """The 12 whole months ending with ``today``'s month."""
    first_year, first_month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return date(first_year, first_month + 1, 1), _month_end(today.year, today.month)


def quarter_label(year: int, quarter: int) -> str:
    first, last = quarter_range(year, quarter)
    return f"{first:%B} to {last:%B} {year} (quarter {quarter})"


def financial_year_label(start_year: int) -> str:
    return f"Financial year {start_year} to {start_year + 1} (April to March)"


def preset_range(value: str, today: date) -> tuple[date, date] | None:
    """The days a preset value stands for, or None when the value is not a preset."""
    parts = value.split("-")
    try:
        if value == LAST_12_MONTHS:
            return last_12_months(today)
        if len(parts) == 3 and parts[0] == "q":
            return quarter_range(int(parts[1]), int(parts[2]))
        if len(parts) == 2 and parts[0] == "fy":
            return financial_year_range(int(parts[1]))
    except ValueError:
        return None
    return None


def preset_choices(first: date, last: date, today: date) -> list[tuple[str, str]]:
    """``(value, label)`` for the last 12 months, then every financial year and quarter
    from ``first`` to ``last`` (the span of the data), newest first."""
    choices = [(LAST_12_MONTHS, "Last 12 months")]
    for start_year in range(financial_year_of(last), financial_year_of(first) - 1, -1):
        choices.append((f"fy-{start_year}", financial_year_label(start_year)))
    year, quarter = last.year, (last.month - 1) // 3 + 1
    while (year, quarter) >= (first.year, (first.month - 1) // 3 + 1):
        choices.append((f"q-{year}-{quarter}", quarter_label(year, quarter)))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return choices


def period_slug(value: str) -> str:
    """A preset's part of a file name: ``2026-q4``, ``fy-2025-26``, ``last-12-months``."""
    parts = value.split("-")
    if value == LAST_12_MONTHS:
        return "last-12-months"
    if parts[0] == "q":
        return f"{parts[1]}-q{parts[2]}"
    return f"fy-{parts[1]}-{(int(parts[1]) + 1) % 100:02d}"


# Comparing a period with an earlier one. Periods are whole calendar months, so an earlier
# period is the same number of months moved back: by its own length ("previous") or by 12
# months ("year-before").
PREVIOUS = "previous"
YEAR_BEFORE = "year-before"
COMPARISONS = (PREVIOUS, YEAR_BEFORE)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def month_count(first: date, last: date) -> int:
    """How many calendar months ``first`` to ``last`` covers, both months included."""
    return _month_index(last) - _month_index(first) + 1


def earlier_range(first: date, last: date, kind: str) -> tuple[date, date]:
    """The whole months to compare ``first``..``last`` with: the same number of months just
    before (``previous``), or the same months a year before (``year-before``)."""
    if kind not in COMPARISONS:
        raise ValueError(f"comparison must be one of {COMPARISONS}, not {kind!r}")
    back = month_count(first, last) if kind == PREVIOUS else 12
    start = _month_start(_month_index(first) - back)
    end = _month_start(_month_index(last) - back)
    return start, _month_end(end.year, end.month)


def preset_of(first: date, last: date) -> str | None:
    """The quarter or financial year that is exactly ``first``..``last``, if one is."""
    if first.day != 1 or last != _month_end(last.year, last.month):
        return None
    quarter = (first.month - 1) // 3 + 1
    if (first, last) == quarter_range(first.year, quarter):
        return f"q-{first.year}-{quarter}"
    if (first, last) == financial_year_range(financial_year_of(first)):
        return f"fy-{financial_year_of(first)}"
    return None
