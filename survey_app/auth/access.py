"""Who may see what: one decorator, used by every staff route."""

from functools import wraps

from flask import abort, g, session
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


def show_as_signed_out() -> None:
    """For the rest of this request, ``current_user`` is anonymous, without asking the database.

    The 503 page shown while the database is away has the page header, which asks who is
    signed in: loading the user would need the database again and fail inside the error
    handler. Flask-Login has no public way to set the request's user without signing the
    person out (``logout_user`` would also end their session), so this sets the request's
    user where ``flask_login.utils._get_user`` looks first, ``g._login_user``.
    tests/auth/test_access.py fails if Flask-Login stops reading it from there.
    """
    g._login_user = login_manager.anonymous_user()


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
