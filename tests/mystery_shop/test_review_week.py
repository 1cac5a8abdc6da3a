"""Mystery shopping at the scale of a real review: the returned record's message for each
reader, times in the council's clock, durations in the units people use, acknowledgement
and reply checked against each other, and the filtered, paged list of records."""

from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import ShopAuditEvent, ShopRecord
from survey_app.mystery_shop.presenters import measured, shop_status
from survey_app.presenters import council_datetime
from survey_app.services import mystery_shop
from tests.mystery_shop.helpers import assignment_for, started_record
from tests.mystery_shop.test_records import (
    EMAIL_BEHAVIOURS,
    behaviours,
    submitted_phone_record,
)


def test_returned_record_reads_as_text_with_wording_for_each_reader(
    client, client_request, shopper
):
    record = submitted_phone_record(client, shopper)
    client_request.login("reviewer")
    client.post(
        f"/mystery-shop/records/{record.id}/review",
        data={"decision": "return", "comment": "Please check <the> answer time."},
    )
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "&lt;strong&gt;" not in page.html
    assert "Returned to you" not in page.html
    assert "Returned to the shopper" in page.html
    assert f"Returned to {shopper.name} with this comment:" in page.html
    # The comment is text: its angle brackets are escaped once, never shown as tags.
    assert "Please check &lt;the&gt; answer time." in page.html
    page = client_request.get("/mystery-shop/")
    assert "Returned to you" not in page.html

    client_request.login(user=shopper)
    for url in (f"/mystery-shop/records/{record.id}", f"/mystery-shop/records/{record.id}/edit"):
        page = client_request.get(url)
        assert "&lt;strong&gt;" not in page.html
        assert "The reviewer returned this record to you:" in page.html
        assert "Please check &lt;the&gt; answer time." in page.html


def test_status_words_depend_on_who_reads_them():
    assert shop_status("returned") == "Returned to you"
    assert shop_status("returned", False) == "Returned to the shopper"
    assert shop_status("accepted", False) == "Accepted"


def test_history_is_shown_in_the_council_clock_in_summer_and_winter(
    app, client, client_request, shopper
):
    record = started_record(client, assignment_for(shopper, "phone"))
    event = db.session.scalar(select(ShopAuditEvent).where(ShopAuditEvent.record_id == record.id))
    # 14:30 UTC on 1 July is 3:30pm British Summer Time.
    event.at = datetime(2026, 7, 1, 14, 30)
    db.session.flush()
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "1 July 2026 at 3:30pm (BST)" in page.html
    assert "(UTC)" not in page.html
    with app.test_request_context():
        # In winter the clock is GMT: the same as UTC.
        assert council_datetime(datetime(2026, 12, 4, 14, 5)) == "4 December 2026 at 2:05pm (GMT)"
        # 00:30 UTC on the last Sunday of March 2026 is already 1:30am BST (clocks went
        # forward at 01:00 UTC).
        assert council_datetime(datetime(2026, 3, 29, 0, 30)) == "29 March 2026 at 12:30am (GMT)"
        assert council_datetime(datetime(2026, 3, 29, 1, 30)) == "29 March 2026 at 2:30am (BST)"


def test_durations_read_in_the_units_people_use():
    assert measured(25, "seconds_to_answer") == "25 seconds"
    assert measured(250, "seconds_to_answer") == "4 minutes 10 seconds"
    assert measured(60, "seconds_to_answer") == "1 minute"
    assert measured(1, "seconds_to_answer") == "1 second"
    assert measured(12, "minutes_waited") == "12 minutes"
    assert measured(90, "minutes_waited") == "1 hour 30 minutes"
    # Five minutes after sending is 0.0833 hours: it reads as 5 minutes, not "0.1 hours".
    assert measured(5 / 60, "hours_to_acknowledge") == "5 minutes"
    assert measured(26.5, "hours_to_acknowledge") == "26 hours 30 minutes"
    assert measured(2, "working_days_to_reply") == "2 working days"
    assert measured(1, "working_days_to_reply") == "1 working day"
    assert measured(None, "hours_to_acknowledge") == "Did not happen"


