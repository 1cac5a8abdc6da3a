"""The results pages for the review group: /results/ (reviewers and admins)."""

from flask import Blueprint

bp = Blueprint("results", __name__)

from survey_app.results import report, routes  # noqa: E402, F401  (registers the views)
