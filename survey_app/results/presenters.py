"""What each results page shows: sections of chart, summary and table, already suppressed.

The bridge (``services.results_data``) gives counts; ``analysis`` turns them into
published tables (tested, then suppressed), charts and sentences. A section keeps the
exact frame its table was drawn from, so a download is that frame and nothing more.
"""

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly
from flask import current_app, request, url_for

from analysis.breakdowns import published_satisfaction
from analysis.cell_key import (
    LAST_ROW_COUNT,
    RECORD_KEY_RANGE,
    perturb,
    perturb_cells,
    perturbation_table,
)
from analysis.charts import (
    crosstab_chart,
    distribution_chart,
    gap_chart,
    satisfaction_bar_chart,
    satisfaction_trend_chart,
    scorecard_chart,
)
from analysis.comparison import compare_groups, comparison_sentence
from analysis.crosstab import (
    MARGIN,
    add_period,
    distribution_crosstab,
    satisfaction_crosstab,
    too_sparse,
)
from analysis.equality_categories import (
    EQUALITY_CATEGORIES,
    NON_RESPONSE,
    NOT_ANSWERED,
    in_report_order,
)
from analysis.gap import satisfaction_gap
from analysis.labels import display_label
from analysis.periods import period_slug, preset_choices
from analysis.redaction import redact
from analysis.shops import standard_scorecard
from analysis.summaries import satisfaction_sentences, whole_percent
from forms.results import FILTERS
from survey_app.presenters import Cell, Table, linked, numeric
from survey_app.services import results_data
from survey_app.services.results_data import ResultsFilter

PLOTLY_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# plotly.js skips injecting MapLibre's <style> (which the CSP would refuse) when an element
# with this id exists; the results pages link MapLibre's rules as a file with this id.
PLOTLY_MAPLIBRE_STYLE_ID = "9f215cf04c5486422605d13261cb87401f4e7763b6296af81e98efbc0130da53"
SUPPRESSED = "[c]"
OVERALL = "overall_satisfaction"
COUNCIL = "council_satisfaction"
QUESTION_NAMES = {
    OVERALL: "satisfaction with this contact",
    COUNCIL: "satisfaction with the council",
}
COMMENTS_PER_PAGE = 20
CHARACTERISTIC_NAMES = {
    "age_band": "Age",
    "sex": "Sex",
    "ethnic_group": "Ethnic group",
    "ethnic_category": "Ethnic group (19 categories)",
    "religion": "Religion",
    "disability": "Disability",
    "carer": "Unpaid carer",
    "sexual_orientation": "Sexual orientation",
    "gender_identity": "Gender identity",
}
SIGNIFICANCE_WORDS = {"higher": "Higher", "lower": "Lower"}


FILTER_KEYS = (*FILTERS, "compare")


def filter_args() -> dict:
    """The current filters as URL arguments, so links and downloads keep the same view."""
    return {key: request.args.getlist(key) for key in FILTER_KEYS if key in request.args}


def page_url(endpoint: str, **values) -> str:
    """Another results page, with the current filters (the template global ``results_url``)."""
    return url_for(endpoint, **values, **filter_args())


#: A cross-tab's own choices, kept in its download links (other pages ignore them).
TABLE_KEYS = ("measure", "question", "rows", "columns", "first", "second")


def download_url(filename: str) -> str:
    """This page, with its filters, asked for one table as a file."""
    table = {key: request.args.getlist(key) for key in TABLE_KEYS if key in request.args}
    return url_for(
        request.endpoint, **request.view_args, **filter_args(), **table, download=filename
    )


@dataclass
class Section:
    """One chart, its one-sentence summary, and the table with the same numbers."""

    key: str
    heading: str
    summary: str = ""
    figure_json: str | None = None
    table: Table | None = None  # None, or no rows: the page shows ``empty_text``
    export: pd.DataFrame | None = None
    empty_text: str = ""


def _threshold() -> int:
    return current_app.config["SUPPRESSION_THRESHOLD"]


def _figure_json(figure) -> str:
    # Figures go inside <script type="application/json">: "</" must not end the element.
    figure.update_layout(template="none", margin={"l": 10, "r": 20, "t": 60, "b": 50})
    # Room for tick labels and axis titles, however long the group names are.
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    # A responsive chart takes its height from its box, which has none until drawn.
    if figure.layout.height is None:
        figure.update_layout(height=450)
    return figure.to_json().replace("</", "<\\/")


def _with_months(counts: pd.DataFrame) -> pd.DataFrame:
    """The bridge's ``YYYY-MM`` becomes a date, so ``analysis`` can build every month."""
    return counts.assign(submitted_on=pd.to_datetime(counts["month"] + "-01")).drop(columns="month")


def _answers_to(counts: pd.DataFrame, question: str) -> pd.DataFrame:
    """One question's rows, with the answer in a column named after the question."""
    rows = counts[counts["question"] == question]
    return rows.drop(columns="question").rename(columns={"value": question})


