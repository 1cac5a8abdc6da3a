"""Mystery-shop standards edited on admin pages; shops already scored keep their meaning."""

from html import unescape

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Channel, ShopCriterion
from survey_app.services import mystery_shop
from survey_app.services.standards import criteria_for_channel
from tests.mystery_shop.helpers import assignment_for


def criterion(channel: str, key: str) -> ShopCriterion:
    return db.session.scalar(
        select(ShopCriterion).join(Channel).where(Channel.slug == channel, ShopCriterion.key == key)
    )


def edit_data(**changes) -> dict:
    data = {
        "text": "Call answered within 20 seconds",
        "measure": "seconds_to_answer",
        "limit": "20",
        "points": "3",
        "critical": "no",
        "active": "yes",
    }
    return {**data, **changes}


def test_standards_are_listed_by_channel(admin, client_request):
    page = client_request.get("/admin/standards")
    assert page.heading == "Mystery-shop standards"
    html = unescape(page.html)
    assert 'id="channel-phone"' in html
    assert "Call answered within 30 seconds" in html
    assert "Seconds until a call is answered: at most 30" in html
    answered = criterion("phone", "answered-30-seconds")
    assert f'href="/admin/standards/{answered.id}"' in html
    assert 'href="/admin/standards/phone/new"' in html


def test_the_admin_pages_link_to_the_standards(admin, client_request):
    assert 'href="/admin/standards"' in client_request.get("/admin/").html
    assert 'href="/admin/standards"' in client_request.get("/admin/surveys").html


def test_change_a_timed_standard(admin, client, client_request):
    answered = criterion("phone", "answered-30-seconds")
    page = client_request.get(f"/admin/standards/{answered.id}")
    assert page.heading == "Change a standard for Phone"
    assert 'name="kind"' not in page.html  # the kind is fixed once added
    response = client.post(f"/admin/standards/{answered.id}", data=edit_data(critical="yes"))
    assert response.location == "/admin/standards#channel-phone"
    db.session.refresh(answered)
    assert (answered.text, answered.limit_value, answered.points, answered.critical) == (
        "Call answered within 20 seconds",
        20,
        3,
        True,
    )
    assert answered.key == "answered-30-seconds"  # records in progress hold outcomes by key
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "standard.changed"))
    assert event.target == (
        "phone/answered-30-seconds (3 points, seconds_to_answer within 20, critical)"
    )


def test_retire_a_behaviour_standard(admin, client, client_request):
    polite = criterion("phone", "polite")
    assert 'name="measure"' not in client_request.get(f"/admin/standards/{polite.id}").html
    data = {"text": "Polite and patient", "points": "1", "critical": "no", "active": "no"}
    assert client.post(f"/admin/standards/{polite.id}", data=data).status_code == 302
    phone = db.session.scalar(select(Channel).where(Channel.slug == "phone"))
    assert "polite" not in [c.key for c in criteria_for_channel(phone.id)]
    db.session.refresh(polite)
    assert polite.active is False
    assert "Not in use" in client_request.get("/admin/standards").html


def test_add_a_standard(admin, client, client_request):
    page = client_request.get("/admin/standards/letter/new")
    assert page.heading == "Add a standard for Letter"
    response = client.post(
        "/admin/standards/letter/new",
        data={
            "text": "Reply gives a named contact",
            "kind": "behaviour",
            "points": "1",
            "critical": "no",
            "active": "yes",
        },
    )
    assert response.status_code == 302
    added = criterion("letter", "reply-gives-a-named-contact")
    assert (added.kind, added.points, added.measure, added.limit_value) == (
        "behaviour",
        1,
        None,
        None,
    )
    letter = db.session.scalar(select(Channel).where(Channel.slug == "letter"))
    assert criteria_for_channel(letter.id)[-1].key == "reply-gives-a-named-contact"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "standard.created"))
    assert event.target == "letter/reply-gives-a-named-contact (1 points, behaviour)"


def test_adding_a_standard_with_wording_already_used_gets_its_own_key(admin, client):
    data = {"text": "Polite", "kind": "behaviour", "points": "1", "critical": "no", "active": "yes"}
    client.post("/admin/standards/email/new", data=data)
    assert criterion("email", "polite-2").text == "Polite"


