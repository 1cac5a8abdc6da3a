"""Turn question definitions and stored answers into what the templates show."""

from dataclasses import replace
from datetime import date
from typing import Any

from flask import get_template_attribute
from flask_babel import format_date, get_locale, get_translations, gettext
from markupsafe import Markup

from survey_app.services.definitions import QUESTION_TEXTS, InEnglish, question_options
from survey_app.services.reference import channel_text


def shown(text: Any) -> Any:
    """Text as a page shows it: text without a translation is marked as English."""
    if isinstance(text, InEnglish):
        return Markup(get_template_attribute("_macros.html", "in_english")(str(text)))  # noqa: S704
    return text


def in_language(text: str) -> str:
    """Interface text kept in code (the equality questions), from the catalogues; a text the
    catalogue has no translation for stays English, as ``InEnglish``."""
    if not text or str(get_locale()) == "en":
        return text
    # Whether the catalogue has the text, not whether its translation differs: "Sikh" is
    # "Sikh" in Romanian too. (gettext's own ``_catalog``: it has no public lookup.)
    if text not in getattr(get_translations(), "_catalog", {}):
        return InEnglish(text)
    return gettext(text)


def shown_equality_page(page):
    """An equality page in the resident's language, English fallbacks marked (``shown``).

    The wording is the ONS Census 2021 / GSS harmonised wording; the catalogues hold its draft
    translations. Codes, columns and routing do not change with the language."""

    def words(text):
        return shown(in_language(text))

    write_in = page.write_in
    if write_in is not None:
        write_in = replace(write_in, label=words(write_in.label), thing=in_language(write_in.thing))
    return replace(
        page,
        text=words(page.text),
        hint=words(page.hint),
        invalid_message=in_language(page.invalid_message),
        options=[(value, words(label)) for value, label in page.options],
        option_hints={value: words(hint) for value, hint in page.option_hints.items()},
        write_in=write_in,
    )


def shown_channel_text(text: str) -> str:
    """A channel's name or description as a resident page shows it: translated while the
    council still uses the shipped English, else English marked ``lang="en"``."""
    language = str(get_locale())
    return shown(channel_text(text, language) or InEnglish(text))


def shown_question(question: dict[str, Any]) -> dict[str, Any]:
    """A localised question with its English fallbacks marked (see ``shown``)."""
    return {
        key: shown(value) if key in QUESTION_TEXTS else value for key, value in question.items()
    }


def shown_options(question: dict[str, Any], services) -> list[dict[str, Any]]:
    return [{**o, "label": shown(o["label"])} for o in question_options(question, services)]


def widget_params(question: dict[str, Any], *, page_heading: bool) -> dict[str, Any]:
    """GOV.UK macro params for one question: legend or label, hint, widths."""
    size = "l" if page_heading else "m"
    hint = {"hint": {"text": question["hint"]}} if question.get("hint") else {}
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice", "satisfaction", "yes_no", "date"):
        params = {
            "fieldset": {
                "legend": {
                    "text": question["text"],
                    "isPageHeading": page_heading,
                    "classes": f"govuk-fieldset__legend--{size}",
                }
            },
            **hint,
        }
        if kind == "yes_no":
            params["classes"] = "govuk-radios--inline"
        return params
    label = {
        "label": {
            "text": question["text"],
            "isPageHeading": page_heading,
            "classes": f"govuk-label--{size}",
        }
    }
    if kind == "text":
        return {**label, **hint, "maxlength": question["max_length"], "rows": 8}
    if kind == "number":
        params = {
            **label,
            **hint,
            "classes": "govuk-input--width-4",
            "inputmode": "numeric",
            "spellcheck": False,
        }
        if question.get("suffix"):
            params["suffix"] = {"text": question["suffix"]}
        return params
    return {**label, **hint}


def to_form_data(questions: list[dict[str, Any]], answers: dict[str, Any]) -> dict[str, Any]:
    """Stored draft answers as the Python values the form fields expect."""
    data = {}
    for question in questions:
        value = answers.get(question["key"])
        if value is None:
            continue
        if question["type"] == "date":
            try:
                value = date.fromisoformat(value)
            except (TypeError, ValueError):
                continue
        data[question["key"]] = value
    return data


def from_form(questions: list[dict[str, Any]], form) -> dict[str, Any]:
    """The validated form's values as JSON-safe draft answers."""
    answers = {}
    for question in questions:
        value = form[question["key"]].data
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        answers[question["key"]] = value
    return answers


def display_answer(question: dict[str, Any], value: Any, services: list[dict[str, str]]) -> str:
    """An answer as a resident reads it on Check your answers."""
    if value in (None, "", []):
        return gettext("Not answered")
    kind = question["type"]
    if kind == "date":
        # Month names in the resident's language: "3 November 2026", "3 نوفمبر 2026".
        return format_date(date.fromisoformat(value), "d MMMM y")
    if kind == "number":
        suffix = question.get("suffix")
        return f"{value} {suffix}" if suffix else str(value)
    if kind == "text":
        return value
    labels = {o["value"]: o["label"] for o in shown_options(question, services)}
    values = value if isinstance(value, list) else [value]
    return Markup("\n").join(labels.get(v, v) for v in values)