def _percent(value) -> str:
    return f"{whole_percent(value)}%"


def _interval(low, high) -> str:
    return f"{whole_percent(low)}% to {whole_percent(high)}%"


def _compared(row) -> str:
    if pd.isna(row.get("differs", pd.NA)):
        return "Not tested"
    if row["differs"]:
        return f"{SIGNIFICANCE_WORDS[row['direction']]} than the rest"
    return "No clear difference"


def satisfaction_section(
    key: str,
    heading: str,
    published: pd.DataFrame,
    group_column: str | None,
    *,
    group_heading: str,
    comparison: str,
    links: dict[str, str] | None = None,
    trend: bool = False,
    lead_groups_only: bool = False,
) -> Section:
    """A section from a published (tested, then suppressed) satisfaction table.

    With ``lead_groups_only`` (equality tables) the summary names the highest and lowest of
    the substantive groups, never "Not answered" or "Prefer not to say".
    """
    threshold = _threshold()
    section = Section(key=key, heading=heading)
    if published.empty or (
        published["base"].fillna(0).sum() == 0 and not published["suppressed"].any()
    ):
        section.empty_text = "There are no answers to this question for this view."
        return section
    names = (
        [display_label(value) for value in published[group_column]]
        if group_column
        else ["All responses"]
    )
    shown = published[~published["suppressed"]]
    shown = shown[shown["base"].fillna(0) > 0]
    if lead_groups_only and group_column:
        shown = shown[~shown[group_column].isin(NON_RESPONSE)]
    if group_column and not shown.empty:
        sentences = satisfaction_sentences(
            published, group_column, comparison=comparison, threshold=threshold
        )
        best = shown["pct_satisfied"].idxmax()
        worst = shown["pct_satisfied"].idxmin()
        section.summary = (
            f"{sentences[best]}." if best == worst else f"{sentences[best]}; {sentences[worst]}."
        )
    elif group_column is None:
        section.summary = satisfaction_sentences(published, None, threshold=threshold).iloc[0] + "."
    else:
        section.summary = (
            f"Every group is hidden: fewer than {threshold} people answered in each, or a "
            "hidden group could otherwise be worked out."
        )
    if group_column:
        figure = (
            satisfaction_trend_chart(published, group_column, title=heading)
            if trend
            else satisfaction_bar_chart(published, group_column, title=heading)
        )
        section.figure_json = _figure_json(figure)
    section.table = Table(
        heading,
        head=[
            Cell(group_heading),
            numeric("Satisfied"),
            numeric("95% interval"),
            numeric("Dissatisfied"),
            numeric("95% interval"),
            numeric("Net"),
            numeric("Base (n)"),
            Cell("Compared with the rest"),
        ],
    )
    export_rows = []
    for name, row in zip(names, published.to_dict("records"), strict=True):
        label_cell = linked(name, (links or {}).get(name))
        if row["suppressed"]:
            cells = [SUPPRESSED] * 6 + ["Not shown"]
            export_rows.append({group_heading: name, **dict.fromkeys(EXPORT_COLUMNS, SUPPRESSED)})
        elif not row["base"]:
            cells = ["-", "-", "-", "-", "-", "0", "Not tested"]
            export_rows.append(
                {group_heading: name, **dict.fromkeys(EXPORT_COLUMNS, ""), "Base (n)": 0}
            )
        else:
            cells = [
                _percent(row["pct_satisfied"]),
                _interval(row["satisfied_low"], row["satisfied_high"]),
                _percent(row["pct_dissatisfied"]),
                _interval(row["dissatisfied_low"], row["dissatisfied_high"]),
                f"{whole_percent(row['net']):+d}",
                f"{int(row['base']):,}",
                _compared(row),
            ]
            export_rows.append(
                {
                    group_heading: name,
                    "Satisfied (%)": round(row["pct_satisfied"], 1),
                    "Satisfied 95% interval from (%)": round(row["satisfied_low"], 1),
                    "Satisfied 95% interval to (%)": round(row["satisfied_high"], 1),
                    "Dissatisfied (%)": round(row["pct_dissatisfied"], 1),
                    "Dissatisfied 95% interval from (%)": round(row["dissatisfied_low"], 1),
                    "Dissatisfied 95% interval to (%)": round(row["dissatisfied_high"], 1),
                    "Net (percentage points)": round(row["net"], 1),
                    "Base (n)": int(row["base"]),
                    "Compared with the rest": _compared(row),
                }
            )
        section.table.rows.append([label_cell, *map(numeric, cells[:6]), Cell(cells[6])])
    section.export = pd.DataFrame(export_rows, columns=[group_heading, *EXPORT_COLUMNS])
    return section


EXPORT_COLUMNS = [
    "Satisfied (%)",
    "Satisfied 95% interval from (%)",
    "Satisfied 95% interval to (%)",
    "Dissatisfied (%)",
    "Dissatisfied 95% interval from (%)",
    "Dissatisfied 95% interval to (%)",
    "Net (percentage points)",
    "Base (n)",
    "Compared with the rest",
]


