"""Who may see what: one decorator, used by every staff route."""

from functools import wraps

from flask import abort, session
from flask_login import current_user, login_required

from survey_app.extensions import login_manager
from survey_app.models import User
from survey_app.services.staff_sessions import TOKEN_KEY, session_user

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, only while their session is kept on the server: signed out, ended
    by a password change or an admin, past its lifetime, or deactivated, it signs nobody in."""
    try:
        user_id = int(user_id)
    except ValueError:
        return None
    if not 0 < user_id < 2**31:
        return None
    return session_user(user_id, session.get(TOKEN_KEY))


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
