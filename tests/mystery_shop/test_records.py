"""Shop records through the Flask client: every page, every error state, the two-stage email
shop, review, locking, the audit trail and who may see what."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import ShopAuditEvent, ShopRecord
from tests.mystery_shop.helpers import assignment_for, started_record

PHONE_BEHAVIOURS = [
    "told-wait-offered-alternatives",
    "greeting",
    "polite",
    "understood",
    "accurate",
    "resolved",
    "call-back-kept",
    "no-unnecessary-transfers",
    "plain-english",
]
EMAIL_BEHAVIOURS = ["answers-every-point", "accurate", "resolved", "polite", "plain-english"]


def behaviours(keys, outcome="met", **overrides):
    data = {f"criterion-{key}": outcome for key in keys}
    data.update({f"criterion-{key}": value for key, value in overrides.items()})
    return data


def phone_shop(**overrides):
    data = {
        "contact_date": ["3", "11", "2026"],
        "contact_time": "10:15",
        "call_answered": "yes",
        "answer_seconds": "25",
        **behaviours(PHONE_BEHAVIOURS),
        "helpfulness": "4",
        "knowledge": "5",
        "account": "Rang the main number and was given a clear answer.",
        "action": "submit",
    }
    data.update(overrides)
    return data


def audit_count() -> int:
    return db.session.scalar(select(func.count(ShopAuditEvent.id)))


def test_shopper_sees_their_assignments_and_can_start_one(client, shopper, client_request):
    assignment = assignment_for(shopper, "phone", title="Single person discount")
    page = client_request.get("/mystery-shop/")
    assert page.heading == "Mystery shopping"
    assert "Single person discount" in page.html
    assert "Not started" in page.html
    record = started_record(client, assignment)
    assert record.status == "draft"
    page = client_request.get(f"/mystery-shop/records/{record.id}/edit")
    assert page.heading == "Phone shop: Single person discount"
    assert "Do not record the name of any member of staff" in page.html
    assert 'name="criterion-accurate"' in page.html


def test_starting_twice_continues_the_same_record(client, shopper):
    assignment = assignment_for(shopper, "phone")
    first = started_record(client, assignment)
    second = started_record(client, assignment)
    assert first.id == second.id
    assert db.session.scalar(select(func.count(ShopRecord.id))) == 1


def test_phone_shop_answered_in_25_seconds_is_scored_on_submission(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "phone"))
    response = client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop())
    assert response.location == f"/mystery-shop/records/{record.id}/submitted"
    db.session.refresh(record)
    # All 10 phone criteria met. Points: answered 2, told wait 1, greeting 1, polite 1,
    # understood 1, accurate 2, resolved 2, call back 1, no transfers 1, plain English 1 = 13.
    assert (record.points_earned, record.points_possible) == (13, 13)
    assert record.score_percent == 100.0
    assert record.capped is False
    assert record.status == "submitted"
    assert record.contact_at == datetime(2026, 11, 3, 10, 15)
    page = client_request.get(f"/mystery-shop/records/{record.id}/submitted")
    assert "100.0%" in page.html


def test_phone_shop_answered_in_31_seconds_with_inaccurate_answer_is_capped(client, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    data = phone_shop(answer_seconds="31", **behaviours(["accurate"], "not_met"))
    data.update(behaviours(["call-back-kept", "told-wait-offered-alternatives"], "na"))
    client.post(f"/mystery-shop/records/{record.id}/edit", data=data)
    db.session.refresh(record)
    # Possible: 13 minus call back (1) and told wait (1) = 11. Lost: 31 s (2), accurate (2).
    # Earned 7 of 11 = 63.6%, capped at 50% because accuracy is critical.
    assert (record.points_earned, record.points_possible) == (7, 11)
    assert record.score_percent == 50.0
    assert record.capped is True


def test_submitting_an_empty_form_lists_every_missing_answer(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "phone"))
    page = client_request.post(f"/mystery-shop/records/{record.id}/edit", {"action": "submit"})
    assert page.title.startswith("Error: ")
    assert page.error_links[:3] == ["#contact_date-day", "#contact_time", "#call_answered"]
    assert "#criterion-accurate" in page.error_links
    assert "Select whether &#39;Accurate answer&#39; was met" in page.html
    assert "Enter what happened" in page.html
    db.session.refresh(record)
    assert record.status == "draft"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"contact_time": "25:00"}, "Time of your contact must be a real time"),
        ({"contact_time": "half ten"}, "Time of your contact must be a real time"),
        ({"contact_date": ["31", "2", "2026"]}, "Date of your contact must be a real date"),
        (
            {"contact_date": ["3", "11", "2099"]},
            "Date of your contact must be today or in the past",
        ),
        ({"answer_seconds": "soon"}, "Seconds must be a whole number, like 45"),
        ({"answer_seconds": "-4"}, "Seconds must be between 0 and 3,600"),
        ({"answer_seconds": ""}, "Enter how many seconds it took"),
        ({"call_answered": "no"}, "Leave the seconds empty if the call was not answered"),
        ({"call_answered": "maybe"}, "Select whether a person answered the call"),
        ({"criterion-polite": "sort of"}, "Select whether &#39;Polite and patient&#39; was met"),
        ({"helpfulness": "6"}, "Select how helpful the council was, from 1 to 5"),
        ({"account": "x" * 3001}, "What happened must be 3,000 characters or fewer"),
        ({"account": "bad\x00text"}, "Remove any unusual characters from your answer"),
        ({"contact_time": ""}, "Enter the time of your contact"),
        ({"account": "   "}, "Enter what happened"),
    ],
)
def test_bad_answers_get_a_clear_message_and_nothing_is_saved(
    client, shopper, client_request, overrides, message
):
    record = started_record(client, assignment_for(shopper, "phone"))
    before = audit_count()
    page = client_request.post(f"/mystery-shop/records/{record.id}/edit", phone_shop(**overrides))
    assert message in page.html
    assert page.error_links
    assert audit_count() == before
    db.session.refresh(record)
    assert record.status == "draft"
    assert record.account == ""


def test_draft_saves_what_is_there_and_the_form_shows_it_again(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "phone"))
    data = {
        "contact_date": ["3", "11", "2026"],
        "contact_time": "2:30pm",
        "criterion-polite": "met",
        "account": "Still writing this up.",
        "action": "draft",
    }
    response = client.post(f"/mystery-shop/records/{record.id}/edit", data=data)
    assert response.location == f"/mystery-shop/records/{record.id}?saved=1"
    db.session.refresh(record)
    assert record.status == "draft"
    assert record.contact_at == datetime(2026, 11, 3, 14, 30)
    assert record.behaviours == {"polite": "met"}
    assert record.score_percent is None
    page = client_request.get(f"/mystery-shop/records/{record.id}?saved=1")
    assert "Your changes have been saved" in page.html
    page = client_request.get(f"/mystery-shop/records/{record.id}/edit")
    assert 'value="14:30"' in page.html
    assert "Still writing this up." in page.html


def test_draft_with_a_date_but_no_time_is_refused_rather_than_half_saved(
    client, shopper, client_request
):
    record = started_record(client, assignment_for(shopper, "phone"))
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit",
        {"contact_date": ["3", "11", "2026"], "action": "draft"},
    )
    assert "Enter the time as well, or leave both empty" in page.html
    db.session.refresh(record)
    assert record.contact_at is None


def test_face_to_face_form_asks_for_minutes_waited(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "face-to-face"))
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit", {"wait_minutes": "ten", "action": "draft"}
    )
    assert "Minutes must be a whole number, like 10" in page.html
    assert "call_answered" not in page.ids


def test_website_form_has_no_timings(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "website"))
    page = client_request.get(f"/mystery-shop/records/{record.id}/edit")
    assert "Online form worked end to end" in page.html
    assert "wait_minutes" not in page.ids
    assert "answer_seconds" not in page.ids


# The two-stage email shop ------------------------------------------------------------------


def test_two_stage_email_shop_through_the_client(client, shopper, client_request):
    assignment = assignment_for(shopper, "email", title="Report a missed bin")
    response = client.post(f"/mystery-shop/assignments/{assignment.id}/start")
    db.session.refresh(assignment)
    record = assignment.record
    # Stage one: the email is sent.
    assert response.location == f"/mystery-shop/records/{record.id}/sent"
    page = client_request.get(response.location)
    assert page.heading == "When did you send your email?"
    page = client_request.post(f"/mystery-shop/records/{record.id}/sent", {})
    assert page.error_links == ["#sent_date-day", "#sent_time"]
    # Sent Friday 13 November 2026 at 3:40pm.
    response = client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={"sent_date": ["13", "11", "2026"], "sent_time": "3:40pm"},
    )
    assert response.location == f"/mystery-shop/records/{record.id}?saved=1"
    db.session.refresh(record)
    assert record.status == "awaiting_reply"
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "Record the reply" in page.html
    # Mon 16 = 1, Tue 17 = 2, Wed 18 = 3 working days: the last day is 18 November 2026.
    assert "by the end of 18 November 2026" in page.html
    # Stage two: the reply arrives the next Wednesday; an acknowledgement came within the hour.
    page = client_request.get(f"/mystery-shop/records/{record.id}/edit")
    assert "You sent your email on 13 November 2026 at 3:40pm" in page.html
    assert "<li>Full reply within 3 working days" in page.html
    data = {
        "ack_date": ["13", "11", "2026"],
        "ack_time": "16:10",
        "reply_date": ["18", "11", "2026"],
        "reply_time": "09:15",
        **behaviours(EMAIL_BEHAVIOURS),
        "helpfulness": "3",
        "knowledge": "4",
        "account": "An automatic acknowledgement, then a full answer.",
        "action": "submit",
    }
    client.post(f"/mystery-shop/records/{record.id}/edit", data=data)
    db.session.refresh(record)
    assert record.status == "submitted"
    assert record.replied_at == datetime(2026, 11, 18, 9, 15)
    # Every email criterion met: 1 + 2 + 2 + 2 + 2 + 1 + 1 = 11 points.
    assert (record.points_earned, record.points_possible, record.score_percent) == (11, 11, 100)
    results = {r["key"]: r for r in record.scored_criteria}
    assert results["replied-3-working-days"]["measured"] == 3
    assert results["acknowledged-24-hours"]["outcome"] == "met"
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    # Acknowledged 30 minutes after sending (0.5 hours), written as people say it.
    assert "Met (30 minutes)" in page.html
    assert "Met (3 working days)" in page.html


def test_reply_before_the_email_was_sent_is_refused(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "email"))
    client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={"sent_date": ["20", "11", "2026"], "sent_time": "15:40"},
    )
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit",
        {"reply_date": ["19", "11", "2026"], "reply_time": "10:00", "action": "draft"},
    )
    assert "Time of the reply must be after you sent your message" in page.html
    db.session.refresh(record)
    assert record.replied_at is None


def test_reply_before_sending_is_reported_with_the_missing_answers(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "email"))
    client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={"sent_date": ["13", "11", "2026"], "sent_time": "15:40"},
    )
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit",
        {"reply_date": ["12", "11", "2026"], "reply_time": "9:00", "action": "submit"},
    )
    assert page.error_links[0] == "#reply_time"
    assert "Time of the reply must be after you sent your message" in page.html
    assert "Enter what happened" in page.html


def test_email_edit_before_sending_goes_to_the_sent_page(client, shopper):
    record = started_record(client, assignment_for(shopper, "email"))
    response = client.get(f"/mystery-shop/records/{record.id}/edit")
    assert response.location == f"/mystery-shop/records/{record.id}/sent"


def test_sent_page_only_for_email_and_letter(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "phone"))
    client_request.get(f"/mystery-shop/records/{record.id}/sent", _expected_status=404)


def test_sent_in_the_future_is_refused(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "letter"))
    # Two days ahead: in the future whatever the gap between the server's and London's clocks.
    later = date.today() + timedelta(days=2)
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/sent",
        {"sent_date": [str(later.day), str(later.month), str(later.year)]},
    )
    assert "Date you sent it must be today or in the past" in page.html


def test_no_reply_is_possible_only_after_the_standard_has_passed(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "letter"))
    today = date.today()
    client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={
            "sent_date": [str(today.day), str(today.month), str(today.year)],
            "sent_time": "0:00",
        },
    )
    response = client.get(f"/mystery-shop/records/{record.id}/no-reply")
    assert response.location == f"/mystery-shop/records/{record.id}"
    assert "No reply came" not in client_request.get(f"/mystery-shop/records/{record.id}").html


def test_letter_with_no_reply_scores_the_reply_standard_as_not_met(client, shopper, client_request):
    record = started_record(client, assignment_for(shopper, "letter"))
    # Sent Monday 2 November 2026; 5 working days end on Monday 9 November 2026.
    client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={"sent_date": ["2", "11", "2026"], "sent_time": "9:00"},
    )
    page = client_request.get(f"/mystery-shop/records/{record.id}/no-reply")
    assert "by the end of 9 November 2026" in page.html
    response = client.post(f"/mystery-shop/records/{record.id}/no-reply")
    assert response.location == f"/mystery-shop/records/{record.id}/edit"
    page = client_request.get(response.location)
    assert "reply_date-day" not in page.ids
    data = {
        **behaviours(["answers-every-point", "accurate", "resolved"], "na"),
        **behaviours(["polite", "plain-english"], "na"),
        "helpfulness": "1",
        "knowledge": "1",
        "account": "No reply came.",
        "action": "submit",
    }
    client.post(f"/mystery-shop/records/{record.id}/edit", data=data)
    db.session.refresh(record)
    assert record.no_reply is True
    assert (record.points_earned, record.points_possible, record.score_percent) == (0, 2, 0.0)
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "Not met (Did not happen)" in page.html
    assert "No reply came" in page.html


# Review, locking and the audit trail --------------------------------------------------------


def submitted_phone_record(client, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop())
    return record


def test_reviewer_accepts_and_the_record_is_locked(client, client_request, shopper):
    record = submitted_phone_record(client, shopper)
    reviewer = client_request.login("reviewer")
    page = client_request.get("/mystery-shop/")
    assert f"Review shop record {record.id}" in page.html
    page = client_request.get(f"/mystery-shop/records/{record.id}/review")
    assert page.heading == f"Review shop record {record.id}"
    response = client.post(f"/mystery-shop/records/{record.id}/review", data={"decision": "accept"})
    assert response.location == f"/mystery-shop/records/{record.id}"
    db.session.refresh(record)
    assert record.status == "accepted"
    assert record.reviewed_by_id == reviewer.id
    # Locked for the shopper: the edit page sends them back to the record, nothing changes.
    client_request.login(user=shopper)
    response = client.post(
        f"/mystery-shop/records/{record.id}/edit", data=phone_shop(answer_seconds="40")
    )
    assert response.location == f"/mystery-shop/records/{record.id}"
    db.session.refresh(record)
    assert record.answer_seconds == 25
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "It is locked: nobody can change it." in page.html
    assert "Continue this shop" not in page.html


def test_reviewer_returns_with_a_comment_and_the_shopper_can_resubmit(
    client, client_request, shopper
):
    record = submitted_phone_record(client, shopper)
    client_request.login("reviewer")
    page = client_request.post(f"/mystery-shop/records/{record.id}/review", {"decision": "return"})
    assert page.error_links == ["#comment"]
    assert "Enter a comment saying what the shopper needs to change" in page.html
    page = client_request.post(f"/mystery-shop/records/{record.id}/review", {})
    assert page.error_links == ["#decision"]
    client.post(
        f"/mystery-shop/records/{record.id}/review",
        data={"decision": "return", "comment": "Please check the answer time."},
    )
    db.session.refresh(record)
    assert record.status == "returned"
    client_request.login(user=shopper)
    page = client_request.get(f"/mystery-shop/records/{record.id}/edit")
    assert "Please check the answer time." in page.html
    client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop(answer_seconds="35"))
    db.session.refresh(record)
    assert record.status == "submitted"
    assert record.review_comment is None
    # 35 s misses the 30 s standard (2 points): 11 of 13 = 84.6%.
    assert record.score_percent == 84.6


def test_review_of_a_record_not_submitted_goes_back_to_the_record(client, client_request, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    client_request.login("admin")
    response = client.post(f"/mystery-shop/records/{record.id}/review", data={"decision": "accept"})
    assert response.location == f"/mystery-shop/records/{record.id}"
    db.session.refresh(record)
    assert record.status == "draft"


def test_audit_trail_names_fields_but_never_keeps_the_text(client, client_request, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    client.post(
        f"/mystery-shop/records/{record.id}/edit",
        data={"account": "A secret first draft.", "criterion-polite": "met", "action": "draft"},
    )
    client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop())
    events = db.session.scalars(
        select(ShopAuditEvent)
        .where(ShopAuditEvent.record_id == record.id)
        .order_by(ShopAuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["started", "saved draft", "submitted"]
    assert all(e.user_id == shopper.id for e in events)
    assert events[1].fields == ["behaviours.polite", "account"]
    assert "contact_at" in events[2].fields
    assert "behaviours.polite" not in events[2].fields
    stored = " ".join(str(e.fields) + e.action for e in events)
    assert "secret" not in stored
    client_request.login("reviewer")
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "Saved draft: Polite and patient, What happened" in page.html


# Who sees what -------------------------------------------------------------------------------


def test_shopper_cannot_see_or_change_another_shoppers_record(client, client_request, make_user):
    other = make_user("shopper")
    record = started_record(client, assignment_for(client_request.login(user=other), "phone"))
    client_request.login("shopper")
    client_request.get(f"/mystery-shop/records/{record.id}", _expected_status=404)
    client_request.get(f"/mystery-shop/records/{record.id}/edit", _expected_status=404)
    response = client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop())
    assert response.status_code == 404
    db.session.refresh(record)
    assert record.status == "draft"
    assert "Ask about a phone discount" not in client_request.get("/mystery-shop/").html


def test_shopper_cannot_start_another_shoppers_assignment(client, client_request, make_user):
    assignment = assignment_for(make_user("shopper"), "phone")
    client_request.login("shopper")
    response = client.post(f"/mystery-shop/assignments/{assignment.id}/start")
    assert response.status_code == 404
    db.session.refresh(assignment)
    assert assignment.record is None


def test_reviewer_sees_all_records_but_cannot_edit_them(client, client_request, shopper):
    record = submitted_phone_record(client, shopper)
    client_request.login("reviewer")
    page = client_request.get("/mystery-shop/")
    assert f"Shop record {record.id}" in page.html
    assert "Your shops" not in page.html
    client_request.get(f"/mystery-shop/records/{record.id}")
    client_request.get(f"/mystery-shop/records/{record.id}/edit", _expected_status=403)


def test_submitted_page_for_a_draft_goes_back_to_the_record(client, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    response = client.get(f"/mystery-shop/records/{record.id}/submitted")
    assert response.location == f"/mystery-shop/records/{record.id}"


def test_nobody_reviews_their_own_shop(client, client_request):
    shopper_and_reviewer = client_request.login({"shopper", "reviewer"})
    record = submitted_phone_record(client, shopper_and_reviewer)
    assert f"Review shop record {record.id}" not in client_request.get("/mystery-shop/").html
    client_request.get(f"/mystery-shop/records/{record.id}/review", _expected_status=403)
    response = client.post(f"/mystery-shop/records/{record.id}/review", data={"decision": "accept"})
    assert response.status_code == 403
    db.session.refresh(record)
    assert record.status == "submitted"


def test_unknown_record_is_not_found(shopper, client_request):
    client_request.get("/mystery-shop/records/999999", _expected_status=404)


def test_reviewer_reads_the_account_redacted_and_the_shopper_reads_it_as_written(
    client, client_request, shopper
):
    record = started_record(client, assignment_for(shopper, "phone"))
    account = "They said ring back on 020 8863 5611 about HB123456."
    client.post(f"/mystery-shop/records/{record.id}/edit", data=phone_shop(account=account))
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert account in page.html
    client_request.login("reviewer")
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "020 8863 5611" not in page.html
    assert "HB123456" not in page.html
    assert "[phone number removed]" in page.html
