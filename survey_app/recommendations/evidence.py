"""A finding's evidence: a results page's address, and its figures as they stand now.

The snapshot is built by the results pages' own presenters under the address's own filters,
so it holds exactly what the page showed, suppression included ([c]), and nothing more.
"""

from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from forms.results import ResultsFilterForm
from survey_app.results import presenters
from survey_app.services import results_data
from survey_app.services.results_data import ResultsFilter

PAGES = {
    "results.overview": "Results",
    "results.channel": "Results for a channel",
    "results.service": "Results for a service",
    "results.equality": "Results by an equality characteristic",
    "results.mystery_shop": "Mystery shopping results",
    "results.report": "Committee report",
}
NOT_A_RESULTS_PAGE = (
    "Enter the address of a results page, starting /results/, for example /results/channel/phone"
)


class EvidenceError(ValueError):
    pass


def _where(address: str) -> tuple[str, dict, str]:
    parts = urlsplit(address.strip())
    if parts.scheme not in ("", "http", "https") or not parts.path.startswith("/results/"):
        raise EvidenceError(NOT_A_RESULTS_PAGE)
    try:
        endpoint, view_args = current_app.url_map.bind("localhost").match(parts.path)
    except HTTPException:
        raise EvidenceError(NOT_A_RESULTS_PAGE) from None
    if endpoint not in PAGES:
        raise EvidenceError(NOT_A_RESULTS_PAGE)
    return endpoint, view_args, parts.query


def _filters(query: str, hide: tuple[str, ...]) -> ResultsFilter:
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k in presenters.FILTER_KEYS and k not in hide
    ]
    form = ResultsFilterForm(formdata=MultiDict(pairs), **results_data.filter_choices())
    if pairs and not form.validate():
        first = next(iter(form.errors.values()))[0]
        raise EvidenceError(f"The address's filters are not valid: {first}")
    return ResultsFilter.from_choices(form.chosen() if pairs else {})


def _sections(endpoint: str, view_args: dict, query: str):
    if endpoint in ("results.channel", "results.service"):
        dimension = endpoint.rpartition(".")[2]
        names = (
            results_data.channel_names() if dimension == "channel" else results_data.service_names()
        )
        if view_args["slug"] not in names:
            raise EvidenceError(NOT_A_RESULTS_PAGE)
        filters = _filters(query, (dimension,))
        fixed = ResultsFilter(**{**filters.__dict__, dimension: view_args["slug"]})
        build = (
            presenters.channel_sections if dimension == "channel" else presenters.service_sections
        )
        return f"Results for {names[view_args['slug']]}", fixed, None, build(fixed)
    if endpoint == "results.equality":
        characteristics = dict(presenters.equality_characteristics())
        if view_args["characteristic"] not in characteristics:
            raise EvidenceError(NOT_A_RESULTS_PAGE)
        filters = _filters(query, ())
        title = f"Results by {characteristics[view_args['characteristic']].lower()}"
        return (
            title,
            filters,
            None,
            presenters.equality_sections(filters, view_args["characteristic"]),
        )
    if endpoint == "results.mystery_shop":
        filters = _filters(query, ("survey", "mode"))
        return PAGES[endpoint], filters, None, presenters.mystery_shop_sections(filters)
    filters = _filters(query, ())
    build = presenters.overview if endpoint == "results.overview" else presenters.report
    headline, sections = build(filters)
    return PAGES[endpoint], filters, headline, sections


def _table(table) -> dict:
    return {
        "caption": table.caption,
        "head": [cell.text for cell in table.head],
        "rows": [[cell.text for cell in row] for row in table.rows],
    }


def snapshot(address: str) -> dict:
    """The figures a results address shows now, as plain JSON-ready data."""
    endpoint, view_args, query = _where(address)
    path = urlsplit(address.strip()).path
    with current_app.test_request_context(path, query_string=query):
        title, filters, headline, sections = _sections(endpoint, view_args, query)
    figures = {
        "title": title,
        "address": path + (f"?{query}" if query else ""),
        "filters": filters.describe(),
        "period": presenters.date_range_text(filters),
        "taken_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "threshold": current_app.config["SUPPRESSION_THRESHOLD"],
        "headline": None,
        "sections": [],
    }
    if headline:
        figures["headline"] = {
            "responses": headline["responses"],
            "satisfied": headline[presenters.OVERALL]["satisfied"],
            "interval": headline[presenters.OVERALL]["interval"],
            "base": headline[presenters.OVERALL]["base"],
        }
    for section in sections:
        figures["sections"].append(
            {
                "heading": section.heading,
                "summary": section.summary or section.empty_text,
                "table": _table(section.table) if section.table and section.table.rows else None,
            }
        )
    return figures
