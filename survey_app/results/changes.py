"""Comparing a view with an earlier period: the previous period of the same length, or the
same period a year before.

Each period's table is the one its own page publishes (the same query, the same cell key
perturbation, the same threshold), so a figure for the earlier period reads exactly as it
does when that period is viewed directly. ``analysis.comparison.period_changes`` then gives
each group's change with its interval and Holm's adjustment.
"""

from dataclasses import dataclass, replace

import pandas as pd

from analysis.comparison import COMPARED, period_change_sentence, period_changes
from analysis.crosstab import MARGIN, too_sparse
from analysis.equality_categories import EQUALITY_CATEGORIES, NON_RESPONSE
from analysis.labels import display_label
from analysis.periods import (
    earlier_range,
    financial_year_label,
    period_slug,
    preset_of,
    quarter_label,
)
from survey_app.presenters import Cell, Table, numeric
from survey_app.results import presenters
from survey_app.results.presenters import (
    COUNCIL,
    OVERALL,
    SUPPRESSED,
    Section,
    _percent,
    _published,
    _threshold,
    _with_months,
)
from survey_app.services import results_data
from survey_app.services.results_data import ResultsFilter


@dataclass(frozen=True)
class PeriodComparison:
    """The earlier period a view is compared with: its filters (every other filter the
    same), its name in words and its part of a file name."""

    kind: str
    filters: ResultsFilter
    label: str
    slug: str


def period_label(start, end, preset: str | None) -> str:
    """``October to December 2025 (quarter 4)``, a financial year, or whole months."""
    if preset and preset.startswith("q-"):
        _, year, quarter = preset.split("-")
        return quarter_label(int(year), int(quarter))
    if preset and preset.startswith("fy-"):
        return financial_year_label(int(preset.split("-")[1]))
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def period_comparison(filters: ResultsFilter | None, kind: str | None) -> PeriodComparison | None:
    """The earlier period for ``kind`` (``previous`` or ``year-before``); None without a
    comparison or without a bounded period to compare."""
    if kind is None or filters is None or filters.start is None or filters.end is None:
        return None
    start, end = earlier_range(filters.start, filters.end, kind)
    preset = preset_of(start, end)
    earlier = replace(filters, start=start, end=end, period=preset)
    slug = period_slug(preset) if preset else f"{start:%Y-%m}-to-{end:%Y-%m}"
    return PeriodComparison(kind, earlier, period_label(start, end, preset), slug)


def _shown(row: dict, prefix: str) -> str:
    percent, base = row[f"{prefix}_percent"], row[f"{prefix}_base"]
    if pd.isna(percent):
        return ""
    return f"{_percent(percent)} (n={int(base):,})"


def _cell_text(row: dict, prefix: str) -> str:
    state = row[f"{prefix}_state"]
    return _shown(row, prefix) if state == "shown" else (SUPPRESSED if state == "hidden" else "-")


def _whole_points(value: float) -> str:
    number = round(value)
    return f"{number:+d}" if number else "0"


