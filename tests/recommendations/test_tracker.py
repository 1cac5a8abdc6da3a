"""The tracker, walked as the review group and officers use it."""

import csv
import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Finding, OfficerDirectorate, Recommendation
from tests.results.helpers import add_responses

RECOMMENDATION = {
    "reference": "CC 2026/27 03",
    "text": "Answer phone calls within 30 seconds.",
    "directorate": "Resources",
    "portfolio_holder": "Portfolio Holder for Resources",
    "lead_officer": "Head of Access Harrow",
    "committee": "Overview and Scrutiny Committee",
    "committee_date": ["18", "3", "2026"],
    "due_date": ["31", "3", "2027"],
    "status": "amber",
    "status_reason": "",
}


def officer_of(make_user, directorate, email):
    officer = make_user("officer", email=email, name=f"Officer for {directorate}")
    db.session.add(OfficerDirectorate(user_id=officer.id, directorate=directorate))
    db.session.flush()
    return officer


def add_finding(
    client_request, url="/results/channel/phone?start=1&start=6&start=2026&end=30&end=6&end=2026"
):
    page = client_request.post(
        "recommendations.new_finding",
        {"title": "Phone satisfaction", "text": "Phone lags.", "evidence_url": url},
        _expected_status=302,
    )
    return db.session.scalar(select(Finding).order_by(Finding.id.desc())), page


def test_a_recommendation_from_finding_to_follow_up(client_request, make_user):
    # 12 phone answers in June: 9 satisfied, 3 dissatisfied, so 75% of 12.
    add_responses(9, channel="phone", overall="very_satisfied", submitted_on=date(2026, 6, 10))
    add_responses(3, channel="phone", overall="very_dissatisfied", submitted_on=date(2026, 6, 11))
    client_request.login("reviewer")
    finding, _ = add_finding(client_request)
    assert (
        finding.evidence_url
        == "/results/channel/phone?start=1&start=6&start=2026&end=30&end=6&end=2026"
    )
    headline_rows = [s for s in finding.snapshot["sections"] if s["table"]]
    month = next(s for s in headline_rows if s["heading"].endswith("by month"))
    assert month["table"]["rows"][0][:2] == ["Jun 2026", "75%"]
    assert month["table"]["rows"][0][6] == "12"

    # Later answers change the results page but not what the finding kept.
    add_responses(10, channel="phone", overall="very_satisfied", submitted_on=date(2026, 6, 20))
    db.session.expire_all()
    page = client_request.get("recommendations.finding", finding_id=finding.id)
    assert "75%" in page.html
    assert "Jun 2026" in page.html
    kept = db.session.get(Finding, finding.id).snapshot
    month = next(s for s in kept["sections"] if s["heading"].endswith("by month"))
    assert month["table"]["rows"][0][6] == "12"

    data = dict(RECOMMENDATION, findings=[str(finding.id)])
    page = client_request.post("recommendations.new_recommendation", data, _expected_status=302)
    item = db.session.scalar(select(Recommendation))
    assert page.location == f"/recommendations/{item.id}"
    assert [f.title for f in item.findings] == ["Phone satisfaction"]

    client_request.post(
        "recommendations.response",
        {
            "response": "accepted",
            "response_text": "Agreed: a call-back service by April.",
            "response_body": "Cabinet",
            "response_date": ["13", "2", "2026"],
        },
        _expected_status=302,
        recommendation_id=item.id,
    )

    officer = officer_of(make_user, "Resources", "lead@example.gov.uk")
    client_request.login(user=officer)
    for day, text, status in ((3, "Call-back piloted.", "amber"), (9, "Call-back live.", "green")):
        client_request.post(
            "recommendations.progress",
            {
                "written_on": [str(day), "6", "2026"],
                "text": text,
                "status": status,
            },
            _expected_status=302,
            recommendation_id=item.id,
        )
    db.session.expire_all()
    item = db.session.get(Recommendation, item.id)
    assert [(u.written_on, u.author_name, u.status) for u in item.updates] == [
        (date(2026, 6, 3), "Officer for Resources", "amber"),
        (date(2026, 6, 9), "Officer for Resources", "green"),
    ]
    assert item.status == "green"
    assert [e.action for e in item.events] == [
        "created",
        "responded",
        "progress_added",
        "progress_added",
    ]
    page = client_request.get("recommendations.recommendation", recommendation_id=item.id)
    assert "Call-back live." in page.html
    assert "Call-back piloted." in page.html
    assert "Accepted" in page.html

    # The tracker as councils keep it.
    response = client_request.client.get("/recommendations/tracker.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        [
            "Reference",
            "Committee",
            "Date",
            "Area",
            "Recommendation",
            "Executive date",
            "Lead officer",
            "Action taken",
            "Status",
        ],
        [
            "CC 2026/27 03",
            "Overview and Scrutiny Committee",
            "18 March 2026",
            "Resources",
            "Answer phone calls within 30 seconds.",
            "13 February 2026",
            "Head of Access Harrow",
            "9 June 2026: Call-back live.",
            "Green",
        ],
    ]

    # The follow-up report the chair asked for: the response, both updates, the status.
    page = client_request.get("recommendations.follow_up")
    assert "CC 2026/27 03: Green" in page.html
    assert "Accepted by Cabinet, 13 February 2026: Agreed: a call-back service by April." in (
        page.html.replace("&#39;", "'")
    )
    assert page.html.index("Call-back piloted.") < page.html.index("Call-back live.")
    response = client_request.client.get("/recommendations/follow-up.docx")
    document = Document(io.BytesIO(response.data))
    assert "CC 2026/27 03: Green" in [p.text for p in document.paragraphs]
    updates = document.tables[1]
    assert [[c.text for c in row.cells] for row in updates.rows] == [
        ["Date", "By", "Action taken", "Status"],
        ["3 June 2026", "Officer for Resources", "Call-back piloted.", "Amber"],
        ["9 June 2026", "Officer for Resources", "Call-back live.", "Green"],
    ]

    # An officer of another directorate sees none of it.
    other = officer_of(make_user, "Children and Families", "other@example.gov.uk")
    client_request.login(user=other)
    client_request.get("recommendations.recommendation", 403, recommendation_id=item.id)
    client_request.get("recommendations.progress", 403, recommendation_id=item.id)
    assert "CC 2026/27 03" not in client_request.get("recommendations.index").html
    response = client_request.client.get("/recommendations/tracker.csv")
    assert "CC 2026/27 03" not in response.get_data(as_text=True)
    assert "CC 2026/27 03" not in client_request.get("recommendations.follow_up").html

    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"finding.created", "recommendation.created", "recommendation.responded"} <= actions
    assert "recommendation.progress_added" in actions


