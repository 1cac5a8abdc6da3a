"""Every admin and mystery-shop action leaves an event in the audit trail: who, what, when.

Each test does one action the way the app does it and checks the event it leaves. Targets
name things (a slug, a record number, an email address), never what anyone typed as an answer.
"""

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.services import mystery_shop
from survey_app.services.standards import criteria_for_channel
from tests.mystery_shop.helpers import assignment_for


def events() -> list[tuple[str, str, int | None]]:
    query = select(AuditEvent.action, AuditEvent.target, AuditEvent.user_id)
    return [tuple(row) for row in db.session.execute(query.order_by(AuditEvent.id))]


def actions() -> list[str]:
    return [action for action, _target, _user in events()]


def test_scenario_and_assignment_changes_are_audited(client, admin, make_user):
    response = client.post(
        "/admin/mystery-shop/scenarios/new",
        data={
            "title": "Discount",
            "request": "Ask about a discount.",
            "service": "council-tax",
            "channels": ["phone"],
        },
    )
    assert response.status_code == 302
    scenario = mystery_shop.all_scenarios()[0]
    shopper = make_user("shopper")
    response = client.post(
        f"/admin/mystery-shop/scenarios/{scenario.id}",
        data={
            "shopper": str(shopper.id),
            "channel": "phone",
            "window_start": ["2", "11", "2026"],
            "window_end": ["27", "11", "2026"],
        },
    )
    assert response.status_code == 302
    created, assigned = [e for e in events() if e[0].startswith("shop_")]
    assert created == ("shop_scenario.created", f"scenario {scenario.id} for council-tax", admin.id)
    assert assigned[0] == "shop_assignment.created"
    assert assigned[2] == admin.id
    assert assigned[1].endswith(f"on phone to {shopper.email}, 2026-11-02 to 2026-11-27")


def _submitted_record(shopper):
    assignment = assignment_for(shopper, "phone")
    record = mystery_shop.start_record(assignment, shopper)
    behaviours = {
        c.key: "met" for c in criteria_for_channel(record.channel_id) if c.kind != "timed"
    }
    mystery_shop.submit_record(
        record,
        shopper,
        {
            "call_answered": True,
            "answer_seconds": 12,
            "behaviours": behaviours,
            "account": "Secret",
        },
        50.0,
    )
    return record


def test_submitting_accepting_and_returning_shops_are_audited(app, make_user):
    shopper = make_user("shopper")
    reviewer = make_user("reviewer")
    first = _submitted_record(shopper)
    mystery_shop.review_record(first, reviewer, True, "Well done")
    second = _submitted_record(shopper)
    mystery_shop.review_record(second, reviewer, False, "Please add the time")
    shop_events = [e for e in events() if e[0].startswith("shop.")]
    assert shop_events == [
        ("shop.submitted", f"record {first.id}", shopper.id),
        ("shop.accepted", f"record {first.id}", reviewer.id),
        ("shop.submitted", f"record {second.id}", shopper.id),
        ("shop.returned", f"record {second.id}", reviewer.id),
    ]
    targets = " ".join(target for _action, target, _user in events())
    assert "Secret" not in targets
    assert "Well done" not in targets
    assert "Please add the time" not in targets


def test_a_refused_review_records_nothing(app, make_user):
    shopper = make_user("shopper")
    record = mystery_shop.start_record(assignment_for(shopper, "phone"), shopper)
    with pytest.raises(mystery_shop.RecordLocked):
        mystery_shop.review_record(record, make_user("reviewer"), True, "")
    assert "shop.accepted" not in actions()


def test_every_recorded_action_has_a_label_on_the_audit_page(app):
    from survey_app.services.audit import ACTION_LABELS

    expected = {
        "sign_in.succeeded",
        "sign_in.failed",
        "survey.created",
        "survey.imported",
        "survey.draft_edited",
        "survey.published",
        "survey.closed",
        "survey.reopened",
        "survey.exported",
        "service.created",
        "service.changed",
        "channel.created",
        "channel.changed",
        "paper_entry.saved",
        "link.downloaded",
        "responses.imported",
        "responses.import_rejected",
        "shop_scenario.created",
        "shop_assignment.created",
        "shop.submitted",
        "shop.accepted",
        "shop.returned",
        "user.invited",
        "user.changed",
        "user.password_reset",
    }
    assert expected <= set(ACTION_LABELS)
