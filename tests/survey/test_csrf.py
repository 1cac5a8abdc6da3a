"""With CSRF protection on, a POST without a valid token gets a clear page and saves nothing."""

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Draft, Response
from tests.conftest import Page


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


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