def perturbation_rows() -> list[dict]:
    """The perturbation table for the method text: true count, adjustment, chance, keys."""
    return [
        {
            "count": "6 or more" if row.count == LAST_ROW_COUNT else str(row.count),
            "adjustment": f"{row.adjustment:+d}" if row.adjustment else "0",
            "chance": f"{row.probability * RECORD_KEY_RANGE:.0f} in 256",
            "keys": f"{row.key_from} to {row.key_to}",
        }
        for row in perturbation_table().itertuples()
    ]


def _answer_frame(counts: pd.DataFrame, question: str, by) -> pd.DataFrame:
    """One question's published counts at the table's own grain: each (group, answer) is
    one cell, perturbed by the cell key method, never a sum of perturbed finer cells."""
    frame = _answers_to(counts, question)
    cells = [*([by] if isinstance(by, str) else list(by or [])), question]
    if by in ("month", "quarter"):
        cells = ["submitted_on", question]
    return perturb_cells(frame, [column for column in cells if column in frame.columns])


def _published(counts: pd.DataFrame, question: str, by) -> pd.DataFrame:
    return published_satisfaction(
        _answer_frame(counts, question, by),
        question,
        by,
        _threshold(),
        weight="count",
    )


def headline(counts: pd.DataFrame, responses: tuple[int, int]) -> dict:
    """The overall figures for both satisfaction questions, suppressed like any row.

    ``responses`` is the number of responses and the sum of their record keys.
    """
    threshold = _threshold()
    published_responses = int(perturb([responses[0]], [responses[1]])[0])
    shown_count = published_responses >= threshold
    result = {"responses": f"{published_responses:,}" if shown_count else SUPPRESSED}
    for question in (OVERALL, COUNCIL):
        published = _published(counts, question, None)
        row = published.iloc[0]
        # A suppressed row has no base at all (missing), so ask about suppression first.
        shown = not row["suppressed"] and row["base"] > 0
        result[question] = {
            "shown": shown,
            "satisfied": _percent(row["pct_satisfied"]) if shown else SUPPRESSED,
            "interval": _interval(row["satisfied_low"], row["satisfied_high"]) if shown else "",
            "base": f"{int(row['base']):,}" if shown else SUPPRESSED,
            "sentence": satisfaction_sentences(published, None, threshold=threshold).iloc[0],
        }
    return result


def _channel_links() -> dict[str, str]:
    return {
        name: url_for("results.channel", slug=slug, **filter_args())
        for slug, name in results_data.channel_names().items()
    }


def _service_links() -> dict[str, str]:
    return {
        name: url_for("results.service", slug=slug, **filter_args())
        for slug, name in results_data.service_names().items()
    }


def overview(filters: ResultsFilter) -> tuple[dict, list[Section]]:
    """Headline figures and the channel and month sections, from one grouped query."""
    counts = _with_months(results_data.answer_counts(filters, by=("channel", "month")))
    sections = [
        satisfaction_section(
            "satisfaction-by-channel",
            "Satisfaction with this contact, by channel",
            _published(counts, OVERALL, "channel"),
            "channel",
            group_heading="Channel",
            comparison="other channels",
            links=_channel_links(),
        ),
        satisfaction_section(
            "council-satisfaction-by-channel",
            "Satisfaction with the council, by channel",
            _published(counts, COUNCIL, "channel"),
            "channel",
            group_heading="Channel",
            comparison="other channels",
        ),
        _month_section(counts),
    ]
    summary = headline(counts, results_data.response_cell(filters))
    return summary, sections


def _month_section(counts: pd.DataFrame) -> Section:
    return satisfaction_section(
        "satisfaction-by-month",
        "Satisfaction with this contact, by month",
        _published(counts, OVERALL, "month"),
        "month",
        group_heading="Month",
        comparison="other months",
        trend=True,
    )


def _breakdown_sections(filters: ResultsFilter, by: str, by_heading: str, links) -> list[Section]:
    grouping = (by, "month", "mode")
    counts = _with_months(results_data.answer_counts(filters, by=grouping))
    plural = {"service": "services", "channel": "channels"}[by]
    return [
        satisfaction_section(
            f"satisfaction-by-{by}",
            f"Satisfaction with this contact, by {by}",
            _published(counts, OVERALL, by),
            by,
            group_heading=by_heading,
            comparison=f"other {plural}",
            links=links,
        ),
        _month_section(counts),
        satisfaction_section(
            "satisfaction-by-mode",
            "Satisfaction with this contact, by how the survey was completed",
            _published(counts, OVERALL, "mode"),
            "mode",
            group_heading="Completed",
            comparison="other ways of completing the survey",
        ),
        satisfaction_section(
            "council-satisfaction-by-" + by,
            f"Satisfaction with the council, by {by}",
            _published(counts, COUNCIL, by),
            by,
            group_heading=by_heading,
            comparison=f"other {plural}",
        ),
    ]


