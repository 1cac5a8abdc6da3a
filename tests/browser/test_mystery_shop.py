"""Mystery shopping and its administration in the browser: every shop form and admin page,
in normal and error states, through axe and the Nu HTML checker; and a two-stage email shop
completed with the keyboard alone."""

from datetime import date

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Service, ShopAssignment, ShopRecord
from survey_app.services.mystery_shop import assign_scenario, create_scenario
from survey_app.services.standards import load_service_standards
from survey_app.services.users import find_user
from tests.browser.test_keyboard import (
    assert_focus_visible,
    choose_radio,
    focused,
    press_enter_and_wait,
    tab_to,
)

EMAIL_BEHAVIOURS = ["answers-every-point", "accurate", "resolved", "polite", "plain-english"]


@pytest.fixture
def standards(live_server):
    """The live server starts from the resident survey's data; shops need the standards too."""
    with live_server.app.app_context():
        load_service_standards()
        db.session.remove()


def assign(live_server, email: str, channel_slug: str, title: str) -> int:
    """A scenario on one channel, assigned to the shopper with this email; returns its id."""
    with live_server.app.app_context():
        channel = db.session.scalar(select(Channel).where(Channel.slug == channel_slug))
        service = db.session.scalar(select(Service).where(Service.slug == "waste"))
        request = "Report a missed recycling collection."
        scenario = create_scenario(title, request, service, [channel])
        assignment = assign_scenario(
            scenario, channel, find_user(email), date(2026, 11, 2), date(2026, 11, 30)
        )
        assignment_id = assignment.id
        db.session.remove()
    return assignment_id


def record_for(live_server, assignment_id: int) -> dict:
    with live_server.app.app_context():
        assignment = db.session.get(ShopAssignment, assignment_id)
        record = assignment.record
        found = {
            "id": record.id,
            "status": record.status,
            "score": record.score_percent,
            "points": (record.points_earned, record.points_possible),
            "behaviours": dict(record.behaviours),
            "helpfulness": record.helpfulness,
        }
        db.session.remove()
    return found


def submit_button(page, name: str):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def expect_errors(page, name: str) -> None:
    assert page.locator(".govuk-error-summary").is_visible(), f"{name}: no error summary"
    assert page.title().startswith("Error: "), f"{name}: title {page.title()!r}"


def test_shop_forms_and_record_pages(
    live_server, standards, page, new_page, sign_in, assert_accessible
):
    shopper_email = sign_in(page, "shopper")
    phone = assign(live_server, shopper_email, "phone", "Missed bin by phone")
    email = assign(live_server, shopper_email, "email", "Missed bin by email")
    base = live_server.url

    page.goto(f"{base}/mystery-shop/")
    assert_accessible(page, "shopper-index")
    page.get_by_role("button", name="Start Missed bin by phone by phone").click()
    page.wait_for_url(f"{base}/mystery-shop/records/*/edit")
    assert_accessible(page, "phone-form")
    submit_button(page, "Submit for review")
    expect_errors(page, "phone-form")
    assert_accessible(page, "phone-form-errors")

    page.goto(f"{base}/mystery-shop/")
    page.get_by_role("button", name="Start Missed bin by email by email").click()
    page.wait_for_url(f"{base}/mystery-shop/records/*/sent")
    assert_accessible(page, "email-sent-form")
    submit_button(page, "Save and continue")
    expect_errors(page, "email-sent-form")
    assert_accessible(page, "email-sent-form-errors")
    page.get_by_label("Day").fill("13")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Time you sent it").fill("3:40pm")
    submit_button(page, "Save and continue")
    assert_accessible(page, "email-awaiting-reply")
    page.get_by_role("button", name="Record the reply").click()
    page.wait_for_url(f"{base}/mystery-shop/records/*/edit")
    assert_accessible(page, "email-reply-form")
    page.locator("#reply_date-day").fill("12")
    page.locator("#reply_date-month").fill("11")
    page.locator("#reply_date-year").fill("2026")
    page.locator("#reply_time").fill("9:00")
    submit_button(page, "Submit for review")
    expect_errors(page, "email-reply-form")
    assert "Time of the reply must be after you sent your message" in page.content()
    assert_accessible(page, "email-reply-form-errors")

    phone_record = record_for(live_server, phone)["id"]
    page.goto(f"{base}/mystery-shop/records/{phone_record}")
    assert_accessible(page, "draft-record")
    page.goto(f"{base}/auth/password")
    assert_accessible(page, "change-password")
    submit_button(page, "Change password")
    expect_errors(page, "change-password")
    assert_accessible(page, "change-password-errors")

    reviewer = new_page()
    sign_in(reviewer, "reviewer")
    email_record = record_for(live_server, email)["id"]
    reviewer.goto(f"{base}/mystery-shop/")
    assert_accessible(reviewer, "reviewer-index")
    reviewer.goto(f"{base}/mystery-shop/records/{email_record}")
    assert_accessible(reviewer, "reviewer-record")


