"""Paper and assisted returns: all questions on one page, saved like an online response."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, AuditEvent, Draft, Response, utcnow

ENTRY = "/admin/paper/customer-care/phone/paper"

PHONE_RETURN = {
    "service": "council-tax",
    "contact_reason": "paying",
    "contact_date": ["3", "11", "2026"],
    "resolved": "yes_fully",
    "contact_count": "2",
    "phone_wait": "under_30s",
    "ease": "fairly_easy",
    "staff_helpful": "very_helpful",
    "staff_knowledge": "very_well",
    "overall_satisfaction": "fairly_satisfied",
    "use_website_next_time": "no",
    "website_why_not": ["prefer_person", "no_internet"],
    "council_satisfaction": "neither",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token_from(html: str) -> str:
    return re.search(r'name="paper-entry-token" value="([^"]+)"', html).group(1)


def test_choose_survey_channel_and_mode(admin, client, client_request):
    page = client_request.get("/admin/paper")
    assert page.heading == "Enter paper and assisted returns"
    response = client.post(
        "/admin/paper",
        data={"survey": "customer-care", "channel": "letter", "completion_mode": "assisted"},
    )
    assert response.location == "/admin/paper/customer-care/letter/assisted"


def test_choosing_nothing_explains_each_choice(admin, client_request):
    page = client_request.post("/admin/paper", {"channel": "pigeon", "survey": "nope"})
    assert page.error_links == ["#survey", "#channel", "#completion_mode"]
    assert "Select how the resident contacted the council" in page.html


def test_every_question_for_the_channel_is_on_one_page(admin, client_request):
    page = client_request.get(ENTRY)
    assert page.heading == "Enter a return: Tell us about your contact with the council"
    assert "Paper return, phone" in page.html
    for key in ("service", "contact_reason", "phone_wait", "staff_helpful", "comments"):
        assert f'name="{key}"' in page.html
    assert 'name="reception_wait"' not in page.html  # face to face only
    assert "Only if Use the website next time is No." in page.html
    assert "equality" not in page.html.lower()


def test_a_return_is_saved_once_with_its_completion_mode(admin, client, client_request):
    token = token_from(client_request.get(ENTRY).html)
    response = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": token})
    assert response.status_code == 302
    saved = db.session.scalar(select(Response))
    assert response.location == f"{ENTRY}?saved={saved.id}"
    assert (saved.completion_mode, saved.channel.slug, saved.service.slug) == (
        "paper",
        "phone",
        "council-tax",
    )
    stored = db.session.execute(select(Answer.question_key, Answer.value)).all()
    assert ("website_why_not", "no_internet") in stored
    assert ("contact_date", "2026-11-03") in stored
    assert ("comments", "") not in stored
    # A double click, or Back then Save, sends the same token: still one response.
    again = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": token})
    assert again.location == f"{ENTRY}?saved={saved.id}"
    assert count(Response) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "paper_entry.saved"))
    assert event.target == f"response {saved.id} to customer-care (paper, phone)"
    assert "council-tax" not in event.target  # never the answers
    page = client_request.get(f"{ENTRY}?saved={saved.id}")
    assert f"Return saved as response {saved.id}" in page.html
    assert token_from(page.html) != token


def test_an_assisted_return_is_marked_assisted(admin, client, client_request):
    entry = "/admin/paper/customer-care/email/assisted"
    token = token_from(client_request.get(entry).html)
    data = {**PHONE_RETURN, "staff_involved": "no", "reply_received": "not_yet"}
    del data["phone_wait"]
    response = client.post(entry, data={**data, "paper-entry-token": token})
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    saved = db.session.scalar(select(Response))
    assert (saved.completion_mode, saved.channel.slug) == ("assisted", "email")
    keys = set(db.session.scalars(select(Answer.question_key)))
    assert "staff_helpful" not in keys  # not on this resident's route


def test_missing_answers_are_named_and_nothing_is_saved(admin, client_request):
    token = token_from(client_request.get(ENTRY).html)
    page = client_request.post(ENTRY, {"paper-entry-token": token, "contact_count": "lots"})
    assert page.title.startswith("Error: ")
    assert "#service" in page.error_links
    assert "#contact_date-day" in page.error_links
    assert "Times contacted about this must be a whole number, like 3" in page.html
    # Asked only after a "No": not required when it was not given.
    assert "#website_why_not" not in page.error_links
    assert "#comments" not in page.error_links
    assert count(Response) == 0
    assert token_from(page.html) == token  # the same return, still one draft


def test_a_page_left_open_too_long_keeps_the_answers_and_asks_to_save_again(
    admin, client, client_request
):
    token = token_from(client_request.get(ENTRY).html)
    draft = db.session.scalar(select(Draft).where(Draft.token == token))
    draft.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client_request.post(ENTRY, {**PHONE_RETURN, "paper-entry-token": token})
    assert "This return was not saved because the page was open for more than 2 hours" in page.html
    assert 'value="paying" checked' in page.html
    assert count(Response) == 0
    new_token = token_from(page.html)
    assert new_token != token
    response = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": new_token})
    assert response.status_code == 302
    assert count(Response) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/admin/paper/customer-care/phone/online",
        "/admin/paper/customer-care/pigeon/paper",
        "/admin/paper/nope/phone/paper",
    ],
)
def test_unknown_survey_channel_or_mode_is_not_found(admin, client_request, url):
    client_request.get(url, _expected_status=404)


def test_the_date_question_has_no_required_attribute_on_its_wrapper(admin, client_request):
    """HTML allows required on inputs only; the date input's wrapper is a div."""
    page = client_request.get(ENTRY)
    assert '<div class="govuk-date-input" id="contact_date">' in page.html
