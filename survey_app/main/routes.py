from flask import redirect, render_template, url_for
from sqlalchemy import text

from forms.channel import ChannelForm
from survey_app.extensions import db
from survey_app.main import bp
from survey_app.services.reference import active_channels
from survey_app.services.surveys import retention_periods
from survey_app.services.transactions import roll_back


@bp.route("/", methods=["GET", "POST"])
def index():
    channels = active_channels()
    form = ChannelForm(channels=[(c.slug, c.description or c.name) for c in channels])
    if form.validate_on_submit():
        return redirect(url_for("survey.start", channel=form.channel.data))
    return render_template("main/index.html", form=form, title="How did you contact the council?")


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
        "main/privacy.html", title="Privacy notice", retention=retention_periods()
    )


@bp.route("/accessibility")
def accessibility():
    return render_template("main/accessibility.html", title="Accessibility statement")


@bp.route("/cookies")
def cookies():
    return render_template("main/cookies.html", title="Cookies")


@bp.route("/feedback")
def feedback():
    return render_template("main/feedback.html", title="Give feedback on this service")
