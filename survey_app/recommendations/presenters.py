"""What the tracker pages show: the tracker table, status tags, a finding's snapshot tables."""

from flask import url_for

from survey_app.presenters import Cell, Table, govuk_date, linked

STATUS_LABELS = {
    "green": "Green",
    "amber": "Amber",
    "red": "Red",
    "complete": "Complete",
}
# GOV.UK tag colours for each status, so colour is never the only sign (the word is there).
STATUS_TAGS = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
    "complete": "govuk-tag--blue",
}
RESPONSE_LABELS = {
    "accepted": "Accepted",
    "partly_accepted": "Partly accepted",
    "not_accepted": "Not accepted",
}
ACTION_LABELS = {
    "created": "Recommendation added",
    "changed": "Recommendation changed",
    "responded": "Executive response recorded",
    "progress_added": "Progress update added",
    "withdrawn": "Withdrawn",
    "measure_set": "Measure named",
    "measure_changed": "Measure changed",
    "measure_removed": "Measure removed",
}
# The columns councils' trackers use, in their order.
EXPORT_COLUMNS = [
    "Reference",
    "Committee",
    "Date",
    "Area",
    "Recommendation",
    "Executive date",
    "Lead officer",
    "Action taken",
    "Status",
]


def status_text(recommendation) -> str:
    if recommendation.withdrawn:
        return "Withdrawn"
    return STATUS_LABELS.get(recommendation.status, recommendation.status)


def status_tag(recommendation) -> dict:
    """govukTag params for a recommendation's status."""
    if recommendation.withdrawn:
        return {"text": "Withdrawn", "classes": "govuk-tag--grey"}
    return {
        "text": STATUS_LABELS.get(recommendation.status, recommendation.status),
        "classes": STATUS_TAGS.get(recommendation.status, ""),
    }


def measure_change_text(figures: dict | None) -> str:
    """The tracker's short account of a measure: the change and its interval."""
    if figures is None:
        return "None named"
    if not figures["available"] or figures["change"] == "-":
        return "Not compared"
    text = f"{figures['change']} (95% interval {figures['interval']})"
    if figures["caveat"]:
        text += f"; {figures['caveat'].lower()}"
    return text


def measure_rows(figures: dict) -> list[list[str]]:
    """A measure as rows of (what, figure), for the recommendation page and both reports."""
    if not figures["available"]:
        return [["Measure", figures["name"]], ["Result", figures["sentence"]]]
    rows = [
        ["Measure", figures["name"]],
        [f"Before ({figures['before_period']})", figures["before"]],
        [f"Since ({figures['since_period']})", figures["since"]],
        [
            "Change (95% interval)",
            figures["change"]
            if figures["change"] == "-"
            else f"{figures['change']} ({figures['interval']})",
        ],
        ["Result", figures["sentence"]],
    ]
    return rows


def tracker_table(recommendations, measures: dict | None = None) -> Table:
    measures = measures or {}
    table = Table(
        "Recommendations",
        head=[
            Cell("Reference"),
            Cell("Recommendation"),
            Cell("Directorate"),
            Cell("Committee date"),
            Cell("Response"),
            Cell("Due"),
            Cell("Status"),
            Cell("Change in measure"),
        ],
    )
    for item in recommendations:
        table.rows.append(
            [
                linked(
                    item.reference,
                    url_for("recommendations.recommendation", recommendation_id=item.id),
                ),
                Cell(_short(item.text)),
                Cell(item.directorate),
                Cell(govuk_date(item.committee_date)),
                Cell(RESPONSE_LABELS.get(item.response, "Awaiting response")),
                Cell(govuk_date(item.due_date) or "Not set"),
                Cell(status_text(item)),
                Cell(measure_change_text(measures.get(item.id))),
            ]
        )
    return table


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def snapshot_tables(snapshot: dict) -> list[dict]:
    """Each section of a finding's snapshot: heading, summary and table as page objects."""
    sections = []
    for section in snapshot.get("sections", []):
        table = None
        if section.get("table"):
            data = section["table"]
            table = Table(
                data["caption"],
                head=[Cell(text) for text in data["head"]],
                rows=[[Cell(text) for text in row] for row in data["rows"]],
            )
        sections.append(
            {"heading": section["heading"], "summary": section["summary"], "table": table}
        )
    return sections


def action_taken(recommendation) -> str:
    """The latest progress update, as the tracker's "action taken" column says it."""
    if not recommendation.updates:
        return ""
    latest = recommendation.updates[-1]
    return f"{govuk_date(latest.written_on)}: {latest.text}"


def export_rows(recommendations) -> list[list[str]]:
    rows = []
    for item in recommendations:
        rows.append(
            [
                item.reference,
                item.committee,
                govuk_date(item.committee_date),
                item.directorate,
                item.text,
                govuk_date(item.response_date),
                item.lead_officer,
                action_taken(item),
                status_text(item),
            ]
        )
    return rows
