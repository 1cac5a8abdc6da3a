import re
import time
from contextlib import suppress
from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm
from survey_app.auth import access, bp  # noqa: F401  (access registers the user loader)
from survey_app.extensions import limiter
from survey_app.services.account_links import issue_token, open_token, use_token
from survey_app.services.audit import record_event
from survey_app.services.mail import MailNotSent, mail_configured, send_email
from survey_app.services.users import (
    PasswordRejected,
    authenticate,
    change_password,
    find_user,
)

# Pages a signed-in person can reach before choosing their own password.
ALLOWED_BEFORE_PASSWORD_CHANGE = frozenset(
    {
        "auth.change_password",
        "auth.logout",
        "auth.signed_out",
        "static",
        "govuk_assets",
        "govuk_frontend",
        "main.health",
    }
)

FAILURE_MESSAGES = {
    "invalid": "Enter a correct email address and password",
    "locked": (
        "Your account is locked for 15 minutes after too many failed attempts. Try again later"
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


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next"), current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user, reason = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            session["last_seen"] = int(time.time())
            record_event("sign_in.succeeded", user.email, user=user)
            if user.must_change_password:
                return redirect(url_for("auth.change_password"))
            return redirect(_safe_next(request.args.get("next"), user))
        # The address typed is kept so repeated attacks on one account can be seen.
        record_event("sign_in.failed", reason, actor=form.email.data.strip())
        form.email.errors.append(FAILURE_MESSAGES[reason])
    return render_template("auth/login.html", form=form, title="Sign in")


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """Sign out by POST only, so another site cannot sign someone out with a link or image.

    A GET asks to confirm (someone who typed the address, or a page open from before
    sign-out became a button); once signed out it says so.
    """
    if request.method == "POST":
        logout_user()
        session.clear()
        return redirect(url_for("auth.logout"))
    if current_user.is_authenticated:
        return render_template("auth/confirm_logout.html", title="Sign out")
    return render_template("auth/logged_out.html", title="You have signed out")


@bp.route("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html", title="You have been signed out")


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_page():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
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
        logout_user()
        session.clear()
        return redirect(url_for("auth.signed_out"))
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
