from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from forms.auth import LoginForm
from survey_app.auth import access, bp  # noqa: F401  (access registers the user loader)
from survey_app.extensions import limiter
from survey_app.services.audit import record_event
from survey_app.services.users import authenticate

FAILURE_MESSAGES = {
    "invalid": "Enter a correct email address and password",
    "locked": (
        "Your account is locked for 15 minutes after too many failed attempts. Try again later"
    ),
}


def _safe_next(target: str | None) -> str:
    """Only follow a same-site path after sign-in, never an address on another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("main.index")


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user, reason = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            record_event("sign_in.succeeded", user.email, user=user)
            return redirect(_safe_next(request.args.get("next")))
        # The address typed is kept so repeated attacks on one account can be seen.
        record_event("sign_in.failed", reason, actor=form.email.data.strip())
        form.email.errors.append(FAILURE_MESSAGES[reason])
    return render_template("auth/login.html", form=form, title="Sign in")


@bp.route("/logout")
def logout():
    logout_user()
    session.clear()
    return render_template("auth/logged_out.html", title="You have signed out")
