"""Template filters for dates, times and shop statuses, in GOV.UK style."""

from datetime import date, datetime

from survey_app.mystery_shop import bp
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


@bp.app_template_filter("govuk_date")
def govuk_date(value: date | None) -> str:
    """1 December 2026, as GOV.UK writes dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


@bp.app_template_filter("govuk_datetime")
def govuk_datetime(value: datetime | None) -> str:
    """1 December 2026 at 2:30pm."""
    if not value:
        return ""
    hour = value.hour % 12 or 12
    return f"{govuk_date(value)} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


@bp.app_template_filter("shop_status")
def shop_status(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@bp.app_template_filter("shop_status_tag")
def shop_status_tag(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "")


@bp.app_template_filter("audit_field_label")
def audit_field_label(name: str, labels: dict[str, str], criteria) -> str:
    """A changed field's name in words; a behaviour is named by its standard."""
    if name.startswith("behaviours."):
        key = name.removeprefix("behaviours.")
        return next((c.text for c in criteria if c.key == key), key)
    return labels.get(name, name.replace("_", " "))


@bp.app_template_filter("measured")
def measured(value: float | None, measure: str | None) -> str:
    """A timing as recorded: "25 seconds", "26.5 hours", "3 working days"."""
    if value is None or measure is None:
        return "Did not happen"
    number = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number} {MEASURE_UNITS[measure]}"
