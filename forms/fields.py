"""Fields whose error messages follow GOV.UK wording and never echo WTForms defaults."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import Field, IntegerField, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError


def choices_from(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class _ItemsMixin:
    """Adds the GOV.UK "or" divider and per-option hints, and drops an empty hint."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        dividers = getattr(field, "dividers_before", set())
        hints = getattr(field, "option_hints", {})
        items = []
        for item in params["items"]:
            if item["value"] in dividers:
                items.append({"divider": "or"})
            if item["value"] in hints:
                item["hint"] = {"text": hints[item["value"]]}
            items.append(item)
        params["items"] = items
        if not (params.get("hint") or {}).get("text"):
            params.pop("hint", None)
        return params


class QuestionRadioInput(_ItemsMixin, GovRadioInput):
    pass


class QuestionCheckboxesInput(_ItemsMixin, GovCheckboxesInput):
    pass


class QuestionDateInput(GovDateInput):
    """The date widget without ``required`` on its wrapping ``<div>``, where HTML forbids it.

    govuk-frontend-wtf copies the field's ``required`` flag into the attributes of the
    ``govuk-date-input`` div; the Nu HTML checker rejects it there. The error summary and
    message already tell a resident the date is needed.
    """

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["attributes"].pop("required", None)
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

    widget = GovTextInput()

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
    """

    widget = QuestionDateInput()

    def __init__(self, *args, thing="Date", required_message=None, past_only=False, **kwargs):
        self.thing = thing
        self.required_message = required_message or f"Enter the {thing.lower()}"
        self.past_only = past_only
        self.today = kwargs.pop("today", None) or date.today()
        super().__init__(*args, **kwargs)

    def _value(self):
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            # Nothing sent for this date: treat it like a form that never had the boxes, so
            # neither validation nor the widget tries to split an empty list into three.
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
        self.data = value


def reject_control_characters(form, field):
    """Free text may hold any language, but not invisible control characters."""
    text = field.data or ""
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
        raise ValidationError("Remove any unusual characters from your answer")
