"""Build a form for one page of a survey from its question definitions."""

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from forms.fields import (
    GovCheckboxesField,
    GovDateField,
    GovIntegerField,
    GovRadioField,
    QuestionCharacterCount,
    choices_from,
    reject_control_characters,
)

CHOICE_TYPES = {"single_choice", "satisfaction", "yes_no"}


def _thing(question: dict[str, Any]) -> str:
    return question.get("summary") or "Your answer"


def build_field(
    question: dict[str, Any],
    options: list[dict[str, Any]],
    today: date,
    earliest: date | None = None,
):
    """One WTForms field for one question; ``options`` are already resolved for choices."""
    required = question.get("required", True)
    required_message = question.get("error_required") or "Answer this question"
    presence = InputRequired(message=required_message) if required else Optional()
    kind = question["type"]
    common = {"label": question["text"], "description": question.get("hint", "")}
    choice_extras = {
        "choices": choices_from((o["value"], o["label"]) for o in options),
        "dividers_before": {o["value"] for o in options if o.get("divider_before")},
        "option_hints": {o["value"]: o["hint"] for o in options if o.get("hint")},
        "invalid_message": required_message,
    }
    if kind in CHOICE_TYPES:
        return GovRadioField(validators=[presence], **common, **choice_extras)
    if kind == "multiple_choice":
        return GovCheckboxesField(validators=[presence], **common, **choice_extras)
    if kind == "text":
        limit = question["max_length"]
        return TextAreaField(
            validators=[
                presence,
                Length(
                    max=limit, message=f"{_thing(question)} must be {limit:,} characters or fewer"
                ),
                reject_control_characters,
            ],
            widget=QuestionCharacterCount(),
            **common,
        )
    if kind == "number":
        low, high = question.get("min"), question.get("max")
        range_message = f"{_thing(question)} must be between {low} and {high}"
        if low is None or high is None:
            range_message = (
                f"{_thing(question)} must be {low} or more"
                if high is None
                else f"{_thing(question)} must be {high} or fewer"
            )
        return GovIntegerField(
            validators=[presence, NumberRange(min=low, max=high, message=range_message)],
            invalid_message=f"{_thing(question)} must be a whole number, like 3",
            **common,
        )
    if kind == "date":
        return GovDateField(
            validators=[InputRequired(message=required_message)] if required else [],
            thing=_thing(question),
            required_message=required_message,
            past_only=question.get("past_only", False),
            # A date in the past is a contact's date: not before the survey could exist.
            earliest=earliest if question.get("past_only", False) else None,
            today=today,
            **common,
        )
    raise ValueError(f"Unknown question type {kind!r}")


def build_page_form(
    questions: list[dict[str, Any]],
    options_by_key: dict[str, list[dict[str, Any]]],
    today: date | None = None,
    earliest: date | None = None,
) -> type[FlaskForm]:
    """A FlaskForm class with one field per question, named by the question key.
    ``earliest`` is the first day a date question about the past accepts."""
    today = today or date.today()
    fields = {
        q["key"]: build_field(q, options_by_key.get(q["key"], []), today, earliest)
        for q in questions
    }
    return type("SurveyPageForm", (FlaskForm,), fields)
