"""What every blueprint's pages share: the page objects each ``presenters`` module builds
(links and tables), and dates, periods and error summaries in GOV.UK style.

Page objects are plain data, never HTML: the Jinja macros in ``templates/_macros.html``
render them (``link`` and ``table``), so a service or channel name with ``<`` or ``&`` in it
is escaped like any other text, and the markup of a GOV.UK link or table is written once, in
a template. The functions here are template filters and globals, registered with the others
in ``survey_app.templating``.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext, ngettext


@dataclass(frozen=True)
class Link:
    """A GOV.UK link: ``text`` to ``href``."""

    text: str
    href: str


@dataclass(frozen=True)
class Cell:
    """One cell of a table: its text, right-aligned when numeric, a link when ``link`` is set
    (the link's text is what the cell shows)."""

    text: str
    numeric: bool = False
    link: Link | None = None


@dataclass
class Table:
    """A GOV.UK table whose first cell in each row heads the row."""

    caption: str
    head: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)


def numeric(text: str) -> Cell:
    """A right-aligned cell, for figures."""
    return Cell(text, numeric=True)


def linked(text: str, href: str | None) -> Cell:
    """A cell that links to ``href``, or plain text when there is nowhere to go."""
    return Cell(text, link=Link(text, href)) if href else Cell(text)


def govuk_date(value: date | None) -> str:
    """1 December 2026, as GOV.UK writes dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


def govuk_datetime(value: datetime | None) -> str:
    """1 December 2026 at 2:30pm."""
    if not value:
        return ""
    hour = value.hour % 12 or 12
    return f"{govuk_date(value)} at {hour}:{value:%M}{'am' if value.hour < 12 else 'pm'}"


def council_datetime(value: datetime | None) -> str:
    """A moment the app stamped (naive UTC) as the council's clock showed it, with the zone's
    name: "1 July 2026 at 3:30pm (BST)", "4 December 2026 at 2:05pm (GMT)"."""
    if value is None:
        return ""
    zone = ZoneInfo(current_app.config["COUNCIL_TIMEZONE"])
    local = value.replace(tzinfo=UTC).astimezone(zone)
    return f"{govuk_datetime(local)} ({local.tzname()})"


def days_in_words(days: int) -> str:
    """A retention period as people say it: "2 years", "18 months" or "45 days"."""
    if days % 365 == 0:
        return ngettext("%(num)s year", "%(num)s years", days // 365)
    if days % 30 == 0 and days < 365:
        return ngettext("%(num)s month", "%(num)s months", days // 30)
    return ngettext("%(days)s day", "%(days)s days", days, days=f"{days:,}")


def error_summary(form) -> dict:
    """GOV.UK error summary params; each link goes to the first input of its field."""
    items = []
    for name, errors in form.errors.items():
        field = form[name]
        anchors = {"GovDateField": f"{field.id}-day", "GovMonthField": f"{field.id}-month"}
        anchor = anchors.get(field.type, field.id)
        items.append({"text": errors[0], "href": f"#{anchor}"})
    return {"titleText": gettext("There is a problem"), "errorList": items}
