"""Forms for findings, recommendations, the executive response and progress updates.

Choices (findings, directorates) come in through the constructor; nothing here reads the
database.
"""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSelect, GovTextInput
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from forms.fields import (
    GovCheckboxesField,
    GovDateField,
    GovRadioField,
    choices_from,
    reject_control_characters,
)

STATUS_CHOICES = [
    ("green", "Green: achieved or on track"),
    ("amber", "Amber: progressing"),
    ("red", "Red: not progressing"),
    ("complete", "Complete"),
]
RESPONSE_CHOICES = [
    ("accepted", "Accepted"),
    ("partly_accepted", "Partly accepted"),
    ("not_accepted", "Not accepted"),
]
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 /.\-]*$"


def _text(label, what, *, limit, description=None):
    return TextAreaField(
        label,
        description=description,
        widget=GovCharacterCount(),
        validators=[
            DataRequired(message=f"Enter {what}"),
            Length(max=limit, message=f"{what.capitalize()} must be {limit:,} characters or fewer"),
            reject_control_characters,
        ],
    )


def _line(label, what, *, limit, required=True, description=None, validators=()):
    first = DataRequired(message=f"Enter {what}") if required else Optional()
    return StringField(
        label,
        description=description,
        widget=GovTextInput(),
        validators=[
            first,
            Length(max=limit, message=f"{what.capitalize()} must be {limit} characters or fewer"),
            reject_control_characters,
            *validators,
        ],
    )


def _status_field(label="Status"):
    return GovRadioField(
        label,
        choices=choices_from(STATUS_CHOICES),
        validators=[InputRequired(message="Select the status")],
        invalid_message="Select the status",
    )


class _StatusReason:
    """A red status needs a reason: what is stopping progress."""

    def validate_status_reason(self, field):
        if self.status.data == "red" and not (field.data or "").strip():
            raise ValidationError("Enter why it is not progressing")


class FindingForm(FlaskForm):
    title = _line("Title", "a title for the finding", limit=200)
    text = _text("What the review group found", "what the review group found", limit=5000)
    evidence_url = _line(
        "Evidence: the results page it rests on",
        "the address of the results page",
        limit=500,
        description=(
            "Copy the address of a results page with its filters, for example "
            "/results/channel/phone?start=1&start=4&start=2026. We keep a copy of its "
            "figures as they are now."
        ),
    )


class RecommendationForm(_StatusReason, FlaskForm):
    reference = _line(
        "Reference",
        "a reference",
        limit=30,
        description="The municipal year and number, for example CC 2026/27 03",
        validators=[
            Regexp(
                REFERENCE_PATTERN,
                message="Reference must use only letters, numbers, spaces, / . and -",
            )
        ],
    )
    text = _text("Recommendation", "the recommendation", limit=5000)
    findings = GovCheckboxesField(
        "Which findings does it rest on?",
        description="Select all that apply.",
        invalid_message="Select findings from the list",
    )
    directorate = GovRadioField(
        "Which directorate is it addressed to?",
        validators=[InputRequired(message="Select the directorate")],
        invalid_message="Select the directorate",
    )
    portfolio_holder = _line(
        "Portfolio holder (optional)", "the portfolio holder", limit=120, required=False
    )
    lead_officer = _line("Lead officer", "the lead officer", limit=120)
    committee = _line(
        "Committee",
        "the committee",
        limit=120,
        description="For example, Overview and Scrutiny Committee",
    )
    committee_date = GovDateField(
        "Committee date",
        description="For example, 18 3 2027",
        thing="Committee date",
        validators=[InputRequired(message="Enter the committee date")],
        required_message="Enter the committee date",
    )
    due_date = GovDateField(
        "Due date (optional)",
        description="When the action should be done, for example 31 3 2028",
        thing="Due date",
    )
    status = _status_field()
    status_reason = TextAreaField(
        "Reason for the status (needed for red)",
        widget=GovCharacterCount(),
        validators=[
            Length(max=2000, message="Reason must be 2,000 characters or fewer"),
            reject_control_characters,
        ],
    )

    def __init__(self, *args, findings, directorates, **kwargs):
        super().__init__(*args, **kwargs)
        self.findings.choices = choices_from(findings)
        self.directorate.choices = choices_from(directorates)

    def validate_due_date(self, field):
        if field.data and self.committee_date.data and field.data < self.committee_date.data:
            raise ValidationError("Due date must be the same as or after the committee date")


