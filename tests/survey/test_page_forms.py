"""A page's form class: built from its questions and the services, holding no answers."""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Service
from survey_app.survey import routes
from tests.journey_helpers import start


def test_no_answers_go_from_one_resident_to_another_on_the_same_page(app):
    first, second = app.test_client(), app.test_client()
    page = start(first, "phone")
    assert first.get(page).status_code == 200
    first.post(page, data={"service": "housing"})
    assert 'value="housing" checked' in first.get(page).get_data(as_text=True)
    # Another resident on the same page: nothing chosen.
    assert start(second, "phone") == page
    html = second.get(page).get_data(as_text=True)
    assert "checked" not in html


def test_each_page_and_channel_builds_its_own_form_class(app, client, monkeypatch):
    built = []
    real = routes.build_page_form
    monkeypatch.setattr(
        routes,
        "build_page_form",
        lambda questions, options, **dates: (
            built.append([q["key"] for q in questions]) or real(questions, options, **dates)
        ),
    )
    client.post(start(client, "phone"), data={"service": "housing"})
    client.get("/survey/phone/contact-reason")
    client.get(start(client, "email"))
    client.get("/survey/phone/contact-reason")
    assert built == [["service"], ["contact_reason"], ["service"]]


def test_a_renamed_service_shows_its_new_name(app, client):
    page = start(client, "phone")
    assert "Council Tax" in client.get(page).get_data(as_text=True)
    service = db.session.scalar(select(Service).where(Service.slug == "council-tax"))
    service.name = "Council Tax and benefits"
    db.session.commit()
    assert "Council Tax and benefits" in client.get(page).get_data(as_text=True)