def channel_sections(filters: ResultsFilter) -> list[Section]:
    return _breakdown_sections(filters, "service", "Service", _service_links())


def service_sections(filters: ResultsFilter) -> list[Section]:
    return _breakdown_sections(filters, "channel", "Channel", _channel_links())


def equality_characteristics() -> list[tuple[str, str]]:
    return [(key, CHARACTERISTIC_NAMES.get(key, key)) for key in EQUALITY_CATEGORIES]


def equality_sections(filters: ResultsFilter, characteristic: str) -> list[Section]:
    counts = results_data.equality_answer_counts(filters, characteristic)
    name = CHARACTERISTIC_NAMES.get(characteristic, characteristic).lower()
    sections = []
    for question in (OVERALL, COUNCIL):
        published = _published(counts, question, characteristic)
        section = satisfaction_section(
            f"{question.replace('_', '-')}-by-{characteristic.replace('_', '-')}",
            f"{QUESTION_NAMES[question].capitalize()}, by {name}",
            published,
            characteristic,
            group_heading=CHARACTERISTIC_NAMES.get(characteristic, characteristic),
            comparison="others who answered the question",
            lead_groups_only=True,
        )
        rate = _answer_rate(published, _published(counts, question, None), characteristic)
        if rate is not None and section.summary:
            section.summary += (
                f" {rate}% of these residents answered the question about {name}; the rest "
                'are shown as "Not answered", a response rate rather than a group.'
            )
        sections.append(section)
    return sections


def _answer_rate(published: pd.DataFrame, overall: pd.DataFrame, characteristic: str):
    """The share of residents who answered the equality question: 1 minus the published
    "Not answered" base over the published base of everyone (its own cell, as in the
    headline); None when either is hidden."""
    rows = published[published[characteristic] == NOT_ANSWERED]
    everyone = overall.iloc[0]
    if everyone["suppressed"] or not everyone["base"]:
        return None
    if rows.empty:
        return 100
    if rows["suppressed"].iloc[0]:
        return None
    return whole_percent(100 * (1 - float(rows["base"].iloc[0]) / float(everyone["base"])))


MIN_SHOPS = 10


def shops_counted_text(filters: ResultsFilter, counted: int) -> str:
    """How many shops count, and how many are still waiting for review."""
    awaiting = results_data.shops_awaiting_review(filters)
    text = f"Only shops a reviewer has accepted are counted: {counted:,} in this view."
    if awaiting:
        text += (
            f" {awaiting:,} more {'is' if awaiting == 1 else 'are'} waiting for review and "
            "not counted yet."
        )
    return text


