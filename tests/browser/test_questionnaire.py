"""The large-print paper questionnaire, printed to PDF by Chromium: A4, the equality
questions on a page of their own, at least 16 pt, black on white; axe and Nu clean."""

import os
import re
from pathlib import Path


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote: its page objects, not the /Pages tree."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_large_print_questionnaire_prints_with_equality_on_its_own_page(
    live_server, page, sign_in, assert_accessible
):
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/admin/paper/customer-care/letter/questionnaire?print=large")
    assert_accessible(page, "questionnaire-large")
    page.emulate_media(media="print")
    style = page.evaluate(
        """() => {
          const part = document.querySelector('.app-q__part--equality');
          const text = getComputedStyle(document.querySelector('.app-q__option'));
          return {
            breakBefore: getComputedStyle(part).breakBefore,
            fontSize: parseFloat(text.fontSize),
            colour: text.color,
            hidden: getComputedStyle(document.querySelector('.app-no-print')).display,
          };
        }"""
    )
    assert style["breakBefore"] == "page"
    assert style["fontSize"] >= 16 * 4 / 3  # 16 pt in CSS pixels
    assert style["colour"] == "rgb(0, 0, 0)"
    assert style["hidden"] == "none"
    whole = page.pdf(format="A4", print_background=True)
    page.evaluate("document.querySelector('.app-q__part--equality').remove()")
    without_equality = page.pdf(format="A4", print_background=True)
    # The equality questions fill pages of their own: taking them away leaves whole pages.
    assert pdf_pages(whole) > pdf_pages(without_equality) >= 2
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / "questionnaire-large.pdf").write_bytes(whole)


def test_arabic_questionnaire_is_accessible(live_server, page, sign_in, assert_accessible):
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/admin/paper/customer-care/phone/questionnaire?lang=ar")
    assert page.locator("article.app-q").get_attribute("dir") == "rtl"
    assert_accessible(page, "questionnaire-ar")
