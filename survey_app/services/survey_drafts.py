"""Editing a survey's draft definition, and publishing, closing and reopening surveys.

An admin's changes go into ``Survey.draft_definition``. Publishing validates the draft and
copies it into a new ``SurveyVersion``; a published version is never changed, so every
response keeps the questions it answered.

The editing helpers are pure functions that take a definition and return a changed copy;
``save_draft`` stores one and records the change in the audit trail.
"""

import copy
import re
from datetime import date
from typing import Any

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.services.audit import add_event
from survey_app.services.definitions import DefinitionError, validate_definition
from survey_app.services.surveys import publish_version
from survey_app.services.transactions import transaction

DEFAULT_RETENTION_DAYS = 730


class SurveyStateError(ValueError):
    """The action does not fit the survey's state, e.g. reopening one never published."""


def survey_by_slug(slug: str) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def all_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).order_by(Survey.title, Survey.slug)))


def editable_definition(survey: Survey) -> dict[str, Any]:
    """A copy of the draft, or of the published version when nothing has changed yet."""
    source = survey.draft_definition
    if source is None and survey.current_version is not None:
        source = survey.current_version.definition
    return copy.deepcopy(source or {})


def has_unpublished_changes(survey: Survey) -> bool:
    return survey.draft_definition is not None


def draft_problems(definition: dict[str, Any]) -> list[str]:
    try:
        validate_definition(definition)
    except DefinitionError as error:
        return error.problems
    return []


def create_survey_draft(slug: str, title: str, channels: list[str]) -> Survey:
    """A new survey with an empty draft; residents see nothing until it is published."""
    if survey_by_slug(slug) is not None:
        raise ValueError(f"A survey with the ID {slug} already exists")
    definition = {
        "id": slug,
        "title": title,
        "languages": ["en"],
        "retention_days": DEFAULT_RETENTION_DAYS,
        "channels": channels,
        "pages": [],
    }
    return _create(definition, "survey.created")


def create_survey_from_definition(definition: dict[str, Any]) -> Survey:
    """A new survey whose draft is an imported, already validated definition."""
    if survey_by_slug(definition["id"]) is not None:
        raise ValueError(
            f"A survey with the ID {definition['id']} already exists. "
            "Open it and import the file there to replace its draft"
        )
    return _create(copy.deepcopy(definition), "survey.imported")


def _create(definition: dict[str, Any], action: str) -> Survey:
    survey = Survey(
        slug=definition["id"],
        title=definition["title"],
        status="draft",
        retention_days=definition.get("retention_days", DEFAULT_RETENTION_DAYS),
        draft_definition=definition,
    )
    with transaction():
        db.session.add(survey)
        add_event(action, survey.slug)
    return survey


def save_draft(
    survey: Survey, definition: dict[str, Any], change: str, *, action: str = "survey.draft_edited"
) -> None:
    """Store the edited definition as the draft; ``change`` says what changed, for the audit."""
    with transaction():
        # A new dict, so SQLAlchemy sees the JSON column change.
        survey.draft_definition = copy.deepcopy(definition)
        add_event(action, f"{survey.slug}: {change}")


def discard_draft(survey: Survey) -> None:
    """Throw away unpublished changes and go back to the published version."""
    if survey.current_version is None:
        raise SurveyStateError(
            "This survey has never been published, so there is nothing to go back to"
        )
    with transaction():
        survey.draft_definition = None
        add_event("survey.draft_edited", f"{survey.slug}: changes discarded")


def publish_draft(survey: Survey) -> int:
    """Validate the draft and publish it as a new version; return the version number.

    A survey still in draft opens when first published; a closed survey stays closed.
    """
    definition = editable_definition(survey)
    if not has_unpublished_changes(survey):
        raise SurveyStateError("There are no changes to publish")
    validate_definition(definition)
    with transaction():
        version = publish_version(survey, definition)
        survey.title = definition["title"]
        survey.retention_days = definition.get("retention_days", DEFAULT_RETENTION_DAYS)
        survey.draft_definition = None
        if survey.status == "draft":
            survey.status = "open"
        db.session.flush()
        add_event("survey.published", f"{survey.slug} version {version.version}")
    return version.version


def set_schedule(survey: Survey, opens_on: date | None, closes_on: date | None) -> None:
    """When an open survey takes answers: from ``opens_on`` up to ``closes_on`` (council dates,
    both included; either may be empty). Not part of the definition, so it needs no new
    version and takes effect at once."""
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyStateError("The closing date must be on or after the opening date")
    with transaction():
        survey.opens_on, survey.closes_on = opens_on, closes_on
        add_event(
            "survey.scheduled",
            f"{survey.slug}: opens {opens_on.isoformat() if opens_on else 'any time'}, "
            f"closes {closes_on.isoformat() if closes_on else 'never'}",
        )


