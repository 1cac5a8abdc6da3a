"""The audit log page: filters, pagination and error states."""

from datetime import datetime

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.services import audit


def test_audit_page_lists_sign_ins_and_admin_actions(admin, client, client_request):
    client.get("/admin/surveys/customer-care/export.yaml")
    page = client_request.get("/admin/audit")
    assert page.heading == "Audit log"
    assert "Signed in" in page.html
    assert "Survey definition exported" in page.html
    assert "customer-care as yaml-draft" in page.html
    assert "Admin (admin@example.gov.uk)" in page.html


def test_audit_page_filters_by_action_person_and_dates(admin, client, client_request):
    audit.record_event("sign_in.failed", "invalid", actor="mallory@example.com")
    old = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in.succeeded"))
    old.occurred_at = datetime(2026, 1, 10, 9, 30)
    db.session.commit()

    page = client_request.get("/admin/audit?action=sign_in.failed")
    assert "mallory@example.com" in page.html
    assert "Signed in</td>" not in page.html

    page = client_request.get(f"/admin/audit?user={admin.id}")
    assert "mallory@example.com" not in page.html
    assert "10 January 2026 09:30 UTC" in page.html

    dates = "date_from=9&date_from=1&date_from=2026&date_to=11&date_to=1&date_to=2026"
    page = client_request.get(f"/admin/audit?{dates}")
    assert "1 event." in page.html
    assert "Clear filters" in page.html


def test_audit_filter_errors_are_explained(admin, client_request):
    page = client_request.get("/admin/audit?date_from=31&date_from=2&date_from=2026")
    assert "From date must be a real date" in page.html
    assert page.error_links == ["#date_from-day"]
    page = client_request.get(
        "/admin/audit?date_from=2&date_from=2&date_from=2026&date_to=1&date_to=2&date_to=2026"
    )
    assert "To date must be the same as or after the from date" in page.html
    page = client_request.get("/admin/audit?user=abc&action=nonsense")
    assert page.error_links == ["#action", "#user"]


def test_audit_page_paginates(admin, client_request):
    for number in range(audit.PAGE_SIZE + 1):
        audit.record_event("survey.published", f"s{number}")
    page = client_request.get("/admin/audit?action=survey.published")
    assert "51 events, page 1 of 2." in page.html
    assert 'href="/admin/audit?action=survey.published&amp;page=2"' in page.html
    page = client_request.get("/admin/audit?action=survey.published&page=2")
    assert "page 2 of 2" in page.html
    assert page.html.count("Survey published</td>") == 1
