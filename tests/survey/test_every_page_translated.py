"""Every resident page in Arabic, Gujarati, Tamil and Romanian: nothing a resident reads is
left in English unless it is marked ``lang="en"`` (and so is a text still to translate)."""

import re

import pytest

from tests.english_text import english_outside_lang_en
from tests.journey_helpers import question_by_page, typical_answer

LANGUAGES = ["ar", "gu", "ta", "ro"]
# Names and addresses that stay as they are in every language.
ALLOWED = (
    "Harrow Council",
    "scrutiny@harrow.gov.uk",
    "ico.org.uk/make-a-complaint",
    "UK GDPR",
    "WCAG 2.2 AA",
    "WCAG 2.2",
    "GOV.UK Frontend",
    "Information Commissioner's Office (ICO)",
    "ICO",
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF",
    "Equality and Human Rights Commission",
    "EASS",
    "Access Harrow",
    "Facebook",
    "The person I spoke to was very patient.",  # the resident's own words, on Check your answers
)
EQUALITY_ANSWERS = {
    "age": {"answer": "25_to_34"},
    "gender-identity": {"answer": "no"},  # the write-in appears
    "ethnic-group": {"answer": "asian"},
    "health-conditions": {"answer": "yes"},
}


def resident_pages(client, language):
    """(name, html) for every page a resident can see, in ``language``, with error states."""
    pages = []

    def get(name, url):
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        pages.append((name, response.get_data(as_text=True)))

    get("start", f"/survey/phone?lang={language}")
    get("channels", "/")
    pages.append(("channels error", client.post("/", data={}).get_data(as_text=True)))
    questions = question_by_page()
    location = client.post("/survey/phone").location
    while "/check-your-answers" not in location:
        key = location.rsplit("/", 1)[-1]
        get(key, location)
        error = client.post(location, data={}).get_data(as_text=True)
        pages.append((f"{key} error", error))
        data = {}
        for question in questions[key]:
            data.update(typical_answer(question))
        location = client.post(location, data=data).location
    get("check your answers", location)
    location = client.post(location).location
    get("equality explainer", location)
    pages.append(("equality explainer error", client.post(location, data={}).get_data(True)))
    location = client.post(location, data={"answer_equality": "yes"}).location
    while location.rsplit("/", 2)[-2] == "equality":
        slug = location.rsplit("/", 1)[-1]
        get(f"equality {slug}", location)
        if slug == "gender-identity":
            too_long = {"answer": "no", "write_in": "x" * 101}
            pages.append((f"{slug} error", client.post(location, data=too_long).get_data(True)))
        location = client.post(location, data=EQUALITY_ANSWERS.get(slug, {})).location
    get("confirmation", location)
    get("privacy", "/privacy")
    get("accessibility", "/accessibility")
    get("cookies", "/cookies")
    get("feedback", "/feedback")
    get("not found", "/survey/no-such-channel")
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_resident_page_is_in_the_language_or_marked_english(client, language):
    pages = resident_pages(client, language)
    assert len(pages) > 30
    english = {
        name: found
        for name, html in pages
        if (found := english_outside_lang_en(html, language, (*ALLOWED, *references(html))))
    }
    assert english == {}


def references(html: str) -> list[str]:
    """The receipt reference a page shows ("K7QD-9M2X"): a random code, not English words,
    though its letters can run to three or more."""
    return re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", html)


def test_the_reference_finder_finds_the_confirmation_pages_reference(client):
    html = dict(resident_pages(client, "ar"))["confirmation"]
    assert len(references(html)) == 1
