"""Residents answering in Arabic (right to left) and Gujarati, with the keyboard alone.

Every page passes axe and the Nu HTML checker; each journey lands one response recorded
with its language. The Arabic pages are checked at 320 and 1280 px: nothing overflows, and
the layout is mirrored (the Back arrow and the radios on the right, the error summary's
border and the question's error bar on the right). With ``BROWSER_ARTIFACTS`` set, the
Arabic question page, its error state and Check your answers are saved as screenshots.
"""

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response
from tests.browser.journey import on_check_page, page_key, questions_on
from tests.browser.test_keyboard import (
    answer_with_keyboard,
    choose_radio,
    focused,
    press_button,
)

WORDS = {
    "ar": {"start": "ابدأ الآن", "continue": "متابعة", "send": "أرسل الإجابات"},
    "gu": {"start": "હવે શરૂ કરો", "continue": "ચાલુ રાખો", "send": "જવાબો મોકલો"},
}
WIDTHS = {"mobile": 320, "desktop": 1280}


def keep_screenshot(page, name: str) -> None:
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        path = Path(keep) / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_keyboard_journey_in_another_language(live_server, page, assert_accessible, language):
    words = WORDS[language]
    page.goto(f"{live_server.url}/survey/phone?lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_accessible(page, f"{language}-start")
    press_button(page, words["start"])

    visited = []
    while not on_check_page(page):
        key = page_key(page)
        visited.append(key)
        assert len(visited) < 30, f"never reached Check your answers: {visited}"
        assert_accessible(page, f"{language}-{key}")
        if key == "contact-reason" and visited.count(key) == 1:
            press_button(page, words["continue"])  # nothing chosen: the error, translated
            assert "govuk-error-summary" in focused(page)["classes"]
            assert_accessible(page, f"{language}-{key}-error")
        for question in questions_on(page, "phone"):
            answer_with_keyboard(page, question)
        press_button(page, words["continue"])

    assert_accessible(page, f"{language}-check-your-answers")
    press_button(page, words["send"])
    assert_accessible(page, f"{language}-equality-explainer")
    choose_radio(page, "answer_equality", "no")
    press_button(page, words["continue"])
    assert_accessible(page, f"{language}-complete")
    assert page.locator("html").get_attribute("lang") == language

    with live_server.app.app_context():
        languages = db.session.scalars(select(Response.language)).all()
        db.session.remove()
    assert languages == [language]


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_arabic_pages_are_mirrored_and_fit_the_screen(
    live_server, new_page, assert_accessible, size
):
    width = WIDTHS[size]
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(f"{live_server.url}/survey/phone?lang=ar")
    press_button(page, WORDS["ar"]["start"])
    answer_with_keyboard(page, {"key": "service", "type": "single_choice"}, "housing")
    press_button(page, WORDS["ar"]["continue"])
    keep_screenshot(page, f"ar-{size}-question")
    press_button(page, WORDS["ar"]["continue"])
    keep_screenshot(page, f"ar-{size}-question-error")
    assert_accessible(page, f"ar-{size}-question-error")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"

    # Mirrored: the radio sits to the right of its label, the Back link's arrow to the right
    # of its text and pointing right, the error bar on the right of the question.
    radio, label = box(page, ".govuk-radios__input"), box(page, ".govuk-radios__label")
    assert radio["x"] > label["x"]
    arrow = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.govuk-back-link'),"
        " '::before'); return {right: s.right, transform: s.transform}; })()"
    )
    assert arrow["right"] != "auto"
    group = page.locator(".govuk-form-group--error").first
    border = group.evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]"
    )
    assert border[0] != "0px"
    assert border[1] == "0px"
    summary = page.locator(".govuk-error-summary").evaluate(
        "(el) => getComputedStyle(el).direction"
    )
    assert summary == "rtl"

    # Check your answers: numbers and dates stay left to right inside the Arabic text.
    page.goto(f"{live_server.url}/survey/phone/check-your-answers")
    while not on_check_page(page):
        for question in questions_on(page, "phone"):
            answer_with_keyboard(page, question)
        press_button(page, WORDS["ar"]["continue"])
    keep_screenshot(page, f"ar-{size}-check-your-answers")
    assert_accessible(page, f"ar-{size}-check-your-answers")
    assert page.locator(".govuk-summary-list__value bdi").count() > 5
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("language", sorted(WORDS))
def test_the_equality_questions_and_legal_pages_in_another_language_at_320px(
    live_server, new_page, assert_accessible, language
):
    """The equality section and the privacy, accessibility and cookies pages, translated,
    are accessible and fit a 320 px screen. With ``BROWSER_ARTIFACTS`` set, the first
    equality question and the privacy notice are saved as screenshots."""
    words = WORDS[language]
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{live_server.url}/survey/phone?lang={language}")
    press_button(page, words["start"])
    while not on_check_page(page):
        for question in questions_on(page, "phone"):
            answer_with_keyboard(page, question)
        press_button(page, words["continue"])
    press_button(page, words["send"])
    choose_radio(page, "answer_equality", "yes")
    press_button(page, words["continue"])

    seen = []
    while "/equality/" in page.url:
        slug = page.url.rsplit("/", 1)[-1]
        seen.append(slug)
        assert len(seen) < 15
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("main").get_attribute("lang") is None  # no longer marked English
        assert_accessible(page, f"{language}-equality-{slug}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{slug} is {overflow}px wider than a 320px screen"
        if slug == "age":
            keep_screenshot(page, f"{language}-320-equality-age")
            choose_radio(page, "answer", "25_to_34")
        if slug == "ethnic-group":
            choose_radio(page, "answer", "asian")
        if slug == "ethnic-background":
            keep_screenshot(page, f"{language}-320-equality-ethnic-background")
        press_button(page, words["continue"])
    assert seen[:3] == ["age", "sex", "gender-identity"]
    assert "ethnic-background" in seen

    for name in ("privacy", "accessibility", "cookies"):
        page.goto(f"{live_server.url}/{name}")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator(".govuk-inset-text a[href$='version=en']").count() == 1
        assert_accessible(page, f"{language}-{name}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a 320px screen"
        keep_screenshot(page, f"{language}-320-{name}")
