"""The resident journey through the Flask client: every page, every error state."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select

from survey_app.extensions import db
from survey_app.models import Answer, Draft, Response, Survey
from tests.conftest import Page
from tests.journey_helpers import CHANNELS, complete_survey, start


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_landing_page_lists_every_channel(client_request):
    page = client_request.get("/")
    assert page.heading == "Tell us about your contact with the council"
    for channel in CHANNELS:
        assert f'value="{channel}"' in page.html


def test_landing_page_without_a_choice_explains_what_to_do(client_request):
    page = client_request.post("/", {})
    assert "Select how you contacted the council" in page.html
    assert page.error_links == ["#channel"]


def test_landing_page_rejects_a_forged_channel(client_request):
    page = client_request.post("/", {"channel": "carrier-pigeon"})
    assert "Select how you contacted the council" in page.html


def test_landing_page_choice_goes_to_that_channel(client):
    response = client.post("/", data={"channel": "letter"})
    assert response.status_code == 302
    assert response.location == "/survey/letter"


@pytest.mark.parametrize("channel", CHANNELS)
def test_survey_completes_for_every_channel_as_one_response(app, client, channel):
    visited = complete_survey(client, channel)
    responses = db.session.scalars(select(Response)).all()
    assert len(responses) == 1
    assert responses[0].channel.slug == channel
    assert responses[0].completion_mode == "online"
    assert responses[0].service.slug == "council-tax"
    assert count(Draft) == 0
    assert visited[0] == "service"
    assert ("phone-wait" in visited) == (channel == "phone")
    assert ("reception-wait" in visited) == (channel == "face-to-face")
    assert ("website-found" in visited) == (channel == "website")
    assert ("reply-time" in visited) == (channel in ("email", "letter"))


def test_stored_answers_are_exactly_those_on_the_route(client):
    complete_survey(client, "phone")
    stored = dict(db.session.execute(select(Answer.question_key, Answer.value)).all())
    assert stored["phone_wait"] == "under_30s"
    assert stored["contact_date"] == "2026-11-03"
    assert stored["contact_count"] == "2"
    assert stored["overall_satisfaction"] == "fairly_satisfied"
    assert "reply_time" not in stored  # not asked on the phone
    assert "website_why_not" not in stored  # branch not taken


def test_multiple_choice_answers_are_stored_one_row_per_option(client):
    complete_survey(
        client,
        "website",
        {
            "use_website_next_time": {"use_website_next_time": "no"},
            "website_why_not": {"website_why_not": ["no_internet", "prefer_person"]},
        },
    )
    values = db.session.scalars(
        select(Answer.value).where(Answer.question_key == "website_why_not").order_by(Answer.value)
    ).all()
    assert values == ["no_internet", "prefer_person"]


def test_response_table_has_no_ip_or_browser_columns(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("response")}
    assert not columns & {"ip", "ip_address", "user_agent", "remote_addr", "created_at"}


def test_service_link_preselects_the_service(client, client_request):
    location = start(client, "phone", "?service=waste")
    page = client_request.get(location)
    assert 'value="waste" checked' in page.html


def test_unknown_service_in_link_is_ignored(client, client_request):
    location = start(client, "phone", "?service=not-a-service")
    page = client_request.get(location)
    assert "checked" not in page.html


def test_start_page(client_request):
    page = client_request.get("/survey/phone")
    assert page.heading == "Tell us about your contact with the council"
    assert "Start now" in page.html


@pytest.mark.parametrize(
    "url", ["/survey/carrier-pigeon", "/survey/carrier-pigeon/service", "/nowhere"]
)
def test_unknown_addresses_get_the_styled_404(client_request, url):
    page = client_request.get(url, _expected_status=404)
    assert page.heading == "Page not found"


def test_unknown_page_in_a_started_survey_is_404(client, client_request):
    start(client, "phone")
    client_request.get("/survey/phone/not-a-page", _expected_status=404)


def test_closed_survey_shows_the_closed_page(app, client_request):
    survey = db.session.scalar(select(Survey))
    survey.status = "closed"
    db.session.commit()
    page = client_request.get("/survey/phone")
    assert page.heading == "This survey has closed"


def test_inactive_channel_is_404(app, client_request):
    from survey_app.models import Channel

    db.session.scalar(select(Channel).where(Channel.slug == "webchat")).active = False
    db.session.commit()
    client_request.get("/survey/webchat", _expected_status=404)


def answer_page(client, channel, page_key, data):
    return client.post(f"/survey/{channel}/{page_key}", data=data)


ERROR_CASES = [
    ("service", {}, "Select the service you were contacting"),
    ("service", {"service": "forged"}, "Select the service you were contacting"),
    ("contact-date", {"contact_date": ["", "", ""]}, "Enter the date you contacted the council"),
    ("contact-date", {"contact_date": ["3", "", "2026"]}, "Date of contact must include a month"),
    ("contact-date", {"contact_date": ["31", "2", "2026"]}, "Date of contact must be a real date"),
    ("contact-date", {"contact_date": ["x", "2", "2026"]}, "Date of contact must be a real date"),
    ("contact-date", {"contact_date": ["3", "2", "26"]}, "Year must include 4 numbers"),
    (
        "contact-date",
        {"contact_date": ["1", "1", "2999"]},
        "Date of contact must be today or in the past",
    ),
    ("contact-count", {"contact_count": ""}, "Enter how many times you have contacted the council"),
    (
        "contact-count",
        {"contact_count": "lots"},
        "Times contacted about this must be a whole number",
    ),
    (
        "contact-count",
        {"contact_count": "0"},
        "Times contacted about this must be between 1 and 99",
    ),
    ("contact-count", {"contact_count": "100000000000000000000"}, "must be between 1 and 99"),
    ("comments", {"comments": "x" * 1201}, "Other comments must be 1,200 characters or fewer"),
    ("comments", {"comments": "bad\x00byte"}, "Remove any unusual characters"),
]


@pytest.mark.parametrize(("page_key", "data", "message"), ERROR_CASES)
def test_bad_answers_get_a_clear_message_and_are_not_saved(client, page_key, data, message):
    start(client, "phone")
    response = answer_page(client, "phone", page_key, data)
    assert response.status_code == 200
    page = Page(response).check_structure()
    assert page.title.startswith("Error: ")
    assert message in page.html
    assert page.error_links, "the error summary links to the field"
    draft = db.session.scalar(select(Draft))
    assert page_key.replace("-", "_") not in draft.answers


def test_date_error_links_to_the_day_box(client):
    start(client, "phone")
    page = Page(answer_page(client, "phone", "contact-date", {"contact_date": ["", "", ""]}))
    assert page.error_links == ["#contact_date-day"]


def test_answers_survive_back_and_change(client, client_request):
    start(client, "phone")
    answer_page(client, "phone", "service", {"service": "housing"})
    answer_page(client, "phone", "contact-reason", {"contact_reason": "reporting"})
    page = client_request.get("/survey/phone/service")
    assert 'value="housing" checked' in page.html
    page = client_request.get("/survey/phone/contact-reason")
    assert 'value="reporting" checked' in page.html
    assert 'href="/survey/phone/service"' in page.html  # the Back link


def test_long_comment_is_kept_server_side_not_in_the_cookie(client, client_request):
    long_comment = "I waited a long time. " * 54  # 1,188 characters
    complete_survey(client, "phone", {"comments": {"comments": long_comment.strip()}})
    stored = db.session.scalar(select(Answer.value).where(Answer.question_key == "comments"))
    assert stored == long_comment.strip()


def test_longest_comment_in_a_non_latin_script_is_saved(client):
    # 1,200 varied CJK characters are 3,600 bytes in UTF-8: more than PostgreSQL allows in an
    # index row, so this fails if answer values are ever indexed again.
    comment = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1200))
    complete_survey(client, "phone", {"comments": {"comments": comment}})
    stored = db.session.scalar(select(Answer.value).where(Answer.question_key == "comments"))
    assert stored == comment


def test_long_comment_is_shown_again_when_going_back(client, client_request):
    text_ = "é" * 1200
    start(client, "phone")
    assert answer_page(client, "phone", "comments", {"comments": text_}).status_code == 302
    cookie = client.get_cookie("session")
    assert len(cookie.value) < 1000
    page = client_request.get("/survey/phone/comments")
    assert text_ in page.html


def test_check_your_answers_lists_answers_with_change_links(client, client_request):
    complete_until_check(client, "email")
    page = client_request.get("/survey/email/check-your-answers")
    assert page.heading == "Check your answers before sending them"
    assert "Council Tax" in page.html
    assert "3 November 2026" in page.html
    assert "2 times" in page.html
    assert 'href="/survey/email/reply-time?change=1"' in page.html


def complete_until_check(client, channel):
    from tests.journey_helpers import question_by_page, typical_answer

    pages = question_by_page()
    location = start(client, channel)
    while "/check-your-answers" not in location:
        page_key = location.rsplit("/", 1)[-1].split("?")[0]
        data = {}
        for q in pages[page_key]:
            data.update(typical_answer(q))
        location = client.post(location, data=data).location


def test_change_returns_to_check_your_answers(client):
    complete_until_check(client, "phone")
    response = answer_page(client, "phone", "service?change=1", {"service": "parking"})
    assert response.location == "/survey/phone/check-your-answers"


def test_change_that_opens_a_branch_asks_the_new_question_first(client):
    complete_until_check(client, "letter")
    response = answer_page(
        client, "letter", "website-next-time?change=1", {"use_website_next_time": "no"}
    )
    assert response.location == "/survey/letter/website-why-not?change=1"


def test_change_that_closes_a_branch_drops_its_answer(client):
    complete_until_check(client, "email")
    answer_page(client, "email", "reply-received?change=1", {"reply_received": "not_yet"})
    client.post("/survey/email/check-your-answers")
    keys = set(db.session.scalars(select(Answer.question_key)))
    assert "reply_received" in keys
    assert "reply_time" not in keys


def test_check_page_sends_an_incomplete_survey_back_to_the_first_gap(client):
    start(client, "phone")
    answer_page(client, "phone", "service", {"service": "housing"})
    response = client.get("/survey/phone/check-your-answers")
    assert response.location == "/survey/phone/contact-reason"


def test_submitting_twice_creates_one_response(client):
    complete_until_check(client, "phone")
    first = client.post("/survey/phone/check-your-answers")
    second = client.post("/survey/phone/check-your-answers")
    assert first.location == second.location == "/survey/phone/equality"
    assert count(Response) == 1


def test_confirmation_page(client, client_request):
    complete_survey(client, "phone")
    page = client_request.get("/survey/phone/complete")
    assert page.heading == "Thank you, your answers have been sent"


def test_confirmation_without_a_submission_goes_to_start(client):
    assert client.get("/survey/phone/complete").location == "/survey/phone"


def test_abandoned_survey_leaves_no_response(client):
    start(client, "phone")
    answer_page(client, "phone", "service", {"service": "housing"})
    assert count(Response) == 0
    assert count(Answer) == 0


def test_expired_draft_shows_the_session_ended_page_and_saves_nothing(app, client, client_request):
    start(client, "phone")
    draft = db.session.scalar(select(Draft))
    draft.expires_at = draft.expires_at.replace(year=2000)
    db.session.commit()
    response = answer_page(client, "phone", "service", {"service": "housing"})
    assert response.location == "/survey/phone/session-ended"
    page = client_request.get("/survey/phone/session-ended")
    assert page.heading == "Your answers could not be found"
    assert client.post("/survey/phone/check-your-answers").location == "/survey/phone/session-ended"
    assert count(Response) == 0


def test_question_page_without_a_session_goes_to_session_ended(client):
    response = client.get("/survey/phone/service")
    assert response.location == "/survey/phone/session-ended"


def test_draft_for_another_channel_is_not_used(client):
    start(client, "phone")
    assert client.get("/survey/email/service").location == "/survey/email/session-ended"


def test_page_off_the_route_redirects_to_check(client):
    start(client, "phone")
    assert client.get("/survey/phone/reply-time").location == "/survey/phone/check-your-answers"


def test_pages_are_not_cached(client_request):
    page = client_request.get("/")
    assert page.response.headers["Cache-Control"] == "no-store"


def test_a_channel_closed_part_way_through_is_404_on_every_page(client):
    from survey_app.models import Channel

    start(client, "phone")
    db.session.scalar(select(Channel).where(Channel.slug == "phone")).active = False
    db.session.commit()
    assert client.get("/survey/phone/service").status_code == 404
    assert client.post("/survey/phone/service", data={"service": "housing"}).status_code == 404
    assert client.get("/survey/phone/check-your-answers").status_code == 404
    assert db.session.scalar(select(Draft)).answers == {}


def _session_cookie_set(response) -> bool:
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


def test_a_resident_cookie_is_sent_again_only_when_an_answer_is_saved(client):
    """An unchanged session is not re-signed on every page; saving an answer extends the
    draft, and the cookie is sent again so that it lasts as long as the draft."""
    start(client, "phone")
    client.get("/survey/phone/service")  # the form's CSRF token is added to the session
    assert not _session_cookie_set(client.get("/survey/phone/service"))
    saved = answer_page(client, "phone", "service", {"service": "housing"})
    assert saved.status_code == 302
    assert _session_cookie_set(saved)
    assert "Expires=" in next(
        h for h in saved.headers.getlist("Set-Cookie") if h.startswith("session=")
    )


def test_saving_an_answer_extends_the_draft(app, client):
    start(client, "phone")
    draft = db.session.scalar(select(Draft))
    draft.expires_at = draft.expires_at - app.config["DRAFT_LIFETIME"] / 2
    db.session.commit()
    shortened = draft.expires_at
    answer_page(client, "phone", "service", {"service": "housing"})
    db.session.expire_all()
    draft = db.session.scalar(select(Draft))
    assert draft.answers == {"service": "housing"}
    assert draft.expires_at > shortened


def test_a_contact_date_before_the_survey_could_exist_is_refused(client):
    survey = db.session.scalar(select(Survey).where(Survey.slug == "customer-care"))
    opened = min(version.published_at for version in survey.versions).date()
    # The survey opened today in these tests; a year of grace is allowed for paper returns.
    earliest = opened - timedelta(days=365)
    start(client, "phone")
    response = answer_page(client, "phone", "contact-date", {"contact_date": ["1", "1", "1990"]})
    page = Page(response).check_structure()
    assert page.title.startswith("Error: ")
    assert f"Date of contact must be on or after {earliest.day} {earliest:%B %Y}" in page.html
    assert page.error_links == ["#contact_date-day"]
    day_before = earliest - timedelta(days=1)
    response = answer_page(
        client,
        "phone",
        "contact-date",
        {"contact_date": [str(day_before.day), str(day_before.month), str(day_before.year)]},
    )
    assert response.status_code == 200
    response = answer_page(
        client,
        "phone",
        "contact-date",
        {"contact_date": [str(earliest.day), str(earliest.month), str(earliest.year)]},
    )
    assert response.status_code == 302


def test_the_earliest_contact_date_can_be_set_by_the_council(make_app):
    app = make_app(EARLIEST_CONTACT_DATE=date(2026, 4, 1))
    client = app.test_client()
    start(client, "phone")
    response = answer_page(client, "phone", "contact-date", {"contact_date": ["31", "3", "2026"]})
    assert "Date of contact must be on or after 1 April 2026" in response.get_data(as_text=True)
    response = answer_page(client, "phone", "contact-date", {"contact_date": ["1", "4", "2026"]})
    assert response.status_code == 302
