"""Small mystery-shop forms: starting a shop, recording no reply, reviewing a record, and
filtering the list of records."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSelect
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, StopValidation, ValidationError

from forms.fields import GovDateField, GovRadioField, choices_from, reject_control_characters

COMMENT_MAX_LENGTH = 2000


class StartShopForm(FlaskForm):
    """Only a button: starting a shop is a POST, so a link preview never starts one."""


class NoReplyForm(FlaskForm):
    """Only a button: confirming that the reply standard passed with no reply."""


class ReviewForm(FlaskForm):
    decision = GovRadioField(
        "What do you want to do with this record?",
        choices=choices_from(
            [
                ("accept", "Accept it"),
                ("return", "Return it to the shopper"),
            ]
        ),
        option_hints={
            "accept": "The record is locked: nobody can change it after this.",
            "return": "The shopper can change it and submit it again. Say what needs to change.",
        },
        validators=[InputRequired(message="Select whether to accept or return the record")],
        invalid_message="Select whether to accept or return the record",
    )
    comment = TextAreaField(
        "Comment for the shopper",
        description="Needed if you return the record. Do not name any member of staff.",
        widget=GovCharacterCount(),
        validators=[
            Length(
                max=COMMENT_MAX_LENGTH,
                message=f"Comment must be {COMMENT_MAX_LENGTH:,} characters or fewer",
            ),
            reject_control_characters,
        ],
    )

    def validate_comment(self, field):
        if self.decision.data == "return" and not (field.data or "").strip():
            raise ValidationError("Enter a comment saying what the shopper needs to change")


class RecordFilterForm(FlaskForm):
    """Filters for the list of shop records; a GET form, so a filtered list is a plain URL."""

    status = SelectField("Status", widget=GovSelect(), default="", validate_choice=False)
    shopper = SelectField("Shopper", widget=GovSelect(), default="", validate_choice=False)
    channel = SelectField("Channel", widget=GovSelect(), default="", validate_choice=False)
    service = SelectField("Service", widget=GovSelect(), default="", validate_choice=False)
    date_from = GovDateField(
        "Shopped from", thing="From date", description="For example, 1 11 2026"
    )
    date_to = GovDateField("Shopped to", thing="To date", description="For example, 30 11 2026")

    def __init__(self, *args, statuses, shoppers, channels, services, **kwargs):
        super().__init__(*args, meta={"csrf": False}, **kwargs)
        self.status.choices = [("", "Any status"), *statuses]
        self.shopper.choices = [("", "Every shopper"), *shoppers]
        self.channel.choices = [("", "Every channel"), *channels]
        self.service.choices = [("", "Every service"), *services]

    @staticmethod
    def _one_of(field, message):
        if field.data not in {value for value, _label in field.choices}:
            raise StopValidation(message)

    def validate_status(self, field):
        self._one_of(field, "Select a status from the list")

    def validate_shopper(self, field):
        self._one_of(field, "Select a shopper from the list")

    def validate_channel(self, field):
        self._one_of(field, "Select a channel from the list")

    def validate_service(self, field):
        self._one_of(field, "Select a service from the list")

    def validate_date_to(self, field):
        if self.date_from.data and field.data and field.data < self.date_from.data:
            raise StopValidation("To date must be the same as or after the from date")