def mystery_shop_sections(filters: ResultsFilter) -> list[Section]:
    shops = results_data.shop_records(filters)
    criteria = results_data.shop_criterion_outcomes(filters)
    sections = []
    scorecard = Section(key="standards-met", heading="Service standards met")
    if criteria.empty:
        scorecard.empty_text = "No mystery shops have been recorded for this view."
    else:
        table = standard_scorecard(criteria)
        scorecard.figure_json = _figure_json(scorecard_chart(table, title=scorecard.heading))
        passed = table[table["base"] > 0]
        if not passed.empty:
            worst = passed.loc[passed["pct_met"].idxmin()]
            scorecard.summary = (
                f"The standard met least often: {worst['criterion_name']}, "
                f"{_percent(worst['pct_met'])} of {int(worst['base']):,} shops."
            )
            if worst["base"] < MIN_SHOPS:
                scorecard.summary += f" This rests on fewer than {MIN_SHOPS} shops."
        scorecard.table = Table(
            scorecard.heading,
            head=[
                Cell("Standard"),
                numeric("Met"),
                numeric("95% interval"),
                numeric("Shops tested (n)"),
                numeric("Not applicable"),
            ],
        )
        export = []
        for row in table.to_dict("records"):
            tested = row["base"] > 0
            scorecard.table.rows.append(
                [
                    Cell(row["criterion_name"]),
                    numeric(_percent(row["pct_met"]) if tested else "-"),
                    numeric(_interval(row["met_low"], row["met_high"]) if tested else "-"),
                    numeric(f"{int(row['base']):,}"),
                    numeric(f"{int(row['not_applicable']):,}"),
                ]
            )
            export.append(
                {
                    "Standard": row["criterion_name"],
                    "Met (%)": round(row["pct_met"], 1) if tested else "",
                    "Met 95% interval from (%)": round(row["met_low"], 1) if tested else "",
                    "Met 95% interval to (%)": round(row["met_high"], 1) if tested else "",
                    "Shops tested (n)": int(row["base"]),
                    "Not applicable (n)": int(row["not_applicable"]),
                }
            )
        scorecard.export = pd.DataFrame(export)
    sections.append(scorecard)

    gap = Section(
        key="residents-and-councillors",
        heading="What residents said and what councillors found, by channel",
    )
    if shops.empty:
        gap.empty_text = "No mystery shops have been recorded for this view."
    else:
        counts = results_data.answer_counts(filters, by=("channel",), questions=(OVERALL,))
        table = satisfaction_gap(
            _answer_frame(counts, OVERALL, "channel"),
            shops,
            threshold=_threshold(),
            weight="count",
        )
        gap.figure_json = _figure_json(gap_chart(table, title=gap.heading))
        gap.table = Table(
            gap.heading,
            head=[
                Cell("Channel"),
                numeric("Residents satisfied"),
                numeric("Residents (n)"),
                numeric("Councillors' mean score"),
                numeric("Shops (n)"),
                numeric("Gap (points)"),
                Cell("Note"),
            ],
        )
        export = []
        for row in table.to_dict("records"):
            hidden = bool(row["resident_suppressed"])
            has_resident = not hidden and not pd.isna(row["pct_satisfied"])
            has_score = not pd.isna(row["mean_score"])
            has_gap = not hidden and not pd.isna(row["gap_points"])
            few = 0 < row["shops"] < MIN_SHOPS
            note = f"Fewer than {MIN_SHOPS} shops: treat with caution" if few else ""
            resident = (
                SUPPRESSED if hidden else (_percent(row["pct_satisfied"]) if has_resident else "-")
            )
            gap_points = (
                SUPPRESSED
                if hidden
                else (f"{whole_percent(row['gap_points']):+d}" if has_gap else "-")
            )
            gap.table.rows.append(
                [
                    Cell(row["channel"]),
                    numeric(resident),
                    numeric(SUPPRESSED if hidden else f"{int(row['resident_base']):,}"),
                    numeric(_percent(row["mean_score"]) if has_score else "-"),
                    numeric(f"{int(row['shops']):,}"),
                    numeric(gap_points),
                    Cell(note),
                ]
            )
            # Numbers as numbers, so a spreadsheet can add them up.
            export.append(
                {
                    "Channel": row["channel"],
                    "Residents satisfied (%)": SUPPRESSED
                    if hidden
                    else (round(row["pct_satisfied"], 1) if has_resident else ""),
                    "Residents (n)": SUPPRESSED if hidden else int(row["resident_base"]),
                    "Councillors' mean score (%)": round(row["mean_score"], 1) if has_score else "",
                    "Shops (n)": int(row["shops"]),
                    "Gap (percentage points)": SUPPRESSED
                    if hidden
                    else (round(row["gap_points"], 1) if has_gap else ""),
                    "Note": note,
                }
            )
        gap.export = pd.DataFrame(export)
        shown = table[
            ~table["resident_suppressed"]
            & table["gap_points"].notna()
            & (table["shops"] >= MIN_SHOPS)
        ]
        if not shown.empty:
            widest = shown.loc[shown["gap_points"].abs().idxmax()]
            direction = "better" if widest["gap_points"] > 0 else "worse"
            gap.summary = (
                f"The widest gap among channels with {MIN_SHOPS} or more shops is for "
                f"{widest['channel']} ({int(widest['shops'])} shops): councillors found it "
                f"{abs(whole_percent(widest['gap_points']))} points {direction} than residents "
                "said it was."
            )
        else:
            gap.summary = (
                f"No channel has {MIN_SHOPS} or more accepted shops with residents' answers "
                "shown, so no gap is singled out; gaps resting on fewer shops are marked."
            )
        gap.summary += (
            " Residents' % satisfied and councillors' mean score are different measures, "
            "shown in separate panels."
        )
    sections.append(gap)
    return sections


def comment_listing(filters: ResultsFilter, page: int) -> dict:
    """One page of redacted comments; none at all when so few that they single people out."""
    total = results_data.comment_count(filters)
    threshold = _threshold()
    if total < threshold:
        return {"total": total, "hidden": total > 0, "items": [], "pages": 1, "page": 1}
    pages = max(1, math.ceil(total / COMMENTS_PER_PAGE))
    rows = results_data.comment_rows(
        filters, limit=COMMENTS_PER_PAGE, offset=(page - 1) * COMMENTS_PER_PAGE
    )
    items = [
        {
            "month": date.fromisoformat(row["month"] + "-01").strftime("%B %Y"),
            "channel": row["channel"],
            "service": row["service"],
            "text": redact(row["text"]),
        }
        for row in rows.to_dict("records")
    ]
    return {"total": total, "hidden": False, "items": items, "pages": pages, "page": page}


def report(filters: ResultsFilter) -> tuple[dict, list[Section]]:
    """The committee report: the overview's figures plus satisfaction by service."""
    summary, sections = overview(filters)
    service_counts = results_data.answer_counts(filters, by=("service",), questions=(OVERALL,))
    sections.append(
        satisfaction_section(
            "satisfaction-by-service",
            "Satisfaction with this contact, by service",
            _published(service_counts, OVERALL, "service"),
            "service",
            group_heading="Service",
            comparison="other services",
        )
    )
    return summary, sections


