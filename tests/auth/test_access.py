"""The one place the app reaches into Flask-Login: ``show_as_signed_out``."""

import inspect

import flask_login.utils
from flask import g, session
from flask_login import current_user, login_user

from survey_app.auth import access
from survey_app.services.staff_sessions import TOKEN_KEY, start_session


def _signed_in_request(app, user):
    """A request whose session names ``user`` and whose user is not loaded yet."""
    context = app.test_request_context("/")
    context.push()
    login_user(user)
    session[TOKEN_KEY] = start_session(user)  # kept on the server, as sign-in does
    g.pop("_login_user")  # as at the start of the next request: only the session says who
    return context


def test_a_signed_in_person_is_shown_as_signed_out_and_stays_signed_in(app, make_user):
    user = make_user("admin")
    context = _signed_in_request(app, user)
    try:
        access.show_as_signed_out()
        assert current_user.is_anonymous
        assert session["_user_id"] == str(user.id)  # not signed out, only shown as such
    finally:
        context.pop()
    context = _signed_in_request(app, user)
    try:
        assert current_user.id == user.id  # without it, the session's user is loaded
    finally:
        context.pop()


def test_flask_login_still_reads_the_request_user_from_g():
    """What ``show_as_signed_out`` relies on, in Flask-Login's own code."""
    source = inspect.getsource(flask_login.utils._get_user)
    assert '"_login_user" not in g' in source
    assert "return g._login_user" in source
