"""Every page of the resident journey, in its normal and error states, through axe and vnu."""

import re

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Survey
from tests.browser.journey import (
    ANSWERS,
    PAGES,
    answer_with_pointer,
    on_check_page,
    page_key,
    press_button,
    questions_on,
    start_survey,
)

# Which pages each walk checks, so every question page is checked once: the email walk
# reaches every page shared by all channels plus the reply and staff branches.
CHECKED_ON = {
    "email": {key for key in PAGES if key not in {"phone-wait", "reception-wait"}}
    - {"website-found", "online-form"},
    "phone": {"phone-wait"},
    "face-to-face": {"reception-wait"},
    "website": {"website-found", "online-form"},
}

# Wrong answers beyond "nothing at all", by question type: (name, value).
WRONG_ANSWERS = {
    "date": [
        ("impossible-date", ("31", "2", "2026")),
        ("date-without-month-and-year", ("3", "", "")),
        ("future-date", ("1", "1", "2099")),
    ],
    "number": [("out-of-range", "100"), ("not-a-number", "two")],
    "text": [("too-long", "x" * 1201)],
}


def expect_error_state(page, name: str) -> None:
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"{name}: no error summary"
    assert page.title().startswith("Error: "), f"{name}: title {page.title()!r}"
    assert page.locator(".govuk-error-message").count() >= 1, f"{name}: no inline error message"


def test_landing_page_and_its_error(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/")
    assert_accessible(page, "landing")
    press_button(page, "Continue")
    expect_error_state(page, "landing")
    assert_accessible(page, "landing-error")


@pytest.mark.parametrize("query", ["", "?service=housing"])
def test_start_page(live_server, page, assert_accessible, query):
    page.goto(f"{live_server.url}/survey/phone{query}")
    assert page.get_by_role("button", name="Start now").is_visible()
    assert_accessible(page, f"start{query}")


@pytest.mark.parametrize("channel", sorted(CHECKED_ON))
def test_question_pages_normal_and_error_then_check_and_confirmation(
    live_server, page, assert_accessible, channel
):
    start_survey(page, live_server.url, channel)
    checked = set()
    while not on_check_page(page):
        key = page_key(page)
        questions = questions_on(page, channel)
        if key in CHECKED_ON[channel]:
            checked.add(key)
            assert_accessible(page, key)
            press_button(page, "Continue")
            if all(q.get("required", True) is False for q in questions):
                assert page_key(page) != key, f"{key}: an optional page refused no answer"
                page.go_back()
            else:
                expect_error_state(page, f"{key} empty")
                assert_accessible(page, f"{key}-error-empty")
            for question in questions:
                for wrong, value in WRONG_ANSWERS.get(question["type"], []):
                    answer_with_pointer(page, question, value)
                    press_button(page, "Continue")
                    expect_error_state(page, f"{key} {wrong}")
                    if question["type"] == "text":
                        # GOV.UK Frontend's character count ran and counts what came back.
                        status = page.locator(".govuk-character-count__status").inner_text()
                        assert status == "You have 1 character too many", status
                    assert_accessible(page, f"{key}-error-{wrong}")
        for question in questions:
            answer_with_pointer(page, question)
        press_button(page, "Continue")
    assert checked == CHECKED_ON[channel], f"pages never reached: {CHECKED_ON[channel] - checked}"
    assert_accessible(page, "check-your-answers")
    press_button(page, "Send answers")
    assert page.locator("h1").inner_text() == "We have received your answers"
    assert_accessible(page, "equality-explainer")
    page.locator("input[name='answer_equality'][value='no']").check()
    press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"
    assert_accessible(page, "confirmation")
    reference = re.search(r"Your reference is (\w{4}-\w{4})\.", page.content()).group(1)
    # Back (to the equality explainer, then Check your answers): the same confirmation,
    # with the same reference, and nothing to send again.
    page.go_back()
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"
    assert f"Your reference is {reference}." in page.content()
    assert page.get_by_role("button", name="Send answers").count() == 0


def test_every_question_type_is_checked():
    checked_types = {
        question["type"]
        for keys in CHECKED_ON.values()
        for key in keys
        for question in PAGES[key]["questions"]
    }
    assert checked_types == {
        "single_choice",
        "multiple_choice",
        "satisfaction",
        "yes_no",
        "text",
        "number",
        "date",
    }
    assert set().union(*CHECKED_ON.values()) == set(PAGES)
    assert set(ANSWERS) == {q["key"] for p in PAGES.values() for q in p["questions"]}


def test_session_ended_page(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/survey/phone/contact-reason")
    assert page.url.endswith("/survey/phone/session-ended")
    assert_accessible(page, "session-ended")


def test_closed_survey_page(live_server, page, assert_accessible):
    with live_server.app.app_context():
        for survey in db.session.scalars(select(Survey)):
            survey.status = "closed"
        db.session.commit()
        db.session.remove()
    page.goto(f"{live_server.url}/survey/letter")
    assert page.locator("h1").inner_text() == "This survey has closed"
    assert_accessible(page, "closed")


@pytest.mark.parametrize(
    "path", ["/survey/carrier-pigeon", "/no-such-page", "/survey/phone/no-such-question"]
)
def test_not_found_page(live_server, page, assert_accessible, path):
    if path.startswith("/survey/phone/"):
        start_survey(page, live_server.url, "phone")
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 404
    assert_accessible(page, f"not-found{path}")


def test_expired_form_page(live_server, page, assert_accessible):
    """A form sent after its session has gone gets the CSRF page, not a stack trace."""
    start_survey(page, live_server.url, "phone")
    # Every response, a font or the favicon included, refreshes the session cookie: wait
    # until nothing is in flight, or a late one would put the cookie back.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    assert page.context.cookies() == []
    answer_with_pointer(page, PAGES["service"]["questions"][0])
    press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Sorry, this page has expired"
    assert_accessible(page, "csrf-expired")


@pytest.mark.parametrize("path", ["/privacy", "/accessibility", "/cookies", "/feedback"])
def test_information_page(live_server, page, assert_accessible, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page, path)


def test_sign_in_page_and_its_errors(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/auth/login")
    assert_accessible(page, "sign-in")
    press_button(page, "Sign in")
    expect_error_state(page, "sign-in empty")
    assert_accessible(page, "sign-in-error-empty")
    page.get_by_label("Email address", exact=True).fill("nobody@example.gov.uk")
    page.get_by_label("Password", exact=True).fill("not the password")
    press_button(page, "Sign in")
    expect_error_state(page, "sign-in wrong password")
    assert_accessible(page, "sign-in-error-wrong-password")


def test_pages_when_signed_in_and_signed_out(live_server, page, assert_accessible, sign_in):
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/")
    assert_accessible(page, "landing-signed-in")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert_accessible(page, "signed-out")
