"""Forms for the equality section: every question optional, with "Prefer not to say"."""

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from forms.fields import (
    GovRadioField,
    QuestionTextInput,
    choices_from,
    reject_control_characters,
)

PREFER_NOT_TO_SAY = ("prefer_not_to_say", lazy_gettext("Prefer not to say"))


class EqualityExplainerForm(FlaskForm):
    answer_equality = GovRadioField(
        lazy_gettext("Do you want to answer the equality questions?"),
        choices=choices_from(
            [
                ("yes", lazy_gettext("Yes, answer the equality questions (takes 2 minutes)")),
                ("no", lazy_gettext("No, skip the equality questions")),
            ]
        ),
        validators=[
            InputRequired(
                message=lazy_gettext("Select if you want to answer the equality questions")
            )
        ],
        invalid_message=lazy_gettext("Select if you want to answer the equality questions"),
    )


def _only_with_its_option(form, field):
    """A write-in counts only when its option is chosen; otherwise it is ignored, unchecked."""
    if form.answer.data != form.write_in_when:
        raise StopValidation()


class EqualityQuestionForm(FlaskForm):
    """One optional question; Continue with nothing chosen is an answer too (skipped).

    ``options`` are ``(value, label)`` pairs; "Prefer not to say" is added after an "or".
    ``write_in`` is ``(option value, thing, max length)`` when an option reveals a text box.
    """

    answer = GovRadioField(validators=[Optional()])
    write_in = StringField(widget=QuestionTextInput())

    def __init__(
        self,
        *args,
        label: str,
        options: list[tuple[str, str]],
        invalid_message: str,
        option_hints: dict[str, str] | None = None,
        write_in: tuple[str, str, int] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.answer.label.text = label
        self.answer.choices = choices_from([*options, PREFER_NOT_TO_SAY])
        self.answer.invalid_message = invalid_message
        self.answer.dividers_before = {PREFER_NOT_TO_SAY[0]}
        self.answer.option_hints = option_hints or {}
        self.write_in_when = None
        if write_in is not None:
            self.write_in_when, thing, limit = write_in
            self.write_in.validators = [
                _only_with_its_option,
                Optional(),
                Length(
                    max=limit,
                    message=gettext(
                        "%(thing)s must be %(limit)s characters or fewer", thing=thing, limit=limit
                    ),
                ),
                reject_control_characters,
            ]
