"""What the mystery-shop pages show: shop statuses in words and as tag colours, changed
fields named in a record's history, and timings as recorded. Template filters, registered
in ``survey_app.templating``."""

from survey_app.services.scoring import MEASURE_UNITS

STATUS_LABELS = {
    "not_started": "Not started",
    "draft": "Draft",
    "awaiting_reply": "Waiting for a reply",
    "submitted": "Submitted for review",
    "returned": "Returned to you",
    "accepted": "Accepted",
}
STATUS_TAG_CLASSES = {
    "not_started": "govuk-tag--grey",
    "draft": "govuk-tag--yellow",
    "awaiting_reply": "govuk-tag--light-blue",
    "submitted": "govuk-tag--blue",
    "returned": "govuk-tag--red",
    "accepted": "govuk-tag--green",
}


def shop_status(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def shop_status_tag(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "")


def audit_field_label(name: str, labels: dict[str, str], criteria) -> str:
    """A changed field's name in words; a behaviour is named by its standard."""
    if name.startswith("behaviours."):
        key = name.removeprefix("behaviours.")
        return next((c.text for c in criteria if c.key == key), key)
    return labels.get(name, name.replace("_", " "))


def measured(value: float | None, measure: str | None) -> str:
    """A timing as recorded: "25 seconds", "26.5 hours", "3 working days"."""
    if value is None or measure is None:
        return "Did not happen"
    number = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number} {MEASURE_UNITS[measure]}"
