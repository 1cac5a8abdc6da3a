"""Mystery-shop forms, built per channel from that channel's criteria (plain dicts).

A draft may be saved with answers missing, but never with an answer that is wrong (a time
that is not a time, a reply before the message was sent). Submitting needs every answer.
"""

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forms.fields import (
    GovDateField,
    GovIntegerField,
    GovRadioField,
    GovTimeField,
    choices_from,
    reject_control_characters,
)

OUTCOME_CHOICES = [("met", "Met"), ("not_met", "Not met"), ("na", "Not applicable")]
RATING_CHOICES = [
    ("1", "1 - very poor"),
    ("2", "2 - poor"),
    ("3", "3 - adequate"),
    ("4", "4 - good"),
    ("5", "5 - very good"),
]
ACCOUNT_MAX_LENGTH = 3000

SINGLE = "single"  # the whole shop on one form (phone, face to face, website ...)
REPLY = "reply"  # stage two of an email or letter shop: the reply has come (or never will)


def criterion_field_name(key: str) -> str:
    return f"criterion-{key}"


def combine(day: date | None, at: Any) -> datetime | None:
    """A date and a time field's ``time_data`` as one datetime, or None if either is missing."""
    if day is None or at is None:
        return None
    return datetime.combine(day, at)


def _presence(required: bool, message: str):
    return InputRequired(message=message) if required else Optional()


def _date(
    label: str, thing: str, required: bool, today: date, message: str, earliest: date | None = None
) -> GovDateField:
    return GovDateField(
        label,
        description="For example, 27 3 2026",
        thing=thing,
        required_message=message,
        past_only=True,
        earliest=earliest,
        today=today,
        validators=[InputRequired(message=message)] if required else [],
    )


def _time(label: str, thing: str, required: bool, message: str) -> GovTimeField:
    return GovTimeField(
        label,
        description="For example, 9:30am or 14:30",
        thing=thing,
        validators=[_presence(required, message)],
    )


