"""Every response carries the security headers: pages, files, redirects and error pages.

The walk takes every GET route from the URL map, signed in as someone who may see it (every
role, owning the shop record), and adds a 404, a 405, a 413, a 500, the CSRF page, a static
file and a GOV.UK Frontend asset. HSTS is sent exactly when the request came over HTTPS,
which behind a load balancer the app learns from X-Forwarded-Proto (PROXY_FIX_X_FORWARDED).
"""

import re
from datetime import datetime

import pytest
from flask import request

from survey_app.services.mystery_shop import mark_sent, start_record
from tests.conftest import TEST_PASSWORD
from tests.mystery_shop.helpers import assignment_for
from tests.test_authorisation import VALUES_FOR_ENDPOINT, url_values

HSTS = "Strict-Transport-Security"


@pytest.fixture
def own_record(make_user):
    owner = make_user({"admin", "reviewer", "shopper"}, email="everything@example.gov.uk")
    assignment = assignment_for(owner, "email")
    record = start_record(assignment, owner)
    mark_sent(record, owner, datetime(2026, 11, 2, 9, 0))
    return {"owner": owner, "record": record, "assignment": assignment}


def header_problems(response) -> list[str]:
    problems = []
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2] for part in csp.split(";") if part.strip()
    )
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline or unsafe-eval")
    script_src = directives.get("script-src", "")
    nonce = re.search(r"'nonce-([A-Za-z0-9_-]{16,})'", script_src)
    if not nonce:
        problems.append(f"script-src has no nonce: {script_src!r}")
    if directives.get("object-src") != "'none'" or "default-src" not in directives:
        problems.append("CSP lacks default-src or object-src 'none'")
    framing = headers.get("X-Frame-Options") == "DENY" or (
        directives.get("frame-ancestors") == "'none'"
    )
    if not framing:
        problems.append("the page can be framed")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        problems.append(f"Referrer-Policy {headers.get('Referrer-Policy')!r}")
    if response.mimetype == "text/html" and nonce:
        html = response.get_data(as_text=True)
        for script in re.findall(r"<script\b[^>]*>", html):
            if "src=" not in script and f'nonce="{nonce.group(1)}"' not in script:
                problems.append(f"inline script without this response's nonce: {script}")
    return problems


def every_get_url(app, record_fixture) -> list[str]:
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint in {
            "static",
            "govuk_frontend",
        }:
            continue
        values = url_values(record_fixture) | VALUES_FOR_ENDPOINT.get(rule.endpoint, {})
        urls.append(rule.build({k: v for k, v in values.items() if k in rule.arguments})[1])
    return urls


EXTRA_URLS = [
    "/no-such-page",  # 404
    "/survey/no-such-channel",  # 404 from a view
    "/admin/surveys/customer-care/discard",  # GET on a POST-only route: 405
    "/static/css/app.css",
    "/static/js/init.mjs",
    "/govuk-frontend/govuk-frontend.min.js",
]


def walk(client, urls, **kwargs) -> dict:
    seen = {}
    for url in urls:
        response = client.get(url, **kwargs)
        response.close()
        seen[url] = response
    return seen


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_every_route_carries_the_security_headers(make_app, client_request, own_record, scheme):
    app = make_app()
    client = app.test_client()
    client_request.on(app, client).login(
        user=own_record["owner"], _base_url=f"{scheme}://localhost"
    )
    urls = every_get_url(app, own_record) + EXTRA_URLS
    assert len(urls) > 70
    seen = walk(client, urls, base_url=f"{scheme}://localhost")
    statuses = {response.status_code for response in seen.values()}
    assert {200, 404, 405} <= statuses, statuses
    problems = {url: header_problems(response) for url, response in seen.items()}
    assert {url: p for url, p in problems.items() if p} == {}
    with_hsts = sorted(url for url, response in seen.items() if HSTS in response.headers)
    if scheme == "https":
        assert len(with_hsts) == len(urls)
        assert "max-age=31536000" in seen["/"].headers[HSTS]
    else:
        assert with_hsts == []


def test_anonymous_pages_and_sign_in_redirects_carry_the_headers(make_app, own_record):
    app = make_app()
    seen = walk(app.test_client(), every_get_url(app, own_record))
    assert 302 in {response.status_code for response in seen.values()}
    assert {url: p for url, p in ((u, header_problems(r)) for u, r in seen.items()) if p} == {}


def test_error_pages_carry_the_headers(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024, WTF_CSRF_ENABLED=True)

    @app.route("/test-only-failure")
    def failure():
        raise RuntimeError("a bug")

    client = app.test_client()
    failed = client.get("/test-only-failure")
    too_large = client.post("/survey/phone", data={"x": "y" * 2048})
    refused = client.post("/survey/phone")
    for response, status in ((failed, 500), (too_large, 413), (refused, 400)):
        assert response.status_code == status
        assert header_problems(response) == []
    assert HSTS not in failed.headers


def test_each_page_gets_a_fresh_nonce(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_forwarded_proto_is_trusted_only_when_configured(make_app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    behind_balancer = make_app(PROXY_FIX_X_FORWARDED=1)
    exposed = make_app()
    for app in (behind_balancer, exposed):

        @app.route("/test-only-client")
        def client_seen():
            return {"address": request.remote_addr, "secure": request.is_secure}

    response = behind_balancer.test_client().get("/test-only-client", headers=forwarded)
    assert response.json == {"address": "203.0.113.9", "secure": True}
    assert "max-age=31536000" in response.headers[HSTS]
    response = exposed.test_client().get("/test-only-client", headers=forwarded)
    assert response.json == {"address": "127.0.0.1", "secure": False}
    assert HSTS not in response.headers


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch, make_user, make_app):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    production = make_app("production", SECRET_KEY="k" * 40, PUBLIC_BASE_URL="https://localhost/")
    user = make_user("reviewer")
    client = production.test_client()
    token_page = client.get("/auth/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', token_page).group(1)
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        # Over HTTPS, Flask-WTF also checks that the form came from this site.
        headers={"Referer": "https://localhost/auth/login"},
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert production.config["REMEMBER_COOKIE_SECURE"] is True


DOWNLOADS = [
    "/results/export/responses.csv",
    "/results/?download=satisfaction-by-channel.csv",
    "/results/?download=satisfaction-by-channel.xlsx",
    "/admin/surveys/customer-care/export.yaml",
    "/admin/surveys/customer-care/export.json",
    "/admin/links/phone/qr.png",
    "/admin/links/phone/qr.svg",
]


@pytest.mark.parametrize("path", DOWNLOADS)
def test_every_download_is_no_store(client, client_request, path):
    """A download left in a shared computer's browser cache is a copy nobody deleted."""
    client_request.login(["admin", "reviewer"])
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype != "text/html"
    assert response.headers["Cache-Control"] == "no-store"


def test_public_assets_may_still_be_cached(client, client_request):
    client_request.login("admin")
    response = client.get("/results/assets/plotly.min.js")
    response.close()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=86400"
