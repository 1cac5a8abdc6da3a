"""The shared fixtures do what tests/conftest.py says: a test's commits never reach the
database, a page that would run without a transaction runs in the test's, and
client_request checks what it is told to."""

import pytest
from sqlalchemy import create_engine, func, select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Channel
from survey_app.services import audit


def _count_from_another_connection(app, model) -> int:
    """What a connection of its own sees: only what was really committed."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_a_commit_in_a_test_stays_inside_the_tests_transaction(app):
    audit.record_event("fixture.checked", "a commit that must not reach the database")
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 1
    assert _count_from_another_connection(app, AuditEvent) == 0


def test_a_rollback_in_a_test_keeps_what_was_committed_before_it(app):
    audit.record_event("fixture.kept", "committed")  # commits
    audit.add_event("fixture.dropped", "rolled back")
    db.session.flush()
    db.session.rollback()
    assert list(db.session.scalars(select(AuditEvent.action))) == ["fixture.kept"]


@pytest.mark.commits
def test_a_committing_test_commits_for_real(app):
    audit.record_event("fixture.committed", "a commit that reaches the database")
    assert _count_from_another_connection(app, AuditEvent) == 1


def test_every_test_starts_from_the_standard_data(app):
    """Whichever of the tests above ran first, nothing of theirs is left."""
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert db.session.scalar(select(func.count()).select_from(Channel)) >= 1


def test_a_page_that_runs_without_a_transaction_runs_in_the_tests(client_request):
    page = client_request.get("/survey/phone")
    assert page.heading
    assert client_request.post("/survey/phone", _expected_status=302).location.startswith(
        "/survey/phone/"
    )


def test_client_request_takes_an_endpoint_or_a_path(client_request):
    by_endpoint = client_request.get("main.index")
    by_path = client_request.get("/")
    assert by_endpoint.heading == by_path.heading == "Tell us about your contact with the council"
    assert client_request.get("survey.start", channel="phone").heading
    with pytest.raises(TypeError, match="URL values"):
        client_request.get("/", channel="phone")


def test_client_request_fails_on_an_unexpected_status_or_redirect(client_request):
    with pytest.raises(AssertionError, match="302 \\(expected 200\\)"):
        client_request.get("/admin/")
    with pytest.raises(AssertionError, match="went to"):
        client_request.get("/admin/", _expected_status=302, _expected_redirect="/elsewhere")
    client_request.get(
        "/admin/", _expected_status=302, _expected_redirect="/auth/login?next=%2Fadmin%2F"
    )


def test_the_role_fixtures_are_signed_in(admin, client_request):
    page = client_request.get("/admin/")
    assert page.heading == "Administration"
    assert admin.email == "admin@example.gov.uk"
    client_request.logout()
    client_request.get("/admin/", _expected_status=302)