def test_officer_cannot_change_recommendations_or_see_findings(client_request, make_user):
    item = Recommendation(
        reference="R1",
        text="Text",
        directorate="Resources",
        lead_officer="Lead",
        committee="OSC",
        committee_date=date(2026, 3, 18),
    )
    db.session.add(item)
    db.session.flush()
    officer = officer_of(make_user, "Resources", "lead@example.gov.uk")
    client_request.login(user=officer)
    client_request.get("recommendations.recommendation", recommendation_id=item.id)
    client_request.get("recommendations.progress", recommendation_id=item.id)
    for endpoint in ("edit_recommendation", "response", "withdraw", "delete"):
        client_request.get(f"recommendations.{endpoint}", 403, recommendation_id=item.id)
    client_request.get("recommendations.new_recommendation", 403)
    client_request.get("recommendations.new_finding", 403)


def test_the_excel_tracker_has_the_same_columns(client_request):
    db.session.add(
        Recommendation(
            reference="R2",
            text="=HYPERLINK(1)",
            directorate="Resources",
            lead_officer="Lead",
            committee="OSC",
            committee_date=date(2026, 3, 18),
            status="red",
            status_reason="No budget",
        )
    )
    db.session.flush()
    client_request.login("admin")
    response = client_request.client.get("/recommendations/tracker.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Reference"
    assert rows[0][-1] == "Status"
    # Text a spreadsheet would run as a formula is kept as text.
    assert rows[1] == [
        "R2",
        "OSC",
        "18 March 2026",
        "Resources",
        "'=HYPERLINK(1)",
        None,
        "Lead",
        None,
        "Red",
    ]
    client_request.get("/recommendations/tracker.pdf", 404)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reference": ""}, "reference", "Enter a reference"),
        ({"reference": "R<1>"}, "reference", "Reference must use only letters"),
        ({"text": ""}, "text", "Enter the recommendation"),
        ({"directorate": "Nowhere"}, "directorate", "Select the directorate"),
        (
            {"committee_date": ["18", "13", "2026"]},
            "committee_date",
            "Committee date must be a real date",
        ),
        (
            {"committee_date": ["", "3", "2026"]},
            "committee_date",
            "Committee date must include a day",
        ),
        ({"due_date": ["31", "3", "2025"]}, "due_date", "Due date must be the same as or after"),
        ({"status": "purple"}, "status", "Select the status"),
        ({"status": "red"}, "status_reason", "Enter why it is not progressing"),
        ({"findings": ["0"]}, "findings", "Select findings from the list"),
        ({"lead_officer": "x" * 121}, "lead_officer", "must be 120 characters or fewer"),
    ],
)
def test_bad_recommendations_get_govuk_errors(client_request, changes, field, message):
    db.session.add(Finding(title="Found", text="T", evidence_url="/results/", snapshot={}))
    client_request.login("reviewer")
    page = client_request.post("recommendations.new_recommendation", RECOMMENDATION | changes)
    assert page.title.startswith("Error: ")
    assert message in page.html
    assert any(link.startswith(f"#{field}") for link in page.error_links)
    assert db.session.scalar(select(Recommendation)) is None


