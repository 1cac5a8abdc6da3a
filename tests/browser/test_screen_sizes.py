"""The main pages at desktop width and at 320 CSS pixels, the narrowest WCAG reflow width.

At 320 px nothing may need scrolling sideways (WCAG 1.4.10), and axe runs again because
layout changes what some rules see (target sizes, contrast over a different background).
With ``BROWSER_ARTIFACTS`` set, full-page screenshots are saved there to look at.
"""

import os
from pathlib import Path

import pytest

from tests.browser.journey import (
    answer_with_pointer,
    on_check_page,
    press_button,
    questions_on,
    start_survey,
)

WIDTHS = {"desktop": 1280, "mobile": 320}


def look(page, assert_accessible, name: str, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than a {width}px screen"
    assert_accessible(page, name)
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        path = Path(keep) / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_main_pages_fit_the_screen(live_server, new_page, assert_accessible, size):
    width = WIDTHS[size]
    page = new_page(viewport={"width": width, "height": 800 if width > 320 else 640})
    page.goto(f"{live_server.url}/")
    look(page, assert_accessible, f"{size}-landing", width)

    start_survey(page, live_server.url, "phone")
    press_button(page, "Continue")
    look(page, assert_accessible, f"{size}-question-error", width)

    while not on_check_page(page):
        for question in questions_on(page, "phone"):
            answer_with_pointer(page, question)
        press_button(page, "Continue")
    look(page, assert_accessible, f"{size}-check-your-answers", width)

    press_button(page, "Send answers")
    look(page, assert_accessible, f"{size}-equality-explainer", width)
    page.locator("input[name='answer_equality'][value='yes']").check()
    press_button(page, "Continue")
    page.locator("input[name='answer'][value='35_to_49']").check()
    press_button(page, "Continue")
    press_button(page, "Continue")  # sex, skipped
    page.locator("input[name='answer'][value='no']").check()  # reveals the write-in box
    look(page, assert_accessible, f"{size}-equality-question-with-write-in", width)
    press_button(page, "Skip the rest of the equality questions")
    look(page, assert_accessible, f"{size}-confirmation", width)
