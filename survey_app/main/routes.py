from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import text

from forms.channel import ChannelForm
from survey_app.extensions import db
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


@bp.route("/privacy")
def privacy():
    return render_template(
        "main/privacy.html", title=_("Privacy notice"), retention=retention_periods()
    )


@bp.route("/accessibility")
def accessibility():
    return render_template("main/accessibility.html", title=_("Accessibility statement"))


@bp.route("/cookies")
def cookies():
    return render_template("main/cookies.html", title=_("Cookies"))


@bp.route("/feedback")
def feedback():
    return render_template("main/feedback.html", title=_("Give feedback on this service"))
