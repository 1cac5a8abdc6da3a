"""Administration forms: accounts, mystery-shop scenarios and assignments.

Choices and existing values come in through the constructor; nothing here reads the database.
"""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextInput
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from forms.fields import (
    GovCheckboxesField,
    GovDateField,
    GovRadioField,
    choices_from,
    reject_control_characters,
)

ROLE_CHOICES = [
    ("shopper", "Shopper"),
    ("reviewer", "Reviewer"),
    ("admin", "Admin"),
    ("officer", "Officer"),
]
ROLE_HINTS = {
    "shopper": "A councillor who logs mystery shops",
    "reviewer": "Reads results and reviews shop records",
    "admin": "Runs the review: surveys, standards, users and shops",
    "officer": "A service lead: reads and updates the recommendations for their directorate",
}
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _roles_field():
    return GovCheckboxesField(
        "Roles",
        description="Select all that apply.",
        choices=choices_from(ROLE_CHOICES),
        option_hints=ROLE_HINTS,
        validators=[InputRequired(message="Select at least one role")],
        invalid_message="Select roles from the list",
    )


class InviteUserForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the person's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
            reject_control_characters,
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the person's email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Regexp(
                EMAIL_PATTERN,
                message="Enter an email address in the correct format, like name@example.gov.uk",
            ),
        ],
    )
    roles = _roles_field()


class EditUserForm(FlaskForm):
    roles = _roles_field()
    active = GovRadioField(
        "Can this person sign in?",
        choices=choices_from(
            [("yes", "Yes, the account is active"), ("no", "No, deactivate the account")]
        ),
        validators=[InputRequired(message="Select whether this person can sign in")],
        invalid_message="Select whether this person can sign in",
    )


class ScenarioForm(FlaskForm):
    title = StringField(
        "Title",
        description="A short name for the scenario, for example 'Missed bin collection'.",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter a title for the scenario"),
            Length(max=120, message="Title must be 120 characters or fewer"),
            reject_control_characters,
        ],
    )
    request = TextAreaField(
        "What the shopper asks for",
        description="Write it as a resident would ask. Do not include real residents' details.",
        widget=GovCharacterCount(),
        validators=[
            DataRequired(message="Enter what the shopper asks for"),
            Length(max=2000, message="What the shopper asks for must be 2,000 characters or fewer"),
            reject_control_characters,
        ],
    )
    service = GovRadioField(
        "Which service is being tested?",
        validators=[InputRequired(message="Select the service being tested")],
        invalid_message="Select the service being tested",
    )
    channels = GovCheckboxesField(
        "Which channels should it be tried on?",
        description="Select all that apply.",
        validators=[InputRequired(message="Select at least one channel")],
        invalid_message="Select channels from the list",
    )

    def __init__(self, *args, services, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = choices_from(services)
        self.channels.choices = choices_from(channels)


class AssignmentForm(FlaskForm):
    # Several at once: each shopper chosen gets the scenario on each channel chosen.
    shopper = GovCheckboxesField(
        "Who will do this shop?",
        description="Select all that apply. Each shopper gets one shop on each channel.",
        validators=[InputRequired(message="Select at least one shopper")],
        invalid_message="Select shoppers from the list",
    )
    channel = GovCheckboxesField(
        "Which channels?",
        description="Select all that apply.",
        validators=[InputRequired(message="Select at least one channel")],
        invalid_message="Select channels from the list",
    )
    window_start = GovDateField(
        "First day the shop can be done",
        description="For example, 2 12 2026",
        thing="First day",
        required_message="Enter the first day the shop can be done",
        validators=[InputRequired(message="Enter the first day the shop can be done")],
    )
    window_end = GovDateField(
        "Last day the shop can be done",
        description="For example, 16 12 2026",
        thing="Last day",
        required_message="Enter the last day the shop can be done",
        validators=[InputRequired(message="Enter the last day the shop can be done")],
    )

    def __init__(self, *args, shoppers, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.shopper.choices = choices_from(shoppers)
        self.channel.choices = choices_from(channels)

    def validate_window_end(self, field):
        start: date | None = self.window_start.data
        if start and field.data and field.data < start:
            raise ValidationError("Last day must be the same as or after the first day")


class FindResponseForm(FlaskForm):
    """The receipt reference a resident quotes to have their answers removed."""

    reference = StringField(
        "Reference",
        widget=GovTextInput(),
        description="The resident was shown it after sending their answers, like K7QD-9M2X.",
        validators=[
            InputRequired(message="Enter the reference"),
            Length(max=40, message="Enter the reference as it was shown, like K7QD-9M2X"),
            reject_control_characters,
        ],
    )


class RemoveResponseForm(FlaskForm):
    """Confirms the removal of the response found by ``FindResponseForm``."""

    reference = HiddenField(validators=[InputRequired(message="Enter the reference")])
