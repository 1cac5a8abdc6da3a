"""Admin: mystery-shop scenarios, assigning them to shoppers, and the coverage grid."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Service, ShopAssignment, ShopScenario
from survey_app.services.mystery_shop import assign_scenario_to_many, create_scenario
from tests.mystery_shop.helpers import assignment_for, started_record


def new_scenario(client, **overrides):
    data = {
        "title": "Missed bin",
        "request": "Report a missed recycling collection and ask when it will be collected.",
        "service": "waste",
        "channels": ["phone", "email"],
    }
    data.update(overrides)
    return client.post("/admin/mystery-shop/scenarios/new", data=data)


def test_write_a_scenario(client, admin, client_request):
    page = client_request.get("/admin/mystery-shop/scenarios")
    assert "There are no scenarios yet." in page.html
    client_request.get("/admin/mystery-shop/scenarios/new")
    response = new_scenario(client)
    scenario = db.session.scalar(select(ShopScenario))
    assert response.location == f"/admin/mystery-shop/scenarios/{scenario.id}"
    assert scenario.service.slug == "waste"
    assert [c.slug for c in scenario.channels] == ["phone", "email"]
    page = client_request.get(response.location)
    assert page.heading == "Missed bin"
    assert "Nobody has been given this scenario yet." in page.html


@pytest.mark.parametrize(
    ("overrides", "message", "target"),
    [
        ({"title": ""}, "Enter a title for the scenario", "#title"),
        ({"request": " "}, "Enter what the shopper asks for", "#request"),
        ({"service": "zoo"}, "Select the service being tested", "#service"),
        ({"channels": []}, "Select at least one channel", "#channels"),
        ({"channels": ["pigeon"]}, "Select channels from the list", "#channels"),
        ({"title": "x" * 121}, "Title must be 120 characters or fewer", "#title"),
    ],
)
def test_scenario_errors(admin, client_request, overrides, message, target):
    data = {
        "title": "Missed bin",
        "request": "Report a missed collection.",
        "service": "waste",
        "channels": ["phone"],
        **overrides,
    }
    page = client_request.post("/admin/mystery-shop/scenarios/new", data)
    assert message in page.html
    assert target in page.error_links
    assert db.session.scalar(select(ShopScenario)) is None


def test_assign_a_scenario_to_a_shopper(client, admin, make_user, client_request):
    shopper = make_user("shopper", name="Councillor Ahmed")
    new_scenario(client)
    scenario = db.session.scalar(select(ShopScenario))
    url = f"/admin/mystery-shop/scenarios/{scenario.id}"
    page = client_request.get(url)
    assert "Councillor Ahmed" in page.html
    response = client.post(
        url,
        data={
            "shopper": str(shopper.id),
            "channel": "email",
            "window_start": ["1", "12", "2026"],
            "window_end": ["14", "12", "2026"],
        },
    )
    assert response.location == url
    assignment = db.session.scalar(select(ShopAssignment))
    assert (assignment.shopper_id, assignment.channel.slug) == (shopper.id, "email")
    page = client_request.get(url)
    assert "1 December 2026 to 14 December 2026" in page.html
    assert "Not started" in page.html


def test_assign_one_scenario_to_three_shoppers_on_two_channels_at_once(
    client, admin, make_user, client_request
):
    shoppers = [
        make_user("shopper", name=f"Councillor {name}") for name in ("Ahmed", "Byrne", "Chen")
    ]
    make_user("shopper", name="Councillor Left Out")
    new_scenario(client)
    scenario = db.session.scalar(select(ShopScenario))
    url = f"/admin/mystery-shop/scenarios/{scenario.id}"
    page = client_request.post(
        url,
        {
            "shopper": [str(s.id) for s in shoppers],
            "channel": ["phone", "email"],
            "window_start": ["1", "12", "2026"],
            "window_end": ["14", "12", "2026"],
        },
        _follow_redirects=True,
    )
    assert "6 shops assigned: 3 shoppers on 2 channels" in page.html
    made = db.session.scalars(select(ShopAssignment).order_by(ShopAssignment.id)).all()
    assert sorted((a.shopper.name, a.channel.slug) for a in made) == [
        ("Councillor Ahmed", "email"),
        ("Councillor Ahmed", "phone"),
        ("Councillor Byrne", "email"),
        ("Councillor Byrne", "phone"),
        ("Councillor Chen", "email"),
        ("Councillor Chen", "phone"),
    ]
    assert {(a.window_start.isoformat(), a.window_end.isoformat()) for a in made} == {
        ("2026-12-01", "2026-12-14")
    }
    assert page.html.count("1 December 2026 to 14 December 2026") == 6
    # Each shopper sees their two shops.
    client_request.login(user=shoppers[1])
    page = client_request.get("/mystery-shop/")
    assert page.html.count("Missed bin<br>") == 2


def test_bulk_assignment_is_all_or_nothing(app, admin, make_user):
    shopper = make_user("shopper")
    reviewer = make_user("reviewer")
    waste = db.session.scalar(select(Service).where(Service.slug == "waste"))
    phone = db.session.scalar(select(Channel).where(Channel.slug == "phone"))
    scenario = create_scenario("Missed bin", "Report it.", waste, [phone])
    with pytest.raises(ValueError, match="Only a shopper can be given a shop"):
        assign_scenario_to_many(
            scenario, [phone], [shopper, reviewer], date(2026, 12, 1), date(2026, 12, 14)
        )
    assert db.session.scalar(select(ShopAssignment)) is None


@pytest.mark.parametrize(
    ("overrides", "message", "target"),
    [
        ({"shopper": "0"}, "Select shoppers from the list", "#shopper"),
        ({"shopper": []}, "Select at least one shopper", "#shopper"),
        ({"channel": "letter"}, "Select channels from the list", "#channel"),
        ({"channel": []}, "Select at least one channel", "#channel"),
        (
            {"window_start": ["", "", ""]},
            "Enter the first day the shop can be done",
            "#window_start-day",
        ),
        ({"window_end": ["30", "2", "2026"]}, "Last day must be a real date", "#window_end-day"),
        (
            {"window_end": ["30", "11", "2026"]},
            "Last day must be the same as or after the first day",
            "#window_end-day",
        ),
    ],
)
def test_assignment_errors(client, admin, make_user, client_request, overrides, message, target):
    shopper = make_user("shopper")
    new_scenario(client)
    scenario = db.session.scalar(select(ShopScenario))
    data = {
        "shopper": str(shopper.id),
        "channel": "phone",
        "window_start": ["1", "12", "2026"],
        "window_end": ["14", "12", "2026"],
        **overrides,
    }
    page = client_request.post(f"/admin/mystery-shop/scenarios/{scenario.id}", data)
    assert message in page.html
    assert target in page.error_links
    assert db.session.scalar(select(ShopAssignment)) is None


def test_scenario_without_shoppers_says_to_invite_one(client, admin, client_request):
    new_scenario(client)
    scenario = db.session.scalar(select(ShopScenario))
    page = client_request.get(f"/admin/mystery-shop/scenarios/{scenario.id}")
    assert "There are no active shoppers." in page.html


def test_unknown_scenario_is_not_found(admin, client_request):
    client_request.get("/admin/mystery-shop/scenarios/999999", _expected_status=404)


def cell(html: str, service: str, column: int) -> str:
    row = re.search(
        rf'<th scope="row" class="govuk-table__header">{service}</th>(.*?)</tr>', html, re.S
    )
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row.group(1), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cells[column]).split())


def test_coverage_grid_counts_planned_done_and_outstanding(client, client_request, make_user):
    shopper = client_request.login("shopper")
    done = assignment_for(shopper, "phone", "council-tax")
    assignment_for(shopper, "phone", "council-tax")
    assignment_for(shopper, "email", "council-tax")
    record = started_record(client, done)
    record.status = "submitted"
    db.session.commit()
    client_request.login("admin")
    page = client_request.get("/admin/mystery-shop/coverage")
    assert page.heading == "Mystery-shop coverage"
    # Columns follow the channel order: phone, face to face, email, ...
    assert cell(page.html, "Council Tax", 0) == "2 planned 1 done 1 outstanding"
    assert cell(page.html, "Council Tax", 1) == "None planned"
    assert cell(page.html, "Council Tax", 2) == "1 planned 0 done 1 outstanding"
    assert cell(page.html, "All services", 0) == "2 planned 1 done 1 outstanding"
    assert "In all: 3 planned, 1 done, 2 outstanding." in page.html
    assert '<th scope="col" class="govuk-table__header">Webchat</th>' in page.html
