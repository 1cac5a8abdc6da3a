"""The page objects every blueprint's ``presenters`` module builds: links and tables.

Plain data, never HTML: the Jinja macros in ``templates/_macros.html`` render them (``link``
and ``table``), so a service or channel name with ``<`` or ``&`` in it is escaped like any
other text, and the markup of a GOV.UK link or table is written once, in a template.
"""

from dataclasses import dataclass, field


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
