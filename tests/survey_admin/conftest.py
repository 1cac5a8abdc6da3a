"""Signed-in staff for the survey administration tests."""

import pytest

from survey_app.services.users import create_user

PASSWORD = "a-long-test-password"


def sign_in(client, email: str, roles: set[str]):
    user = create_user(email, email.split("@")[0].title(), roles, PASSWORD)
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return user


@pytest.fixture
def admin(client):
    """An admin, signed in on ``client``."""
    return sign_in(client, "admin@example.gov.uk", {"admin"})


@pytest.fixture
def reviewer(client):
    """A reviewer (not an admin), signed in on ``client``."""
    return sign_in(client, "reviewer@example.gov.uk", {"reviewer"})
