"""The large-print paper questionnaire, printed to PDF by Chromium: A4, the equality
questions on a page of their own with a write-in box for each "other" answer, at least
16 pt, black on white; axe and Nu clean."""

import io
import os
import re
from pathlib import Path

from pypdf import PdfReader


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote: its page objects, not the /Pages tree."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


WRITE_IN_LABELS = [
    "If no, write in your gender identity (optional)",
    "If other sexual orientation, write it in (optional)",
    "If any other background, write it in (optional)",
    "If any other religion, write it in (optional)",
]


def _page_texts(pdf: bytes) -> list[str]:
    """Each PDF page's text, spaces and line breaks made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _write_in_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 0) each write-in label is printed on."""
    texts = _page_texts(pdf)
    return {
        label: number
        for label in WRITE_IN_LABELS
        for number, text in enumerate(texts)
        if label in text
    }


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
    # The write-in boxes are on the equality pages, none on the survey's; and they print with
    # background graphics off (their lines are borders).
    assert _write_in_pages(whole) == _write_in_pages(page.pdf(format="A4", print_background=False))
    texts = _page_texts(whole)
    equality_start = next(n for n, text in enumerate(texts) if "Equality questions" in text)
    assert equality_start >= 1
    found = _write_in_pages(whole)
    assert set(found) == set(WRITE_IN_LABELS)
    assert all(number >= equality_start for number in found.values()), found
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
