"""The resident survey (``/survey/``): start, one page per question, check your answers, the
equality section and the confirmation page."""

from flask import Blueprint

bp = Blueprint("survey", __name__)

from survey_app.survey import equality, routes  # noqa: E402, F401
