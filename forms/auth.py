"""Sign-in, password change, forgotten password and set-password forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovTextInput
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length


def new_password_field() -> PasswordField:
    """The new-password field, the same wherever a password is chosen (a fresh field each
    call, so it takes its place in the order of the form that defines it)."""
    return PasswordField(
        "New password",
        description="Use 12 characters or more. A few unrelated words together work well.",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter a new password"),
            Length(max=200, message="New password must be 200 characters or fewer"),
        ],
    )


def confirm_password_field() -> PasswordField:
    return PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your new password again"),
            EqualTo("new_password", message="Enter the same new password twice"),
        ],
    )


class LoginForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=200, message="Password must be 200 characters or fewer"),
        ],
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your current password"),
            Length(max=200, message="Current password must be 200 characters or fewer"),
        ],
    )
    new_password = new_password_field()
    confirm_password = confirm_password_field()


class ForgotPasswordForm(FlaskForm):
    email = StringField(
        "Email address",
        description="The address you sign in with. We will email you a link to set a new password.",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )


class SetPasswordForm(FlaskForm):
    new_password = new_password_field()
    confirm_password = confirm_password_field()
