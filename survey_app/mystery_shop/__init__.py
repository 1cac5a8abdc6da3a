"""The mystery shoppers' area (``/mystery-shop/``): shoppers, reviewers and admins only.

A shopper sees and changes only their own records. Someone else's record answers 404, so a
shopper cannot even learn which record numbers exist; a record someone may see but not change
(a reviewer looking at a shopper's record) answers 403 to the pages that would change it.
"""

from flask import Blueprint

from survey_app.auth.access import roles_required

bp = Blueprint("mystery_shop", __name__)


@bp.before_request
@roles_required("shopper", "reviewer", "admin")
def require_staff():
    """Residents and anyone without a role never reach these pages."""


from survey_app.mystery_shop import routes  # noqa: E402, F401
