"""The pages a review runs on week to week, in the browser through axe and the Nu checker:
the filtered, paged list of shop records, a returned record for each reader, bulk
assignment, the publish summary, and the import page with its template and a repeated file.

``BROWSER_ARTIFACTS=/dir`` also keeps screenshots of the shop list, the publish summary and
the import page at 1280 and 320 pixels wide."""

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Service, ShopRecord
from survey_app.services.account_links import issue_token
from survey_app.services.mystery_shop import (
    assign_scenario,
    create_scenario,
    review_record,
    start_record,
)
from survey_app.services.standards import load_service_standards
from survey_app.services.users import find_user


@pytest.fixture
def standards(live_server):
    with live_server.app.app_context():
        load_service_standards()
        db.session.remove()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("BROWSER_ARTIFACTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def make_records(live_server, count: int) -> list[int]:
    """``count`` shop records by two shoppers on phone and email; the first is returned."""
    amis, _ = live_server.create_user("shopper", name="Councillor Amis")
    bello, _ = live_server.create_user("shopper", name="Councillor Bello")
    reviewer, _ = live_server.create_user("reviewer", name="Scrutiny Officer")
    ids = []
    with live_server.app.app_context():
        people = [find_user(amis), find_user(bello)]
        services = list(db.session.scalars(select(Service).order_by(Service.id)))[:3]
        for n in range(count):
            slug = "phone" if n % 3 else "email"
            channel = db.session.scalar(select(Channel).where(Channel.slug == slug))
            service = services[n % len(services)]
            scenario = create_scenario(f"Scenario {n + 1}", "Ask a question.", service, [channel])
            shopper = people[n % 2]
            assignment = assign_scenario(
                scenario, channel, shopper, date(2026, 11, 2), date(2026, 11, 27)
            )
            record = start_record(assignment, shopper)
            record.contact_at = datetime(2026, 11, 3 + n % 20, 10, 15)
            ids.append(record.id)
        first = db.session.get(ShopRecord, ids[0])
        first.status = "submitted"
        db.session.commit()
        review_record(first, find_user(reviewer), False, "Please add the time of the call.")
        db.session.remove()
    return ids


def test_record_list_filters_pages_and_returned_record(
    live_server, standards, page, sign_in, assert_accessible
):
    ids = make_records(live_server, 30)
    sign_in(page, "reviewer")
    base = live_server.url
    page.goto(f"{base}/mystery-shop/")
    assert page.get_by_text("30 records, page 1 of 2.").is_visible()
    assert_accessible(page, "shop-list")
    screenshot(page, "shop-list-1280")
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Status").select_option("draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter records").click()
    assert page.get_by_text("20 records.").is_visible()
    assert_accessible(page, "shop-list-filtered")
    screenshot(page, "shop-list-filtered-1280")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "shop-list-filtered-320")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/mystery-shop/?page=2")
    assert_accessible(page, "shop-list-page-2")
    page.goto(f"{base}/mystery-shop/?date_from=40&date_from=1&date_from=2026")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "shop-list-error")
    page.goto(f"{base}/mystery-shop/records/{ids[0]}")
    assert page.get_by_text("Returned to Councillor Amis with this comment:").is_visible()
    assert page.get_by_text("Returned to you").count() == 0
    assert_accessible(page, "returned-record-reviewer")


def test_bulk_assignment(live_server, standards, page, sign_in, assert_accessible):
    sign_in(page, "admin")
    for name in ("Councillor Ahmed", "Councillor Byrne", "Councillor Chen"):
        live_server.create_user("shopper", name=name)
    base = live_server.url
    with live_server.app.app_context():
        channels = list(
            db.session.scalars(select(Channel).where(Channel.slug.in_(["phone", "email"])))
        )
        service = db.session.scalar(select(Service).where(Service.slug == "waste"))
        scenario_id = create_scenario("Missed bin", "Report it.", service, channels).id
        db.session.remove()
    page.goto(f"{base}/admin/mystery-shop/scenarios/{scenario_id}")
    for name in ("Councillor Ahmed", "Councillor Byrne", "Councillor Chen", "Phone", "Email"):
        page.get_by_label(name).check()
    for prefix, day in (("window_start", "1"), ("window_end", "14")):
        page.locator(f"#{prefix}-day").fill(day)
        page.locator(f"#{prefix}-month").fill("12")
        page.locator(f"#{prefix}-year").fill("2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Assign shops").click()
    assert page.get_by_text("6 shops assigned: 3 shoppers on 2 channels").is_visible()
    assert_accessible(page, "bulk-assigned")


