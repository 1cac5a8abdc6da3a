"""Signing out (a POST, never a GET) and where staff land after signing in."""

import re

import pytest

from tests.conftest import TEST_PASSWORD, Page


def test_sign_out_is_a_post_that_ends_the_session(client, client_request):
    client_request.login("reviewer")
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert response.location == "/auth/logout"
    page = client_request.get(response.location)
    assert page.heading == "You have signed out"
    assert client.get("/mystery-shop/").status_code == 302


def test_a_get_asks_to_confirm_and_signs_nobody_out(client, client_request):
    user = client_request.login("shopper")
    page = client_request.get("/auth/logout")
    assert page.heading == "Sign out"
    assert user.email in page.html
    assert 'method="post" action="/auth/logout"' in page.html
    assert client.get("/mystery-shop/").status_code == 200, "a GET must not sign out"


def test_every_staff_page_has_a_sign_out_button_not_a_link(client_request):
    client_request.login("reviewer")
    page = client_request.get("/results/")
    form = page.html.split('class="app-sign-out"', 1)[1].split("</form>", 1)[0]
    assert 'method="post"' in form
    assert 'action="/auth/logout"' in form
    assert 'name="csrf_token"' in form
    assert '<button type="submit" class="govuk-service-navigation__link app-link-button">' in form
    assert 'href="/auth/logout"' not in page.html


def test_residents_see_no_sign_out_and_no_empty_menu(client_request):
    page = client_request.get("/")
    assert "app-sign-out" not in page.html
    assert "govuk-service-navigation__list" not in page.html


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_sign_out_from_another_site_without_the_token_is_refused(csrf_client, make_user):
    user = make_user("shopper")
    login = csrf_client.get("/auth/login").get_data(as_text=True)
    data = {"email": user.email, "password": TEST_PASSWORD, "csrf_token": csrf_token_from(login)}
    assert csrf_client.post("/auth/login", data=data).status_code == 302
    refused = csrf_client.post("/auth/logout")
    assert refused.status_code == 400
    assert Page(refused).check_structure().heading == "Sorry, this page has expired"
    assert csrf_client.get("/mystery-shop/").status_code == 200, "still signed in"
    # The header's own button carries the token and works.
    token = csrf_token_from(csrf_client.get("/mystery-shop/").get_data(as_text=True))
    assert csrf_client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    assert csrf_client.get("/mystery-shop/").status_code == 302


# --- landing after sign-in --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        ({"admin"}, "/admin/"),
        ({"reviewer"}, "/results/"),
        ({"shopper"}, "/mystery-shop/"),
        ({"admin", "reviewer", "shopper"}, "/admin/"),
        ({"admin", "shopper"}, "/admin/"),
        ({"reviewer", "shopper"}, "/results/"),
    ],
)
def test_staff_land_on_their_own_area(client, make_user, roles, landing):
    user = make_user(roles)
    response = client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.location == landing
    # Already signed in, the sign-in page sends them to the same place.
    assert client.get("/auth/login").location == landing


def test_next_is_followed_when_it_is_on_this_site(client, make_user):
    user = make_user("admin")
    response = client.post(
        "/auth/login?next=/results/comments?page=2",
        data={"email": user.email, "password": TEST_PASSWORD},
    )
    assert response.location == "/results/comments?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com/",
        "\\\\evil.example.com",
        "/\t/evil.example.com",
        "/\n/evil.example.com",
        "///evil.example.com",
        "https:/evil.example.com",
        "javascript:alert(1)",
        " /results/",
        "results/",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    user = make_user("reviewer")
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": user.email, "password": TEST_PASSWORD},
    )
    assert response.location == "/results/"