class ResponseForm(FlaskForm):
    response = GovRadioField(
        "The executive's response",
        choices=choices_from(RESPONSE_CHOICES),
        validators=[InputRequired(message="Select the executive's response")],
        invalid_message="Select the executive's response",
    )
    response_text = _text("The response", "the response", limit=5000)
    response_body = _line(
        "Decision body", "the decision body", limit=120, description="For example, Cabinet"
    )
    response_date = GovDateField(
        "Date of the decision",
        description="For example, 13 2 2027",
        thing="Date of the decision",
        past_only=True,
        validators=[InputRequired(message="Enter the date of the decision")],
        required_message="Enter the date of the decision",
    )


class ProgressUpdateForm(_StatusReason, FlaskForm):
    written_on = GovDateField(
        "Date of the update",
        description="For example, 3 6 2027",
        thing="Date of the update",
        past_only=True,
        validators=[InputRequired(message="Enter the date of the update")],
        required_message="Enter the date of the update",
    )
    text = _text("Action taken", "the action taken", limit=5000)
    status = _status_field("Status after this update")
    status_reason = TextAreaField(
        "Reason for the status (needed for red)",
        widget=GovCharacterCount(),
        validators=[
            Length(max=2000, message="Reason must be 2,000 characters or fewer"),
            reject_control_characters,
        ],
    )


class WithdrawForm(FlaskForm):
    reason = _text("Why is it being withdrawn?", "why it is being withdrawn", limit=2000)


class OfficerDirectorateForm(FlaskForm):
    directorate = GovRadioField(
        "Which directorate does this officer work in?",
        validators=[InputRequired(message="Select the directorate")],
        invalid_message="Select the directorate",
    )

    def __init__(self, *args, directorates, **kwargs):
        super().__init__(*args, **kwargs)
        self.directorate.choices = choices_from(directorates)


class MeasureForm(FlaskForm):
    """The measure a recommendation is re-measured by, and the dates around it."""

    measure = SelectField(
        "Measure",
        description="What should show whether things got better after the recommendation",
        widget=GovSelect(),
        validate_choice=False,
    )
    measure_before_from = GovDateField(
        "Before: from",
        description="The first day counted as before, for example 1 3 2025",
        thing="The start of before",
        past_only=True,
        validators=[InputRequired(message="Enter the start of before")],
        required_message="Enter the start of before",
    )
    measure_since_from = GovDateField(
        "Since: from",
        description=(
            "The day that ends before and starts since, usually the committee date, "
            "for example 18 3 2026"
        ),
        thing="The start of since",
        past_only=True,
        validators=[InputRequired(message="Enter the start of since")],
        required_message="Enter the start of since",
    )
    measure_since_to = GovDateField(
        "Since: to (optional)",
        description="Leave empty to count up to today",
        thing="The end of since",
        past_only=True,
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.known = {value for value, _label in measures}
        self.measure.choices = choices_from([("", "Choose a measure"), *measures])

    def validate_measure(self, field):
        if not field.data:
            raise ValidationError("Select a measure")
        if field.data not in self.known:
            raise ValidationError("Select a measure from the list")

    def validate_measure_since_from(self, field):
        before = self.measure_before_from.data
        if field.data and before and field.data.replace(day=1) <= before.replace(day=1):
            raise ValidationError("The start of since must be in a later month than before")

    def validate_measure_since_to(self, field):
        since = self.measure_since_from.data
        if field.data and since and field.data < since:
            raise ValidationError("The end of since must be the same as or after its start")
