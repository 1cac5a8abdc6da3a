"""The survey works completely without JavaScript: errors, Back, Change and sending included.

axe needs JavaScript to run, so these pages go only through the Nu HTML checker; the same
pages with JavaScript are checked by axe in test_resident_pages.
"""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Response
from tests.browser.journey import (
    ANSWERS,
    PAGES,
    answer_with_pointer,
    on_check_page,
    page_key,
    press_button,
    questions_on,
)


def follow_link(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def test_survey_completed_without_javascript(live_server, new_page, record_html):
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/")
    assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
    page.get_by_label("By letter").check()
    press_button(page, "Continue")
    press_button(page, "Start now")

    press_button(page, "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    record_html(page, "service-error-without-js")

    visited = []
    while not on_check_page(page):
        visited.append(page_key(page))
        assert len(visited) < 30, f"the journey never reached Check your answers: {visited}"
        if visited[-1] == "contact-count" and visited.count("contact-count") == 1:
            follow_link(page, "Back")
            assert page_key(page) == "resolved"
            chosen = page.locator("input[name='resolved']:checked").get_attribute("value")
            assert chosen == ANSWERS["resolved"]
        if visited[-1] == "comments":
            # Without JavaScript there is no live count, only the hint with the limit.
            assert "1200 characters" in page.locator("#comments-info").inner_text()
            record_html(page, "comments-without-js")
        for question in questions_on(page, "letter"):
            answer_with_pointer(page, question)
        press_button(page, "Continue")

    follow_link(page, "Change date of contact")
    answer_with_pointer(page, PAGES["contact-date"]["questions"][0], ("30", "2", "2026"))
    press_button(page, "Continue")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Date of contact must be a real date" in summary
    answer_with_pointer(page, PAGES["contact-date"]["questions"][0], ("4", "11", "2026"))
    press_button(page, "Continue")
    assert on_check_page(page)
    assert "4 November 2026" in page.locator(".govuk-summary-list").inner_text()
    record_html(page, "check-your-answers-without-js")

    press_button(page, "Send answers")
    assert page.locator("h1").inner_text() == "We have received your answers"
    page.locator("input[name='answer_equality'][value='no']").check()
    press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"
    with live_server.app.app_context():
        assert db.session.scalars(select(Channel.slug).join(Response)).all() == ["letter"]
        db.session.remove()
