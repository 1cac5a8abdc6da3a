"""The committee report's content, once, for both the printed page and the Word file.

Every figure comes from the results pages' own sections (``presenters``), so suppression
is exactly as on the pages: the same functions, the same views, the same [c].
"""

import json
from dataclasses import dataclass, field
from datetime import date

from flask import current_app

from analysis.chart_labels import line_count, wrap_label
from analysis.redaction import redact
from survey_app.presenters import Cell, Table, govuk_date
from survey_app.recommendations.presenters import RESPONSE_LABELS, status_text
from survey_app.results import presenters
from survey_app.results.presenters import COUNCIL, OVERALL, Section
from survey_app.services import recommendations as tracker
from survey_app.services import report_comments, results_data
from survey_app.services.results_data import ResultsFilter

REVIEW_NAME = "Customer Care Scrutiny Review"
# Wide enough to read, narrow enough for an A4 page's 180 mm of text (680 CSS pixels).
CHART_WIDTH = 640
CHART_HEIGHT = 400
# Long group names (service standards, ethnic groups) are wrapped, so the plot keeps its
# width and no axis title runs off the chart.
LABEL_WIDTH = 40
LINE_HEIGHT = 17
MAX_CHART_HEIGHT = 700


@dataclass
class Part:
    key: str
    heading: str
    intro: str = ""
    sections: list[Section] = field(default_factory=list)


@dataclass
class CommitteeReport:
    council: str
    review: str
    period: str
    produced: date
    filters: str
    threshold: int
    headline: dict
    method: list[str]
    parts: list[Part]
    comments: list[dict]
    comments_note: str
    recommendations: Table


def print_figure(section: Section) -> None:
    """A report chart is drawn at one fixed size that fits an A4 page; the page scales it
    down on narrow screens (report.mjs) and never past the page's width in print."""
    if not section.figure_json:
        return
    figure = json.loads(section.figure_json.replace("<\\/", "</"))
    height = CHART_HEIGHT
    for trace in figure.get("data", []):
        axis = "y" if trace.get("orientation") == "h" else "x"
        if isinstance(trace.get(axis), list) and all(isinstance(v, str) for v in trace[axis]):
            trace[axis] = [wrap_label(value, LABEL_WIDTH) for value in trace[axis]]
            if axis == "y":
                # Each bar gets room for the longest label's lines, up to a page's height.
                lines = max(line_count(value) for value in trace[axis])
                wanted = 140 + (LINE_HEIGHT * lines + 8) * len(trace[axis])
                height = min(max(height, wanted), MAX_CHART_HEIGHT)
    figure["layout"].update(width=CHART_WIDTH, height=height, autosize=False)
    layout = figure["layout"]
    if "xaxis2" in layout and layout.get("showlegend"):
        # Two panels side by side (residents and councillors): at the page's width their
        # end labels ran together ("100%0%") and the legend sat on the axis titles. Part
        # the panels and put the legend above them, under the title.
        layout["xaxis"]["domain"] = [0, 0.44]
        layout["xaxis2"]["domain"] = [0.56, 1]
        layout["legend"] = {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
        }
        layout.setdefault("margin", {})["t"] = 110
    section.figure_json = json.dumps(figure).replace("</", "<\\/")


def _mode_section(filters: ResultsFilter) -> Section:
    counts = results_data.answer_counts(filters, by=("mode",), questions=(OVERALL,))
    return presenters.satisfaction_section(
        "satisfaction-by-mode",
        "Satisfaction with this contact, by how the survey was completed",
        presenters._published(counts, OVERALL, "mode"),
        "mode",
        group_heading="Completed",
        comparison="other ways of completing the survey",
    )


def _equality_sections(filters: ResultsFilter) -> list[Section]:
    sections = []
    for characteristic, _name in presenters.equality_characteristics():
        section = presenters.equality_sections(filters, characteristic)[0]
        if section.table and section.table.rows:
            sections.append(section)
    return sections


def _recommendations_table() -> Table:
    table = Table(
        "Recommendations and their status",
        head=[
            Cell("Reference"),
            Cell("Recommendation"),
            Cell("Addressed to"),
            Cell("Executive response"),
            Cell("Latest action"),
            Cell("Status"),
        ],
    )
    for item in tracker.all_recommendations():
        latest = item.updates[-1] if item.updates else None
        table.rows.append(
            [
                Cell(item.reference),
                Cell(item.text),
                Cell(f"{item.directorate}; lead officer {item.lead_officer}"),
                Cell(
                    f"{RESPONSE_LABELS[item.response]} ({item.response_body}, "
                    f"{govuk_date(item.response_date)})"
                    if item.response
                    else "Awaiting response"
                ),
                Cell(f"{govuk_date(latest.written_on)}: {latest.text}" if latest else "None yet"),
                Cell(status_text(item)),
            ]
        )
    return table


