"""Every route of the app, for every kind of visitor, gets the status decided for it here.

A route with no entry in ACCESS fails ``test_every_route_has_a_decided_access_rule``: whoever
adds a page must decide who may see it.

The record used is another shopper's submitted email shop, so a shopper meets someone else's
record (404: they may not learn it exists) and a reviewer or admin meets a record they may
see but not change (403 on the pages that change it).
"""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Channel,
    Finding,
    OfficerDirectorate,
    Recommendation,
    Service,
    ShopCriterion,
)
from survey_app.services.mystery_shop import mark_sent, start_record, submit_record
from tests.mystery_shop.helpers import assignment_for

ROLES = ("anonymous", "shopper", "reviewer", "admin", "officer")
LOGIN = "login"  # a redirect to /auth/login?next=<the page>

# Routes that only serve files: GOV.UK Frontend assets and the app's own static files.
FILE_ROUTES = {"static", "govuk_frontend"}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def staff_only(shopper, reviewer, admin, officer=403):
    """An officer (a service lead) sees only the recommendation tracker: 403 unless given."""
    return {
        "anonymous": LOGIN,
        "shopper": shopper,
        "reviewer": reviewer,
        "admin": admin,
        "officer": officer,
    }


ADMIN_ONLY = staff_only(403, 403, 200)
REVIEWERS = staff_only(403, 200, 200)
# An admin's POST action redirects to the page that shows its result (post, redirect, get).
ADMIN_ACTION = staff_only(403, 403, 302)

