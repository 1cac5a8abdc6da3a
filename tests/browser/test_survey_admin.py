"""Every survey administration page, in its normal and error states, through axe and vnu."""

import pytest

ADMIN_PAGES = [
    ("surveys", "/admin/surveys"),
    ("survey-new", "/admin/surveys/new"),
    ("survey-import", "/admin/surveys/import"),
    ("survey", "/admin/surveys/customer-care"),
    ("survey-settings", "/admin/surveys/customer-care/settings"),
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
    ("audit", "/admin/audit"),
]

# (name, address, button to press with nothing filled in)
ERROR_STATES = [
    ("survey-new-error", "/admin/surveys/new", "Create survey"),
    ("survey-import-error", "/admin/surveys/import", "Import"),
    ("question-error", "/admin/surveys/customer-care/questions/new", "Save question"),
    ("service-error", "/admin/services/new", "Save service"),
    ("channel-error", "/admin/channels/new", "Save channel"),
    ("paper-error", "/admin/paper", "Continue"),
    ("paper-entry-error", "/admin/paper/customer-care/phone/paper", "Save return"),
]


@pytest.fixture
def admin_page(page, sign_in):
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
    assert admin_page.get_by_text("Version 1 published").is_visible()
    assert_accessible(admin_page, "survey-published")
