"""Small lookups several admin pages share."""

from flask import abort, current_app, request

from survey_app.services import survey_drafts as drafts
from survey_app.services.definitions import question_options
from survey_app.services.reference_editing import all_channels


def survey_or_404(slug: str):
    survey = drafts.survey_by_slug(slug)
    if survey is None:
        abort(404)
    return survey


def channel_choices(extra: list[str] | tuple = ()) -> list[tuple[str, str]]:
    """Active channels, plus any inactive ones the definition already names."""
    return [(c.slug, c.name) for c in all_channels() if c.active or c.slug in extra]


def base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def describe_condition(definition, condition) -> str:
    if "channel_in" in condition:
        return "the channel is " + " or ".join(condition["channel_in"])
    _page, question = drafts.find_question(definition, condition["question"])
    if question is None:
        return f"question {condition['question']} is answered " + " or ".join(condition["in"])
    labels = {o["value"]: o["label"] for o in question_options(question)}
    name = question.get("summary") or question["text"]
    return f"{name} is " + " or ".join(labels.get(v, v) for v in condition["in"])
