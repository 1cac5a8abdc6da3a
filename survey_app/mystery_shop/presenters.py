"""What the mystery-shop pages show: shop statuses in words and as tag colours, changed
fields named in a record's history, timings in the units people use, and moments in the
council's time zone (``survey_app.presenters.council_datetime``). Template filters,
registered in ``survey_app.templating``."""

from survey_app.services.scoring import (
    HOURS_TO_ACKNOWLEDGE,
    MINUTES_WAITED,
    SECONDS_TO_ANSWER,
    WORKING_DAYS_TO_REPLY,
)

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


# The statuses a record can have, for filtering a list of records (not_started has none).
STATUS_FILTER_LABELS = {
    status: label
    for status, label in (STATUS_LABELS | {"returned": "Returned to the shopper"}).items()
    if status != "not_started"
}
# What a status reads as to someone who is not the record's shopper (a reviewer, an admin).
OTHERS_STATUS_LABELS = STATUS_LABELS | {"returned": "Returned to the shopper"}


def shop_status(status: str, to_shopper: bool = True) -> str:
    """A status in words for its reader: the shopper is "you", anyone else reads a name."""
    labels = STATUS_LABELS if to_shopper else OTHERS_STATUS_LABELS
    return labels.get(status, status)


def shop_status_tag(status: str) -> str:
    return STATUS_TAG_CLASSES.get(status, "")


def audit_field_label(name: str, labels: dict[str, str], criteria) -> str:
    """A changed field's name in words; a behaviour is named by its standard."""
    if name.startswith("behaviours."):
        key = name.removeprefix("behaviours.")
        return next((c.text for c in criteria if c.key == key), key)
    return labels.get(name, name.replace("_", " "))


def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def _clock(total_seconds: int) -> str:
    """A span as people say it: "25 seconds", "4 minutes 10 seconds", "26 hours 30 minutes"."""
    hours, rest = divmod(total_seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        parts = [_plural(hours, "hour")] + ([_plural(minutes, "minute")] if minutes else [])
    elif minutes:
        parts = [_plural(minutes, "minute")] + ([_plural(seconds, "second")] if seconds else [])
    else:
        parts = [_plural(seconds, "second")]
    return " ".join(parts)


def measured(value: float | None, measure: str | None) -> str:
    """A timing as recorded, in the unit people use: "25 seconds", "4 minutes 10 seconds",
    "5 minutes" (an acknowledgement within the hour, not "0.1 hours"), "2 working days"."""
    if value is None or measure is None:
        return "Did not happen"
    if measure == SECONDS_TO_ANSWER:
        return _clock(round(value))
    if measure == MINUTES_WAITED:
        return _clock(round(value * 60))
    if measure == HOURS_TO_ACKNOWLEDGE:
        # Acknowledgements are timed from clock times written to the minute.
        return _clock(round(value * 60) * 60)
    if measure == WORKING_DAYS_TO_REPLY:
        return _plural(round(value), "working day")
    return f"{value:g}"