def _sent_email_record(client, shopper):
    record = started_record(client, assignment_for(shopper, "email"))
    client.post(
        f"/mystery-shop/records/{record.id}/sent",
        data={"sent_date": ["13", "11", "2026"], "sent_time": "15:40"},
    )
    return record


def _reply(**overrides):
    data = {
        "ack_date": ["13", "11", "2026"],
        "ack_time": "15:45",
        "reply_date": ["18", "11", "2026"],
        "reply_time": "09:15",
        **behaviours(EMAIL_BEHAVIOURS),
        "helpfulness": "3",
        "knowledge": "4",
        "account": "An automatic acknowledgement, then a full answer.",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_acknowledgement_five_minutes_after_sending_reads_as_minutes(
    client, client_request, shopper
):
    record = _sent_email_record(client, shopper)
    client.post(f"/mystery-shop/records/{record.id}/edit", data=_reply())
    db.session.refresh(record)
    assert record.status == "submitted"
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "Met (5 minutes)" in page.html
    assert "hours)" not in page.html


def test_acknowledgement_after_the_reply_is_refused(client, client_request, shopper):
    record = _sent_email_record(client, shopper)
    # Acknowledged on the 19th, the day after the reply: the day is wrong.
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit", _reply(ack_date=["19", "11", "2026"])
    )
    assert "The acknowledgement must be on or before the reply, not after it" in page.html
    assert page.error_links == ["#ack_date-day"]
    assert page.title.startswith("Error: ")
    # Same day, later time: the time is wrong.
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit",
        _reply(ack_date=["18", "11", "2026"], ack_time="10:00"),
    )
    assert page.error_links == ["#ack_time"]
    db.session.refresh(record)
    assert record.status == "awaiting_reply"
    assert record.acknowledged_at is None
    # Acknowledged at the very minute of the reply is fine.
    client.post(
        f"/mystery-shop/records/{record.id}/edit",
        data=_reply(ack_date=["18", "11", "2026"], ack_time="09:15"),
    )
    db.session.refresh(record)
    assert record.status == "submitted"


# The list of records -----------------------------------------------------------------


def _records(make_user, client_request):
    """30 records: 12 phone and 18 email, across two shoppers and two services; 4 of
    Shopper Amis's phone shops are submitted (contact on 3 November 2026)."""
    amis = make_user("shopper", name="Shopper Amis")
    bello = make_user("shopper", name="Shopper Bello")
    made = []
    for n in range(30):
        shopper = amis if n % 2 == 0 else bello
        channel = "phone" if n < 12 else "email"
        service = "council-tax" if n % 3 else "housing"
        assignment = assignment_for(shopper, channel, service, title=f"Scenario {n:02d}")
        made.append(mystery_shop.start_record(assignment, shopper))
    for record in made[:8:2]:  # records 0, 2, 4, 6: Amis, phone
        record.status = "submitted"
        record.contact_at = datetime(2026, 11, 3, 10, 15)
    db.session.flush()
    return amis, bello, made


def test_record_list_is_paged_25_to_a_page(client_request, make_user):
    _records(make_user, client_request)
    client_request.login("reviewer")
    page = client_request.get("/mystery-shop/")
    assert "30 records, page 1 of 2." in page.html
    assert page.html.count('">Shop record ') == 25
    assert 'aria-label="Pages of shop records"' in page.html
    page = client_request.get("/mystery-shop/?page=2")
    assert "30 records, page 2 of 2." in page.html
    assert page.html.count('">Shop record ') == 5
    # A page past the end shows the last one, never an error.
    page = client_request.get("/mystery-shop/?page=99")
    assert "page 2 of 2" in page.html


