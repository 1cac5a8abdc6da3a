"""Administration (``/admin/``): admins only. One module per area, each a link on the index:

``index`` (the task list), ``users``, ``mystery_shop`` (scenarios, assignments, coverage and
the service standards), ``surveys``, ``translations`` (a spreadsheet per language),
``reference_data`` (services and channels), ``links``, ``paper`` (paper and assisted entry),
``response_import`` (returns from a CSV file), ``removals`` (a resident's answers removed at
their request, by receipt reference) and ``audit``.
"""

from flask import Blueprint

from survey_app.auth.access import roles_required

bp = Blueprint("admin", __name__)


@bp.before_request
@roles_required("admin")
def require_admin():
    """Every admin page, including ones added later, is for admins only: anonymous visitors
    sign in, other roles get 403."""


from survey_app.admin import (  # noqa: E402, F401
    audit,
    index,
    links,
    mystery_shop,
    paper,
    reference_data,
    removals,
    response_import,
    surveys,
    translations,
    users,
)
