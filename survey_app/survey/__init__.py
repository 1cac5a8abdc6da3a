from flask import Blueprint

bp = Blueprint("survey", __name__)

from survey_app.survey import routes  # noqa: E402, F401