def view_description(filters: ResultsFilter | None) -> str:
    """Every filter of a view in words: period, then channel, service, survey, mode and
    language."""
    if filters is None:
        return ""
    parts = []
    if filters.period and filters.start and filters.end:
        parts.append(dict(_period_labels()).get(filters.period, "") or date_range_text(filters))
    elif filters.start or filters.end:
        parts.append(date_range_text(filters).replace("Responses ", "responses "))
    if filters.channel:
        parts.append(results_data.channel_names().get(filters.channel, filters.channel))
    if filters.service:
        parts.append(results_data.service_names().get(filters.service, filters.service))
    if filters.survey:
        parts.append(f"survey {filters.survey}")
    if filters.mode:
        parts.append(f"completed {filters.mode}")
    if filters.language:
        parts.append(f"answered in {results_data.language_name(filters.language)}")
    return ", ".join(part for part in parts if part)


def _period_labels() -> list[tuple[str, str]]:
    span = results_data.month_span()
    today = date.today()
    return preset_choices(*(span or (today, today)), today)


def view_slug(filters: ResultsFilter | None) -> str:
    """The filters for a file name: ``phone-2026-q4``, ``email-2026-03-01-to-2026-05-31``."""
    if filters is None:
        return ""
    parts = [filters.channel, filters.service, filters.survey, filters.mode]
    if filters.language:
        parts.append(f"language-{filters.language}")
    if filters.period and filters.start:
        parts.append(period_slug(filters.period))
    elif filters.start or filters.end:
        start = filters.start.isoformat() if filters.start else "start"
        end = filters.end.isoformat() if filters.end else "now"
        parts.append(f"{start}-to-{end}")
    return "-".join(part for part in parts if part)


def date_range_text(filters: ResultsFilter) -> str:
    def spoken(day: date) -> str:
        return f"{day.day} {day:%B %Y}"

    if filters.start and filters.end:
        return f"Responses from {spoken(filters.start)} to {spoken(filters.end)}"
    if filters.start:
        return f"Responses from {spoken(filters.start)} onwards"
    if filters.end:
        return f"Responses up to {spoken(filters.end)}"
    return "All responses received so far"


#: What a cross-tab's cells can show, as the "What the cells show" choices.
CROSSTAB_MEASURES = [
    ("satisfied", "% satisfied"),
    ("dissatisfied", "% dissatisfied"),
    ("net", "Net satisfaction"),
    ("distribution", "Every answer (distribution)"),
]
#: The measure as a chart's title says it (the section's heading above says the rest).
CHART_MEASURES = {
    "satisfied": "% satisfied",
    "dissatisfied": "% dissatisfied",
    "net": "Net satisfaction",
    "distribution": "Share choosing each answer",
}
#: The measures that need a satisfaction question, and those two groups can be compared on.
SATISFACTION_MEASURES = ("satisfied", "dissatisfied", "net")
COMPARED_MEASURES = ("satisfied", "dissatisfied")
#: Who or what a satisfaction question is about, as a sentence says it.
SATISFIED_WITH = {OVERALL: "this contact", COUNCIL: "the council"}
NOT_COMPARED = (
    "Comparing two groups is offered for % satisfied and % dissatisfied only. Net "
    "satisfaction and the share choosing each answer are made of several answers at once, "
    "and a fair test of a difference in them needs more than the two-proportion test used "
    "here, so no comparison is shown."
)


def crosstab_dimensions() -> list[tuple[str, str]]:
    """What a cross-tab's rows and columns can show."""
    return [
        ("channel", "Channel"),
        ("service", "Service"),
        ("month", "Month"),
        ("quarter", "Quarter"),
        ("financial_year", "Financial year (April to March)"),
        ("mode", "How the survey was completed"),
        ("language", "Language"),
        *equality_characteristics(),
    ]


def crosstab_measure_text(measure: str, question: str) -> str:
    """What a cross-tab's cells show, for its title: "net satisfaction with this contact",
    "answers to “…”"."""
    if measure == "distribution":
        text = dict(results_data.single_choice_questions()).get(question, question)
        return f"answers to “{text}”"
    about = SATISFIED_WITH.get(question, question)
    if measure == "net":
        return f"net satisfaction with {about}"
    return f"% {measure} with {about}"


def crosstab_title(measure: str, question: str) -> str:
    """The cross-tab page's heading for a measure, before any filters."""
    return f"Cross-tab of {crosstab_measure_text(measure, question)}"


@dataclass
class Crosstab:
    """A cross-tab view: its section (or why it is refused), the column groups that can be
    compared, and the comparison section when two were chosen (or why none is shown)."""

    section: Section
    groups: list[str]
    comparison: Section | None = None
    refused: str = ""
    not_compared: str = ""


