"""Survey definitions: loading, validation against the schema, and the fixed scales.

A definition is plain data (YAML or JSON). This module checks it twice: against the JSON
schema for shape, then for meaning (unique keys, options where they are needed, conditions
that refer to earlier questions), and explains every problem in words an admin can act on.
"""

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DEFINITIONS_DIR = Path(__file__).resolve().parent.parent / "definitions"

SATISFACTION_OPTIONS = [
    {"value": "very_satisfied", "label": "Very satisfied"},
    {"value": "fairly_satisfied", "label": "Fairly satisfied"},
    {"value": "neither", "label": "Neither satisfied nor dissatisfied"},
    {"value": "fairly_dissatisfied", "label": "Fairly dissatisfied"},
    {"value": "very_dissatisfied", "label": "Very dissatisfied"},
    {"value": "dont_know", "label": "Don't know", "divider_before": True},
]
YES_NO_OPTIONS = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
CHOICE_TYPES = {"single_choice", "multiple_choice", "satisfaction", "yes_no"}


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` lists every reason in plain words."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _schema() -> dict[str, Any]:
    return json.loads((DEFINITIONS_DIR / "schema.json").read_text())


def parse_definition(text: str) -> dict[str, Any]:
    """Read YAML or JSON text (JSON is YAML) into a validated definition."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DefinitionError([f"The file is not valid YAML or JSON: {error}"]) from error
    validate_definition(data)
    return data


def load_definition_file(path: Path) -> dict[str, Any]:
    return parse_definition(path.read_text(encoding="utf-8"))


def _schema_problem(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "the definition"
    return f"{where}: {error.message}"


def validate_definition(data: Any) -> None:
    """Raise ``DefinitionError`` listing every problem; return quietly if it is usable."""
    if not isinstance(data, dict):
        raise DefinitionError(["The definition must be a mapping with id, title and pages"])
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [_schema_problem(e) for e in sorted(validator.iter_errors(data), key=str)]
    if problems:
        raise DefinitionError(problems)
    problems = list(_meaning_problems(data))
    if problems:
        raise DefinitionError(problems)


def _meaning_problems(data: dict[str, Any]):
    equality = set(data.get("equality_questions", []))
    if equality & {"gender_identity", "sexual_orientation"} and "age_band" not in equality:
        yield (
            "equality_questions must include age_band to ask gender_identity or "
            "sexual_orientation, because those are only asked of people aged 16 or over"
        )
    page_keys: set[str] = set()
    seen_questions: dict[str, dict[str, Any]] = {}
    survey_channels = set(data["channels"])
    for page in data["pages"]:
        if page["key"] in page_keys:
            yield f"Page key '{page['key']}' is used more than once"
        page_keys.add(page["key"])
        if len(page["questions"]) > 1 and not page.get("title"):
            yield f"Page '{page['key']}' has several questions, so it needs a title"
        for channel in page.get("channels", []):
            if channel not in survey_channels:
                yield (
                    f"Page '{page['key']}' is limited to channel '{channel}', "
                    "which the survey does not cover"
                )
        for condition in page.get("show_if", []):
            if "question" in condition:
                earlier = seen_questions.get(condition["question"])
                if earlier is None:
                    yield (
                        f"Page '{page['key']}' depends on question '{condition['question']}', "
                        "which is not asked on an earlier page"
                    )
                elif earlier["type"] in CHOICE_TYPES:
                    allowed = {o["value"] for o in question_options(earlier)}
                    for value in condition["in"]:
                        if value not in allowed:
                            yield (
                                f"Page '{page['key']}' depends on answer '{value}', which is "
                                f"not an option of question '{condition['question']}'"
                            )
        for question in page["questions"]:
            yield from _question_problems(question, seen_questions)
            seen_questions[question["key"]] = question


def _question_problems(question: dict[str, Any], seen: dict[str, Any]):
    key, kind = question["key"], question["type"]
    if key in seen:
        yield f"Question key '{key}' is used more than once"
    if kind in ("single_choice", "multiple_choice"):
        if not question.get("options") and not question.get("options_from"):
            yield f"Question '{key}' has no options"
        values = [o["value"] for o in question.get("options", [])]
        if len(values) != len(set(values)):
            yield f"Question '{key}' has the same option value more than once"
    elif question.get("options") or question.get("options_from"):
        yield f"Question '{key}' is a {kind.replace('_', ' ')} question, so it cannot have options"
    bounds = question.get("min"), question.get("max")
    if kind == "number" and None not in bounds and bounds[0] > bounds[1]:
        yield f"Question '{key}' has a minimum above its maximum"
    if kind == "text" and "max_length" not in question:
        yield f"Question '{key}' is free text, so it needs a max_length"


def question_options(
    question: dict[str, Any], services: list[dict[str, str]] | None = None
) -> list[dict[str, Any]]:
    """The options a resident chooses from, whatever the question type, in the language of
    the question (see ``localise``)."""
    kind = question["type"]
    if kind == "satisfaction":
        options = SATISFACTION_OPTIONS
    elif kind == "yes_no":
        options = YES_NO_OPTIONS
    elif question.get("options_from") == "services":
        options = [{"value": s["slug"], "label": s["name"]} for s in (services or [])]
    else:
        options = question.get("options", [])
    labels = question.get("option_labels")
    if labels is None:
        return options
    return [{**o, "label": labels.get(o["value"]) or InEnglish(o["label"])} for o in options]


def iter_questions(definition: dict[str, Any]):
    for page in definition["pages"]:
        yield from page["questions"]


def standard_definition_paths() -> list[Path]:
    return sorted(p for p in DEFINITIONS_DIR.glob("*.yaml") if p.name != "reference_data.yaml")


class InEnglish(str):
    """Text shown in English because the definition has no translation of it: the page
    marks it ``lang="en"`` so a screen reader switches voice."""


# The texts of a question and a page that a translation may carry.
QUESTION_TEXTS = ("text", "summary", "hint", "error_required", "suffix")


def translation_languages(definition: dict[str, Any]) -> list[str]:
    """The languages a survey offers: English first, then those it has translations for."""
    return list(dict.fromkeys(["en", *definition.get("languages", [])]))


def localise(definition: dict[str, Any], language: str) -> dict[str, Any]:
    """A copy of a definition with its texts in ``language``.

    Keys, types, conditions and option values are the definition's own, so routes and
    answers do not change with the language. A text without a translation stays English,
    as ``InEnglish``. English returns the definition itself.
    """
    if language == "en":
        return definition
    translation = definition.get("translations", {}).get(language, {})
    questions = translation.get("questions", {})
    pages = translation.get("pages", {})
    localised = copy.deepcopy({k: v for k, v in definition.items() if k != "translations"})
    localised["title"] = translation.get("title") or InEnglish(definition["title"])
    for page in localised["pages"]:
        if page.get("title"):
            page["title"] = pages.get(page["key"]) or InEnglish(page["title"])
        for question in page["questions"]:
            words = questions.get(question["key"], {})
            for name in QUESTION_TEXTS:
                if question.get(name):
                    question[name] = words.get(name) or InEnglish(question[name])
            # question_options applies these to every kind of option, built in ones too.
            question["option_labels"] = dict(words.get("options", {}))
    return localised
