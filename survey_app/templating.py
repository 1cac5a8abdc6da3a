"""Jinja settings and helpers of our own."""

from flask import current_app, render_template, request
from jinja2 import Template
from markupsafe import Markup


class QuickImportTemplate(Template):
    """A Jinja template whose ``{% from ... import ... %}`` costs what it should.

    Every import asks which of the importing page's globals the imported template lacks (if
    any, Jinja builds it a fresh module). Jinja works that out as ``set - ChainMap.keys()``,
    which Python evaluates key by key in the abstract ``Set`` class, and the GOV.UK macros
    import about a dozen templates on every page (each component imports its attributes
    macro on every call): 5% of the CPU of a resident's page. This asks the same question
    with ``set.difference``, which runs in C, and changes nothing else. Jinja2 is pinned;
    tests/test_templating.py checks the behaviour this keeps.
    """

    def _get_default_module(self, ctx=None):
        if ctx is not None and ctx.globals_keys.difference(self.globals):
            return super()._get_default_module(ctx)  # new globals: Jinja's own fresh module
        return super()._get_default_module(None)  # the module it keeps


# Fragments kept per app: a few templates, each for the script roots the app is served under.
_FRAGMENTS_KEPT = 64


def kept_fragment(name: str) -> Markup:
    """A template that is the same on every page for everyone it is shown to, rendered once.

    The page frame's header (for residents, who are never signed in), phase banner and skip
    link are built from GOV.UK macros, a fifth of a resident page's rendering, and never
    change between pages or people. Each app renders each one once and keeps it, keyed by
    the script root as well as the name, because its links carry the root. Only a template
    that shows nothing about the person or the request may be kept: nothing personal, no
    CSRF token, no CSP nonce.
    """
    kept = current_app.extensions.setdefault("kept_fragments", {})
    key = (name, request.script_root)
    fragment = kept.get(key)
    if fragment is None:
        if len(kept) >= _FRAGMENTS_KEPT:
            kept.clear()
        fragment = kept[key] = Markup(render_template(name))  # noqa: S704 (escaped by Jinja)
    return fragment


def register(app) -> None:
    """Every filter, global and context value the templates use, registered in one place.

    Call it once every route is registered: the page header asks ``url_map_endpoints``
    which pages exist. The presenters are imported here, not at the top of this module,
    because a blueprint's modules are imported when the app registers it.
    """
    from analysis.redaction import redact
    from analysis.significance import SIGNIFICANCE_METHOD
    from survey_app import csp_nonce, presenters
    from survey_app.admin import presenters as admin
    from survey_app.mystery_shop import presenters as mystery_shop
    from survey_app.results import presenters as results

    endpoints = frozenset(app.view_functions)

    @app.context_processor
    def template_globals():
        return {
            "council_name": app.config["COUNCIL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
            "cspNonce": csp_nonce(),
            "url_map_endpoints": endpoints,
        }

    globals_ = {
        "error_summary": presenters.error_summary,
        "kept_fragment": kept_fragment,
        "results_url": results.page_url,
        "download_url": results.download_url,
        "plotly_maplibre_style_id": results.PLOTLY_MAPLIBRE_STYLE_ID,
        "significance_method": SIGNIFICANCE_METHOD,
    }
    filters = {
        "govuk_date": presenters.govuk_date,
        "govuk_datetime": presenters.govuk_datetime,
        "council_datetime": presenters.council_datetime,
        "days_in_words": presenters.days_in_words,
        # Every template that shows a comment to anyone but an admin writes {{ comment|redact }}.
        "redact": redact,
        "audit_time": admin.audit_time,
        "map_names": admin.map_names,
        "shop_status": mystery_shop.shop_status,
        "shop_status_tag": mystery_shop.shop_status_tag,
        "audit_field_label": mystery_shop.audit_field_label,
        "measured": mystery_shop.measured,
    }
    for name, function in globals_.items():
        app.add_template_global(function, name)
    for name, function in filters.items():
        app.add_template_filter(function, name)