def test_review_pages(live_server, standards, page, new_page, sign_in, assert_accessible):
    shopper_email = sign_in(page, "shopper")
    assignment_id = assign(live_server, shopper_email, "website", "Find the bin calendar")
    base = live_server.url
    page.goto(f"{base}/mystery-shop/")
    page.get_by_role("button", name="Start Find the bin calendar", exact=False).click()
    page.wait_for_url(f"{base}/mystery-shop/records/*/edit")
    page.locator("#contact_date-day").fill("3")
    page.locator("#contact_date-month").fill("11")
    page.locator("#contact_date-year").fill("2026")
    page.locator("#contact_time").fill("10:00")
    for key in ("findable", "form-worked", "accurate", "plain-english"):
        page.locator(f"input[name='criterion-{key}'][value='met']").check()
    page.locator("input[name='helpfulness'][value='5']").check()
    page.locator("input[name='knowledge'][value='4']").check()
    page.get_by_label("What happened, in your own words").fill("Found it in two clicks.")
    submit_button(page, "Submit for review")
    assert_accessible(page, "submitted")
    record = record_for(live_server, assignment_id)
    assert record["status"] == "submitted"
    assert record["score"] == 100.0

    reviewer = new_page()
    sign_in(reviewer, "reviewer")
    reviewer.goto(f"{base}/mystery-shop/records/{record['id']}/review")
    assert_accessible(reviewer, "review")
    reviewer.locator("input[name='decision'][value='return']").check()
    submit_button(reviewer, "Save review")
    expect_errors(reviewer, "review")
    assert_accessible(reviewer, "review-errors")
    reviewer.locator("input[name='decision'][value='accept']").check()
    submit_button(reviewer, "Save review")
    assert_accessible(reviewer, "accepted-record")
    assert record_for(live_server, assignment_id)["status"] == "accepted"


