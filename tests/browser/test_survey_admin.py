"""Every survey administration page, in its normal and error states, through axe and vnu."""

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.services.standards import load_service_standards
from tests.results.helpers import add_responses

ADMIN_PAGES = [
    ("surveys", "/admin/surveys"),
    ("survey-new", "/admin/surveys/new"),
    ("survey-import", "/admin/surveys/import"),
    ("survey", "/admin/surveys/customer-care"),
    ("survey-settings", "/admin/surveys/customer-care/settings"),
    ("survey-schedule", "/admin/surveys/customer-care/schedule"),
    ("question-new", "/admin/surveys/customer-care/questions/new"),
    ("question-edit", "/admin/surveys/customer-care/questions/phone_wait"),
    ("question-remove", "/admin/surveys/customer-care/questions/ease/remove"),
    ("page-edit", "/admin/surveys/customer-care/pages/reply-time"),
    ("survey-import-into", "/admin/surveys/customer-care/import"),
    ("preview-start", "/admin/surveys/customer-care/preview"),
    ("preview-service", "/admin/surveys/customer-care/preview/phone/service"),
    ("preview-date", "/admin/surveys/customer-care/preview/phone/contact-date"),
    ("preview-conditional", "/admin/surveys/customer-care/preview/email/reply-time"),
    ("preview-text", "/admin/surveys/customer-care/preview/phone/comments"),
    ("services", "/admin/services"),
    ("service-new", "/admin/services/new"),
    ("channels", "/admin/channels"),
    ("channel-new", "/admin/channels/new"),
    ("links", "/admin/links"),
    ("links-service", "/admin/links?service=council-tax"),
    ("link", "/admin/links/phone?service=housing"),
    ("poster", "/admin/links/phone/poster"),
    ("slips", "/admin/links/letter/slip"),
    ("paper", "/admin/paper"),
    ("paper-entry", "/admin/paper/customer-care/phone/paper"),
    ("translations", "/admin/surveys/customer-care/translations"),
    ("audit", "/admin/audit"),
    ("import-responses", "/admin/paper/import"),
    ("standards", "/admin/standards"),
    ("standard-new", "/admin/standards/phone/new"),
    ("remove-answers", "/admin/remove-answers"),
]

# (name, address, button to press with nothing filled in)
ERROR_STATES = [
    ("survey-new-error", "/admin/surveys/new", "Create survey"),
    ("survey-import-error", "/admin/surveys/import", "Import"),
    ("question-error", "/admin/surveys/customer-care/questions/new", "Save question"),
    ("service-error", "/admin/services/new", "Save service"),
    ("channel-error", "/admin/channels/new", "Save channel"),
    ("paper-error", "/admin/paper", "Continue"),
    ("standard-new-error", "/admin/standards/phone/new", "Save standard"),
    ("remove-answers-error", "/admin/remove-answers", "Find the answers"),
]


@pytest.fixture
def admin_page(page, sign_in, live_server):
    # The live server's reset loads channels, services and surveys; the standards page
    # needs the shipped mystery-shop standards too.
    with live_server.app.app_context():
        load_service_standards()
        db.session.remove()
    sign_in(page, "admin")
    return page


def expect_error_state(page, name):
    assert page.locator(".govuk-error-summary").is_visible(), f"{name}: no error summary"
    assert page.title().startswith("Error: "), f"{name}: title {page.title()!r}"


def test_every_admin_page(live_server, admin_page, assert_accessible):
    for name, address in ADMIN_PAGES:
        admin_page.goto(f"{live_server.url}{address}")
        assert admin_page.locator("h1").count() == 1, name
        assert_accessible(admin_page, name)


def test_paper_entry_names_a_wrong_answer_but_not_a_blank_one(
    live_server, admin_page, assert_accessible
):
    admin_page.goto(f"{live_server.url}/admin/paper/customer-care/phone/paper")
    admin_page.locator("#contact_count").fill("lots")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Save return", exact=True).click()
    expect_error_state(admin_page, "paper-entry-error")
    assert admin_page.locator(".govuk-error-summary__list li").count() == 1
    assert_accessible(admin_page, "paper-entry-error")


def test_every_admin_error_state(live_server, admin_page, assert_accessible):
    for name, address, button in ERROR_STATES:
        admin_page.goto(f"{live_server.url}{address}")
        with admin_page.expect_navigation():
            admin_page.get_by_role("button", name=button, exact=True).click()
        expect_error_state(admin_page, name)
        assert_accessible(admin_page, name)
    admin_page.goto(f"{live_server.url}/admin/audit?date_from=40&date_from=1&date_from=2026")
    expect_error_state(admin_page, "audit-error")
    assert_accessible(admin_page, "audit-error")


def test_a_draft_with_problems_and_a_publish(live_server, admin_page, assert_accessible):
    """Create a survey, see its problems, add a question, publish: with CSRF on, as for real."""
    url = live_server.url
    admin_page.goto(f"{url}/admin/surveys/new")
    admin_page.get_by_label("Survey title").fill("Resident panel")
    admin_page.get_by_label("Survey ID").fill("resident-panel")
    admin_page.get_by_label("Phone").check()
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Create survey").click()
    expect_error_state(admin_page, "new-draft")
    assert_accessible(admin_page, "survey-with-problems")
    admin_page.get_by_role("button", name="Add a question").click()
    admin_page.get_by_label("Question", exact=True).fill("Did we answer quickly?")
    admin_page.get_by_label("Question key").fill("quick")
    admin_page.get_by_label("Yes or no").check()
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Save question").click()
    assert_accessible(admin_page, "survey-after-adding")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Publish as version 1").click()
    assert admin_page.locator("h1").inner_text() == "Publish version 1"
    assert_accessible(admin_page, "publish-summary-first")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Publish version 1").click()
    assert admin_page.get_by_text("Version 1 published").is_visible()
    assert_accessible(admin_page, "survey-published")