def test_a_reference_is_used_once(client_request):
    client_request.login("reviewer")
    client_request.post("recommendations.new_recommendation", RECOMMENDATION, _expected_status=302)
    page = client_request.post("recommendations.new_recommendation", RECOMMENDATION)
    assert "A recommendation with this reference exists" in page.html


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Enter the address of the results page"),
        ("https://example.com/", "Enter the address of a results page"),
        ("/admin/users", "Enter the address of a results page"),
        ("/results/channel/carrier-pigeon", "Enter the address of a results page"),
        ("/results/?start=13&start=2026", "filters are not valid"),
        ("/results/?channel=carrier-pigeon", "filters are not valid"),
        ("javascript:alert(1)", "Enter the address of a results page"),
    ],
)
def test_bad_evidence_gets_govuk_errors(client_request, url, message):
    client_request.login("admin")
    page = client_request.post(
        "recommendations.new_finding", {"title": "T", "text": "Found", "evidence_url": url}
    )
    assert message in page.html
    assert page.error_links == ["#evidence_url"]
    assert db.session.scalar(select(Finding)) is None


def test_small_groups_are_hidden_in_the_snapshot_as_on_the_page(client_request):
    add_responses(4, channel="phone", overall="very_satisfied")
    add_responses(12, channel="email", overall="very_satisfied")
    add_responses(30, channel="letter", overall="very_dissatisfied")
    add_responses(30, channel="webchat", overall="very_satisfied")
    client_request.login("reviewer")
    finding, _ = add_finding(client_request, "/results/")
    by_channel = finding.snapshot["sections"][0]["table"]["rows"]
    hidden = {row[0] for row in by_channel if row[1] == "[c]"}
    assert "Phone" in hidden
    letter = next(row for row in by_channel if row[0] == "Letter")
    assert letter[1] == "0%"
    assert letter[6] == "30"
    # The page's own download hides the same channels.
    download = client_request.client.get("/results/?download=satisfaction-by-channel.csv")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert hidden == {row["Channel"] for row in rows if row["Satisfied (%)"] == "[c]"}


def _responded_item():
    item = Recommendation(
        reference="R9",
        text="Text",
        directorate="Resources",
        lead_officer="Lead",
        committee="OSC",
        committee_date=date(2026, 3, 18),
        response="accepted",
        response_date=date(2026, 4, 1),
        response_body="Cabinet",
    )
    db.session.add(item)
    db.session.flush()
    return item


def test_a_recommendation_with_a_response_is_withdrawn_not_deleted(client_request):
    item = _responded_item()
    client_request.login("admin")
    page = client_request.get("recommendations.delete", recommendation_id=item.id)
    assert page.title.startswith("Error: ")
    assert "withdraw it instead" in page.html
    page = client_request.post("recommendations.delete", {}, recommendation_id=item.id)
    assert db.session.get(Recommendation, item.id) is not None

    page = client_request.post(
        "recommendations.withdraw", {"reason": ""}, recommendation_id=item.id
    )
    assert "Enter why it is being withdrawn" in page.html
    client_request.post(
        "recommendations.withdraw",
        {"reason": "Overtaken by the new contact centre."},
        _expected_status=302,
        recommendation_id=item.id,
    )
    db.session.expire_all()
    item = db.session.get(Recommendation, item.id)
    assert item.withdrawn_reason == "Overtaken by the new contact centre."
    page = client_request.get("recommendations.recommendation", recommendation_id=item.id)
    assert "Withdrawn: Overtaken by the new contact centre." in page.html


def test_a_recommendation_nobody_has_acted_on_can_be_deleted(client_request):
    client_request.login("reviewer")
    client_request.post("recommendations.new_recommendation", RECOMMENDATION, _expected_status=302)
    item = db.session.scalar(select(Recommendation))
    client_request.post(
        "recommendations.delete",
        {},
        _expected_status=302,
        _expected_redirect="/recommendations/",
        recommendation_id=item.id,
    )
    assert db.session.scalar(select(Recommendation)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"written_on": ["1", "6", "2999"]}, "Date of the update must be today or in the past"),
        ({"text": ""}, "Enter the action taken"),
        ({"status": "red"}, "Enter why it is not progressing"),
        ({"text": "bad\x00text"}, "Remove any unusual characters"),
    ],
)
def test_bad_progress_updates_get_govuk_errors(client_request, changes, message):
    item = _responded_item()
    client_request.login("reviewer")
    data = {
        "written_on": ["1", "6", "2026"],
        "text": "Done",
        "status": "amber",
    }
    page = client_request.post(
        "recommendations.progress", data | changes, recommendation_id=item.id
    )
    assert page.title.startswith("Error: ")
    assert message in page.html
    assert item.updates == []


def test_an_admin_gives_an_officer_a_directorate(client_request, make_user):
    officer = make_user("officer", email="new@example.gov.uk", name="New Officer")
    client_request.login("admin")
    page = client_request.get("recommendations.officers")
    assert "New Officer" in page.html
    assert "Not given yet" in page.html
    page = client_request.post(
        "recommendations.officer", {"directorate": "Atlantis"}, user_id=officer.id
    )
    assert "Select the directorate" in page.html
    client_request.post(
        "recommendations.officer",
        {"directorate": "Resources"},
        _expected_status=302,
        user_id=officer.id,
    )
    assert db.session.get(OfficerDirectorate, officer.id).directorate == "Resources"
    shopper = make_user("shopper")
    client_request.get("recommendations.officer", 404, user_id=shopper.id)
