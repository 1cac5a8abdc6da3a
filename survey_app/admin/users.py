"""Accounts: list, invite, change roles or deactivate, and reset a password."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from forms.admin import EditUserForm, InviteUserForm
from forms.survey_admin import ConfirmForm
from survey_app.admin import bp
from survey_app.services import users as accounts
from survey_app.services.account_links import issue_token
from survey_app.services.mail import MailNotSent, mail_configured, send_email
from survey_app.services.users import LastAdminError


@bp.route("/users")
def users():
    return render_template("admin/users.html", users=accounts.all_users(), title="Users")


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    form = InviteUserForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors.append("An account with this email address already exists")
        else:
            user, password = accounts.invite_user(
                form.email.data, form.name.data, set(form.roles.data)
            )
            if mail_configured():
                # The one-time password is never shown: the person chooses their own
                # through a single-use link. If the email cannot go, fall back to it.
                token = issue_token(user, "invite")
                link = url_for("auth.set_password", token=token, _external=True)
                try:
                    send_email(
                        user.email,
                        f"Your account on {current_app.config['SERVICE_NAME']}",
                        render_template("email/invitation.txt", user=user, link=link),
                    )
                except MailNotSent:
                    flash_mail_failed = True
                else:
                    return render_template(
                        "admin/invitation_sent.html", user=user, title="Invitation sent"
                    )
            else:
                flash_mail_failed = False
            # Shown once, on this response only; it is never stored or shown again.
            return render_template(
                "admin/temporary_password.html",
                user=user,
                password=password,
                mail_failed=flash_mail_failed,
                title="Account created",
            )
    return render_template("admin/invite_user.html", form=form, title="Invite a user")


def _user_or_404(user_id: int):
    user = accounts.user_by_id(user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = _user_or_404(user_id)
    data = {"roles": sorted(user.roles), "active": "yes" if user.active else "no"}
    form = EditUserForm(data=data)
    if form.validate_on_submit():
        try:
            accounts.update_user(user, set(form.roles.data), form.active.data == "yes")
        except LastAdminError as error:
            form.roles.errors.append(str(error))
        else:
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/edit_user.html",
        form=form,
        user=user,
        is_self=user.id == current_user.id,
        title=f"Change {user.name}",
    )


@bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
def reset_user_password(user_id):
    """Issue a one-time password, shown once, that must be changed at the next sign-in."""
    user = _user_or_404(user_id)
    if user.id == current_user.id:
        # An admin who knows their password changes it; one who does not cannot be here.
        return redirect(url_for("auth.change_password"))
    form = ConfirmForm()
    if form.validate_on_submit():
        password = accounts.reset_password(user)
        return render_template(
            "admin/temporary_password.html",
            user=user,
            password=password,
            title="Password reset",
        )
    return render_template(
        "admin/reset_password.html",
        form=form,
        user=user,
        title=f"Reset the password for {user.name}",
    )
