"""Accounts: password change with NCSC-style checks, forced change of temporary passwords,
idle sign-out, deactivated accounts, and the first admin made by ``flask setup``."""

import re
import time

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import User
from survey_app.services.users import PasswordRejected, check_password_strength
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "violet kettle harbour ladder"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short one", "Password must be 12 characters or more"),
        ("password1234", "too easy to guess"),
        ("QwertyUiop123", "too easy to guess"),
        ("me@example.gov.uk-2026", "must not contain your email address"),
    ],
)
def test_weak_passwords_are_refused(password, message):
    with pytest.raises(PasswordRejected, match=message):
        check_password_strength(password, "me@example.gov.uk")


def test_a_long_uncommon_password_is_accepted():
    check_password_strength(NEW_PASSWORD, "me@example.gov.uk")


def change(client, current=TEST_PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/auth/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


def test_change_password_page(client_request):
    client_request.login("shopper")
    page = client_request.get("/auth/password")
    assert page.heading == "Change your password"
    assert "temporary password" not in page.html


def test_changing_password_works_and_the_new_one_signs_in(client, client_request):
    user = client_request.login("reviewer")
    response = change(client)
    assert response.status_code == 200
    assert "Your password has been changed" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    client.post("/auth/logout")
    response = client.post("/auth/login", data={"email": user.email, "password": NEW_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message", "target"),
    [
        (
            {"current": "wrong password entirely"},
            "Enter your current password correctly",
            "#current_password",
        ),
        ({"new": "too short"}, "Password must be 12 characters or more", "#new_password"),
        ({"new": "passwordpassword"}, "too easy to guess", "#new_password"),
        (
            {"confirm": "something else entirely"},
            "Enter the same new password twice",
            "#confirm_password",
        ),
        ({"new": ""}, "Enter a new password", "#new_password"),
        ({"current": ""}, "Enter your current password", "#current_password"),
    ],
)
def test_change_password_errors(client, client_request, data, message, target):
    user = client_request.login("shopper")
    page = client_request.post(
        "/auth/password",
        {
            "current_password": data.get("current", TEST_PASSWORD),
            "new_password": data.get("new", NEW_PASSWORD),
            "confirm_password": data.get("confirm", data.get("new", NEW_PASSWORD)),
        },
    )
    assert message in page.html
    assert target in page.error_links
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


def test_new_password_containing_the_email_is_refused(client, client_request):
    user = client_request.login("shopper")
    page = client_request.post(
        "/auth/password",
        {
            "current_password": TEST_PASSWORD,
            "new_password": user.email + "!",
            "confirm_password": user.email + "!",
        },
    )
    assert "Password must not contain your email address" in page.html


def test_temporary_password_must_be_changed_before_anything_else(client, client_request):
    user = client_request.login("admin", must_change_password=True)
    response = client.get("/admin/")
    assert response.location == "/auth/password"
    response = client.get("/mystery-shop/")
    assert response.location == "/auth/password"
    page = client_request.get("/auth/password")
    assert "You signed in with a temporary password" in page.html
    change(client)
    db.session.refresh(user)
    assert user.must_change_password is False
    assert client.get("/admin/").status_code == 200


def test_sign_in_with_a_temporary_password_goes_straight_to_change_it(client, make_user):
    user = make_user("shopper", must_change_password=True)
    response = client.post(
        "/auth/login?next=/mystery-shop/", data={"email": user.email, "password": TEST_PASSWORD}
    )
    assert response.location == "/auth/password"


def test_idle_session_is_signed_out(client, client_request):
    client_request.login("shopper")
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 31 * 60
    response = client.get("/mystery-shop/")
    assert response.location == "/auth/signed-out"
    page = client_request.get("/auth/signed-out")
    assert page.heading == "You have been signed out"
    assert "30 minutes" in page.html
    response = client.get("/mystery-shop/")
    assert response.location.startswith("/auth/login?next=")


def test_activity_within_the_timeout_keeps_the_session(client, client_request):
    client_request.login("shopper")
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 29 * 60
    assert client.get("/mystery-shop/").status_code == 200


def test_deactivated_account_is_signed_out_at_the_next_request(client, client_request):
    user = client_request.login("shopper")
    user.active = False
    db.session.commit()
    response = client.get("/mystery-shop/")
    assert response.location.startswith("/auth/login?next=")


def test_flask_setup_makes_an_admin_who_must_change_the_password(app, runner):
    db.session.execute(User.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "service standard criteria added: 0" in result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    admin = db.session.scalar(select(User))
    assert admin.roles == {"admin"}
    assert admin.must_change_password is True
    assert admin.check_password(password)


def test_users_create_refuses_a_common_password(runner):
    result = runner.invoke(
        args=["users", "create", "a@example.gov.uk", "--name", "A", "--role", "shopper"],
        input="password1234\n",
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output
