"""A resident who uses only a keyboard completes the survey on every default channel.

Only ``page.keyboard`` moves through and changes the page: Tab, Shift+Tab, the arrow keys,
Space, Enter and typing; no clicks, ``fill`` or ``check``. The test reads the page (which
element has focus, what is selected) but never acts on it any other way. At every stop the
focused element must show a visible focus indicator.
"""

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, Channel, Response
from tests.browser.journey import ANSWERS, on_check_page, page_key, questions_on
from tests.journey_helpers import CHANNELS

MAX_TABS = 80

# What has focus, and whether a person can see that it has: GOV.UK Frontend shows focus
# with a yellow outline, box shadow or background; on radios and checkboxes the input
# itself is invisible and the ring is drawn by its label's ::before.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = (style) => {
    if (!style) return false;
    const transparent = (colour) => colour === "transparent" || /^rgba\\(.*,\\s*0\\)$/.test(colour);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && !transparent(style.outlineColor);
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const yellow = style.backgroundColor === "rgb(255, 221, 0)";
    return outline || shadow || yellow;
  };
  let indicator = shown(getComputedStyle(el));
  if (el.type === "radio" || el.type === "checkbox") {
    const label = document.querySelector(`label[for="${el.id}"]`);
    indicator = !!label && shown(getComputedStyle(label, "::before"));
  }
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    id: el.id,
    name: el.name || "",
    value: el.value || "",
    checked: !!el.checked,
    text: (el.textContent || "").replace(/\\s+/g, " ").trim(),
    classes: el.className || "",
    indicator: indicator,
    onScreen: box.width > 0 && box.height > 0,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_JS)


def assert_focus_visible(where: str, focus: dict | None) -> None:
    assert focus is not None, f"{where}: focus was lost to the page body"
    assert focus["onScreen"], f"{where}: the focused element takes no space: {focus}"
    assert focus["indicator"], f"{where}: no visible focus indicator on {focus}"


def tab_to(page, wanted, what: str, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until ``wanted(focus)`` holds; every stop must show focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focus = focused(page)
        assert_focus_visible(f"{page_key(page)}: tabbing to {what}", focus)
        if wanted(focus):
            return focus
    raise AssertionError(f"{page.url}: {what} never got focus after {MAX_TABS} presses of {key}")


def press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_button(page, text: str) -> None:
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == text, f"the {text} button")
    press_enter_and_wait(page)


def choose_radio(page, name: str, value: str) -> None:
    """Tab into the radio group, then arrow to the option (arrows select as they move)."""
    focus = focused(page)
    if not (focus and focus["type"] == "radio" and focus["name"] == name):
        focus = tab_to(page, lambda f: f["type"] == "radio" and f["name"] == name, name)
    for _ in range(30):
        if focus["value"] == value:
            break
        page.keyboard.press("ArrowDown")
        focus = focused(page)
        assert_focus_visible(f"{name}: arrowing to {value}", focus)
    else:
        raise AssertionError(f"{name}: the option {value} was never reached with the arrows")
    if not focus["checked"]:
        page.keyboard.press("Space")
    assert page.locator(f"input[name='{name}'][value='{value}']").is_checked()


def answer_with_keyboard(page, question: dict, value=None) -> None:
    key, kind = question["key"], question["type"]
    value = ANSWERS[key] if value is None else value
    if kind == "date":
        tab_to(page, lambda f: f["id"] == f"{key}-day", f"{key} day")
        page.keyboard.type(value[0])
        for part in value[1:]:
            page.keyboard.press("Tab")
            page.keyboard.type(part)
    elif kind in ("number", "text"):
        tab_to(page, lambda f: f["id"] == key, key)
        page.keyboard.type(value)
    elif kind == "multiple_choice":
        for option in value:
            tab_to(
                page,
                lambda f, option=option: f["name"] == key and f["value"] == option,
                f"{key} {option}",
            )
            page.keyboard.press("Space")
            assert page.locator(f"input[name='{key}'][value='{option}']").is_checked()
    else:
        choose_radio(page, key, value)


def check_error_summary_takes_focus(page) -> None:
    """Send the service page empty: the error summary gets focus, its link leads to the field."""
    press_button(page, "Continue")
    focus = focused(page)
    assert_focus_visible("the error summary", focus)
    assert "govuk-error-summary" in focus["classes"], f"focus is on {focus}"
    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("Select"), "the error link")
    page.keyboard.press("Enter")
    focus = focused(page)
    assert_focus_visible("after following the error link", focus)
    assert focus["name"] == "service", f"the error link moved focus to {focus}"


def go_back_keeps_the_answer(page, channel: str) -> None:
    """From the date page, Shift+Tab to Back: the previous answer is still selected."""
    page.keyboard.press("Tab")  # into the page, so Shift+Tab has somewhere to come back from
    tab_to(page, lambda f: f["id"] == "contact_date-day", "the day box")
    tab_to(page, lambda f: f["text"] == "Back", "the Back link", key="Shift+Tab")
    press_enter_and_wait(page)
    assert page_key(page) == "contact-reason"
    checked = page.locator("input[name='contact_reason']:checked")
    assert checked.get_attribute("value") == ANSWERS["contact_reason"]
    press_button(page, "Continue")
    assert page_key(page) == "contact-date", f"on {page.url} after Back and Continue"


def change_an_answer(page) -> None:
    """On Check your answers, use a Change link, pick another option and come back."""
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Change what it was about", "Change")
    press_enter_and_wait(page)
    assert page_key(page) == "contact-reason"
    choose_radio(page, "contact_reason", "complaint")
    press_button(page, "Continue")
    assert on_check_page(page), f"Change did not come back to Check your answers: {page.url}"
    assert "Making a complaint" in page.locator(".govuk-summary-list").inner_text()


@pytest.mark.parametrize("channel", CHANNELS)
def test_survey_completed_with_the_keyboard_alone(live_server, page, channel):
    page.goto(f"{live_server.url}/")
    choose_radio(page, "channel", channel)
    press_button(page, "Continue")
    assert page.url == f"{live_server.url}/survey/{channel}"
    press_button(page, "Start now")

    visited = []
    while not on_check_page(page):
        key = page_key(page)
        visited.append(key)
        assert len(visited) < 30, f"the journey never reached Check your answers: {visited}"
        if key == "service":
            check_error_summary_takes_focus(page)
        if key == "contact-date" and "contact-date" not in visited[:-1]:
            go_back_keeps_the_answer(page, channel)
        for question in questions_on(page, channel):
            answer_with_keyboard(page, question)
        press_button(page, "Continue")

    change_an_answer(page)
    press_button(page, "Send answers")
    assert page.locator("h1").inner_text() == "We have received your answers"
    choose_radio(page, "answer_equality", "no")
    press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"

    with live_server.app.app_context():
        responses = db.session.execute(select(Response.id, Channel.slug).join(Channel)).all()
        assert [slug for _, slug in responses] == [channel]
        stored = dict(
            db.session.execute(
                select(Answer.question_key, func.min(Answer.value))
                .where(Answer.response_id == responses[0].id)
                .group_by(Answer.question_key)
            ).all()
        )
        db.session.remove()
    assert stored["contact_reason"] == "complaint"
    assert stored["service"] == ANSWERS["service"]
    assert stored["contact_date"] == "2026-11-03"
    assert stored["comments"] == ANSWERS["comments"]