def change_section(
    key: str,
    heading: str,
    now: pd.DataFrame,
    then: pd.DataFrame,
    group_column: str | None,
    group_heading: str,
    comparison: PeriodComparison,
) -> Section:
    """A table of each group's % satisfied in this period and the earlier one, the change
    with its 95% interval, the Holm-adjusted p-value and a sentence."""
    threshold = _threshold()
    label = comparison.label
    section = Section(key=f"{key}-change", heading=f"{heading}: change from {label}")
    if group_column in EQUALITY_CATEGORIES:
        # Non-response is a response rate, not a group whose satisfaction changes.
        now = now[~now[group_column].isin(NON_RESPONSE)]
        then = then[~then[group_column].isin(NON_RESPONSE)]
    # A group with no answers is hidden like a small one on its own page, so "none" and
    # "fewer than the threshold" read the same here too.
    if then.empty or not (~then["suppressed"] & (then["base"].fillna(0) > 0)).any():
        section.empty_text = (
            f"Nothing can be compared with {label}: fewer than {threshold} people answered "
            "in that period for this view, or none did, so its figures are hidden."
        )
        return section
    changes = period_changes(now, then, group_column, min_base=threshold)
    records = changes.to_dict("records")
    sentences = [period_change_sentence(row, label, threshold) for row in records]
    compared = int((changes["status"] == COMPARED).sum())
    clear = int(changes["clear"].fillna(False).sum())
    if compared == 0:
        section.summary = (
            f"No group can be compared: each has no answers, or fewer than {threshold}, in "
            f"this period or in {label}."
        )
    elif compared == 1:
        section.summary = (
            f"One group can be compared with {label}; its change is "
            f"{'clear' if clear else 'not clear'}."
        )
    else:
        section.summary = (
            f"{clear} of the {compared} groups compared with {label} show a clear change, "
            f"after Holm's adjustment for making {compared} comparisons at once."
        )
    section.table = Table(
        section.heading,
        head=[
            Cell(group_heading),
            numeric("This period"),
            numeric(label),
            numeric("Change (points)"),
            numeric("95% interval"),
            numeric("p-value (Holm)"),
            Cell("In plain English"),
        ],
    )
    export = []
    for row, sentence in zip(records, sentences, strict=True):
        name = display_label(row[group_column]) if group_column else "All responses"
        tested = row["status"] == COMPARED
        section.table.rows.append(
            [
                Cell(name),
                numeric(_cell_text(row, "now")),
                numeric(_cell_text(row, "then")),
                numeric(_whole_points(row["change"]) if tested else "-"),
                numeric(
                    f"{_whole_points(row['low'])} to {_whole_points(row['high'])}"
                    if tested
                    else "-"
                ),
                numeric(f"{row['adjusted_p_value']:.3f}" if tested else "-"),
                Cell(sentence),
            ]
        )
        export.append(_export_row(group_heading, name, row, sentence, label))
    section.export = pd.DataFrame(export)
    return section


def _export_row(group_heading: str, name: str, row: dict, sentence: str, label: str) -> dict:
    """Numbers as numbers; ``[c]`` where a period's figure is hidden, blank where none."""

    def figure(prefix: str, column: str, whole: bool = False):
        if row[f"{prefix}_state"] == "hidden":
            return SUPPRESSED
        value = row[column]
        if pd.isna(value):
            return ""
        return int(value) if whole else round(float(value), 1)

    tested = row["status"] == COMPARED
    return {
        group_heading: name,
        "This period satisfied (%)": figure("now", "now_percent"),
        "This period base (n)": figure("now", "now_base", whole=True),
        f"{label} satisfied (%)": figure("then", "then_percent"),
        f"{label} base (n)": figure("then", "then_base", whole=True),
        "Change (percentage points)": round(row["change"], 1) if tested else "",
        "95% interval from": round(row["low"], 1) if tested else "",
        "95% interval to": round(row["high"], 1) if tested else "",
        "p-value (Holm-adjusted)": round(row["adjusted_p_value"], 4) if tested else "",
        "In plain English": sentence,
    }


def _after(sections: list[Section], extra: dict[str, Section]) -> list[Section]:
    """Each change section straight after the section it compares."""
    result = []
    for section in sections:
        result.append(section)
        if section.key in extra:
            result.append(extra[section.key])
    return result


#: The sections of each page that are compared, by key: question, grouping and heading.
#: The month-by-month trends are not: their months are different months in each period.
def _comparable(by: str, heading: str) -> dict[str, tuple[str, str, str]]:
    return {
        f"satisfaction-by-{by}": (OVERALL, by, heading),
        f"council-satisfaction-by-{by}": (COUNCIL, by, heading),
        "satisfaction-by-mode": (OVERALL, "mode", "Completed"),
    }


def _with_changes(sections, comparable, now_counts, then_counts, comparison):
    extra = {}
    for section in sections:
        if section.key not in comparable:
            continue
        question, by, heading = comparable[section.key]
        extra[section.key] = change_section(
            section.key,
            section.heading,
            _published(now_counts, question, by),
            _published(then_counts, question, by),
            by,
            heading,
            comparison,
        )
    return _after(sections, extra)