def test_publish_summary_and_import_page(live_server, page, sign_in, assert_accessible, tmp_path):
    sign_in(page, "admin")
    base = live_server.url
    page.goto(f"{base}/admin/surveys/customer-care/questions/ease")
    page.get_by_label("Question", exact=True).fill("How easy was it to get in touch?")
    page.get_by_label("Question key").fill("ease_of_contact")
    with page.expect_navigation():
        page.get_by_role("button", name="Save question").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "rename-published-key-error")
    page.get_by_label("Question key").fill("ease")
    with page.expect_navigation():
        page.get_by_role("button", name="Save question").click()
    page.goto(f"{base}/admin/surveys/customer-care/settings")
    page.get_by_label("Religion").uncheck()
    with page.expect_navigation():
        page.get_by_role("button", name="Save settings").click()
    page.goto(f"{base}/admin/surveys/customer-care/publish")
    assert page.get_by_text("Was: How easy or difficult was it to contact the council?").count()
    assert_accessible(page, "publish-summary")
    screenshot(page, "publish-summary-1280")

    page.goto(f"{base}/admin/paper/import")
    assert_accessible(page, "import-page")
    screenshot(page, "import-page-1280")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template for").first.click()
    template = Path(download.value.path()).read_text(encoding="utf-8")
    assert template.startswith("survey,channel,service,completion_mode,submitted_on,")
    if os.environ.get("BROWSER_ARTIFACTS"):
        Path(os.environ["BROWSER_ARTIFACTS"], "import-template.csv").write_text(template)
    returns = tmp_path / "returns.csv"
    returns.write_text(
        "survey,channel,completion_mode,submitted_on,answer_overall_satisfaction\n"
        "customer-care,letter,paper,2026-05-01,very_satisfied\n",
        encoding="utf-8",
    )
    page.get_by_label("Upload a CSV file").set_input_files(str(returns))
    page.get_by_role("button", name="Import responses").click()
    page.get_by_text("1 response imported.").wait_for()
    page.get_by_label("Upload a CSV file").set_input_files(str(returns))
    page.get_by_role("button", name="Import responses").click()
    page.get_by_text("Rows imported before").wait_for()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "import-repeated")
    screenshot(page, "import-repeated-1280")


def test_schedule_error_state(live_server, page, sign_in, assert_accessible):
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/admin/surveys/customer-care/schedule")
    for prefix, day in (("opens_on", "10"), ("closes_on", "9")):
        page.locator(f"#{prefix}-day").fill(day)
        page.locator(f"#{prefix}-month").fill("3")
        page.locator(f"#{prefix}-year").fill("2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Save dates").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "schedule-error")


def test_forgotten_password_and_emailed_link_pages(live_server, page, assert_accessible):
    base = live_server.url
    page.goto(f"{base}/auth/login")
    assert_accessible(page, "login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_load_state()
    assert_accessible(page, "forgot-password-no-mail")
    page.goto(f"{base}/auth/set-password/made-up")
    assert_accessible(page, "link-expired")

    email, _ = live_server.create_user("reviewer", name="Reviewer Rao")
    app = live_server.app
    # A mail server that is not there: the answer is the same as if the email had gone.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False, MAIL_TIMEOUT=2)
    try:
        page.goto(f"{base}/auth/forgot-password")
        assert_accessible(page, "forgot-password")
        with page.expect_navigation():
            page.get_by_role("button", name="Send the link").click()
        assert page.title().startswith("Error: ")
        assert_accessible(page, "forgot-password-error")
        page.get_by_label("Email address").fill(email)
        with page.expect_navigation():
            page.get_by_role("button", name="Send the link").click()
        assert page.locator("h1").inner_text() == "Check your email"
        assert_accessible(page, "reset-link-sent")
    finally:
        app.config.update(MAIL_SERVER=None)
    with app.app_context():
        token = issue_token(find_user(email), "reset")
        db.session.remove()
    page.goto(f"{base}/auth/set-password/{token}")
    assert_accessible(page, "set-password")
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("Confirm new password").fill("password1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Save password").click()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "set-password-error")
    page.get_by_label("New password", exact=True).fill("correct horse battery staple 42")
    page.get_by_label("Confirm new password").fill("correct horse battery staple 42")
    with page.expect_navigation():
        page.get_by_role("button", name="Save password").click()
    assert page.locator("h1").inner_text() == "Your password has been set"
    assert_accessible(page, "password-set")
