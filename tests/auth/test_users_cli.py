"""Accounts run from the server's command line: list, reset a password, deactivate and
activate, and the way back in when the first admin's password is lost."""

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, User, utcnow
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "correct horse battery staple 42"


def sign_in(client, email, password):
    return client.post("/auth/login", data={"email": email, "password": password})


def test_users_list_shows_every_account_and_its_state(runner, make_user):
    make_user({"admin", "reviewer"}, email="ada@example.gov.uk", name="Ada Admin")
    shopper = make_user("shopper", email="cllr.b@example.gov.uk", name="Cllr B")
    shopper.last_login_at = datetime(2026, 11, 30, 9, 5)
    gone = make_user("shopper", email="gone@example.gov.uk", name="Gone")
    gone.active = False
    locked = make_user("reviewer", email="locked@example.gov.uk", name="Locked")
    locked.locked_until = utcnow() + timedelta(minutes=10)
    db.session.flush()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "ada@example.gov.uk\tAda Admin\tadmin, reviewer\tactive\tlast signed in never" in lines
    assert (
        "cllr.b@example.gov.uk\tCllr B\tshopper\tactive\tlast signed in 2026-11-30 09:05 UTC"
        in lines
    )
    assert "gone@example.gov.uk\tGone\tshopper\tdeactivated\tlast signed in never" in lines
    assert (
        "locked@example.gov.uk\tLocked\treviewer\tlocked after failed sign-ins"
        "\tlast signed in never" in lines
    )


def test_the_first_admin_gets_back_in_with_a_one_time_password(app, runner, client):
    result = runner.invoke(args=["setup"])
    first = re.search(r"password: (\S+)", result.output).group(1)
    admin = db.session.scalar(select(User).where(User.email == "admin@example.gov.uk"))
    # The admin chose a password, forgot it, and locked the account trying.
    admin.must_change_password = False
    admin.locked_until = utcnow() + timedelta(minutes=15)
    db.session.flush()
    result = runner.invoke(args=["users", "reset-password", "ADMIN@example.gov.uk"])
    assert result.exit_code == 0
    one_time = re.search(r"One-time password for admin@example.gov.uk: (\S+)", result.output)[1]
    assert one_time != first
    db.session.refresh(admin)
    assert admin.locked_until is None
    assert admin.must_change_password is True
    assert sign_in(client, "admin@example.gov.uk", first).status_code == 200  # refused
    response = sign_in(client, "admin@example.gov.uk", one_time)
    assert response.status_code == 302
    # Signed in, the admin must choose a new password before anything else.
    assert client.get("/admin/").location.startswith("/auth/password")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_reset"))
    assert (event.actor, event.target) == ("command line", "admin@example.gov.uk")


def test_reset_password_can_set_a_chosen_password(runner, make_user, client):
    make_user("reviewer", email="r@example.gov.uk")
    result = runner.invoke(
        args=["users", "reset-password", "r@example.gov.uk", "--set"], input=NEW_PASSWORD + "\n"
    )
    assert result.exit_code == 0
    assert "The password for r@example.gov.uk has been changed." in result.output
    assert sign_in(client, "r@example.gov.uk", TEST_PASSWORD).status_code == 200
    assert sign_in(client, "r@example.gov.uk", NEW_PASSWORD).status_code == 302
    result = runner.invoke(
        args=["users", "reset-password", "r@example.gov.uk", "--set"], input="password1234\n"
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output


def test_reset_password_for_an_unknown_email_says_so(runner):
    result = runner.invoke(args=["users", "reset-password", "nobody@example.gov.uk"])
    assert result.exit_code != 0
    assert "There is no account with the email address nobody@example.gov.uk" in result.output


def test_deactivate_and_activate(runner, make_user, client):
    make_user("admin", email="keeper@example.gov.uk")
    make_user("shopper", email="s@example.gov.uk")
    result = runner.invoke(args=["users", "deactivate", "s@example.gov.uk"])
    assert result.exit_code == 0
    assert "s@example.gov.uk is now deactivated." in result.output
    assert sign_in(client, "s@example.gov.uk", TEST_PASSWORD).status_code == 200  # refused
    result = runner.invoke(args=["users", "deactivate", "s@example.gov.uk"])
    assert "s@example.gov.uk is already deactivated." in result.output
    result = runner.invoke(args=["users", "reset-password", "s@example.gov.uk"])
    assert "run flask users activate s@example.gov.uk" in result.output
    result = runner.invoke(args=["users", "activate", "s@example.gov.uk"])
    assert "s@example.gov.uk is now active." in result.output
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.changed").order_by(AuditEvent.id)
    ).all()
    assert [e.target for e in event] == [
        "s@example.gov.uk: deactivated",
        "s@example.gov.uk: reactivated",
    ]


def test_the_last_admin_cannot_be_deactivated(runner, make_user):
    make_user("admin", email="only@example.gov.uk")
    result = runner.invoke(args=["users", "deactivate", "only@example.gov.uk"])
    assert result.exit_code != 0
    assert "You cannot remove the last active admin" in result.output
    assert db.session.scalar(select(User).where(User.email == "only@example.gov.uk")).active
