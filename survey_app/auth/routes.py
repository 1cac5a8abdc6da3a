import re
import time
from contextlib import suppress
from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from survey_app.auth import access, bp  # noqa: F401  (access registers the user loader)
from survey_app.extensions import limiter
from survey_app.services.account_links import issue_token, open_token, use_token
from survey_app.services.audit import record_event
from survey_app.services.mail import MailNotSent, mail_configured, send_email
from survey_app.services.staff_sessions import TOKEN_KEY, end_session, start_session
from survey_app.services.users import (
    PasswordRejected,
    authenticate,
    change_password,
    find_user,
    record_failure,
    throttled,
)

# Pages a signed-in person can reach before choosing their own password.
ALLOWED_BEFORE_PASSWORD_CHANGE = frozenset(
    {
        "auth.change_password",
        "auth.logout",
        "auth.signed_out",
        "static",
        "govuk_frontend",
        "main.health",
    }
)

# The same answers whether or not the account exists: an unknown address is throttled too.
FAILURE_MESSAGES = {
    "invalid": "Enter a correct email address and password",
    "locked": (
        "There have been too many attempts to sign in with this email address. "
        "Wait at least 15 minutes, then try again"
    ),
}


# A same-site path and query: RFC 3986 path and query characters only. Anything else
# (a backslash, which browsers read as a slash; a tab or newline, which they drop; a
# scheme or a host) could turn "/..." into an address on another site.
SAME_SITE_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")

# Where each role starts its work, in order of precedence for people with several roles.
LANDING_PAGES = (
    ("admin", "admin.index"),
    ("reviewer", "results.overview"),
    ("shopper", "mystery_shop.index"),
    ("officer", "recommendations.index"),
)


def _landing_page(user) -> str:
    for role, endpoint in LANDING_PAGES:
        if user.has_role(role):
            return url_for(endpoint)
    return url_for("main.index")


def _safe_next(target: str | None, user) -> str:
    """Only follow a same-site path after sign-in, never an address on another site."""
    if target and SAME_SITE_PATH.fullmatch(target):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return _landing_page(user)


UNKNOWN_ACCOUNT = "an address with no account"


def _client() -> str:
    return get_remote_address() or ""


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next"), current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user, reason = authenticate(form.email.data, form.password.data, _client())
        if user is not None:
            session.clear()
            session[TOKEN_KEY] = start_session(user)
            login_user(user)
            session.permanent = True
            session["last_seen"] = int(time.time())
            record_event("sign_in.succeeded", user.email, user=user)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next"), user))
        # A real account's address is kept so repeated attacks on it can be seen. Whatever
        # else was typed (often a password in the wrong box) is never stored.
        known = find_user(form.email.data)
        record_event("sign_in.failed", reason, actor=known.email if known else UNKNOWN_ACCOUNT)
        form.email.errors.append(FAILURE_MESSAGES[reason])
    return render_template("auth/login.html", form=form, title="Sign in")


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """Sign out by POST only, so another site cannot sign someone out with a link or image.

    A GET asks to confirm (someone who typed the address, or a page open from before
    sign-out became a button); once signed out it says so.
    """
    if request.method == "POST":
        end_session(session.get(TOKEN_KEY))
        logout_user()
        session.clear()
        return redirect(url_for("auth.logout"))
    if current_user.is_authenticated:
        return render_template("auth/confirm_logout.html", title="Sign out")
    return render_template("auth/logged_out.html", title="You have signed out")


@bp.route("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html", title="You have been signed out")


def _end_this_session():
    end_session(session.get(TOKEN_KEY))
    logout_user()
    session.clear()
    return redirect(url_for("auth.signed_out"))


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
@limiter.limit(_login_rate_limit, methods=["POST"])
def change_password_page():
    """Wrong current passwords count with wrong sign-ins for the same email address and
    client: someone guessing with a stolen cookie is signed out and locked out like any
    other guesser."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        email = current_user.email
        if throttled(email, _client()):
            return _end_this_session()
        if not current_user.check_password(form.current_password.data):
            record_failure(email, _client())
            if throttled(email, _client()):
                return _end_this_session()
            form.current_password.errors.append("Enter your current password correctly")
        else:
            try:
                change_password(current_user, form.new_password.data)
            except PasswordRejected as error:
                form.new_password.errors.append(str(error))
            else:
                return render_template(
                    "auth/password_changed.html", title="Your password has been changed"
                )
    return render_template(
        "auth/change_password.html",
        form=form,
        forced=current_user.must_change_password,
        title="Change your password",
    )


@bp.before_app_request
def enforce_idle_timeout_and_password_change():
    """Sign out a staff member idle for too long; make a temporary password be replaced."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    last_seen = session.get("last_seen", now)
    if now - last_seen > current_app.config["IDLE_TIMEOUT"].total_seconds():
        return _end_this_session()
    session["last_seen"] = now
    if current_user.must_change_password and (
        request.endpoint not in ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


# Forgotten passwords and emailed links -------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the address has an
    account, so the page tells nobody who has one."""
    if not mail_configured():
        return render_template("auth/forgot_password_no_mail.html", title="Forgotten password")
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.active:
            token = issue_token(user, "reset")
            link = url_for("auth.set_password", token=token, _external=True)
            # A failure is logged; the answer must not differ from an unknown address's.
            with suppress(MailNotSent):
                send_email(
                    user.email,
                    f"Reset your password for {current_app.config['SERVICE_NAME']}",
                    render_template("email/password_reset.txt", user=user, link=link),
                )
        return render_template(
            "auth/reset_link_sent.html", email=form.email.data.strip(), title="Check your email"
        )
    return render_template("auth/forgot_password.html", form=form, title="Forgotten password")


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def set_password(token):
    """Choose a password through an emailed invitation or reset link, which works once."""
    link = open_token(token)
    if link is None:
        return render_template(
            "auth/link_expired.html", title="This link has expired or has already been used"
        )
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            use_token(link, form.new_password.data)
        except PasswordRejected as error:
            form.new_password.errors.append(str(error))
        else:
            return render_template("auth/password_set.html", title="Your password has been set")
    return render_template(
        "auth/set_password.html",
        form=form,
        invitation=link.purpose == "invite",
        email=link.user.email,
        title="Choose your password" if link.purpose == "invite" else "Set a new password",
    )