def test_admin_pages(live_server, standards, page, sign_in, assert_accessible):
    sign_in(page, "admin")
    shopper_email, _ = live_server.create_user("shopper", name="Councillor Shah")
    assign(live_server, shopper_email, "letter", "Ask about a council tax refund")
    base = live_server.url
    for name, path in [
        ("admin-index", "/admin/"),
        ("users", "/admin/users"),
        ("scenarios", "/admin/mystery-shop/scenarios"),
        ("coverage", "/admin/mystery-shop/coverage"),
    ]:
        page.goto(base + path)
        assert_accessible(page, name)

    page.goto(f"{base}/admin/users/invite")
    assert_accessible(page, "invite")
    submit_button(page, "Create account")
    expect_errors(page, "invite")
    assert_accessible(page, "invite-errors")
    page.get_by_label("Full name").fill("Councillor Jones")
    page.get_by_label("Email address").fill("jones@example.gov.uk")
    page.get_by_label("Reviewer").check()
    submit_button(page, "Create account")
    assert_accessible(page, "invited")

    page.goto(f"{base}/admin/users")
    page.get_by_role("link", name="Change Councillor Jones").click()
    page.wait_for_load_state()
    assert_accessible(page, "edit-user")
    page.get_by_label("Reviewer").uncheck()
    submit_button(page, "Save changes")
    expect_errors(page, "edit-user")
    assert_accessible(page, "edit-user-errors")

    page.goto(f"{base}/admin/mystery-shop/scenarios/new")
    assert_accessible(page, "new-scenario")
    submit_button(page, "Save scenario")
    expect_errors(page, "new-scenario")
    assert_accessible(page, "new-scenario-errors")

    page.goto(f"{base}/admin/mystery-shop/scenarios")
    page.get_by_role("link", name="Ask about a council tax refund").click()
    page.wait_for_load_state()
    assert_accessible(page, "scenario")
    submit_button(page, "Assign shops")
    expect_errors(page, "assign")
    assert_accessible(page, "assign-errors")


# The keyboard-only two-stage email shop ------------------------------------------------------


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, lambda f: f["id"] == field_id, field_id)
    page.keyboard.type(text)


def type_date(page, prefix: str, day: str, month: str, year: str) -> None:
    type_into(page, f"{prefix}-day", day)
    for part, suffix in ((month, "month"), (year, "year")):
        page.keyboard.press("Tab")
        focus = focused(page)
        assert_focus_visible(f"{prefix} {suffix}", focus)
        assert focus["id"] == f"{prefix}-{suffix}", f"Tab from the date went to {focus}"
        page.keyboard.type(part)


def press(page, tag: str, text: str) -> None:
    """Tab to a button or button-like link whose text starts with ``text``; press Enter."""
    tab_to(page, lambda f: f["tag"] == tag and f["text"].startswith(text), f"the {text} {tag}")
    press_enter_and_wait(page)


def test_two_stage_email_shop_with_the_keyboard_alone(live_server, standards, page, sign_in):
    shopper_email = sign_in(page, "shopper")
    assignment_id = assign(live_server, shopper_email, "email", "Missed bin")
    page.goto(f"{live_server.url}/mystery-shop/")

    # Stage one: start the shop and say when the email went (Friday 13 November 2026).
    press(page, "button", "Start")
    assert page.url.endswith("/sent"), page.url
    type_date(page, "sent_date", "13", "11", "2026")
    type_into(page, "sent_time", "3:40pm")
    press(page, "button", "Save and continue")
    assert record_for(live_server, assignment_id)["status"] == "awaiting_reply"

    # Stage two: the reply came on Wednesday 18 November 2026 (3 working days).
    press(page, "a", "Record the reply")
    assert page.url.endswith("/edit"), page.url
    type_date(page, "reply_date", "18", "11", "2026")
    type_into(page, "reply_time", "9:15")
    for key in EMAIL_BEHAVIOURS:
        choose_radio(page, f"criterion-{key}", "met")
    choose_radio(page, "helpfulness", "4")
    choose_radio(page, "knowledge", "5")
    type_into(page, "account", "An answer to every point, in plain English.")
    press(page, "button", "Submit for review")

    assert page.get_by_role("heading", level=1).inner_text() == "Shop record submitted"
    record = record_for(live_server, assignment_id)
    assert record["status"] == "submitted"
    assert record["behaviours"] == dict.fromkeys(EMAIL_BEHAVIOURS, "met")
    assert record["helpfulness"] == 4
    # No separate acknowledgement: the reply, 113.6 hours after sending, is the first
    # response, so "acknowledged within 24 hours" fails (1 point); 10 of 11 = 90.9%.
    assert record["points"] == (10, 11)
    assert record["score"] == 90.9
    with live_server.app.app_context():
        assert db.session.scalar(select(ShopRecord.status)) == "submitted"
        db.session.remove()