def _crosstab_counts(filters: ResultsFilter, rows: str, columns: str, question: str):
    counts = results_data.crosstab_counts(filters, (rows, columns), question)
    for dimension in (rows, columns):
        if dimension in results_data.PERIOD_DIMENSIONS:
            counts = add_period(counts, dimension)
        elif results_data.is_characteristic(dimension):
            # The substantive groups first, "Prefer not to say" and "Not answered" last.
            counts[dimension] = in_report_order(counts[dimension], dimension)
    counts = _answers_to(counts, question)
    return counts[[rows, columns, question, "count", "key_sum"]]


def _crosstab_table(
    filters, rows, columns, measure: str = "satisfied", question: str = OVERALL
) -> pd.DataFrame:
    counts = _crosstab_counts(filters, rows, columns, question)
    if measure == "distribution":
        answers = [code for code, _ in results_data.answer_options(question)]
        return distribution_crosstab(counts, rows, columns, question, answers, _threshold())
    return satisfaction_crosstab(counts, rows, columns, question, _threshold())


def _points(value) -> str:
    return f"{round(value):+d}"


def _crosstab_cell(record, measure: str) -> str:
    """A cell's figure, its 95% interval and its base: "80% (62% to 91%, n=30)"."""
    if record["suppressed"]:
        return SUPPRESSED
    base = f"n={int(record['base']):,}"
    if measure == "net":
        low, high = _points(record["net_low"]), _points(record["net_high"])
        return f"{_points(record['net'])} ({low} to {high}, {base})"
    if measure == "distribution":
        value, low, high = record["percent"], record["low"], record["high"]
    else:
        value = record[f"pct_{measure}"]
        low, high = record[f"{measure}_low"], record[f"{measure}_high"]
    return f"{_percent(value)} ({_interval(low, high)}, {base})"


def _rounded(record, column):
    return SUPPRESSED if record["suppressed"] else round(float(record[column]), 1)


def _whole(record, column):
    return SUPPRESSED if record["suppressed"] else int(record[column])


def _crosstab_export(table, rows, columns, names, measure, labels) -> pd.DataFrame:
    records = []
    for record in table.to_dict("records"):
        row = {
            names[rows]: display_label(record[rows]),
            names[columns]: display_label(record[columns]),
        }
        if measure == "distribution":
            row |= {
                "Answer": labels.get(record["answer"], record["answer"]),
                "Chose this answer (%)": _rounded(record, "percent"),
                "95% interval from (%)": _rounded(record, "low"),
                "95% interval to (%)": _rounded(record, "high"),
                "Chose this answer (n)": _whole(record, "count"),
            }
        elif measure == "net":
            row |= {
                "Net satisfaction (points)": _rounded(record, "net"),
                "Net 95% interval from (points)": _rounded(record, "net_low"),
                "Net 95% interval to (points)": _rounded(record, "net_high"),
                "Satisfied (n)": _whole(record, "satisfied"),
                "Dissatisfied (n)": _whole(record, "dissatisfied"),
            }
        else:
            word = measure.capitalize()
            row |= {
                f"{word} (%)": _rounded(record, f"pct_{measure}"),
                f"{word} 95% interval from (%)": _rounded(record, f"{measure}_low"),
                f"{word} 95% interval to (%)": _rounded(record, f"{measure}_high"),
                f"{word} (n)": _whole(record, measure),
            }
        row["Base (n)"] = _whole(record, "base")
        records.append(row)
    return pd.DataFrame(records)


def _crosstab_summary(table, rows, columns, measure, question, labels) -> str:
    everyone = table[(table[rows] == MARGIN) & (table[columns] == MARGIN)]
    overall = everyone.iloc[0]
    if measure == "distribution":
        if overall["suppressed"] or not overall["base"]:
            sentence = "Too few people answered in this view to describe their answers"
        else:
            top = everyone.loc[everyone["percent"].astype(float).idxmax()]
            label = labels.get(top["answer"], top["answer"])
            sentence = (
                f"Of {int(overall['base']):,} people who answered in this view, the most "
                f"common answer was “{label}” ({_percent(top['percent'])})"
            )
        cells = table.drop_duplicates([rows, columns])
    else:
        about = "their contact" if question == OVERALL else SATISFIED_WITH[question]
        people = f"{int(overall['base']):,}"
        if measure == "net":
            sentence = (
                f"Net satisfaction with {about} was {_points(overall['net'])} points in this "
                f"view: {_percent(overall['pct_satisfied'])} satisfied minus "
                f"{_percent(overall['pct_dissatisfied'])} dissatisfied, of {people} people "
                f"(95% interval {_points(overall['net_low'])} to "
                f"{_points(overall['net_high'])})"
            )
        else:
            sentence = (
                f"{_percent(overall[f'pct_{measure}'])} of {people} people were {measure} "
                f"with {about} in this view"
            )
        cells = table
    hidden = int(cells["suppressed"].sum())
    if hidden:
        sentence += (
            f"; {hidden} of {len(cells)} cells are hidden as fewer than {_threshold()} answered"
        )
    return sentence + "."


