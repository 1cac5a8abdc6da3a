"""The audit trail service, and sign-ins recorded through /auth/login."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.services import audit
from survey_app.services.users import create_user
from tests.conftest import TEST_PASSWORD


def events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_a_successful_sign_in_is_recorded_against_the_user(client):
    user = create_user("officer@example.gov.uk", "Officer", {"admin"}, TEST_PASSWORD)
    client.post("/auth/login", data={"email": "officer@example.gov.uk", "password": TEST_PASSWORD})
    [event] = events()
    assert (event.action, event.user_id, event.actor) == (
        "sign_in.succeeded",
        user.id,
        "officer@example.gov.uk",
    )


def test_a_failed_sign_in_records_the_accounts_address_but_never_the_password(client):
    create_user("officer@example.gov.uk", "Officer", {"admin"}, TEST_PASSWORD)
    client.post(
        "/auth/login", data={"email": "Officer@example.gov.uk", "password": "wrong-password-1"}
    )
    [event] = events()
    assert (event.action, event.user_id, event.actor, event.target) == (
        "sign_in.failed",
        None,
        "officer@example.gov.uk",  # the account's address, not the text typed
        "invalid",
    )
    assert "wrong-password-1" not in f"{event.actor} {event.target}"


def test_record_event_outside_a_request_needs_no_user(app):
    audit.record_event("survey.exported", "customer-care as yaml")
    [event] = events()
    assert (event.user_id, event.actor, event.target) == (None, "", "customer-care as yaml")


def test_list_events_filters_by_action_user_and_date_and_pages(app):
    user = create_user("officer@example.gov.uk", "Officer", {"admin"}, TEST_PASSWORD)
    for number in range(audit.PAGE_SIZE + 5):
        audit.record_event("survey.published", f"s{number}", user=user)
    audit.record_event("sign_in.failed", "invalid", actor="someone@example.com")
    old = events()[0]
    old.occurred_at = datetime(2026, 1, 5, 12, 0)
    db.session.commit()

    everything = audit.list_events(audit.AuditFilter())
    assert (everything.total, everything.pages, len(everything.events)) == (56, 2, 50)
    assert everything.events[0].action == "sign_in.failed"  # newest first
    assert len(audit.list_events(audit.AuditFilter(), page=2).events) == 6
    assert audit.list_events(audit.AuditFilter(), page=99).page == 2

    assert audit.list_events(audit.AuditFilter(action="sign_in.failed")).total == 1
    assert audit.list_events(audit.AuditFilter(user_id=user.id)).total == 55
    january = audit.AuditFilter(date_from=date(2026, 1, 5), date_to=date(2026, 1, 5))
    assert [e.target for e in audit.list_events(january).events] == ["s0"]
    since_yesterday = audit.AuditFilter(date_from=date.today() - timedelta(days=1))
    assert audit.list_events(since_yesterday).total == 55
