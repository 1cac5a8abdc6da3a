"""The recommendation tracker: /recommendations/ (admins, reviewers and officers)."""

from flask import Blueprint

bp = Blueprint("recommendations", __name__)

from survey_app.recommendations import routes  # noqa: E402, F401  (registers the views)
