"""Period presets on literal dates."""

from datetime import date

import pytest

from analysis.periods import (
    earlier_range,
    financial_year_of,
    financial_year_range,
    last_12_months,
    month_count,
    period_slug,
    preset_choices,
    preset_of,
    preset_range,
    quarter_range,
)


def test_quarters_are_calendar_quarters():
    assert quarter_range(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_range(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    with pytest.raises(ValueError, match="quarter"):
        quarter_range(2026, 5)


def test_harrows_financial_year_starts_on_1_april():
    assert financial_year_range(2025) == (date(2025, 4, 1), date(2026, 3, 31))
    assert financial_year_of(date(2026, 3, 31)) == 2025
    assert financial_year_of(date(2026, 4, 1)) == 2026


def test_last_12_months_are_whole_months_ending_this_month():
    assert last_12_months(date(2026, 12, 5)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert last_12_months(date(2026, 2, 10)) == (date(2025, 3, 1), date(2026, 2, 28))


def test_preset_values_turn_into_days():
    today = date(2026, 12, 5)
    assert preset_range("q-2026-4", today) == (date(2026, 10, 1), date(2026, 12, 31))
    assert preset_range("fy-2025", today) == (date(2025, 4, 1), date(2026, 3, 31))
    assert preset_range("last-12", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert preset_range("q-2026-9", today) is None
    assert preset_range("q-x-1", today) is None
    assert preset_range("soon", today) is None


def test_choices_cover_the_data_newest_first():
    values = [v for v, _ in preset_choices(date(2026, 2, 3), date(2026, 5, 6), date(2026, 6, 1))]
    assert values == ["last-12", "fy-2026", "fy-2025", "q-2026-2", "q-2026-1"]


def test_file_name_parts():
    assert period_slug("q-2026-4") == "2026-q4"
    assert period_slug("fy-2025") == "fy-2025-26"
    assert period_slug("fy-2099") == "fy-2099-00"
    assert period_slug("last-12") == "last-12-months"


def test_months_are_counted_with_both_ends():
    assert month_count(date(2026, 2, 1), date(2026, 4, 30)) == 3
    assert month_count(date(2025, 12, 1), date(2026, 1, 31)) == 2
    assert month_count(date(2026, 5, 1), date(2026, 5, 31)) == 1


@pytest.mark.parametrize(
    ("first", "last", "previous", "year_before"),
    [
        # q-2026-1: the previous quarter is q-2025-4, a year before is q-2025-1.
        (
            (2026, 1, 1),
            (2026, 3, 31),
            ((2025, 10, 1), (2025, 12, 31)),
            ((2025, 1, 1), (2025, 3, 31)),
        ),
        # fy-2025: the previous financial year and the one a year before are both fy-2024.
        (
            (2025, 4, 1),
            (2026, 3, 31),
            ((2024, 4, 1), (2025, 3, 31)),
            ((2024, 4, 1), (2025, 3, 31)),
        ),
        # last-12 on 5 December 2026 is January to December 2026 (the months ending with
        # this one): both comparisons are January to December 2025.
        (
            (2026, 1, 1),
            (2026, 12, 31),
            ((2025, 1, 1), (2025, 12, 31)),
            ((2025, 1, 1), (2025, 12, 31)),
        ),
        # last-12 in November 2026 is December 2025 to November 2026.
        (
            (2025, 12, 1),
            (2026, 11, 30),
            ((2024, 12, 1), (2025, 11, 30)),
            ((2024, 12, 1), (2025, 11, 30)),
        ),
        # A custom February to April 2026: three months back is November 2025 to January
        # 2026 (across a new year); a year back is February to April 2025.
        (
            (2026, 2, 1),
            (2026, 4, 30),
            ((2025, 11, 1), (2026, 1, 31)),
            ((2025, 2, 1), (2025, 4, 30)),
        ),
        # A leap February and the February a year before, which has 28 days.
        (
            (2024, 2, 1),
            (2024, 2, 29),
            ((2024, 1, 1), (2024, 1, 31)),
            ((2023, 2, 1), (2023, 2, 28)),
        ),
    ],
)
def test_earlier_periods_are_whole_months_moved_back(first, last, previous, year_before):
    first, last = date(*first), date(*last)
    assert earlier_range(first, last, "previous") == tuple(date(*day) for day in previous)
    assert earlier_range(first, last, "year-before") == tuple(date(*day) for day in year_before)


def test_the_last_12_months_preset_and_its_comparisons():
    first, last = preset_range("last-12", date(2026, 12, 5))
    assert earlier_range(first, last, "previous") == (date(2025, 1, 1), date(2025, 12, 31))


def test_an_unknown_comparison_is_refused():
    with pytest.raises(ValueError, match="comparison"):
        earlier_range(date(2026, 1, 1), date(2026, 3, 31), "sideways")


def test_an_earlier_quarter_or_financial_year_is_named_as_its_preset():
    assert preset_of(*earlier_range(*quarter_range(2026, 1), "previous")) == "q-2025-4"
    assert preset_of(*earlier_range(*quarter_range(2026, 1), "year-before")) == "q-2025-1"
    assert preset_of(*earlier_range(*financial_year_range(2025), "previous")) == "fy-2024"
    assert preset_of(date(2025, 11, 1), date(2026, 1, 31)) is None
    assert preset_of(date(2025, 1, 1), date(2025, 12, 31)) is None
    assert preset_of(date(2025, 1, 2), date(2025, 3, 31)) is None
