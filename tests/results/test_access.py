"""Only reviewers and admins see results; everyone else is sent to sign in or refused."""

import pytest

RESULTS_URLS = [
    "/results/",
    "/results/channel/phone",
    "/results/service/housing",
    "/results/equality/disability",
    "/results/mystery-shop",
    "/results/comments",
    "/results/report",
    "/results/?download=satisfaction-by-channel.csv",
    "/results/assets/plotly.min.js",
]


@pytest.mark.parametrize("url", RESULTS_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/auth/login?next=")


@pytest.mark.parametrize("url", RESULTS_URLS)
def test_shopper_is_refused(shopper, client, url):
    response = client.get(url)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_reviewers_and_admins_see_results_and_the_menu_link(client_request, client, role):
    client_request.login(role)
    page = client_request.get("/results/")
    assert page.heading == "Results"
    assert 'href="/results/"' in page.html


def test_plotly_is_served_by_the_app_not_a_cdn(reviewer, client):
    response = client.get("/results/assets/plotly.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.get_data()[:200].count(b"plotly.js v") == 1
    response.close()
