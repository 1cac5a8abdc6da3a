"""Fields whose error messages follow GOV.UK wording and never echo WTForms defaults."""

import re
from datetime import date, time

from flask_babel import gettext
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from markupsafe import Markup
from wtforms import Field, IntegerField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError


def choices_from(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class _InTheResidentsLanguage:
    """GOV.UK Frontend's own words on a widget, through the catalogues: the hidden "Error"
    before an error message, a date's Day, Month and Year, a character count's messages and
    the "or" before "Prefer not to say". Staff pages are in English, so they see English."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"] = {
                **params["errorMessage"],
                "visuallyHiddenText": gettext("Error"),
            }
        return params


class _ItemsMixin(_InTheResidentsLanguage):
    """Adds the GOV.UK "or" divider and per-option hints, and drops an empty hint.

    A template can pass ``params={"conditionals": {value: html}}`` to reveal content (such
    as a write-in text box) under an option when it is chosen.
    """

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        dividers = getattr(field, "dividers_before", set())
        hints = getattr(field, "option_hints", {})
        conditionals = params.pop("conditionals", None) or {}
        items = []
        for item in params["items"]:
            if item["value"] in dividers:
                items.append({"divider": gettext("or")})
            if item["value"] in hints:
                item["hint"] = {"text": hints[item["value"]]}
            if item["value"] in conditionals:
                item["conditional"] = {"html": conditionals[item["value"]]}
            items.append(item)
        params["items"] = items
        if not (params.get("hint") or {}).get("text"):
            params.pop("hint", None)
        return params


def _frozen(value):
    """A hashable copy of widget params that keeps Markup apart from plain text."""
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple | set):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Markup):
        return ("markup", str(value))
    return value


# Rendered radios and checkboxes by their exact params, per process. The GOV.UK macros are
# the dearest part of a survey page, and a question has few states: which options are
# chosen, and which error shows. Params holding a conditional reveal (a write-in box with
# what a person typed) are never kept. Bounded (emptied when full) and emptied by
# survey_app.caching.clear_caches(); forms/ imports nothing from survey_app, so this one
# cache lives here. It saves about 9% of a survey page's CPU (bench/RESULTS.md).
_RENDERED: dict[tuple, Markup] = {}
_RENDERED_KEPT = 2048


def forget_rendered_choices() -> None:
    _RENDERED.clear()


class _MemoisedChoices:
    """Keeps what govuk-frontend-wtf's ``render(params)`` returns for each state.

    The widgets' ``__call__`` is ``self.render(self.map_gov_params(field, **kwargs))``;
    tests/forms/test_widget_rendering.py fails if the library stops rendering that way.
    """

    def render(self, params):
        if any("conditional" in item for item in params.get("items", [])):
            return super().render(params)
        key = (self.template, _frozen(params))
        rendered = _RENDERED.get(key)
        if rendered is None:
            rendered = super().render(params)
            if len(_RENDERED) >= _RENDERED_KEPT:
                _RENDERED.clear()
            _RENDERED[key] = rendered
        return rendered


class QuestionRadioInput(_MemoisedChoices, _ItemsMixin, GovRadioInput):
    pass


class QuestionCheckboxesInput(_MemoisedChoices, _ItemsMixin, GovCheckboxesInput):
    pass


class QuestionTextInput(_InTheResidentsLanguage, GovTextInput):
    pass


class QuestionCharacterCount(_InTheResidentsLanguage, GovCharacterCount):
    """The count's messages, shown and announced as a resident types, in their language."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault(
            "textareaDescriptionText", gettext("You can enter up to %{count} characters")
        )
        params.setdefault(
            "charactersUnderLimitText",
            {
                "one": gettext("You have %{count} character remaining"),
                "other": gettext("You have %{count} characters remaining"),
            },
        )
        params.setdefault("charactersAtLimitText", gettext("You have 0 characters remaining"))
        params.setdefault(
            "charactersOverLimitText",
            {
                "one": gettext("You have %{count} character too many"),
                "other": gettext("You have %{count} characters too many"),
            },
        )
        return params


class QuestionDateInput(_InTheResidentsLanguage, GovDateInput):
    """The date widget without ``required`` on its wrapping ``<div>``, where HTML forbids it.

    govuk-frontend-wtf copies the field's ``required`` flag into the attributes of the
    ``govuk-date-input`` div; the Nu HTML checker rejects it there. The error summary and
    message already tell a resident the date is needed.
    """

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["attributes"].pop("required", None)
        for item, label in zip(
            params["items"], (gettext("Day"), gettext("Month"), gettext("Year")), strict=True
        ):
            item["label"] = label
        return params


class GovRadioField(RadioField):
    """Radios that reject a forged value with the question's own message."""

    widget = QuestionRadioInput()

    def __init__(self, *args, invalid_message="Select one of the options", **kwargs):
        self.invalid_message = invalid_message
        self.dividers_before = kwargs.pop("dividers_before", set())
        self.option_hints = kwargs.pop("option_hints", {})
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.data is not None and self.data not in {c.value for c in self.choices}:
            raise StopValidation(self.invalid_message)


