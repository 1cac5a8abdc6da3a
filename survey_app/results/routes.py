"""Results views. Each page is a list of sections built by ``presenters``; a table download asks
the same page for the same section, so a file can never show more than the page does."""

from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    stream_with_context,
)
from werkzeug.datastructures import MultiDict

from analysis.periods import preset_choices, preset_range
from analysis.proportions import NET_INTERVAL_METHOD
from forms.results import CrosstabForm, ResultsFilterForm
from survey_app.auth.access import roles_required
from survey_app.results import bp, changes, exports, presenters
from survey_app.services import audit, response_transfer, results_data
from survey_app.services.results_data import ResultsFilter

PLOTLY_BUNDLE = presenters.PLOTLY_BUNDLE
FILTER_KEYS = presenters.FILTER_KEYS
filter_args = presenters.filter_args


@bp.before_request
@roles_required("reviewer", "admin")
def reviewers_and_admins_only():
    """Every results address, downloads included, is for reviewers and admins."""
    return None


def _period_choices() -> list[tuple[str, str]]:
    span = results_data.month_span()
    today = date.today()
    return preset_choices(*(span or (today, today)), today)


def _filters_from(chosen: dict) -> ResultsFilter:
    """A chosen period preset becomes its first and last day."""
    if "period" in chosen:
        chosen = dict(chosen)
        days = preset_range(chosen["period"], date.today())
        if days is None:
            chosen.pop("period")
        else:
            chosen["start"], chosen["end"] = days
    return ResultsFilter.from_choices(chosen)


def _read_filters(hide: tuple[str, ...] = ()):
    """The filter form read from the query string, and the filters if they are valid."""
    choices = {**results_data.filter_choices(), "periods": _period_choices()}
    # A filter the page itself fixes (a channel page's channel) is left out of what the form
    # reads, so it stays "all" and is not shown; the fields themselves stay, as ``chosen``
    # reads every one.
    formdata = MultiDict(
        [(key, value) for key, value in request.args.items(multi=True) if key not in hide]
    )
    form = ResultsFilterForm(formdata=formdata, **choices)
    given = any(key in formdata for key in FILTER_KEYS)
    if given and not form.validate():
        return form, None
    chosen = form.chosen() if given else {}
    return form, _filters_from(chosen)


def _comparison(form, filters) -> "changes.PeriodComparison | None":
    """The earlier period the view is compared with, when one was chosen."""
    return changes.period_comparison(filters, form.comparison()) if filters is not None else None


def _render(
    template: str, *, title: str, form, filters, sections, hide=(), comparison=None, **context
):
    # A filtered view says so in its heading, title, downloads' names and notes.
    described = presenters.view_description(filters)
    if described:
        title = f"{title}: {described}"
    if comparison is not None:
        title = f"{title}, compared with {comparison.label}"
    download = request.args.get("download")
    if download:
        if form.errors or filters is None:
            abort(404)
        return _download(download, sections, title, filters, comparison)
    return render_template(
        template,
        title=title,
        form=form,
        sections=sections,
        hidden_filters=hide,
        filter_args=filter_args(),
        threshold=current_app.config["SUPPRESSION_THRESHOLD"],
        **context,
    )


def _download(name: str, sections, title: str, filters: ResultsFilter, comparison=None):
    stem, _, extension = name.rpartition(".")
    section = next((s for s in sections if s.key == stem), None)
    if section is None or section.export is None or extension not in exports.FORMATS:
        abort(404)
    payload, mimetype = exports.table_file(
        section, extension, title=title, threshold=current_app.config["SUPPRESSION_THRESHOLD"]
    )
    # Which table of which page under which filters: enough to know what left the building,
    # never the figures themselves.
    audit.record_event(
        "results.table_downloaded", f"{request.path} {stem}.{extension} ({filters.describe()})"
    )
    suffix = presenters.view_slug(filters)
    if comparison is not None:
        suffix = f"{suffix}-compared-with-{comparison.slug}"
    download_name = f"{stem}-{suffix}.{extension}" if suffix else f"{stem}.{extension}"
    return send_file(payload, mimetype=mimetype, as_attachment=True, download_name=download_name)


@bp.route("/export/responses.csv")
@roles_required("admin")
def response_export():
    """Every response, one row each, free text redacted: for admins only."""
    audit.record_event("responses.exported", "every response, downloaded as CSV")
    rows = stream_with_context(response_transfer.export_rows())
    return Response(
        rows,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=responses.csv"},
    )


@bp.route("/assets/plotly.min.js")
def plotly_bundle():
    # Served from the installed plotly Python package: no CDN, and the version always
    # matches the one that built the figures.
    return send_file(PLOTLY_BUNDLE, mimetype="text/javascript", max_age=86400)


@bp.route("/")
def overview():
    form, filters = _read_filters()
    headline, sections = presenters.overview(filters) if filters is not None else (None, [])
    comparison = _comparison(form, filters)
    headline_change = None
    if comparison is not None:
        headline_change, sections = changes.overview_changes(filters, sections, comparison)
    choices = results_data.filter_choices()
    return _render(
        "results/overview.html",
        title="Results",
        form=form,
        filters=filters,
        sections=sections,
        headline=headline,
        headline_change=headline_change,
        comparison=comparison,
        channels=choices["channels"],
        services=choices["services"],
        characteristics=presenters.equality_characteristics(),
    )


