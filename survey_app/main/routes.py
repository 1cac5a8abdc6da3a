from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from jinja2 import TemplateNotFound
from sqlalchemy import text

from forms.channel import ChannelForm
from survey_app.extensions import db
from survey_app.languages import current_language
from survey_app.main import bp
from survey_app.services.reference import active_channels
from survey_app.services.surveys import live_channel_slugs, retention_periods
from survey_app.services.transactions import roll_back
from survey_app.survey.presenters import shown_channel_text


@bp.route("/", methods=["GET", "POST"])
def index():
    live = live_channel_slugs()
    channels = [channel for channel in active_channels() if channel.slug in live]
    form = ChannelForm(
        channels=[(c.slug, shown_channel_text(c.description or c.name)) for c in channels]
    )
    if form.validate_on_submit():
        return redirect(url_for("survey.start", channel=form.channel.data))
    return render_template(
        "main/index.html", form=form, title=_("How did you contact the council?")
    )


@bp.route("/health")
def health():
    try:
        db.session.execute(text("SELECT 1"))
        return {"status": "ok", "database": "ok"}, 200
    except Exception:
        roll_back()
        return {"status": "unavailable", "database": "unreachable"}, 503


def legal_body(page: str) -> dict:
    """Which text of a legal page to show: ``main/legal/<page>.<language>.html``, a draft
    translation of the whole page (long legal text is translated as a document, not sentence
    by sentence), or the English text, which counts, when there is none or the resident
    asks for it with ``?version=en``."""
    language = current_language().code
    chosen_english = request.args.get("version") == "en"
    english = {
        "template": f"main/legal/{page}.en.html",
        "translated": False,
        "chosen_english": chosen_english,
        "translation_url": url_for(f"main.{page}"),
    }
    if language == "en" or chosen_english:
        return english
    name = f"main/legal/{page}.{language}.html"
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return english
    return {
        "template": name,
        "translated": True,
        "english_url": url_for(f"main.{page}", version="en"),
    }


@bp.route("/privacy")
def privacy():
    return render_template(
        "main/privacy.html",
        title=_("Privacy notice"),
        retention=retention_periods(),
        legal=legal_body("privacy"),
    )


@bp.route("/accessibility")
def accessibility():
    return render_template(
        "main/accessibility.html",
        title=_("Accessibility statement"),
        legal=legal_body("accessibility"),
    )


@bp.route("/cookies")
def cookies():
    return render_template("main/cookies.html", title=_("Cookies"), legal=legal_body("cookies"))


@bp.route("/feedback")
def feedback():
    return render_template("main/feedback.html", title=_("Give feedback on this service"))