def set_survey_status(survey: Survey, status: str) -> None:
    """Close an open survey, or reopen a closed one."""
    if status == "closed" and survey.status != "open":
        raise SurveyStateError("Only an open survey can be closed")
    if status == "open" and (survey.status != "closed" or survey.current_version is None):
        raise SurveyStateError("Only a closed survey that has been published can be reopened")
    with transaction():
        survey.status = status
        add_event("survey.closed" if status == "closed" else "survey.reopened", survey.slug)


def record_export(survey: Survey, file_format: str) -> None:
    with transaction():
        add_event("survey.exported", f"{survey.slug} as {file_format}")


# Pure editing helpers: each takes a definition and returns a changed copy.


def with_settings(
    definition: dict[str, Any],
    *,
    title: str,
    retention_days: int,
    channels: list[str],
    equality_questions: list[str],
) -> dict[str, Any]:
    changed = copy.deepcopy(definition)
    changed["title"] = title
    changed["retention_days"] = retention_days
    changed["channels"] = channels
    if equality_questions:
        changed["equality_questions"] = equality_questions
    else:
        changed.pop("equality_questions", None)
    return changed


def find_question(definition: dict[str, Any], key: str):
    """``(page, question)`` for a question key, or ``(None, None)``."""
    for page in definition.get("pages", []):
        for question in page["questions"]:
            if question["key"] == key:
                return page, question
    return None, None


def page_key_for(definition: dict[str, Any], question_key: str) -> str:
    """A page key made from the question key that no other page uses."""
    base = question_key.replace("_", "-")[:60]
    taken = {page["key"] for page in definition.get("pages", [])}
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def with_question(
    definition: dict[str, Any],
    question: dict[str, Any],
    *,
    original_key: str | None,
    page_key: str | None,
) -> dict[str, Any]:
    """Add a question, or replace the one called ``original_key``.

    ``page_key`` names the page to put it on. None means a page of its own: a new question
    goes on a new page at the end; an edited question that shares a page moves to a new
    page just after it, and one already alone stays where it is.
    """
    changed = copy.deepcopy(definition)
    pages = changed.setdefault("pages", [])
    old_page, old_question = find_question(changed, original_key) if original_key else (None, None)
    position = len(pages)
    if old_question is not None:
        alone = len(old_page["questions"]) == 1
        if page_key == old_page["key"] or (page_key is None and alone):
            old_page["questions"][old_page["questions"].index(old_question)] = question
            return changed
        position = pages.index(old_page) + 1
        old_page["questions"].remove(old_question)
        if not old_page["questions"]:
            pages.remove(old_page)
            position -= 1
    target = next((p for p in pages if p["key"] == page_key), None) if page_key else None
    if target is None:
        new_page = {"key": page_key_for(changed, question["key"]), "questions": [question]}
        pages.insert(position, new_page)
    else:
        target["questions"].append(question)
    return changed


def without_question(definition: dict[str, Any], key: str) -> dict[str, Any]:
    """Remove a question, and its page if it was the only question there."""
    changed = copy.deepcopy(definition)
    page, question = find_question(changed, key)
    if question is not None:
        page["questions"].remove(question)
        if not page["questions"]:
            changed["pages"].remove(page)
            for translation in changed.get("translations", {}).values():
                translation.get("pages", {}).pop(page["key"], None)
        # Its translations go with it: a translation of nothing would still be published.
        for translation in changed.get("translations", {}).values():
            translation.get("questions", {}).pop(key, None)
    return changed


def with_question_moved(definition: dict[str, Any], key: str, direction: int) -> dict[str, Any]:
    """Move a question one place up (-1) or down (+1).

    Within a page it swaps with its neighbour; at the edge of its page the whole page moves,
    because the pages are what a resident steps through.
    """
    changed = copy.deepcopy(definition)
    page, question = find_question(changed, key)
    if question is None:
        return changed
    questions = page["questions"]
    index = questions.index(question)
    if 0 <= index + direction < len(questions):
        questions[index], questions[index + direction] = questions[index + direction], question
        return changed
    pages = changed["pages"]
    position = pages.index(page)
    if 0 <= position + direction < len(pages):
        pages[position], pages[position + direction] = pages[position + direction], page
    return changed


def with_page(
    definition: dict[str, Any], page_key: str, *, title: str, channels: list[str]
) -> dict[str, Any]:
    changed = copy.deepcopy(definition)
    page = next((p for p in changed.get("pages", []) if p["key"] == page_key), None)
    if page is None:
        raise KeyError(page_key)
    for name, value in (("title", title), ("channels", channels)):
        if value:
            page[name] = value
        else:
            page.pop(name, None)
    return changed


