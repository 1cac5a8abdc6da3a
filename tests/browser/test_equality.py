"""The equality section in a real browser: axe and vnu on every page and error state, and
completing or skipping it with the keyboard alone (and without JavaScript)."""

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import EqualityResponse, Response
from tests.browser.journey import (
    answer_with_pointer,
    on_check_page,
    press_button,
    questions_on,
    start_survey,
)
from tests.browser.test_keyboard import choose_radio, tab_to
from tests.browser.test_keyboard import press_button as press_button_with_keyboard

CHANNEL = "phone"
# Answers by page slug that reach every equality page; write-ins where an option has one.
ADULT_ANSWERS = [
    ("age", "35_to_49", None),
    ("sex", "female", None),
    ("gender-identity", "no", "Non-binary"),
    ("sexual-orientation", "other_sexual_orientation", "Asexual"),
    ("ethnic-group", "black", None),
    ("ethnic-background", "any_other_black", "Black Canadian"),
    ("religion", "any_other_religion", "Pagan"),
    ("health-conditions", "yes", None),
    ("day-to-day-activities", "a_little", None),
    ("unpaid-care", "prefer_not_to_say", None),
]


def send_survey(page, base_url: str) -> None:
    """Answer the survey with the pointer and send it: the equality explainer is next."""
    start_survey(page, base_url, CHANNEL)
    while not on_check_page(page):
        for question in questions_on(page, CHANNEL):
            answer_with_pointer(page, question)
        press_button(page, "Continue")
    press_button(page, "Send answers")
    assert page.locator("h1").inner_text() == "We have received your answers"


def slug_of(page) -> str:
    return page.url.rsplit("/equality/", 1)[-1]


def expect_error(page, message: str) -> None:
    assert page.title().startswith("Error: ")
    assert message in page.locator(".govuk-error-summary").inner_text()


def equality_rows(live_server) -> list[EqualityResponse]:
    with live_server.app.app_context():
        rows = db.session.scalars(select(EqualityResponse)).all()
        keys = db.session.scalars(select(Response.equality_key)).all()
        db.session.expunge_all()
        db.session.remove()
    assert len(keys) == 1, "the survey answers are saved once, whatever the section does"
    assert [row.key for row in rows] == [key for key in keys if key]
    return rows


def test_every_equality_page_and_error_state_passes_axe_and_vnu(
    live_server, page, assert_accessible
):
    send_survey(page, live_server.url)
    assert_accessible(page, "explainer")
    press_button(page, "Continue")
    expect_error(page, "Select if you want to answer the equality questions")
    assert_accessible(page, "explainer-error")

    page.locator("input[name='answer_equality'][value='yes']").check()
    press_button(page, "Continue")
    for slug, value, write_in in ADULT_ANSWERS:
        assert slug_of(page) == slug
        assert_accessible(page, slug)
        page.locator(f"input[name='answer'][value='{value}']").check()
        if write_in is not None:
            box = page.locator("#write_in")
            assert box.is_visible(), f"{slug}: choosing {value} reveals the write-in box"
            assert_accessible(page, f"{slug}-write-in-revealed")
            box.fill("x" * 101)
            press_button(page, "Continue")
            expect_error(page, "must be 100 characters or fewer")
            assert page.locator("#write_in").is_visible(), "the box stays open to be corrected"
            assert_accessible(page, f"{slug}-error-too-long")
            page.locator("#write_in").fill(write_in)
        press_button(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"

    [row] = equality_rows(live_server)
    assert (row.gender_identity, row.gender_identity_other) == ("no", "Non-binary")
    assert (row.ethnicity, row.ethnicity_other) == ("any_other_black", "Black Canadian")
    assert row.disability_reduces_activities == "a_little"
    assert row.carer == "prefer_not_to_say"


def test_a_forged_option_gets_a_clear_message(live_server, page, assert_accessible):
    send_survey(page, live_server.url)
    page.locator("input[name='answer_equality'][value='yes']").check()
    press_button(page, "Continue")
    page.locator("input[name='answer'][value='75_or_over']").evaluate(
        "el => el.value = '101_or_over'"
    )
    page.locator("input[name='answer'][value='101_or_over']").check()
    press_button(page, "Continue")
    expect_error(page, "Select your age group from the list")
    assert_accessible(page, "age-error-forged")


def test_equality_section_completed_with_the_keyboard_alone(live_server, page):
    send_survey(page, live_server.url)
    choose_radio(page, "answer_equality", "yes")
    press_button_with_keyboard(page, "Continue")
    for slug, value, write_in in ADULT_ANSWERS:
        assert slug_of(page) == slug
        choose_radio(page, "answer", value)
        if write_in is not None:
            tab_to(page, lambda f: f["id"] == "write_in", "the write-in box")
            page.keyboard.type(write_in)
        press_button_with_keyboard(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"

    [row] = equality_rows(live_server)
    assert (row.age_band, row.sex) == ("35_to_49", "female")
    assert (row.sexual_orientation, row.sexual_orientation_other) == (
        "other_sexual_orientation",
        "Asexual",
    )
    assert (row.religion, row.religion_other) == ("any_other_religion", "Pagan")
    assert row.carer == "prefer_not_to_say"


def test_equality_section_declined_with_the_keyboard(live_server, page):
    send_survey(page, live_server.url)
    choose_radio(page, "answer_equality", "no")
    press_button_with_keyboard(page, "Continue")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"
    assert equality_rows(live_server) == []


@pytest.mark.parametrize("answered", [0, 3])
def test_rest_of_the_section_skipped_with_the_keyboard(live_server, page, answered):
    send_survey(page, live_server.url)
    choose_radio(page, "answer_equality", "yes")
    press_button_with_keyboard(page, "Continue")
    for slug, value, _ in ADULT_ANSWERS[:answered]:
        assert slug_of(page) == slug
        choose_radio(page, "answer", value)
        press_button_with_keyboard(page, "Continue")
    # Leave a choice unsent on this page: skipping does not save it.
    choose_radio(page, "answer", ADULT_ANSWERS[answered][1])
    press_button_with_keyboard(page, "Skip the rest of the equality questions")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"

    rows = equality_rows(live_server)
    if answered == 0:
        assert rows == []
    else:
        [row] = rows
        assert (row.age_band, row.sex, row.gender_identity) == ("35_to_49", "female", "no")
        assert row.sexual_orientation is None


def test_write_in_box_is_there_without_javascript(live_server, new_page, record_html):
    page = new_page(java_script_enabled=False)
    send_survey(page, live_server.url)
    page.locator("input[name='answer_equality'][value='yes']").check()
    press_button(page, "Continue")
    page.goto(f"{live_server.url}/survey/{CHANNEL}/equality/religion")
    assert page.locator("#write_in").is_visible()
    record_html(page, "religion-without-js")
    page.locator("input[name='answer'][value='any_other_religion']").check()
    page.locator("#write_in").fill("Quaker")
    press_button(page, "Continue")
    assert slug_of(page) == "health-conditions"
    press_button(page, "Skip the rest of the equality questions")
    assert page.locator("h1").inner_text() == "Thank you, your answers have been sent"
    [row] = equality_rows(live_server)
    assert (row.religion, row.religion_other) == ("any_other_religion", "Quaker")