def test_record_list_filtered_by_status_shopper_channel_service_and_date(client_request, make_user):
    amis, bello, made = _records(make_user, client_request)
    client_request.login("reviewer")
    page = client_request.get(f"/mystery-shop/?shopper={bello.id}")
    assert "15 records." in page.html
    page = client_request.get("/mystery-shop/?channel=phone")
    assert "12 records." in page.html
    page = client_request.get("/mystery-shop/?channel=email&service=housing")
    # Email is records 12 to 29; housing is every third (n % 3 == 0): 12, 15, ..., 27.
    assert "6 records." in page.html
    page = client_request.get(f"/mystery-shop/?status=submitted&shopper={amis.id}&channel=phone")
    assert "4 records." in page.html
    for record in made[:8:2]:
        assert f"Shop record {record.id}</a>" in page.html
    assert "Clear filters" in page.html
    page = client_request.get(
        "/mystery-shop/?date_from=3&date_from=11&date_from=2026&date_to=3&date_to=11&date_to=2026"
    )
    assert "4 records." in page.html
    page = client_request.get("/mystery-shop/?date_from=4&date_from=11&date_from=2026")
    assert "0 records." in page.html
    assert "No shop records match these filters." in page.html


def test_record_list_filter_errors_are_shown_not_500(client_request, make_user):
    _records(make_user, client_request)
    client_request.login("reviewer")
    page = client_request.get("/mystery-shop/?channel=pigeon")
    assert page.title.startswith("Error: ")
    assert "Select a channel from the list" in page.html
    assert page.error_links == ["#channel"]
    # The list is shown unfiltered meanwhile.
    assert "30 records" in page.html
    page = client_request.get(
        "/mystery-shop/?date_from=5&date_from=11&date_from=2026&date_to=4&date_to=11&date_to=2026"
    )
    assert "To date must be the same as or after the from date" in page.html


def test_shoppers_do_not_see_the_list_of_everyone_s_records(client_request, make_user):
    _, bello, _ = _records(make_user, client_request)
    client_request.login(user=bello)
    page = client_request.get("/mystery-shop/")
    assert "All shop records" not in page.html
    assert db.session.query(ShopRecord).count() == 30


def test_reviewer_reads_the_account_without_staff_names(client, client_request, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    account = "The officer, John Smith, put me through to Advisor Sarah about Council Tax."
    client.post(
        f"/mystery-shop/records/{record.id}/edit",
        data={"account": account, "action": "draft"},
    )
    assert account in client_request.get(f"/mystery-shop/records/{record.id}").html
    client_request.login("reviewer")
    page = client_request.get(f"/mystery-shop/records/{record.id}")
    assert "John Smith" not in page.html
    assert "Sarah" not in page.html
    assert (
        "The officer, [name removed], put me through to Advisor [name removed] about Council Tax."
        in page.html
    )


def test_a_shop_dated_before_the_review_could_exist_is_refused(client, client_request, shopper):
    record = started_record(client, assignment_for(shopper, "phone"))
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/edit",
        {"contact_date": ["1", "1", "1990"], "contact_time": "10:00", "action": "draft"},
    )
    created = record.assignment.scenario.created_at.date()
    earliest = created - timedelta(days=365)
    assert f"Date of your contact must be on or after {earliest.day} {earliest:%B %Y}" in page.html
    assert page.error_links == ["#contact_date-day"]
    db.session.refresh(record)
    assert record.contact_at is None


def test_an_email_sent_before_the_review_could_exist_is_refused(client, client_request, shopper):
    record = started_record(client, assignment_for(shopper, "email"))
    page = client_request.post(
        f"/mystery-shop/records/{record.id}/sent",
        {"sent_date": ["1", "1", "1990"], "sent_time": "10:00"},
    )
    assert "Date you sent it must be on or after" in page.html
    db.session.refresh(record)
    assert record.contact_at is None
