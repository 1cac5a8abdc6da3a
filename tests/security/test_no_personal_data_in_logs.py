"""Nothing a person typed reaches the logs: email addresses, passwords or answers."""

import logging

import pytest
from sqlalchemy import text

from survey_app.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.journey_helpers import STANDARD, complete_survey

EMAIL = "councillor.private@example.gov.uk"
WRONG_PASSWORD = "my secret wrong passphrase"
ANSWER = "My neighbour Mrs Jane Example at 12 Acacia Avenue was rude"


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def logged(caplog) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.exc_text or ''} {record.args}" for record in caplog.records
    )


def assert_not_logged(caplog, *secrets):
    text_ = logged(caplog)
    for secret in secrets:
        assert secret not in text_


def test_sign_in_failed_and_succeeded_logs_no_email_or_password(client, make_user, logs):
    make_user("reviewer", email=EMAIL)
    client.post("/auth/login", data={"email": EMAIL, "password": WRONG_PASSWORD})
    client.post("/auth/login", data={"email": "nobody@example.gov.uk", "password": WRONG_PASSWORD})
    assert client.post("/auth/login", data={"email": EMAIL, "password": TEST_PASSWORD}).status_code
    assert_not_logged(logs, EMAIL, "nobody@example.gov.uk", WRONG_PASSWORD, TEST_PASSWORD)


def test_a_survey_with_a_free_text_answer_logs_no_answer(client, logs):
    text_questions = [
        question["key"]
        for page in STANDARD["pages"]
        for question in page["questions"]
        if question["type"] == "text"
    ]
    assert text_questions
    complete_survey(client, "phone", answers={key: {key: ANSWER} for key in text_questions})
    stored = db.session.scalar(text("SELECT count(*) FROM answer WHERE value = :v"), {"v": ANSWER})
    assert stored >= 1, "the answer was saved"
    assert_not_logged(logs, ANSWER)


def test_an_error_page_logs_where_it_failed_but_not_what_was_sent(make_app, logs):
    failing = make_app()

    @failing.route("/test-only-failure", methods=["POST"])
    def failure():
        from flask import request

        int(request.form["answer"])  # ValueError: invalid literal ... 'the answer'

    @failing.route("/test-only-database-failure", methods=["POST"])
    def database_failure():
        from flask import request

        # The database refuses the value; its error must not carry the value into the log.
        db.session.execute(text("SELECT CAST(:v AS INTEGER) + 1/0"), {"v": request.form["email"]})
        db.session.execute(
            text("INSERT INTO no_such_table VALUES (:v)"), {"v": request.form["email"]}
        )

    try:
        client = failing.test_client()
        response = client.post("/test-only-failure?email=" + EMAIL, data={"answer": ANSWER})
        assert response.status_code == 500
        response = client.post("/test-only-database-failure", data={"email": EMAIL})
        assert response.status_code == 500
        text_ = logged(logs)
        assert "Unexpected error ValueError on POST /test-only-failure" in text_
        assert "Unexpected error" in text_.split("ValueError", 1)[1], "the database error too"
        assert_not_logged(logs, EMAIL, ANSWER)
    finally:
        with failing.app_context():
            db.session.remove()