class GovCheckboxesField(SelectMultipleField):
    widget = QuestionCheckboxesInput()

    def __init__(self, *args, invalid_message="Select from the options given", **kwargs):
        self.invalid_message = invalid_message
        self.dividers_before = kwargs.pop("dividers_before", set())
        self.option_hints = kwargs.pop("option_hints", {})
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        allowed = {c.value for c in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise StopValidation(self.invalid_message)


class GovIntegerField(IntegerField):
    """A whole number typed by a person: spaces and commas are forgiven."""

    widget = QuestionTextInput()

    def __init__(self, *args, invalid_message="Enter a whole number, like 3", **kwargs):
        self.invalid_message = invalid_message
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.raw_data = valuelist
        text = valuelist[0].strip().replace(",", "").replace(" ", "")
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None


class GovDateField(Field):
    """Day, month and year boxes with the GOV.UK date error messages.

    ``thing`` names the date in messages ("Date of contact must be a real date").
    ``earliest`` is the first day accepted: a contact cannot come before the survey or the
    review that asks about it could exist.
    """

    widget = QuestionDateInput()

    def __init__(
        self,
        *args,
        thing="Date",
        required_message=None,
        past_only=False,
        earliest: date | None = None,
        **kwargs,
    ):
        self.thing = thing
        self.required_message = required_message or f"Enter the {thing.lower()}"
        self.past_only = past_only
        self.earliest = earliest
        self.today = kwargs.pop("today", None) or date.today()
        super().__init__(*args, **kwargs)

    def _value(self):
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            # Not in the submitted data (e.g. a GET filter form sent without it): treat as
            # unanswered rather than as three empty boxes the widget cannot unpack.
            self.raw_data = None
            return
        parts = [(value or "").strip() for value in valuelist[:3]]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        self.data = None

    def pre_validate(self, form):
        if self.raw_data is None:
            if self.data is None and self.flags.required:
                raise StopValidation(self.required_message)
            return
        day, month, year = self.raw_data
        if not (day or month or year):
            if self.flags.required:
                raise StopValidation(self.required_message)
            return
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise StopValidation(f"{self.thing} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise StopValidation(f"{self.thing} must be a real date")
        if len(year) != 4:
            raise StopValidation("Year must include 4 numbers")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise StopValidation(f"{self.thing} must be a real date") from None
        if self.past_only and value > self.today:
            raise StopValidation(f"{self.thing} must be today or in the past")
        if self.earliest and value < self.earliest:
            earliest = f"{self.earliest.day} {self.earliest:%B %Y}"
            raise StopValidation(f"{self.thing} must be on or after {earliest}")
        self.data = value


def reject_control_characters(form, field):
    """Free text may hold any language, but not invisible control characters."""
    text = field.data or ""
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
        raise ValidationError("Remove any unusual characters from your answer")


TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class GovTimeField(StringField):
    """A time of day typed in one box: 14:30, 9:05, 2:30pm or 2pm."""

    widget = GovTextInput()
    time_data: time | None = None

    def __init__(self, *args, thing="Time", **kwargs):
        self.thing = thing
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.time_data = None
        text = (self.data or "").strip().lower().replace(" ", "")
        self.data = text
        if not text:
            return
        match = TIME_PATTERN.match(text)
        problem = ValueError(f"{self.thing} must be a real time, like 9:30am or 14:30")
        if not match:
            raise problem
        hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
        if half:
            if not 1 <= hour <= 12:
                raise problem
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise problem
        self.time_data = time(hour, minute)


def time_text(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        date(2000, number, 1).strftime("%B").lower(),
        date(2000, number, 1).strftime("%b").lower(),
    )
}


class MonthInput(GovDateInput):
    """GOV.UK's date input with only its month and year boxes (and, as ``QuestionDateInput``,
    no ``required`` on the wrapping ``<div>``)."""

    def map_gov_params(self, field, **kwargs):
        # GovDateInput's own mapping unpacks three boxes; only the shared part is wanted.
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        params.get("attributes", {}).pop("required", None)
        month, year = field.raw_data or (None, None)
        if field.raw_data is None and field.data:
            month, year = str(field.data.month), str(field.data.year)
        error = " govuk-input--error" if field.errors else ""
        params["items"] = [
            {
                "label": "Month",
                "id": f"{field.name}-month",
                "name": field.name,
                "classes": f"govuk-input--width-2{error}",
                "value": month,
            },
            {
                "label": "Year",
                "id": f"{field.name}-year",
                "name": field.name,
                "classes": f"govuk-input--width-4{error}",
                "value": year,
            },
        ]
        return params


class GovMonthField(Field):
    """A month and a year (``data`` is the first day of that month), with GOV.UK messages.

    Also reads a date written the older ways, so shared links keep working: day, month and
    year boxes (``start=15&start=3&start=2026``) or one ISO date (``start=2026-03-15``),
    each taken as its month.
    """

    widget = MonthInput()

    def __init__(self, *args, thing="Month", **kwargs):
        self.thing = thing
        super().__init__(*args, **kwargs)

    def _value(self):
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist:
            self.raw_data = None
            return
        parts = [(value or "").strip() for value in valuelist[:3]]
        if len(parts) == 1 and re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?", parts[0]):
            year, month = parts[0].split("-")[:2]
            parts = [month, year]
        elif len(parts) == 3:
            parts = parts[1:]  # an older link's day is dropped: periods are whole months
        parts += [""] * (2 - len(parts))
        self.raw_data = parts

    def pre_validate(self, form):
        if self.raw_data is None:
            return
        month, year = self.raw_data
        if not (month or year):
            return
        if not month:
            raise StopValidation(f"{self.thing} must include a month")
        if not year:
            raise StopValidation(f"{self.thing} must include a year")
        digits = month.isascii() and month.isdigit() and len(month) <= 2
        number = MONTH_NAMES.get(month.lower()) or (int(month) if digits else None)
        if number is None or not 1 <= number <= 12 or not (year.isascii() and year.isdigit()):
            raise StopValidation(f"{self.thing} must be a real month")
        if len(year) != 4:
            raise StopValidation("Year must include 4 numbers")
        if int(year) < 1900:
            raise StopValidation(f"{self.thing} must be a real month")
        self.data = date(int(year), number, 1)
