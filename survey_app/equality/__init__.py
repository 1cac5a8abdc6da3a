"""The equality section: after the survey answers are sent, before the confirmation page."""

from flask import Blueprint

bp = Blueprint("equality", __name__)

from survey_app.equality import routes  # noqa: E402, F401