# endpoint -> (method, {role: expected status})
ACCESS = {
    "main.index": ("GET", everyone(200)),
    "main.accessibility": ("GET", everyone(200)),
    "main.cookies": ("GET", everyone(200)),
    "main.privacy": ("GET", everyone(200)),
    "main.feedback": ("GET", everyone(200)),
    "main.health": ("GET", everyone(200)),
    "survey.start": ("GET", everyone(200)),
    # Without a survey in progress, every later survey page sends the visitor to the end page.
    "survey.question": ("GET", everyone(302)),
    "survey.check": ("GET", everyone(302)),
    "survey.complete": ("GET", everyone(302)),
    "survey.session_ended": ("GET", everyone(200)),
    # The equality section opens only to the session that has just sent a survey.
    "survey.equality_explainer": ("GET", everyone(302)),
    "survey.equality_question": ("GET", everyone(302)),
    "auth.login": (
        "GET",
        {"anonymous": 200, "shopper": 302, "reviewer": 302, "admin": 302, "officer": 302},
    ),
    "auth.logout": ("GET", everyone(200)),
    "auth.signed_out": ("GET", everyone(200)),
    "auth.change_password": ("GET", staff_only(200, 200, 200, 200)),
    # Asking for a reset link, and using one (a made-up token gets the expired page).
    "auth.forgot_password": ("GET", everyone(200)),
    "auth.set_password": ("GET", everyone(200)),
    "admin.index": ("GET", ADMIN_ONLY),
    "admin.users": ("GET", ADMIN_ONLY),
    "admin.invite_user": ("GET", ADMIN_ONLY),
    "admin.edit_user": ("GET", ADMIN_ONLY),
    "admin.reset_user_password": ("GET", ADMIN_ONLY),
    "admin.scenarios": ("GET", ADMIN_ONLY),
    "admin.new_scenario": ("GET", ADMIN_ONLY),
    "admin.scenario": ("GET", ADMIN_ONLY),
    "admin.coverage": ("GET", ADMIN_ONLY),
    "admin.surveys": ("GET", ADMIN_ONLY),
    "admin.new_survey": ("GET", ADMIN_ONLY),
    "admin.import_survey": ("GET", ADMIN_ONLY),
    "admin.survey": ("GET", ADMIN_ONLY),
    "admin.survey_settings": ("GET", ADMIN_ONLY),
    "admin.survey_schedule": ("GET", ADMIN_ONLY),
    "admin.edit_page": ("GET", ADMIN_ONLY),
    "admin.edit_question": ("GET", ADMIN_ONLY),
    "admin.remove_question": ("GET", ADMIN_ONLY),
    "admin.move_question": ("POST", ADMIN_ACTION),
    "admin.import_into_survey": ("GET", ADMIN_ONLY),
    "admin.export": ("GET", ADMIN_ONLY),
    "admin.preview": ("GET", ADMIN_ONLY),
    "admin.preview_page": ("GET", ADMIN_ONLY),
    "admin.publish": ("POST", ADMIN_ACTION),
    "admin.discard": ("POST", ADMIN_ACTION),
    "admin.change_status": ("POST", ADMIN_ACTION),
    "admin.services": ("GET", ADMIN_ONLY),
    "admin.edit_service": ("GET", ADMIN_ONLY),
    "admin.channels": ("GET", ADMIN_ONLY),
    "admin.edit_channel": ("GET", ADMIN_ONLY),
    "admin.links": ("GET", ADMIN_ONLY),
    "admin.link": ("GET", ADMIN_ONLY),
    "admin.printable": ("GET", ADMIN_ONLY),
    "admin.qr_code": ("GET", ADMIN_ONLY),
    "admin.paper": ("GET", ADMIN_ONLY),
    "admin.remove_answers": ("GET", ADMIN_ONLY),
    "admin.paper_entry": ("GET", ADMIN_ONLY),
    "admin.questionnaire": ("GET", ADMIN_ONLY),
    "admin.translations": ("GET", ADMIN_ONLY),
    "admin.translation_spreadsheet": ("GET", ADMIN_ONLY),
    "admin.paper_reference": ("GET", ADMIN_ONLY),
    "admin.import_responses": ("GET", ADMIN_ONLY),
    "admin.import_template": ("GET", ADMIN_ONLY),
    "admin.audit_log": ("GET", ADMIN_ONLY),
    "admin.standards": ("GET", ADMIN_ONLY),
    "admin.edit_standard": ("GET", ADMIN_ONLY),
    "results.overview": ("GET", REVIEWERS),
    "results.channel": ("GET", REVIEWERS),
    "results.service": ("GET", REVIEWERS),
    "results.equality": ("GET", REVIEWERS),
    "results.mystery_shop": ("GET", REVIEWERS),
    "results.crosstab": ("GET", REVIEWERS),
    "results.comments": ("GET", REVIEWERS),
    "results.report": ("GET", REVIEWERS),
    "results.report_docx_file": ("GET", REVIEWERS),
    "results.plotly_bundle": ("GET", REVIEWERS),
    # The full response export is one row per person: admins only.
    "results.response_export": ("GET", ADMIN_ONLY),
    # The tracker: admins and reviewers write; an officer reads their own directorate's
    # recommendations only (the one walked is addressed to another, so 403) and sees an
    # empty tracker; shoppers and residents have no part in it.
    "recommendations.index": ("GET", staff_only(403, 200, 200, 200)),
    "recommendations.export": ("GET", staff_only(403, 200, 200, 200)),
    "recommendations.follow_up": ("GET", staff_only(403, 200, 200, 200)),
    "recommendations.follow_up_docx": ("GET", staff_only(403, 200, 200, 200)),
    "recommendations.new_finding": ("GET", REVIEWERS),
    "recommendations.finding": ("GET", REVIEWERS),
    "recommendations.new_recommendation": ("GET", REVIEWERS),
    "recommendations.recommendation": ("GET", REVIEWERS),
    "recommendations.edit_recommendation": ("GET", REVIEWERS),
    "recommendations.response": ("GET", REVIEWERS),
    "recommendations.progress": ("GET", REVIEWERS),
    "recommendations.withdraw": ("GET", REVIEWERS),
    "recommendations.measure": ("GET", REVIEWERS),
    "recommendations.remove_measure": ("POST", staff_only(403, 302, 302)),
    "recommendations.delete": ("GET", REVIEWERS),
    "recommendations.officers": ("GET", ADMIN_ONLY),
    "recommendations.officer": ("GET", ADMIN_ONLY),
    "mystery_shop.index": ("GET", staff_only(200, 200, 200)),
    "mystery_shop.start": ("POST", staff_only(404, 403, 403)),
    "mystery_shop.record": ("GET", staff_only(404, 200, 200)),
    "mystery_shop.edit": ("GET", staff_only(404, 403, 403)),
    "mystery_shop.sent": ("GET", staff_only(404, 403, 403)),
    "mystery_shop.no_reply": ("GET", staff_only(404, 403, 403)),
    "mystery_shop.submitted": ("GET", staff_only(404, 403, 403)),
    "mystery_shop.review": ("GET", staff_only(403, 200, 200)),
}


