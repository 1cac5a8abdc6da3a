"""Set up scenarios and assignments for mystery-shop tests."""

from datetime import date

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, Service
from survey_app.services.mystery_shop import assign_scenario, create_scenario


def assignment_for(shopper, channel_slug="phone", service_slug="council-tax", title=None):
    channel = db.session.scalar(select(Channel).where(Channel.slug == channel_slug))
    service = db.session.scalar(select(Service).where(Service.slug == service_slug))
    scenario = create_scenario(
        title or f"Ask about a {channel_slug} discount",
        "Ask whether a single person discount applies.",
        service,
        [channel],
    )
    return assign_scenario(scenario, channel, shopper, date(2026, 11, 2), date(2026, 11, 27))


def started_record(client, assignment):
    response = client.post(f"/mystery-shop/assignments/{assignment.id}/start")
    assert response.status_code == 302
    db.session.refresh(assignment)
    return assignment.record
