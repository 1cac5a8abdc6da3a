"""Sessions that end: a cookie saved before an event that ends its session is replayed
afterwards, as an attacker who copied it would, and must open nothing.

Runs on SQLite and PostgreSQL: the sessions are rows in the database. The browsers use an
app of their own (``make_app``), whose every request starts afresh: requests to the session's
``app`` share its application context, so one client's sign-in would leak into the next.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from survey_app.extensions import db
from survey_app.models import StaffSession, utcnow
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a different long password for tests"


@pytest.fixture
def browsers(make_app):
    return make_app("testing")


STAFF_PAGE = "/mystery-shop/"


def sign_in(app, user, password=TEST_PASSWORD):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return client


def saved_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str, path: str = STAFF_PAGE):
    """A new browser with a copy of the cookie asks for a staff page."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get(path)


def refused(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/auth/login")


def test_a_saved_cookie_works_until_sign_out_and_never_after(browsers, make_user):
    app = browsers
    user = make_user("shopper")
    owner = sign_in(app, user)
    cookie = saved_cookie(owner)
    assert replay(app, cookie).status_code == 200  # the copy works while signed in
    owner.post("/auth/logout")
    assert refused(replay(app, cookie))
    assert db.session.scalars(select(StaffSession)).all() == []


def test_changing_password_ends_the_other_sessions_but_not_this_one(browsers, make_user):
    app = browsers
    user = make_user("shopper")
    owner = sign_in(app, user)
    stolen = saved_cookie(sign_in(app, user))
    response = owner.post(
        "/auth/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Your password has been changed" in response.get_data(as_text=True)
    assert refused(replay(app, stolen))
    assert owner.get(STAFF_PAGE).status_code == 200


def test_a_new_password_equal_to_the_old_one_is_refused(browsers, make_user):
    app = browsers
    user = make_user("shopper")
    owner = sign_in(app, user)
    response = owner.post(
        "/auth/password",
        data={
            "current_password": TEST_PASSWORD,
            "new_password": TEST_PASSWORD,
            "confirm_password": TEST_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "must be different from your current password" in response.get_data(as_text=True)
    assert user.check_password(TEST_PASSWORD)


def test_an_admin_reset_ends_every_session_of_that_user(browsers, make_user, client_request):
    app = browsers
    user = make_user("shopper")
    stolen = saved_cookie(sign_in(app, user))
    client_request.login("admin")
    client_request.post(f"/admin/users/{user.id}/reset-password", {})
    assert refused(replay(app, stolen))


def test_deactivating_or_changing_roles_ends_that_users_sessions(
    browsers, make_user, client_request
):
    app = browsers
    deactivated, demoted = make_user("reviewer"), make_user(["reviewer", "shopper"])
    stolen = {
        deactivated.id: saved_cookie(sign_in(app, deactivated)),
        demoted.id: saved_cookie(sign_in(app, demoted)),
    }
    client_request.login("admin")
    client_request.post(
        f"/admin/users/{deactivated.id}",
        {"roles": ["reviewer"], "active": "no"},
        _expected_status=302,
    )
    client_request.post(
        f"/admin/users/{demoted.id}",
        {"roles": ["shopper"], "active": "yes"},
        _expected_status=302,
    )
    assert refused(replay(app, stolen[deactivated.id], "/results/"))
    assert refused(replay(app, stolen[demoted.id]))
    # The demoted shopper signs in again and carries on.
    assert sign_in(app, demoted).get(STAFF_PAGE).status_code == 200


def test_a_session_ends_after_its_absolute_lifetime_however_active(browsers, make_user):
    app = browsers
    user = make_user("shopper")
    owner = sign_in(app, user)
    assert owner.get(STAFF_PAGE).status_code == 200
    lifetime = app.config["SESSION_ABSOLUTE_LIFETIME"]
    assert lifetime == timedelta(hours=12)
    db.session.execute(
        update(StaffSession).values(created_at=utcnow() - lifetime - timedelta(minutes=1))
    )
    assert refused(owner.get(STAFF_PAGE))


def test_each_sign_in_gets_a_new_token_and_only_its_hash_is_stored(browsers, make_user):
    app = browsers
    user = make_user("shopper")
    serializer = app.session_interface.get_signing_serializer(app)
    planted = app.test_client()
    with planted.session_transaction() as session:
        session["staff_session"] = "chosen-by-the-attacker"
    planted.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    first = serializer.loads(saved_cookie(planted))["staff_session"]
    second = serializer.loads(saved_cookie(sign_in(app, user)))["staff_session"]
    assert "chosen-by-the-attacker" not in (first, second)
    assert first != second
    stored = set(db.session.scalars(select(StaffSession.token_hash)))
    assert len(stored) == 2
    assert not {first, second} & stored