def app_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()} - FILE_ROUTES


def test_every_route_has_a_decided_access_rule(app):
    assert app_endpoints(app) == set(ACCESS)


@pytest.fixture
def someone_elses_record(make_user, app):
    """A submitted email shop belonging to a shopper who is not the one signed in."""
    owner = make_user("shopper", email="owner@example.gov.uk")
    assignment = assignment_for(owner, "email")
    record = start_record(assignment, owner)
    mark_sent(record, owner, datetime(2026, 11, 2, 9, 0))
    changes = {
        "replied_at": datetime(2026, 11, 3, 9, 0),
        "behaviours": dict.fromkeys(
            ["answers-every-point", "accurate", "resolved", "polite", "plain-english"], "met"
        ),
        "helpfulness": 4,
        "knowledge": 4,
        "account": "Clear reply.",
    }
    submit_record(record, owner, changes, 50)
    finding = Finding(title="Phone calls", text="Slow.", evidence_url="/results/", snapshot={})
    recommendation = Recommendation(
        reference="R1",
        text="Answer calls sooner.",
        directorate="Resources",
        lead_officer="Head of Access Harrow",
        committee="Overview and Scrutiny Committee",
        committee_date=date(2026, 10, 1),
    )
    officer = make_user("officer", email="officer@example.gov.uk")
    db.session.add_all(
        [finding, recommendation, OfficerDirectorate(user=officer, directorate="People")]
    )
    db.session.flush()
    return {
        "owner": owner,
        "record": record,
        "assignment": assignment,
        "finding": finding,
        "recommendation": recommendation,
        "officer": officer,
    }


# The same argument name takes different values on different routes.
VALUES_FOR_ENDPOINT = {
    "admin.export": {"file_format": "yaml"},
    "admin.qr_code": {"file_format": "svg"},
    "admin.translation_spreadsheet": {"code": "ar"},
    "survey.equality_question": {"slug": "age"},
    "results.channel": {"slug": "phone"},
    "results.service": {"slug": "council-tax"},
    "results.equality": {"characteristic": "disability"},
    "recommendations.export": {"extension": "csv"},
}


def url_values(fixture: dict) -> dict:
    record, assignment = fixture["record"], fixture["assignment"]
    return {
        "channel": "phone",
        "page_key": "service",
        "slug": "customer-care",
        "key": "service",
        "action": "reopen",
        "direction": "down",
        "mode": "paper",
        "material": "poster",
        "record_id": record.id,
        "assignment_id": assignment.id,
        "scenario_id": assignment.scenario_id,
        "user_id": fixture["owner"].id,
        "service_id": db.session.scalar(select(Service.id).order_by(Service.id)),
        "channel_id": db.session.scalar(select(Channel.id).order_by(Channel.id)),
        "criterion_id": db.session.scalar(select(ShopCriterion.id).order_by(ShopCriterion.id)),
        "finding_id": fixture["finding"].id if "finding" in fixture else 1,
        "recommendation_id": fixture["recommendation"].id if "recommendation" in fixture else 1,
        "token": "not-a-real-token",
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_decided_status_on_every_route(
    app, client, client_request, someone_elses_record, role
):
    if role != "anonymous":
        client_request.login(role)
    mismatches = []
    # GET on sign-out only asks "Are you sure?"; it stays last so that, were it ever to sign
    # out, the routes after it would not be walked as the wrong person.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "auth.logout")
    for rule in rules:
        if rule.endpoint in FILE_ROUTES:
            continue
        method, expected = ACCESS[rule.endpoint]
        values = url_values(someone_elses_record) | VALUES_FOR_ENDPOINT.get(rule.endpoint, {})
        if rule.endpoint == "recommendations.officer":
            values["user_id"] = someone_elses_record["officer"].id
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        response = client.open(url, method=method)
        response.close()  # file downloads hold their file open until closed
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and response.location.startswith(
                "/auth/login?next=" + url.replace("/", "%2F")
            )
        else:
            ok = response.status_code == want
        if not ok:
            mismatches.append((rule.endpoint, url, want, response.status_code, response.location))
        db.session.rollback()
    assert mismatches == [], "\n".join(map(str, mismatches))


def test_walk_covers_both_the_refusals_and_the_redirect_to_sign_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.location == "/auth/login?next=%2Fadmin%2Fusers"
