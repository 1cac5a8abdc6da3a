"""Admin: the task list and accounts (invite, roles, deactivate, reset, last admin, audit)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, User, utcnow
from tests.conftest import TEST_PASSWORD


def test_admin_index_lists_the_tasks(admin, client_request):
    page = client_request.get("/admin/")
    assert page.heading == "Administration"
    for href in ("/admin/users", "/admin/mystery-shop/scenarios", "/admin/mystery-shop/coverage"):
        assert f'href="{href}"' in page.html


def test_users_page_lists_accounts(admin, make_user, client_request):
    make_user("shopper", name="Councillor Patel")
    page = client_request.get("/admin/users")
    assert page.heading == "Users"
    assert "Councillor Patel" in page.html
    assert admin.email in page.html


def test_invite_shows_a_one_time_password_that_must_be_changed(client, admin, client_request):
    client_request.get("/admin/users/invite")
    response = client.post(
        "/admin/users/invite",
        data={"name": "Councillor Jones", "email": "Jones@Harrow.gov.uk", "roles": ["shopper"]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Account created" in html
    password = re.search(r'app-one-time-password">([^<]+)<', html).group(1)
    user = db.session.scalar(select(User).where(User.email == "jones@harrow.gov.uk"))
    assert user.roles == {"shopper"}
    assert user.must_change_password is True
    assert user.check_password(password)
    assert password not in client_request.get("/admin/users").html


@pytest.mark.parametrize(
    ("data", "message", "target"),
    [
        ({}, "Enter the person&#39;s full name", "#name"),
        (
            {"name": "A", "email": "not an email"},
            "Enter an email address in the correct format",
            "#email",
        ),
        ({"name": "A", "email": "a@example.gov.uk"}, "Select at least one role", "#roles"),
        (
            {"name": "A", "email": "a@example.gov.uk", "roles": ["mayor"]},
            "Select roles from the list",
            "#roles",
        ),
    ],
)
def test_invite_errors(admin, client_request, data, message, target):
    page = client_request.post("/admin/users/invite", data)
    assert message in page.html
    assert target in page.error_links
    assert db.session.scalar(select(User).where(User.email == "a@example.gov.uk")) is None


def test_invite_refuses_an_existing_email(admin, client_request):
    page = client_request.post(
        "/admin/users/invite",
        {"name": "Again", "email": admin.email.upper(), "roles": ["reviewer"]},
    )
    assert "An account with this email address already exists" in page.html


def test_change_roles_and_deactivate(client, admin, make_user, client_request):
    user = make_user("shopper")
    page = client_request.get(f"/admin/users/{user.id}")
    assert page.heading == f"Change {user.name}"
    response = client.post(
        f"/admin/users/{user.id}", data={"roles": ["shopper", "reviewer"], "active": "no"}
    )
    assert response.location == "/admin/users"
    db.session.refresh(user)
    assert user.roles == {"shopper", "reviewer"}
    assert user.active is False


def test_the_last_active_admin_cannot_lose_the_role_or_be_deactivated(admin, client_request):
    page = client_request.post(f"/admin/users/{admin.id}", {"roles": ["reviewer"], "active": "yes"})
    assert "You cannot remove the last active admin" in page.html
    page = client_request.post(f"/admin/users/{admin.id}", {"roles": ["admin"], "active": "no"})
    assert "You cannot remove the last active admin" in page.html
    db.session.refresh(admin)
    assert admin.roles == {"admin"}
    assert admin.active is True


def test_an_admin_can_step_down_when_another_admin_remains(client, admin, make_user):
    make_user("admin")
    response = client.post(
        f"/admin/users/{admin.id}", data={"roles": ["reviewer"], "active": "yes"}
    )
    assert response.status_code == 302
    db.session.refresh(admin)
    assert admin.roles == {"reviewer"}
    assert client.get("/admin/").status_code == 403


def test_a_deactivated_admin_does_not_count_as_remaining(admin, make_user, client_request):
    other = make_user("admin")
    other.active = False
    db.session.commit()
    page = client_request.post(f"/admin/users/{admin.id}", {"roles": ["shopper"], "active": "yes"})
    assert "You cannot remove the last active admin" in page.html


def test_edit_user_errors(admin, make_user, client_request):
    user = make_user("shopper")
    page = client_request.post(f"/admin/users/{user.id}", {"active": "perhaps"})
    assert page.error_links == ["#roles", "#active"]


def test_unknown_user_is_not_found(admin, client_request):
    client_request.get("/admin/users/999999", _expected_status=404)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_reset_password_confirms_first(admin, make_user, client_request):
    user = make_user("shopper")
    assert "reset their password" in client_request.get(f"/admin/users/{user.id}").html
    page = client_request.get(f"/admin/users/{user.id}/reset-password")
    assert page.heading == f"Reset the password for {user.name}"
    db.session.refresh(user)
    assert user.must_change_password is False  # a GET changes nothing


def test_reset_password_issues_a_one_time_password_that_must_be_changed(
    client, admin, make_user, client_request
):
    user = make_user("shopper")
    user.failed_logins, user.locked_until = 3, utcnow() + timedelta(minutes=10)
    db.session.commit()
    page = client_request.post(f"/admin/users/{user.id}/reset-password")
    assert page.heading == "Password reset"
    password = re.search(r'app-one-time-password">([^<]+)<', page.html).group(1)
    db.session.refresh(user)
    assert user.must_change_password is True
    assert user.locked_until is None
    assert user.failed_logins == 0
    assert password not in user.password_hash
    client.post("/auth/logout")
    old = client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert old.status_code == 200  # the old password no longer works
    new = client.post("/auth/login", data={"email": user.email, "password": password})
    assert new.location == "/auth/password"


def test_an_admin_changes_their_own_password_on_the_password_page(admin, client, client_request):
    assert "reset their password" not in client_request.get(f"/admin/users/{admin.id}").html
    response = client.post(f"/admin/users/{admin.id}/reset-password")
    assert response.location == "/auth/password"
    db.session.refresh(admin)
    assert admin.must_change_password is False


def test_reset_of_an_unknown_user_is_not_found(admin, client_request):
    client_request.get("/admin/users/999999/reset-password", _expected_status=404)


def test_user_changes_are_audited_without_passwords(client, admin, make_user, client_request):
    client.post(
        "/admin/users/invite",
        data={"name": "Ann Other", "email": "ann@example.gov.uk", "roles": ["reviewer"]},
    )
    user = db.session.scalar(select(User).where(User.email == "ann@example.gov.uk"))
    client.post(f"/admin/users/{user.id}", data={"roles": ["reviewer", "admin"], "active": "no"})
    page = client_request.post(f"/admin/users/{user.id}/reset-password")
    password = re.search(r'app-one-time-password">([^<]+)<', page.html).group(1)
    [invited] = _events("user.invited")
    assert invited.target == "ann@example.gov.uk as reviewer"
    [changed] = _events("user.changed")
    assert changed.target == "ann@example.gov.uk: roles reviewer to admin, reviewer; deactivated"
    [reset] = _events("user.password_reset")
    assert reset.target == "ann@example.gov.uk"
    for event in (invited, changed, reset):
        assert event.user_id == admin.id
    targets = " ".join(e.target for e in db.session.scalars(select(AuditEvent)))
    assert password not in targets


def test_saving_a_user_without_changes_records_nothing(client, admin, make_user):
    user = make_user("shopper")
    client.post(f"/admin/users/{user.id}", data={"roles": ["shopper"], "active": "yes"})
    assert _events("user.changed") == []


def test_a_refused_last_admin_change_is_not_audited(admin, client_request):
    client_request.post(f"/admin/users/{admin.id}", {"roles": ["reviewer"], "active": "no"})
    assert _events("user.changed") == []
