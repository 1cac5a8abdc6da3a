"""Which pages a resident sees, in what order, and which answers count.

Pure functions of a definition, a channel and the answers so far, so that Back, Change
and Check your answers all agree on one route through the survey.
"""

from typing import Any


def _page_applies(page: dict[str, Any], channel: str, answers: dict[str, Any]) -> bool:
    if "channels" in page and channel not in page["channels"]:
        return False
    conditions = page.get("show_if")
    if conditions and not any(_condition_holds(c, channel, answers) for c in conditions):
        return False
    return any(question_applies(q, channel) for q in page["questions"])


def _condition_holds(condition: dict[str, Any], channel: str, answers: dict[str, Any]) -> bool:
    if "channel_in" in condition:
        return channel in condition["channel_in"]
    answer = answers.get(condition["question"])
    chosen = answer if isinstance(answer, list) else [answer]
    return any(value in condition["in"] for value in chosen)


def question_applies(question: dict[str, Any], channel: str) -> bool:
    return "channels" not in question or channel in question["channels"]


def page_questions(page: dict[str, Any], channel: str) -> list[dict[str, Any]]:
    return [q for q in page["questions"] if question_applies(q, channel)]


def route(definition: dict[str, Any], channel: str, answers: dict[str, Any]) -> list[dict]:
    """The pages this resident sees, given what they have answered so far.

    Pages are walked in order and a condition only sees answers from pages already on the
    route, so an answer left over from a branch the resident has since left never counts.
    """
    pages, live_answers = [], {}
    for page in definition["pages"]:
        if _page_applies(page, channel, live_answers):
            pages.append(page)
            for question in page["questions"]:
                if question["key"] in answers:
                    live_answers[question["key"]] = answers[question["key"]]
    return pages


def find_page(definition: dict[str, Any], page_key: str) -> dict[str, Any] | None:
    return next((p for p in definition["pages"] if p["key"] == page_key), None)


def next_page_key(definition, channel, answers, current_key: str) -> str | None:
    """The first page on the route after ``current_key`` (None means Check your answers)."""
    keys = [p["key"] for p in route(definition, channel, answers)]
    if current_key not in keys:
        return keys[0] if keys else None
    index = keys.index(current_key)
    return keys[index + 1] if index + 1 < len(keys) else None


def previous_page_key(definition, channel, answers, current_key: str) -> str | None:
    keys = [p["key"] for p in route(definition, channel, answers)]
    if current_key not in keys or keys.index(current_key) == 0:
        return None
    return keys[keys.index(current_key) - 1]


def first_unanswered_page(definition, channel, answers) -> str | None:
    """The first page on the route with a required question still unanswered."""
    for page in route(definition, channel, answers):
        for question in page_questions(page, channel):
            if question.get("required", True) and question["key"] not in answers:
                return page["key"]
    return None


def answers_on_route(definition, channel, answers) -> dict[str, Any]:
    """Only the answers to questions this resident was actually asked.

    An answer left behind by a branch the resident later changed (for example a reason for
    not using the website, then changing to "Yes") is dropped, not stored.
    """
    keys = {
        q["key"]
        for page in route(definition, channel, answers)
        for q in page_questions(page, channel)
    }
    return {k: v for k, v in answers.items() if k in keys and v not in (None, "", [])}
