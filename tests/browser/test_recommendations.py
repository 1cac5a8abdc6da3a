"""The recommendation tracker in the browser: every page through axe and the Nu checker in
its normal and error states, and a recommendation added with the keyboard alone."""

import os
from datetime import date
from pathlib import Path

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Recommendation
from tests.browser.test_keyboard import choose_radio, press_button, tab_to

ARTIFACTS = os.environ.get("BROWSER_ARTIFACTS")


def _shot(page, name: str) -> None:
    if ARTIFACTS:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=str(Path(ARTIFACTS) / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, lambda f, field_id=field_id: f["id"] == field_id, field_id)
    page.keyboard.type(text)


def test_tracker_pages_in_normal_and_error_states(page, live_server, sign_in, assert_accessible):
    url = live_server.url
    sign_in(page, "admin")
    page.goto(f"{url}/recommendations/")
    assert_accessible(page, "tracker-empty")

    page.goto(f"{url}/recommendations/findings/new")
    assert_accessible(page, "finding-new")
    page.get_by_label("Title").fill("Phone calls are answered slowly")
    page.get_by_label("What the review group found").fill("Residents wait.")
    page.get_by_label("Evidence: the results page it rests on").fill("/admin/users")
    submit(page, "Save finding")
    assert page.title().startswith("Error: ")
    assert_accessible(page, "finding-new-error")
    page.get_by_label("Evidence: the results page it rests on").fill("/results/channel/phone")
    submit(page, "Save finding")
    assert_accessible(page, "finding")
    _shot(page, "finding")

    page.goto(f"{url}/recommendations/new")
    assert_accessible(page, "recommendation-new")
    submit(page, "Save recommendation")
    assert_accessible(page, "recommendation-new-error")

    page.get_by_label("Reference").fill("CC 2026/27 01")
    page.get_by_label("Recommendation", exact=True).fill("Answer calls within 30 seconds.")
    page.get_by_label("Phone calls are answered slowly").check()
    page.get_by_label("Resources", exact=True).check()
    page.get_by_label("Lead officer").fill("Head of Access Harrow")
    page.get_by_label("Committee", exact=True).fill("Overview and Scrutiny Committee")
    page.locator("#committee_date-day").fill("18")
    page.locator("#committee_date-month").fill("3")
    page.locator("#committee_date-year").fill("2026")
    submit(page, "Save recommendation")
    assert page.locator("h1").inner_text() == "CC 2026/27 01"
    assert_accessible(page, "recommendation")
    item_url = page.url

    page.goto(f"{item_url}/response")
    assert_accessible(page, "response")
    submit(page, "Save response")
    assert_accessible(page, "response-error")

    page.goto(f"{item_url}/progress")
    assert_accessible(page, "progress")
    page.get_by_label("Red: not progressing").check()
    submit(page, "Save update")
    assert_accessible(page, "progress-error")
    page.locator("#written_on-day").fill("1")
    page.locator("#written_on-month").fill("6")
    page.locator("#written_on-year").fill("2026")
    page.get_by_label("Action taken").fill("A call-back service is being tried.")
    page.get_by_label("Amber: progressing").check()
    submit(page, "Save update")
    assert_accessible(page, "recommendation-with-progress")
    _shot(page, "recommendation")

    page.goto(f"{item_url}/withdraw")
    assert_accessible(page, "withdraw")
    submit(page, "Withdraw recommendation")
    assert_accessible(page, "withdraw-error")

    page.goto(f"{item_url}/delete")
    assert_accessible(page, "delete-refused")

    page.goto(f"{url}/recommendations/")
    assert_accessible(page, "tracker")
    _shot(page, "tracker")

    page.goto(f"{url}/recommendations/follow-up")
    assert_accessible(page, "follow-up")

    page.goto(f"{url}/recommendations/officers")
    assert_accessible(page, "officers")


def test_a_recommendation_is_added_with_the_keyboard_alone(page, live_server, sign_in):
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/recommendations/new")
    type_into(page, "reference", "CC 2026/27 02")
    type_into(page, "text", "Publish phone answering times every month.")
    choose_radio(page, "directorate", "Resources")
    type_into(page, "lead_officer", "Head of Access Harrow")
    type_into(page, "committee", "Overview and Scrutiny Committee")
    type_into(page, "committee_date-day", "18")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    press_button(page, "Save recommendation")
    assert page.locator("h1").inner_text() == "CC 2026/27 02"
    with live_server.app.app_context():
        item = db.session.scalar(select(Recommendation))
        assert item.text == "Publish phone answering times every month."
        assert item.directorate == "Resources"
        assert item.status == "amber"


def _recommendation(live_server) -> int:
    with live_server.app.app_context():
        item = Recommendation(
            reference="CC 2026/27 05",
            text="Answer phone calls within 30 seconds.",
            directorate="Resources",
            lead_officer="Head of Access Harrow",
            committee="Overview and Scrutiny Committee",
            committee_date=date(2026, 3, 18),
        )
        db.session.add(item)
        db.session.commit()
        return item.id


def _fits(page, name: str, assert_accessible) -> None:
    """axe and the Nu checker at 1280 px, then at 320 px with nothing to scroll sideways."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than a {width}px screen"
        assert_accessible(page, f"{name}-{width}")
        if ARTIFACTS:
            page.screenshot(path=str(Path(ARTIFACTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_measure_form_in_normal_and_error_states(page, live_server, sign_in, assert_accessible):
    item_id = _recommendation(live_server)
    sign_in(page, "admin")
    page.goto(f"{live_server.url}/recommendations/{item_id}/measure")
    _fits(page, "measure", assert_accessible)
    page.locator("#measure").select_option("satisfaction/channel/phone")
    page.locator("#measure_since_from-year").fill("2025")
    page.locator("#measure_since_to-year").fill("2099")
    page.locator("#measure_since_to-day").fill("1")
    page.locator("#measure_since_to-month").fill("1")
    submit(page, "Save measure")
    assert page.title().startswith("Error: Measure for CC 2026/27 05")
    assert "The start of since must be in a later month than before" in page.content()
    _fits(page, "measure-error", assert_accessible)
    page.locator("#measure_since_from-year").fill("2026")
    page.locator("#measure_since_to-day").fill("")
    page.locator("#measure_since_to-month").fill("")
    page.locator("#measure_since_to-year").fill("")
    submit(page, "Save measure")
    assert page.locator("h1").inner_text() == "CC 2026/27 05"
    assert "Residents satisfied with their contact: Phone" in page.content()
    _fits(page, "recommendation-with-measure", assert_accessible)
    page.goto(f"{live_server.url}/recommendations/follow-up")
    _fits(page, "follow-up-with-measure", assert_accessible)


def test_a_measure_is_named_with_the_keyboard_alone(page, live_server, sign_in):
    item_id = _recommendation(live_server)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/recommendations/{item_id}")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith("Name a measure"), "link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["id"] == "measure", "the measure list")
    for _ in range(40):
        if page.evaluate("document.activeElement.value") == "satisfaction/channel/phone":
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError("the phone measure was never reached with the arrows")
    # The dates start filled in from the committee date: 12 months before it, and since.
    press_button(page, "Save measure")
    assert page.locator("h1").inner_text() == "CC 2026/27 05"
    with live_server.app.app_context():
        item = db.session.get(Recommendation, item_id)
        assert item.measure == "satisfaction/channel/phone"
        assert (item.measure_before_from, item.measure_since_from) == (
            date(2025, 3, 1),
            date(2026, 3, 1),
        )
