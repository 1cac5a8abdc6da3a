"""With CSRF protection on, a POST without a valid token gets a clear page and saves nothing."""

import pytest
from sqlalchemy import func, select

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Draft, Response
from tests.conftest import Page, dispose_engines


@pytest.fixture
def csrf_client(app):
    secured = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": True,
        },
    )
    yield secured.test_client()
    dispose_engines(secured)


@pytest.mark.parametrize(
    "url", ["/", "/survey/phone", "/survey/phone/service", "/survey/phone/check-your-answers"]
)
def test_post_without_token_is_refused_with_a_styled_page(csrf_client, url):
    response = csrf_client.post(url, data={"service": "housing", "channel": "phone"})
    assert response.status_code == 400
    page = Page(response).check_structure()
    assert page.heading == "Sorry, this page has expired"
    assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