def crosstab(
    filters: ResultsFilter,
    rows: str,
    columns: str,
    title: str,
    first: str = "",
    second: str = "",
    measure: str = "satisfied",
    question: str = OVERALL,
) -> Crosstab:
    names = dict(crosstab_dimensions())
    key = f"{measure}-{_slug(question)}-{_slug(names[rows])}-by-{_slug(names[columns])}"
    heading = f"{title}: {names[rows].lower()} by {names[columns].lower()}"
    section = Section(key=key, heading=heading)
    table = _crosstab_table(filters, rows, columns, measure, question)
    if table.empty or too_sparse(table, rows, columns):
        return Crosstab(
            section,
            [],
            refused=f"This table cannot be shown: most of its cells would have fewer than "
            f"{_threshold()} answers. Choose a longer period, fewer filters or broader groups.",
        )
    options = results_data.answer_options(question) if measure == "distribution" else []
    labels = dict(options)
    groups = [str(value) for value in table[columns].cat.categories if value != MARGIN]
    column_values = list(table[columns].cat.categories)
    first_head = f"{names[rows]}: answer" if measure == "distribution" else names[rows]
    section.table = Table(
        heading,
        head=[Cell(first_head), *(numeric(display_label(value)) for value in column_values)],
    )
    by = [rows, "answer"] if measure == "distribution" else [rows]
    for group, part in table.groupby(by, sort=False, observed=True):
        if measure == "distribution":
            row_value, code = group
            row_head = f"{display_label(row_value)}: {labels.get(code, code)}"
        else:
            row_head = display_label(group[0])
        cells = [Cell(row_head)]
        cells += [numeric(_crosstab_cell(r, measure)) for r in part.to_dict("records")]
        section.table.rows.append(cells)
    section.export = _crosstab_export(table, rows, columns, names, measure, labels)
    chart_title = f"{CHART_MEASURES[measure]}: {names[rows].lower()} by {names[columns].lower()}"
    if measure == "distribution":
        figure = distribution_chart(table, rows, columns, options, title=chart_title)
    else:
        figure = crosstab_chart(table, rows, columns, title=chart_title, measure=measure)
    section.figure_json = _figure_json(figure)
    section.summary = _crosstab_summary(table, rows, columns, measure, question, labels)
    result = Crosstab(section, groups)
    if first and second:
        if measure in COMPARED_MEASURES:
            result.comparison = _comparison_section(
                table, rows, columns, first, second, names, title, measure
            )
        else:
            result.not_compared = NOT_COMPARED
    return result


def _comparison_section(
    table, rows, columns, first, second, names, title, measure="satisfied"
) -> Section:
    labelled = table.assign(**{columns: table[columns].astype(str)})
    compared = compare_groups(
        labelled, rows, columns, first, second, min_base=_threshold(), count=measure
    )
    heading = f"{title}: is the difference between {first} and {second} real?"
    section = Section(key=f"compare-{_slug(first)}-with-{_slug(second)}", heading=heading)
    sentences = [
        comparison_sentence(record, first, second, display_label(record[rows]), measure)
        for record in compared.to_dict("records")
    ]
    section.summary = (
        f"Each {names[rows].lower()} group compares {first} with {second}; "
        f"{int(compared['clear'].fillna(False).sum())} of {int(compared['clear'].notna().sum())} "
        "comparisons show a clear difference after Holm's adjustment for making several at once."
    )
    section.table = Table(
        heading,
        head=[
            Cell(names[rows]),
            numeric(f"{first} {measure}"),
            numeric(f"{second} {measure}"),
            numeric("Difference (points)"),
            numeric("95% interval"),
            numeric("p-value (Holm)"),
            Cell("In plain English"),
        ],
    )
    export = []
    for record, sentence in zip(compared.to_dict("records"), sentences, strict=True):
        tested = not pd.isna(record["clear"])
        section.table.rows.append(
            [
                Cell(display_label(record[rows])),
                numeric(_percent(record["first_percent"]) if tested else "-"),
                numeric(_percent(record["second_percent"]) if tested else "-"),
                numeric(f"{record['difference']:+.0f}" if tested else "-"),
                numeric(f"{record['low']:+.0f} to {record['high']:+.0f}" if tested else "-"),
                numeric(f"{record['adjusted_p_value']:.3f}" if tested else "-"),
                Cell(sentence),
            ]
        )
        export.append(
            {
                names[rows]: display_label(record[rows]),
                f"{first} {measure} (%)": round(record["first_percent"], 1) if tested else "",
                f"{second} {measure} (%)": round(record["second_percent"], 1) if tested else "",
                "Difference (percentage points)": round(record["difference"], 1) if tested else "",
                "95% interval from": round(record["low"], 1) if tested else "",
                "95% interval to": round(record["high"], 1) if tested else "",
                "p-value (Holm-adjusted)": round(record["adjusted_p_value"], 4) if tested else "",
                "In plain English": sentence,
            }
        )
    section.export = pd.DataFrame(export)
    return section


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