def _breakdown_page(dimension: str, slug: str, names: dict[str, str], build_sections):
    """A page for one channel or service: that filter is fixed by the address, not the form."""
    if slug not in names:
        abort(404)
    form, filters = _read_filters(hide=(dimension,))
    sections = []
    comparison = _comparison(form, filters)
    if filters is not None:
        fixed = ResultsFilter(**{**filters.__dict__, dimension: slug})
        sections = build_sections(fixed)
        if comparison is not None:
            by = "service" if dimension == "channel" else "channel"
            earlier = changes.period_comparison(fixed, comparison.kind)
            sections = changes.breakdown_changes(fixed, by, sections, earlier)
    return _render(
        "results/breakdown.html",
        title=f"Results for {names[slug]}",
        form=form,
        filters=filters,
        sections=sections,
        hide=(dimension,),
        comparison=comparison,
    )


@bp.route("/channel/<slug>")
def channel(slug):
    return _breakdown_page(
        "channel", slug, results_data.channel_names(), presenters.channel_sections
    )


@bp.route("/service/<slug>")
def service(slug):
    return _breakdown_page(
        "service", slug, results_data.service_names(), presenters.service_sections
    )


@bp.route("/equality/<characteristic>")
def equality(characteristic):
    characteristics = dict(presenters.equality_characteristics())
    if characteristic not in characteristics:
        abort(404)
    form, filters = _read_filters()
    sections = presenters.equality_sections(filters, characteristic) if filters is not None else []
    comparison = _comparison(form, filters)
    if comparison is not None:
        sections = changes.equality_changes(filters, characteristic, sections, comparison)
    return _render(
        "results/breakdown.html",
        title=f"Results by {characteristics[characteristic].lower()}",
        form=form,
        filters=filters,
        sections=sections,
        equality=True,
        comparison=comparison,
    )


@bp.route("/crosstab")
def crosstab():
    """Any two cuts, and whether two groups differ: one shareable URL per view."""
    choices = {**results_data.filter_choices(), "periods": _period_choices()}
    comparison_keys = ("first", "second")
    without_groups = MultiDict(
        [(k, v) for k, v in request.args.items(multi=True) if k not in comparison_keys]
    )
    table_choices = {
        "dimensions": presenters.crosstab_dimensions(),
        "measures": presenters.CROSSTAB_MEASURES,
        "questions": results_data.single_choice_questions(),
        "satisfaction": results_data.SATISFACTION_QUESTIONS,
        **choices,
    }
    form = CrosstabForm(formdata=without_groups, **table_choices)
    given = bool(without_groups) and any(k != "download" for k in without_groups)
    result = None
    filters = None
    title = "Cross-tab"
    if not given or form.validate():
        filters = _filters_from(form.chosen() if given else {})
        measure, question = form.measure.data, form.question.data
        title = presenters.crosstab_title(measure, question)
        described = presenters.view_description(filters)
        base_title = f"{title}: {described}" if described else title
        table = (form.rows.data, form.columns.data, base_title)
        result = presenters.crosstab(filters, *table, measure=measure, question=question)
        form = CrosstabForm(formdata=request.args, groups=result.groups, **table_choices)
        if given and not form.validate():
            filters = None
        elif form.first.data and form.second.data:
            result = presenters.crosstab(
                filters,
                *table,
                form.first.data,
                form.second.data,
                measure=measure,
                question=question,
            )
    sections = []
    comparison = None
    if result is not None and not result.refused:
        sections = [result.section, *([result.comparison] if result.comparison else [])]
        comparison = _comparison(form, filters)
        if comparison is not None:
            sections.append(
                changes.crosstab_changes(
                    filters,
                    form.rows.data,
                    form.columns.data,
                    result.section.key,
                    result.section.heading,
                    comparison,
                )
            )
    return _render(
        "results/crosstab.html",
        title=title,
        form=form,
        filters=filters,
        sections=sections,
        result=result,
        net_interval_method=NET_INTERVAL_METHOD,
        comparison=comparison,
    )


@bp.route("/mystery-shop")
def mystery_shop():
    form, filters = _read_filters(hide=("survey", "mode", "compare"))
    sections = presenters.mystery_shop_sections(filters) if filters is not None else []
    counted = (
        presenters.shops_counted_text(filters, len(results_data.shop_records(filters)))
        if filters is not None
        else ""
    )
    return _render(
        "results/breakdown.html",
        title="Mystery shopping results",
        form=form,
        filters=filters,
        sections=sections,
        hide=("survey", "mode", "compare"),
        mystery_shop=True,
        shops_counted=counted,
    )


@bp.route("/comments")
def comments():
    form, filters = _read_filters(hide=("compare",))
    page_number = request.args.get("page", "1")
    # ASCII digits only ("²".isdigit() is true) and short enough for int() and an SQL offset.
    plain = page_number.isascii() and page_number.isdigit() and len(page_number) <= 9
    page_number = int(page_number) if plain and int(page_number) > 0 else 1
    listing = presenters.comment_listing(filters, page_number) if filters is not None else None
    if listing is not None and page_number > listing["pages"]:
        abort(404)
    return render_template(
        "results/comments.html",
        title="Comments from residents",
        form=form,
        listing=listing,
        hidden_filters=("compare",),
        filter_args=filter_args(),
    )
