"""Every route that accepts POST refuses a request without a CSRF token.

The routes come from the app's URL map, so a new form is covered the day it is added. No
route is exempt: even signing in and starting a survey need the token (login CSRF would
otherwise sign a victim in to an attacker's account; a forged survey start would create
drafts). The user signed in holds every role and owns the shop record, so each request
would reach its view if CSRF did not stop it first.
"""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from survey_app.extensions import csrf, db
from survey_app.services.mystery_shop import mark_sent, start_record
from tests.conftest import TEST_PASSWORD, Page
from tests.mystery_shop.helpers import assignment_for
from tests.test_authorisation import VALUES_FOR_ENDPOINT, url_values


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def own_record(make_user):
    """A shop record owned by a user with every role, and that user."""
    owner = make_user({"admin", "reviewer", "shopper"}, email="everything@example.gov.uk")
    assignment = assignment_for(owner, "email")
    record = start_record(assignment, owner)
    mark_sent(record, owner, datetime(2026, 11, 2, 9, 0))
    return {"owner": owner, "record": record, "assignment": assignment}


def row_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def post_routes(app) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "POST" in rule.methods),
        key=lambda rule: rule.rule,
    )


def test_no_view_is_exempt_from_csrf(csrf_app):
    assert not csrf._exempt_views
    assert not csrf._exempt_blueprints


# Committing: signing in writes a staff_session row, which the requests refused here must
# not be able to roll back with their own savepoints.
@pytest.mark.commits
def test_every_post_route_refuses_a_missing_token_and_writes_nothing(csrf_app, own_record):
    client = csrf_app.test_client()
    login_page = client.get("/auth/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    signed_in = client.post(
        "/auth/login",
        data={
            "email": own_record["owner"].email,
            "password": TEST_PASSWORD,
            "csrf_token": token,
        },
    )
    assert signed_in.status_code == 302
    before = row_counts()
    routes = post_routes(csrf_app)
    assert len(routes) > 30, "the URL map should hold every form"
    failures = []
    for rule in routes:
        values = url_values(own_record) | VALUES_FOR_ENDPOINT.get(rule.endpoint, {})
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for data in ({}, {"csrf_token": "forged"}):
            response = client.post(url, data=data | {"email": "x@example.com", "title": "x"})
            if response.status_code != 400:
                failures.append((url, data, response.status_code))
                continue
            page = Page(response).check_structure()
            if page.heading != "Sorry, this page has expired":
                failures.append((url, data, page.heading))
    assert failures == []
    assert row_counts() == before
    # Still signed in: the refused sign-out did not sign out.
    final = client.get("/admin/")
    assert final.status_code == 200, final.location
