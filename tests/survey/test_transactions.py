"""Which resident pages run their statements without a transaction, and which keep one.

Pages that only read, or write one row with one statement, run each statement on its own
(autocommit), which saves the database two round trips a page. Sending a survey and saving
an equality answer write several rows together and must stay in one transaction.
"""

import pytest
from flask import has_request_context, request
from sqlalchemy import event, func, insert, select

from survey_app.extensions import db
from survey_app.models import Channel, Response
from tests.journey_helpers import question_by_page, typical_answer

# Autocommit, and transactions as the database sees them: only outside the test's own.
pytestmark = pytest.mark.commits

STAND_ALONE = {
    ("GET", "survey.start"),
    ("POST", "survey.start"),
    ("GET", "survey.question"),
    ("POST", "survey.question"),
    ("GET", "survey.check"),
    ("GET", "survey.complete"),
    ("GET", "survey.equality_explainer"),
    ("POST", "survey.equality_explainer"),
    ("GET", "survey.equality_question"),
}


@pytest.fixture
def separate_app(make_app):
    """A second app on the same database, so that each request has its own application
    context, session and signed-in user, as in production: the ``client`` fixture's
    requests share the test's application context, and with it a session and a user."""
    return make_app()


@pytest.fixture
def client(separate_app):
    return separate_app.test_client()


@pytest.fixture
def statements(separate_app):
    """Every statement a request runs: (method, endpoint, autocommit or not, its first word)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if has_request_context():
            autocommit = conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
            seen.append((request.method, request.endpoint, autocommit, statement.split()[0]))

    with separate_app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _walk(client, channel):
    """A resident's whole visit: every page fetched before its form is sent."""
    pages = question_by_page()
    assert client.get(f"/survey/{channel}").status_code == 200
    location = client.post(f"/survey/{channel}").location
    while "/check-your-answers" not in location:
        assert client.get(location).status_code == 200
        data = {}
        for question in pages[location.rsplit("/", 1)[-1]]:
            data.update(typical_answer(question))
        location = client.post(location, data=data).location
    assert client.get(location).status_code == 200
    location = client.post(location).location
    assert location == f"/survey/{channel}/equality"
    assert client.get(location).status_code == 200
    location = client.post(location, data={"answer_equality": "yes"}).location
    assert client.get(location).status_code == 200
    location = client.post(location, data={"answer": "prefer_not_to_say"}).location
    client.get(f"/survey/{channel}/complete")


def test_pages_that_write_at_most_one_row_run_without_a_transaction(app, client, statements):
    _walk(client, "phone")
    by_page = {}
    for method, endpoint, autocommit, word in statements:
        by_page.setdefault((method, endpoint), []).append((autocommit, word))
    assert set(by_page) >= STAND_ALONE, set(by_page)
    for page in STAND_ALONE:
        assert all(autocommit for autocommit, _ in by_page[page]), page
    # The one write on each of these pages is one statement.
    assert [word for _, word in by_page["POST", "survey.start"] if word != "SELECT"] == ["INSERT"]
    question_writes = [word for _, word in by_page["POST", "survey.question"] if word != "SELECT"]
    assert set(question_writes) == {"UPDATE"}


@pytest.mark.parametrize("page", [("POST", "survey.check"), ("POST", "survey.equality_question")])
def test_writing_several_rows_together_keeps_its_transaction(app, client, statements, page):
    _walk(client, "email")
    written = [
        (autocommit, word)
        for method, endpoint, autocommit, word in statements
        if (method, endpoint) == page
    ]
    assert any(word == "INSERT" for _, word in written)
    assert not any(autocommit for autocommit, _ in written)


def test_a_transaction_begun_before_the_page_is_kept(app, client, client_request, statements):
    # A signed-in user's record is read before the page runs, in a transaction.
    client_request.login("admin")  # on this module's client, the separate app's
    statements.clear()
    location = client.post("/survey/letter").location
    assert client.get(location).status_code == 200
    on_pages = [
        autocommit
        for method, endpoint, autocommit, _ in statements
        if endpoint in {"survey.start", "survey.question"}
    ]
    assert on_pages
    assert not any(on_pages)


def test_connections_go_back_to_the_pool_with_their_transactions(
    app, separate_app, client, statements
):
    _walk(client, "website")
    with separate_app.app_context():
        engine = db.engine
    connections = [engine.connect() for _ in range(max(engine.pool.checkedin(), 1))]
    try:
        for connection in connections:
            before = connection.scalar(select(func.count()).select_from(Channel))
            connection.execute(insert(Channel).values(slug="rolled-back", name="Rolled back"))
            connection.rollback()
            assert connection.scalar(select(func.count()).select_from(Channel)) == before
    finally:
        for connection in connections:
            connection.close()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
