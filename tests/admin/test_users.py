"""Admin: the task list and user accounts (invite, change roles, deactivate, last admin)."""

import re

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import User


@pytest.fixture
def admin(login_as):
    return login_as("admin")


def test_admin_index_lists_the_tasks(admin, get_page):
    page = get_page("/admin/")
    assert page.heading == "Administration"
    for href in ("/admin/users", "/admin/mystery-shop/scenarios", "/admin/mystery-shop/coverage"):
        assert f'href="{href}"' in page.html


def test_users_page_lists_accounts(admin, make_user, get_page):
    make_user("shopper", name="Councillor Patel")
    page = get_page("/admin/users")
    assert page.heading == "Users"
    assert "Councillor Patel" in page.html
    assert admin.email in page.html


def test_invite_shows_a_one_time_password_that_must_be_changed(client, admin, get_page):
    get_page("/admin/users/invite")
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
    assert password not in get_page("/admin/users").html


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
def test_invite_errors(admin, post_page, data, message, target):
    page = post_page("/admin/users/invite", data)
    assert message in page.html
    assert target in page.error_links
    assert db.session.scalar(select(User).where(User.email == "a@example.gov.uk")) is None


def test_invite_refuses_an_existing_email(admin, post_page):
    page = post_page(
        "/admin/users/invite",
        {"name": "Again", "email": admin.email.upper(), "roles": ["reviewer"]},
    )
    assert "An account with this email address already exists" in page.html


def test_change_roles_and_deactivate(client, admin, make_user, get_page):
    user = make_user("shopper")
    page = get_page(f"/admin/users/{user.id}")
    assert page.heading == f"Change {user.name}"
    response = client.post(
        f"/admin/users/{user.id}", data={"roles": ["shopper", "reviewer"], "active": "no"}
    )
    assert response.location == "/admin/users"
    db.session.refresh(user)
    assert user.roles == {"shopper", "reviewer"}
    assert user.active is False


def test_the_last_active_admin_cannot_lose_the_role_or_be_deactivated(admin, post_page):
    page = post_page(f"/admin/users/{admin.id}", {"roles": ["reviewer"], "active": "yes"})
    assert "You cannot remove the last active admin" in page.html
    page = post_page(f"/admin/users/{admin.id}", {"roles": ["admin"], "active": "no"})
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


def test_a_deactivated_admin_does_not_count_as_remaining(admin, make_user, post_page):
    other = make_user("admin")
    other.active = False
    db.session.commit()
    page = post_page(f"/admin/users/{admin.id}", {"roles": ["shopper"], "active": "yes"})
    assert "You cannot remove the last active admin" in page.html


def test_edit_user_errors(admin, make_user, post_page):
    user = make_user("shopper")
    page = post_page(f"/admin/users/{user.id}", {"active": "perhaps"})
    assert page.error_links == ["#roles", "#active"]


def test_unknown_user_is_not_found(admin, get_page):
    get_page("/admin/users/999999", status=404)
