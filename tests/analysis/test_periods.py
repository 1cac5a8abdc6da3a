"""Period presets on literal dates."""

from datetime import date

import pytest

from analysis.periods import (
    financial_year_of,
    financial_year_range,
    last_12_months,
    period_slug,
    preset_choices,
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