def overview_changes(
    filters: ResultsFilter, sections: list[Section], comparison: PeriodComparison
) -> tuple[dict, list[Section]]:
    """The overview's headline changes and its sections with their changes."""
    grouping = ("channel", "month")
    now_counts = _with_months(results_data.answer_counts(filters, by=grouping))
    then_counts = _with_months(results_data.answer_counts(comparison.filters, by=grouping))
    then_headline = presenters.headline(then_counts, results_data.response_cell(comparison.filters))
    headline = {"label": comparison.label, "responses": then_headline["responses"]}
    for question in (OVERALL, COUNCIL):
        now = _published(now_counts, question, None)
        then = _published(then_counts, question, None)
        row = period_changes(now, then, None, min_base=_threshold()).iloc[0]
        headline[question] = {
            "then": then_headline[question],
            "sentence": period_change_sentence(row, comparison.label, _threshold()),
        }
    comparable = _comparable("channel", "Channel")
    return headline, _with_changes(sections, comparable, now_counts, then_counts, comparison)


def breakdown_changes(
    filters: ResultsFilter, by: str, sections: list[Section], comparison: PeriodComparison
) -> list[Section]:
    """A channel's page (by service) or a service's page (by channel), with changes."""
    grouping = (by, "month", "mode")
    now_counts = _with_months(results_data.answer_counts(filters, by=grouping))
    then_counts = _with_months(results_data.answer_counts(comparison.filters, by=grouping))
    comparable = _comparable(by, by.capitalize())
    return _with_changes(sections, comparable, now_counts, then_counts, comparison)


def equality_changes(
    filters: ResultsFilter,
    characteristic: str,
    sections: list[Section],
    comparison: PeriodComparison,
) -> list[Section]:
    now_counts = results_data.equality_answer_counts(filters, characteristic)
    then_counts = results_data.equality_answer_counts(comparison.filters, characteristic)
    heading = presenters.CHARACTERISTIC_NAMES.get(characteristic, characteristic)
    slug = characteristic.replace("_", "-")
    comparable = {
        f"{question.replace('_', '-')}-by-{slug}": (question, characteristic, heading)
        for question in (OVERALL, COUNCIL)
    }
    return _with_changes(sections, comparable, now_counts, then_counts, comparison)


def _margins(table: pd.DataFrame, rows: str, columns: str, names: dict[str, str]):
    """A cross-tab's margins as one table of groups: each row's total, then each column's,
    then everyone (a period dimension's margins are left out: its months differ)."""
    parts = []
    if rows not in results_data.PERIOD_DIMENSIONS:
        part = table[(table[columns] == MARGIN) & (table[rows] != MARGIN)]
        parts.append(part.assign(group=[f"{names[rows]}: {display_label(v)}" for v in part[rows]]))
    if columns not in results_data.PERIOD_DIMENSIONS:
        part = table[(table[rows] == MARGIN) & (table[columns] != MARGIN)]
        parts.append(
            part.assign(group=[f"{names[columns]}: {display_label(v)}" for v in part[columns]])
        )
    everyone = table[(table[rows] == MARGIN) & (table[columns] == MARGIN)]
    parts.append(everyone.assign(group="Everyone in this view"))
    keep = ["group", "base", "satisfied", "pct_satisfied", "suppressed"]
    return pd.concat([part[keep] for part in parts], ignore_index=True)


def crosstab_changes(
    filters: ResultsFilter,
    rows: str,
    columns: str,
    key: str,
    heading: str,
    comparison: PeriodComparison,
) -> Section:
    """The cross-tab's margins compared with the earlier period's, each from its own table
    (refused, as its own page would refuse it, when that table is too sparse)."""
    names = dict(presenters.crosstab_dimensions())
    now = presenters._crosstab_table(filters, rows, columns)
    then = presenters._crosstab_table(comparison.filters, rows, columns)
    if then.empty or too_sparse(then, rows, columns):
        section = Section(key=f"{key}-change", heading=f"{heading}: change from {comparison.label}")
        section.empty_text = (
            f"Nothing can be compared with {comparison.label}: that period's table cannot be "
            f"shown, as most of its cells would have fewer than {_threshold()} answers."
        )
        return section
    section = change_section(
        key,
        f"{heading}, margins",
        _margins(now, rows, columns, names),
        _margins(then, rows, columns, names),
        "group",
        "Margin",
        comparison,
    )
    return section
