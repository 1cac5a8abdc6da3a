"""Administration (``/admin/``): admins only. Each task is a link on the index page."""

from flask import Blueprint

from survey_app.auth.access import roles_required

bp = Blueprint("admin", __name__)


@bp.before_request
@roles_required("admin")
def require_admin():
    """Every admin page, including ones added later, is for admins only."""


from survey_app.admin import routes  # noqa: E402, F401
