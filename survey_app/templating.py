"""Jinja settings and helpers of our own."""

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from survey_app.caching import kept


def kept_fragment(name: str) -> Markup:
    """A template that is the same on every page for everyone it is shown to, rendered once.

    The page frame's header (for residents, who are never signed in), phase banner and skip
    link are built from GOV.UK macros, a fifth of a resident page's rendering, and never
    change between pages or people. Each app renders each one once and keeps it, keyed by
    the script root and the language as well as the name, because its links carry the root
    and its words are translated. Only a template
    that shows nothing about the person or the request may be kept: nothing personal, no
    CSRF token, no CSP nonce.
    """
    return _rendered_fragment(
        current_app._get_current_object(), name, request.script_root, str(get_locale())
    )


# A few templates, each for the script roots, languages and apps (tests make several).
@kept(maxsize=64)
def _rendered_fragment(app, name: str, script_root: str, locale: str) -> Markup:
    return Markup(render_template(name))  # noqa: S704 (escaped by Jinja)


def register(app) -> None:
    """Every filter, global and context value the templates use, registered in one place.

    Call it once every route is registered: the page header asks ``url_map_endpoints``
    which pages exist. The presenters are imported here, not at the top of this module,
    because a blueprint's modules are imported when the app registers it.
    """
    from analysis.redaction import redact
    from analysis.significance import SIGNIFICANCE_METHOD
    from survey_app import asset_url, csp_nonce, presenters
    from survey_app.admin import presenters as admin
    from survey_app.languages import current_language
    from survey_app.mystery_shop import presenters as mystery_shop
    from survey_app.results import presenters as results
    from survey_app.static_build import load_brand
    from survey_app.survey.presenters import shown_channel_text

    endpoints = frozenset(app.view_functions)
    theme_colour = load_brand()["theme_colour"]

    @app.context_processor
    def template_globals():
        return {
            "council_name": app.config["COUNCIL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
            "cspNonce": csp_nonce(),
            "url_map_endpoints": endpoints,
            "brand_theme_colour": theme_colour,
            "page_language": current_language(),
        }

    globals_ = {
        "error_summary": presenters.error_summary,
        "kept_fragment": kept_fragment,
        "channel_text": shown_channel_text,
        "asset_url": asset_url,
        "results_url": results.page_url,
        "download_url": results.download_url,
        "plotly_maplibre_style_id": results.PLOTLY_MAPLIBRE_STYLE_ID,
        "significance_method": SIGNIFICANCE_METHOD,
        "perturbation_rows": results.perturbation_rows,
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