_QUESTION_PROBLEM = re.compile(r"^Question (?:key )?'([^']+)'")
_PAGE_PROBLEM = re.compile(r"^Page (?:key )?'([^']+)'")
_SCHEMA_PATH = re.compile(r"^pages/(\d+)(?:/questions/(\d+))?")


def problem_anchor(definition: dict[str, Any], problem: str) -> str:
    """Where on the survey page a problem can be fixed, as a fragment id."""
    pages = definition.get("pages", [])
    if match := _QUESTION_PROBLEM.match(problem):
        return f"#question-{match.group(1)}"
    if match := _PAGE_PROBLEM.match(problem):
        return f"#page-{match.group(1)}"
    if match := _SCHEMA_PATH.match(problem):
        page_index, question_index = int(match.group(1)), match.group(2)
        if page_index < len(pages):
            page = pages[page_index]
            questions = page.get("questions") or []
            if question_index is not None and int(question_index) < len(questions):
                key = questions[int(question_index)].get("key")
                if isinstance(key, str):
                    return f"#question-{key}"
            if isinstance(page.get("key"), str):
                return f"#page-{page['key']}"
    if problem.startswith("pages:"):
        return "#questions"
    return "#settings"


# What publishing changes ----------------------------------------------------------------


def published_keys(survey: Survey) -> set[str]:
    """Every question key any published version of the survey has asked. Such a key names
    answers already given: renaming it would split one question's results in two."""
    return {
        question["key"]
        for version in survey.versions
        for page in version.definition.get("pages", [])
        for question in page.get("questions", [])
    }


def _questions(definition: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {
        question["key"]: (page, question)
        for page in definition.get("pages", [])
        for question in page.get("questions", [])
    }


def asked_on(
    definition: dict[str, Any], page: dict[str, Any], question: dict[str, Any]
) -> list[str]:
    """The channels a question is really asked on: the survey's, narrowed by its page's and
    its own (a question on a phone-only page is asked on the phone only)."""
    channels = list(definition.get("channels", []))
    for limit in (page.get("channels"), question.get("channels")):
        if limit:
            channels = [slug for slug in channels if slug in limit]
    return channels


def _options(question: dict[str, Any]) -> dict[str, str]:
    return {option["value"]: option.get("label", "") for option in question.get("options", [])}


def definition_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list]:
    """What a new version changes since ``old`` (None: nothing published yet), in groups:
    settings, questions added, removed, reworded, with options changed, and asked on other
    channels. Each entry is a plain dict the publish page lists."""
    old = old or {}
    before, after = _questions(old), _questions(new)
    changes: dict[str, list] = {
        "settings": [],
        "added": [],
        "removed": [],
        "reworded": [],
        "options": [],
        "channels": [],
        "other": [],
    }
    for name, label in (
        ("title", "Title"),
        ("retention_days", "Days responses are kept"),
        ("channels", "Channels"),
        ("equality_questions", "Equality questions"),
    ):
        if old and old.get(name) != new.get(name):
            before_value, after_value = old.get(name), new.get(name)
            change = {"label": label, "before": before_value, "after": after_value}
            if name in ("channels", "equality_questions"):
                # A list reads better as what came and went than as two long lists.
                was, now = before_value or [], after_value or []
                change["added"] = [item for item in now if item not in was]
                change["removed"] = [item for item in was if item not in now]
            changes["settings"].append(change)
    for key, (page, question) in after.items():
        if key not in before:
            changes["added"].append({"key": key, "text": question.get("text", "")})
            continue
        old_page, old_question = before[key]
        if old_question.get("text") != question.get("text") or old_question.get(
            "hint"
        ) != question.get("hint"):
            changes["reworded"].append(
                {
                    "key": key,
                    "before": old_question.get("text", ""),
                    "after": question.get("text", ""),
                    "hint_changed": old_question.get("hint") != question.get("hint"),
                }
            )
        old_options, new_options = _options(old_question), _options(question)
        if old_options != new_options:
            changes["options"].append(
                {
                    "key": key,
                    "text": question.get("text", ""),
                    "added": [new_options[v] or v for v in new_options if v not in old_options],
                    "removed": [old_options[v] or v for v in old_options if v not in new_options],
                    "relabelled": [
                        (old_options[v], new_options[v])
                        for v in new_options
                        if v in old_options and old_options[v] != new_options[v]
                    ],
                }
            )
        was, now = asked_on(old, old_page, old_question), asked_on(new, page, question)
        if was != now:
            changes["channels"].append({"key": key, "before": was, "after": now})
        compared = {"text", "hint", "options", "channels", "key"}
        if {k: v for k, v in old_question.items() if k not in compared} != {
            k: v for k, v in question.items() if k not in compared
        }:
            changes["other"].append({"key": key, "text": question.get("text", "")})
    for key, (_page, question) in before.items():
        if key not in after:
            changes["removed"].append({"key": key, "text": question.get("text", "")})
    return changes