CSV_HEADER = (
    "submission_key,survey,survey_version,channel,service,completion_mode,language,"
    "submitted_on,answer_overall_satisfaction\n"
)


def _csv(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(CSV_HEADER + rows, encoding="utf-8")
    return path


def test_csv_import_reports_rows_then_imports(live_server, admin_page, assert_accessible, tmp_path):
    """With JavaScript the file goes up with a progress bar and the answer replaces the page."""
    url = live_server.url
    admin_page.goto(f"{url}/admin/paper/import")
    admin_page.get_by_role("button", name="Import responses").click()
    admin_page.locator(".govuk-error-summary").wait_for()
    expect_error_state(admin_page, "import-no-file")
    assert_accessible(admin_page, "import-no-file")
    bad = _csv(tmp_path, "bad.csv", ",customer-care,,pigeon,,paper,en,2026-05-01,happy\n")
    admin_page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    admin_page.get_by_role("button", name="Import responses").click()
    admin_page.locator(".app-import-problems").wait_for()
    expect_error_state(admin_page, "import-report")
    assert admin_page.locator(".app-import-problems tbody tr").count() == 2
    assert_accessible(admin_page, "import-report")
    good = _csv(tmp_path, "good.csv", ",customer-care,,phone,,paper,en,2026-05-01,very_satisfied\n")
    admin_page.get_by_label("Upload a CSV file").set_input_files(str(good))
    admin_page.get_by_role("button", name="Import responses").click()
    admin_page.get_by_text("1 response imported.").wait_for()
    assert not admin_page.title().startswith("Error: ")
    assert admin_page.url == f"{url}/admin/paper/import"
    assert_accessible(admin_page, "import-done")


def test_reset_password_pages(live_server, admin_page, assert_accessible):
    url = live_server.url
    email, _password = live_server.create_user("shopper")
    admin_page.goto(f"{url}/admin/users")
    with admin_page.expect_navigation():
        admin_page.locator("tr", has_text=email).get_by_role("link", name="Change").click()
    admin_page.wait_for_load_state()
    assert_accessible(admin_page, "edit-user")
    with admin_page.expect_navigation():
        admin_page.get_by_role("link", name="reset their password").click()
    admin_page.wait_for_load_state()
    assert_accessible(admin_page, "reset-password")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Reset password").click()
    assert admin_page.locator("h1").inner_text() == "Password reset"
    assert_accessible(admin_page, "password-reset")


def test_change_a_standard(live_server, admin_page, assert_accessible):
    admin_page.goto(f"{live_server.url}/admin/standards")
    with admin_page.expect_navigation():
        admin_page.get_by_role("link", name="Change Polite and patient (Phone)").click()
    admin_page.wait_for_load_state()
    assert_accessible(admin_page, "standard-edit")
    admin_page.get_by_label("Points").fill("3")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Save standard").click()
    assert admin_page.locator(".govuk-notification-banner").is_visible()
    assert_accessible(admin_page, "standards-saved")


def test_xlsform_import_report(live_server, admin_page, assert_accessible, tmp_path):
    """A two-language KoboToolbox form, uploaded as a new survey: the report page names each
    row left out, and passes axe and the Nu checker."""
    from tests.admin.test_xlsform_import import kobo_form

    form = tmp_path / "council_contact.xlsx"
    form.write_bytes(kobo_form())
    admin_page.goto(f"{live_server.url}/admin/surveys/import")
    admin_page.locator("input[type=file]").set_input_files(str(form))
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Import", exact=True).click()
    assert admin_page.locator("h1").inner_text() == "Spreadsheet imported"
    assert admin_page.locator(".app-import-left-out tbody tr").count() == 10
    assert admin_page.get_by_text("We made the survey address council-contact-2024").is_visible()
    assert_accessible(admin_page, "survey-import-report")


def test_removing_a_residents_answers_by_reference(live_server, admin_page, assert_accessible):
    with live_server.app.app_context():
        add_responses(1, channel="letter")
        reference = db.session.scalar(select(Response.reference))
        db.session.remove()
    admin_page.goto(f"{live_server.url}/admin/remove-answers")
    admin_page.get_by_label("Reference").fill(f"{reference[:4]}-{reference[4:]}".lower())
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Find the answers", exact=True).click()
    assert admin_page.locator("h1").inner_text() == "Are you sure you want to remove these answers?"
    assert_accessible(admin_page, "remove-answers-confirm")
    with admin_page.expect_navigation():
        admin_page.get_by_role("button", name="Remove these answers", exact=True).click()
    assert "have been removed" in admin_page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(admin_page, "remove-answers-done")
    with live_server.app.app_context():
        assert db.session.scalar(select(Response.id)) is None
        db.session.remove()
