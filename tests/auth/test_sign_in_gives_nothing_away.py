"""Sign-in that tells an attacker nothing and cannot be used to keep the owner out.

Each test is an attack: telling real accounts from unknown ones by the answer or its time,
locking an admin out for ever from one address, reading what a victim typed into the email
box from the audit log, guessing ``current_password`` with a stolen cookie. Browsers use an
app of their own (``make_app``) so that each request starts afresh.
"""

import time
from datetime import timedelta
from statistics import median

import pytest
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

import survey_app.models.user
from survey_app.extensions import db
from survey_app.models import AuditEvent, SignInThrottle, StaffSession, utcnow
from survey_app.services import users
from tests.conftest import TEST_PASSWORD, Page

ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}
WRONG = "wrong password, wrong password"


@pytest.fixture
def browsers(make_app):
    return make_app("testing")


def sign_in(app, email, password=WRONG, where=ATTACKER, client=None):
    client = client or app.test_client()
    return client.post(
        "/auth/login", data={"email": email, "password": password}, environ_base=where
    )


def error_message(response) -> str:
    page = Page(response).check_structure()
    return page.html.split('govuk-error-message">', 1)[1].split("</p>", 1)[0]


def test_real_and_unknown_accounts_get_the_same_answers(browsers, make_user):
    admin = make_user("admin")
    answers = {}
    for email in (admin.email, "nobody-here@example.gov.uk"):
        answers[email] = [
            (response.status_code, error_message(response))
            for response in (sign_in(browsers, email) for _ in range(users.MAX_FAILED_LOGINS + 1))
        ]
    real, unknown = answers.values()
    assert real == unknown
    assert "Enter a correct email address and password" in real[0][1]
    assert "too many attempts" in real[-1][1]


def test_an_unknown_account_takes_as_long_as_a_real_one(browsers, make_user, monkeypatch):
    """With the production password hash (scrypt) an unknown address was answered in a
    fifteenth of the time: it now hashes a dummy password too."""
    monkeypatch.setattr(survey_app.models.user, "generate_password_hash", generate_password_hash)
    users._dummy_hash.clear()
    admin = make_user("admin")
    assert admin.password_hash.startswith("scrypt:")
    client = browsers.test_client()

    def timed(email):
        started = time.perf_counter()
        sign_in(browsers, email, client=client)
        return time.perf_counter() - started

    real = median(timed(admin.email) for _ in range(3))
    unknown = median(timed("nobody-here@example.gov.uk") for _ in range(3))
    users._dummy_hash.clear()
    assert 0.5 < unknown / real < 2, (real, unknown)


def test_an_attacker_cannot_lock_the_owner_out(browsers, make_user):
    admin = make_user("admin")
    for _ in range(users.MAX_FAILED_LOGINS * 3):
        sign_in(browsers, admin.email)
    # The attacker's address waits, even with the right password...
    assert sign_in(browsers, admin.email, TEST_PASSWORD).status_code == 200
    # ...but the owner, from their own address, signs in.
    assert sign_in(browsers, admin.email, TEST_PASSWORD, where=OWNER).status_code == 302


def test_a_lock_ends_after_its_time_and_each_lock_is_longer(browsers, make_user):
    user = make_user("shopper")
    for _ in range(users.MAX_FAILED_LOGINS):
        sign_in(browsers, user.email)
    first = db.session.scalar(select(SignInThrottle))
    assert first.locked_until - utcnow() == pytest.approx(
        timedelta(minutes=15), abs=timedelta(minutes=1)
    )
    db.session.execute(update(SignInThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    for _ in range(users.MAX_FAILED_LOGINS):
        sign_in(browsers, user.email)
    db.session.expire_all()  # the browsers' app wrote the row
    second = db.session.scalar(select(SignInThrottle))
    assert second.locked_until - utcnow() == pytest.approx(
        timedelta(minutes=30), abs=timedelta(minutes=1)
    )
    db.session.execute(update(SignInThrottle).values(locked_until=utcnow() - timedelta(seconds=1)))
    assert sign_in(browsers, user.email, TEST_PASSWORD).status_code == 302
    assert db.session.scalars(select(SignInThrottle)).all() == []


def test_text_typed_in_the_email_box_is_never_kept(browsers, make_user):
    user = make_user("shopper")
    typed = "MySecretPassw0rd! typed in the wrong box"
    sign_in(browsers, typed, password="anything at all here")
    sign_in(browsers, user.email)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "sign_in.failed").order_by(AuditEvent.id)
    ).all()
    assert [event.actor for event in events] == ["an address with no account", user.email]
    assert not any(typed in f"{e.actor} {e.target}" for e in db.session.scalars(select(AuditEvent)))
    # Nor, in clear, in the throttle: only a hash of the address and the client.
    assert not any(typed in row.key_hash for row in db.session.scalars(select(SignInThrottle)))


def test_guessing_the_current_password_with_a_stolen_cookie_signs_it_out(browsers, make_user):
    user = make_user("shopper")
    thief = browsers.test_client()
    assert sign_in(browsers, user.email, TEST_PASSWORD, client=thief).status_code == 302
    answers = []
    for attempt in range(users.MAX_FAILED_LOGINS):
        response = thief.post(
            "/auth/password",
            data={
                "current_password": f"guess number {attempt}",
                "new_password": "the thief's new password",
                "confirm_password": "the thief's new password",
            },
            environ_base=ATTACKER,
        )
        answers.append(response.status_code)
    assert answers == [200] * (users.MAX_FAILED_LOGINS - 1) + [302]
    assert response.location == "/auth/signed-out"
    assert db.session.scalars(select(StaffSession)).all() == []
    assert thief.get("/mystery-shop/").location.startswith("/auth/login")
    assert sign_in(browsers, user.email, TEST_PASSWORD).status_code == 200  # locked here
    assert user.check_password(TEST_PASSWORD)


def test_pairs_quiet_for_two_days_are_forgotten(browsers, make_user):
    for n in range(3):
        sign_in(browsers, f"made-up-{n}@example.gov.uk")
    db.session.execute(update(SignInThrottle).values(updated_at=utcnow() - timedelta(days=3)))
    sign_in(browsers, "another@example.gov.uk")
    db.session.expire_all()
    assert len(db.session.scalars(select(SignInThrottle)).all()) == 1
