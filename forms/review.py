"""Small mystery-shop forms: starting a shop, recording no reply, and reviewing a record."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from forms.fields import GovRadioField, choices_from, reject_control_characters

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