def _method(filters: ResultsFilter, headline: dict, shops: int, threshold: int) -> list[str]:
    channels = ", ".join(name.lower() for name in results_data.channel_names().values())
    return [
        "Who was asked: residents who had just contacted the council, by "
        f"{channels}, were invited to answer a short survey about that contact. Councillors "
        "on the review group also made mystery shops, contacting the council as a resident "
        "would and scoring each contact against the council's own service standards.",
        "How: online through a link, QR code or the sentence read out at the end of a call; "
        "on paper; or with a member of staff's help (assisted). The table of satisfaction by "
        "how the survey was completed shows whether the way of answering changed the answers.",
        f"How many: {headline['responses']} responses in this period "
        f"({presenters.date_range_text(filters).lower()}), and {shops:,} mystery shops.",
        f"Suppression: a figure from fewer than {threshold} people is not shown, and shows "
        "as [c]; so is any figure from which a hidden one could be worked out, and any figure "
        f"that differs by fewer than {threshold} people from the same figure with one filter "
        "fewer. The same figures are hidden here, on the results pages and in every download.",
        "Satisfied means very or fairly satisfied, as a share of everyone who answered the "
        "question other than Don't know. The range after a percentage is its 95% confidence "
        "interval (Wilson score interval): the true figure is very likely to lie inside it, "
        "and the smaller the group, the wider the range. Groups are compared with everyone "
        "else by a two-proportion z-test at the 5% level.",
    ]


def build(filters: ResultsFilter, chosen_comments: list[int]) -> CommitteeReport:
    threshold = current_app.config["SUPPRESSION_THRESHOLD"]
    headline, overview_sections = presenters.report(filters)
    by_key = {section.key: section for section in overview_sections}
    shop_sections = presenters.mystery_shop_sections(filters)
    shops = len(results_data.shop_records(filters))
    parts = [
        Part(
            "channels",
            "Satisfaction by channel",
            "How satisfied residents were with the contact they had just had, and with the "
            "council as a whole, by the way they contacted it.",
            [
                by_key["satisfaction-by-channel"],
                by_key["council-satisfaction-by-channel"],
                by_key["satisfaction-by-month"],
                _mode_section(filters),
            ],
        ),
        Part(
            "services",
            "Services",
            "Satisfaction with the contact, by the service it was about.",
            [by_key["satisfaction-by-service"]],
        ),
        Part(
            "equality",
            "Equality findings",
            "Satisfaction with the contact by each protected characteristic residents told us "
            "about. Only characteristics with answers in this period are shown.",
            _equality_sections(filters),
        ),
        Part(
            "mystery-shopping",
            "Mystery shopping: the scorecard",
            "How often each service standard was met, by channel and standard, on the shops "
            "councillors made in this period.",
            [shop_sections[0]],
        ),
        Part(
            "residents-and-councillors",
            "Residents' view and councillors' findings",
            "Residents' satisfaction beside the councillors' mean mystery-shop score, for each "
            "channel, and the gap between them.",
            [shop_sections[1]],
        ),
    ]
    for part in parts:
        for section in part.sections:
            print_figure(section)
    comments = [
        {**row, "text": redact(row["text"]), "month": _month(row["month"])}
        for row in report_comments.chosen(filters, chosen_comments, threshold)
    ]
    if comments:
        comments_note = (
            "Comments chosen by the review group from this period, with personal details removed."
        )
    elif results_data.comment_count(filters) < threshold:
        comments_note = (
            f"Fewer than {threshold} residents left a comment in this period, so none is shown."
        )
    else:
        comments_note = "No comments have been chosen for this report."
    return CommitteeReport(
        council=current_app.config["COUNCIL_NAME"],
        review=REVIEW_NAME,
        period=presenters.date_range_text(filters),
        produced=date.today(),
        filters=filters.describe(),
        threshold=threshold,
        headline=headline,
        method=_method(filters, headline, shops, threshold),
        parts=parts,
        comments=comments,
        comments_note=comments_note,
        recommendations=_recommendations_table(),
    )


def _month(value: str) -> str:
    return date.fromisoformat(value + "-01").strftime("%B %Y")


__all__ = ["COUNCIL", "CommitteeReport", "Part", "build"]
