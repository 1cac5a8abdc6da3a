"""Survey administration: surveys, reference data, channel links, paper entry and audit.

Registered under /admin beside the admin blueprint (users and mystery-shop records), which
owns /admin/ itself.
"""

from flask import Blueprint

bp = Blueprint("survey_admin", __name__)

from survey_app.survey_admin import (  # noqa: E402, F401
    audit_log,
    common,
    links,
    paper,
    reference_data,
    response_import,
    standards,
    surveys,
)