class SentForm(FlaskForm):
    """Stage one of an email or letter shop: when it was sent."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        sent_at = combine(self.sent_date.data, self.sent_time.time_data)
        if valid and sent_at and sent_at > self.now:
            self.sent_time.errors.append("Time you sent it must be in the past")
            return False
        return valid


def build_sent_form(
    today: date, now: datetime, channel_name: str, earliest: date | None = None
) -> type[SentForm]:
    thing = "Date you sent it"

    class Form(SentForm):
        sent_date = _date(
            f"When did you send your {channel_name.lower()}?",
            thing,
            True,
            today,
            "Enter the date you sent it",
            earliest,
        )
        sent_time = _time(
            "Time you sent it", "Time you sent it", True, "Enter the time you sent it"
        )

    Form.now = now
    return Form


class ShopForm(FlaskForm):
    """Checks that involve more than one field, for drafts and submissions alike."""

    sent_at: datetime | None = None
    now: datetime | None = None
    require_complete = False

    def validate(self, extra_validators=None):
        # The checks below run even when other answers are wrong, so one submission shows
        # every problem; each looks only at fields that are themselves valid.
        valid = super().validate(extra_validators)
        problems = []
        if "call_answered" in self and not (
            self.call_answered.errors or self.answer_seconds.errors
        ):
            answered = self.call_answered.data == "yes"
            if answered and self.require_complete and self.answer_seconds.data is None:
                problems.append((self.answer_seconds, "Enter how many seconds it took"))
            if self.call_answered.data == "no" and self.answer_seconds.data is not None:
                problems.append(
                    (self.answer_seconds, "Leave the seconds empty if the call was not answered")
                )
        moments = (
            ("contact", "Time of your contact"),
            ("reply", "Time of the reply"),
            ("ack", "Time of the acknowledgement"),
        )
        for prefix, name in moments:
            if f"{prefix}_date" not in self:
                continue
            day, at = self[f"{prefix}_date"], self[f"{prefix}_time"]
            if day.errors or at.errors:
                continue
            # A draft may leave both empty, but one without the other would be lost.
            if (day.data is None) != (at.time_data is None):
                missing, part = (at, "time") if day.data else (day, "date")
                problems.append((missing, f"Enter the {part} as well, or leave both empty"))
                continue
            when = combine(day.data, at.time_data)
            if when and self.sent_at and prefix != "contact" and when < self.sent_at:
                problems.append((at, f"{name} must be after you sent your message"))
            elif when and self.now and when > self.now:
                problems.append((at, f"{name} must be in the past"))
        if (
            "ack_date" in self
            and "reply_date" in self
            and not any(
                self[name].errors for name in ("ack_date", "ack_time", "reply_date", "reply_time")
            )
        ):
            acknowledged = combine(self.ack_date.data, self.ack_time.time_data)
            replied = combine(self.reply_date.data, self.reply_time.time_data)
            if acknowledged and replied and acknowledged > replied:
                # Name the part that is wrong: the day, or the time on the same day.
                field = self.ack_date if acknowledged.date() > replied.date() else self.ack_time
                problems.append(
                    (field, "The acknowledgement must be on or before the reply, not after it")
                )
        for field, message in problems:
            field.errors.append(message)
        return valid and not problems


def build_shop_form(
    *,
    stage: str,
    criteria: list[dict[str, Any]],
    require_complete: bool,
    today: date,
    now: datetime,
    sent_at: datetime | None = None,
    no_reply: bool = False,
    earliest: date | None = None,
) -> type[ShopForm]:
    """The form for one channel. ``criteria`` are dicts with key, text, kind, measure, critical.
    ``earliest`` is the first day a contact can have been made."""
    measures = {c["measure"] for c in criteria if c["kind"] == "timed"}
    fields: dict[str, Any] = {}
    need = require_complete
    if stage == SINGLE:
        fields["contact_date"] = _date(
            "Date of your contact",
            "Date of your contact",
            need,
            today,
            "Enter the date of your contact",
            earliest,
        )
        fields["contact_time"] = _time(
            "Time of your contact",
            "Time of your contact",
            need,
            "Enter the time of your contact",
        )
    if "seconds_to_answer" in measures:
        fields["call_answered"] = GovRadioField(
            "Did a person answer the call?",
            description="Record a call not answered within 5 minutes, after two attempts, as No.",
            choices=choices_from([("yes", "Yes"), ("no", "No")]),
            validators=[_presence(need, "Select whether a person answered the call")],
            invalid_message="Select whether a person answered the call",
        )
        fields["answer_seconds"] = GovIntegerField(
            "How many seconds until a person answered?",
            description="From the first ring, including any recorded messages and menus.",
            validators=[
                Optional(),
                NumberRange(min=0, max=3600, message="Seconds must be between 0 and 3,600"),
            ],
            invalid_message="Seconds must be a whole number, like 45",
        )
    if "minutes_waited" in measures:
        fields["wait_minutes"] = GovIntegerField(
            "How many minutes did you wait to be seen?",
            description="From arriving at reception to being seen. Enter 0 if seen at once.",
            validators=[
                _presence(need, "Enter how many minutes you waited"),
                NumberRange(min=0, max=600, message="Minutes must be between 0 and 600"),
            ],
            invalid_message="Minutes must be a whole number, like 10",
        )
    if stage == REPLY and "hours_to_acknowledge" in measures:
        fields["ack_date"] = _date(
            "Date of the acknowledgement (optional)",
            "Date of the acknowledgement",
            False,
            today,
            "Enter the date of the acknowledgement",
        )
        fields["ack_time"] = _time(
            "Time of the acknowledgement (optional)",
            "Time of the acknowledgement",
            False,
            "Enter the time of the acknowledgement",
        )
    if stage == REPLY and not no_reply:
        fields["reply_date"] = _date(
            "Date the reply arrived",
            "Date of the reply",
            need,
            today,
            "Enter the date of the reply",
        )
        fields["reply_time"] = _time(
            "Time the reply arrived", "Time of the reply", need, "Enter the time of the reply"
        )
    for criterion in criteria:
        if criterion["kind"] != "behaviour":
            continue
        message = f"Select whether '{criterion['text']}' was met"
        fields[criterion_field_name(criterion["key"])] = GovRadioField(
            criterion["text"],
            description=(
                "Critical: if this is not met, the score is capped" if criterion["critical"] else ""
            ),
            choices=choices_from(OUTCOME_CHOICES),
            validators=[_presence(need, message)],
            invalid_message=message,
        )
    fields["helpfulness"] = GovRadioField(
        "How helpful was the council?",
        choices=choices_from(RATING_CHOICES),
        validators=[_presence(need, "Select how helpful the council was, from 1 to 5")],
        invalid_message="Select how helpful the council was, from 1 to 5",
    )
    fields["knowledge"] = GovRadioField(
        "How knowledgeable was the council?",
        choices=choices_from(RATING_CHOICES),
        validators=[_presence(need, "Select how knowledgeable the council was, from 1 to 5")],
        invalid_message="Select how knowledgeable the council was, from 1 to 5",
    )
    fields["account"] = TextAreaField(
        "What happened, in your own words",
        description="Do not name or describe any member of staff.",
        widget=GovCharacterCount(),
        validators=[
            # Spaces alone are not an account of what happened.
            DataRequired(message="Enter what happened") if need else Optional(),
            Length(
                max=ACCOUNT_MAX_LENGTH,
                message=f"What happened must be {ACCOUNT_MAX_LENGTH:,} characters or fewer",
            ),
            reject_control_characters,
        ],
    )
    fields |= {"sent_at": sent_at, "now": now, "require_complete": require_complete}
    return type("ChannelShopForm", (ShopForm,), fields)


def behaviour_outcomes(form: ShopForm, criteria: list[dict[str, Any]]) -> dict[str, str]:
    """The met / not met / not applicable answers given, keyed by criterion key."""
    outcomes = {}
    for criterion in criteria:
        name = criterion_field_name(criterion["key"])
        if name in form and form[name].data:
            outcomes[criterion["key"]] = form[name].data
    return outcomes
