"""The standard survey as a browser sees it: which page this is, and answers for each question.

The answers open every branch (a reply was received, staff were involved, the resident would
not use the website), so a walk through the survey reaches every page its channel can show.
"""

from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.journey_helpers import STANDARD

PAGES = {page["key"]: page for page in STANDARD["pages"]}

# Answers that open every branch. Dates are typed as (day, month, year).
ANSWERS = {
    "service": "housing",
    "contact_reason": "reporting",
    "contact_date": ("3", "11", "2026"),
    "resolved": "yes_partly",
    "contact_count": "2",
    "phone_wait": "2m_5m",
    "reception_wait": "5m_15m",
    "website_found": "yes_difficult",
    "online_form_worked": "yes",
    "reply_received": "yes",
    "reply_time": "4_5_days",
    "ease": "fairly_easy",
    "staff_involved": "yes",
    "staff_helpful": "fairly_helpful",
    "staff_knowledge": "fairly_well",
    "overall_satisfaction": "fairly_satisfied",
    "use_website_next_time": "no",
    "website_why_not": ["not_confident", "prefer_person"],
    "council_satisfaction": "neither",
    "comments": "The person I spoke to was patient and explained what happens next.",
}


def page_key(page: Page) -> str:
    """The question page's key, from ``/survey/<channel>/<page_key>``."""
    return urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1]


def on_check_page(page: Page) -> bool:
    return urlsplit(page.url).path.endswith("/check-your-answers")


def questions_on(page: Page, channel: str) -> list[dict]:
    questions = PAGES[page_key(page)]["questions"]
    return [q for q in questions if "channels" not in q or channel in q["channels"]]


def answer_with_pointer(page: Page, question: dict, value=None) -> None:
    """Answer one question the quickest way Playwright can (not the keyboard test's way)."""
    key, kind = question["key"], question["type"]
    value = ANSWERS[key] if value is None else value
    if kind == "date":
        for part, text in zip(("day", "month", "year"), value, strict=True):
            page.locator(f"#{key}-{part}").fill(text)
    elif kind in ("number", "text"):
        page.locator(f"#{key}").fill(value)
    elif kind == "multiple_choice":
        for option in value:
            page.locator(f"input[name='{key}'][value='{option}']").check()
    else:
        page.locator(f"input[name='{key}'][value='{value}']").check()


def press_button(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def start_survey(page: Page, base_url: str, channel: str) -> None:
    page.goto(f"{base_url}/survey/{channel}")
    press_button(page, "Start now")
