"""Who may see what: one decorator, used by every staff route."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from survey_app.extensions import db, login_manager
from survey_app.models import User

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except ValueError:
        return None
    # A deactivated account is signed out at its next request.
    return user if user is not None and user.active else None


def roles_required(*roles: str):
    """Anonymous visitors go to sign in; signed-in users without a role get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