def test_the_measure_says_which_measures_make_a_shop_two_stage(admin, client_request):
    """Giving the phone a reply measure (a call back) makes its shops two-stage: the page
    says so before the admin chooses."""
    html = unescape(client_request.get("/admin/standards/phone/new").html)
    assert "A channel with either is shopped in two stages" in html
    assert 'aria-describedby="measure-hint"' in html


def test_add_a_timed_standard(admin, client):
    response = client.post(
        "/admin/standards/webchat/new",
        data={
            "text": "Chat answered within 2 minutes",
            "kind": "timed",
            "measure": "minutes_waited",
            "limit": "2",
            "points": "2",
            "critical": "no",
            "active": "yes",
        },
    )
    assert response.status_code == 302
    added = criterion("webchat", "chat-answered-within-2-minutes")
    assert (added.kind, added.measure, added.limit_value) == ("timed", "minutes_waited", 2)


@pytest.mark.parametrize(
    ("url", "data", "links", "message"),
    [
        (
            "/admin/standards/phone/new",
            {},
            ["#text", "#kind", "#points", "#critical", "#active"],
            "Enter what the standard says",
        ),
        (
            "/admin/standards/phone/new",
            {"text": "Quick", "kind": "timed", "points": "1", "critical": "no", "active": "yes"},
            ["#measure", "#limit"],
            "Select what is timed",
        ),
        (
            "/admin/standards/phone/new",
            {
                "text": "Quick",
                "kind": "timed",
                "measure": "light_years",
                "limit": "many",
                "points": "11",
                "critical": "maybe",
                "active": "yes",
            },
            ["#measure", "#limit", "#points", "#critical"],
            "Limit must be a whole number, like 30",
        ),
    ],
    ids=["nothing", "timed-without-measure", "nonsense"],
)
def test_standard_errors_are_explained(admin, client_request, url, data, links, message):
    page = client_request.post(url, data)
    assert page.error_links == links
    assert message in unescape(page.html)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("standard.%"))) is None


def test_unknown_standard_or_channel_is_not_found(admin, client_request):
    client_request.get("/admin/standards/999999", _expected_status=404)
    client_request.get("/admin/standards/pigeon/new", _expected_status=404)


def test_a_scored_shop_keeps_its_score_and_standards_after_an_edit(admin, client, make_user):
    shopper = make_user("shopper")
    record = mystery_shop.start_record(assignment_for(shopper, "phone"), shopper)
    behaviours = {
        c.key: "met" for c in criteria_for_channel(record.channel_id) if c.kind != "timed"
    }
    behaviours["accurate"] = "not_met"
    mystery_shop.submit_record(
        record,
        shopper,
        {"call_answered": True, "answer_seconds": 25, "behaviours": behaviours},
        50.0,
    )
    # 2 (answered in 25 s) + 9 behaviour points met of 11 possible; critical "accurate" failed.
    assert (record.points_earned, record.points_possible, record.score_percent) == (11, 13, 50.0)
    before = [dict(c) for c in record.scored_criteria]
    answered = criterion("phone", "answered-30-seconds")
    client.post(f"/admin/standards/{answered.id}", data=edit_data(limit="20", points="5"))
    accurate = criterion("phone", "accurate")
    client.post(
        f"/admin/standards/{accurate.id}",
        data={"text": "Accurate", "points": "4", "critical": "no", "active": "no"},
    )
    db.session.expire_all()
    record = db.session.get(type(record), record.id)
    assert (record.points_earned, record.points_possible, record.score_percent) == (11, 13, 50.0)
    assert record.scored_criteria == before
    timed = next(c for c in record.scored_criteria if c["key"] == "answered-30-seconds")
    assert (timed["text"], timed["limit"], timed["points"], timed["outcome"]) == (
        "Call answered within 30 seconds",
        30,
        2,
        "met",
    )
    page = unescape(client.get(f"/mystery-shop/records/{record.id}").get_data(as_text=True))
    assert "Call answered within 30 seconds" in page
    assert "Call answered within 20 seconds" not in page
