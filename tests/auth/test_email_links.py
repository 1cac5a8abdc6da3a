"""Invitations and password resets by email, received by a real SMTP server on this machine
(aiosmtpd): each link sets a password once, and expires."""

import email
import re
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AccountToken, User, utcnow
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "correct horse battery staple 42"
LINK = re.compile(r"http://localhost/auth/set-password/(\S+)")


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture
def mail_app(make_app, inbox):
    _box, port = inbox
    return make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)


def link_in(message) -> str:
    body = message.get_payload(decode=True).decode()
    return "/auth/set-password/" + LINK.search(body).group(1)


def test_an_invitation_email_sets_a_password_once_then_the_link_has_expired(
    mail_app, inbox, client_request
):
    box, _port = inbox
    requests = client_request.on(mail_app)
    requests.login("admin")
    page = requests.post(
        "/admin/users/invite",
        {"name": "Councillor Jones", "email": "jones@example.gov.uk", "roles": ["shopper"]},
    )
    assert page.heading == "Invitation sent"
    assert "We have emailed jones@example.gov.uk a link" in page.html
    assert "Temporary password" not in page.html
    (message,) = box.messages
    assert message["To"] == "jones@example.gov.uk"
    assert message["From"] == "scrutiny@harrow.gov.uk"
    link = link_in(message)
    requests.logout()

    page = requests.get(link)
    assert page.heading == "Choose your password"
    page = requests.post(link, {"new_password": "password1234", "confirm_password": "password1234"})
    assert "too easy to guess" in page.html
    page = requests.post(link, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert page.heading == "Your password has been set"
    user = db.session.scalar(select(User).where(User.email == "jones@example.gov.uk"))
    assert user.check_password(NEW_PASSWORD)
    assert user.must_change_password is False
    response = requests.client.post(
        "/auth/login", data={"email": "jones@example.gov.uk", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    requests.logout()
    # Used once: the same link does nothing more.
    page = requests.post(link, {"new_password": "another long pass 99", "confirm_password": "x"})
    assert page.heading == "This link has expired or has already been used"
    assert requests.get(link).heading == "This link has expired or has already been used"
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_a_reset_link_expires_after_two_hours(mail_app, inbox, client_request, make_user):
    box, _port = inbox
    user = make_user("reviewer", email="r@example.gov.uk", name="Reviewer Rao")
    requests = client_request.on(mail_app)
    page = requests.post("/auth/forgot-password", {"email": "R@example.gov.uk"})
    assert page.heading == "Check your email"
    (message,) = box.messages
    assert "Reset your password" in message["Subject"]
    assert "within 2 hours" in message.get_payload(decode=True).decode()
    link = link_in(message)
    token = db.session.scalar(select(AccountToken).where(AccountToken.user_id == user.id))
    assert token.purpose == "reset"
    assert token.expires_at - token.created_at == timedelta(hours=2)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    assert requests.get(link).heading == "This link has expired or has already been used"
    db.session.refresh(user)
    assert user.check_password(TEST_PASSWORD)


def test_a_new_reset_link_ends_the_earlier_one(mail_app, inbox, client_request, make_user):
    box, _port = inbox
    make_user("reviewer", email="r@example.gov.uk")
    requests = client_request.on(mail_app)
    requests.post("/auth/forgot-password", {"email": "r@example.gov.uk"})
    requests.post("/auth/forgot-password", {"email": "r@example.gov.uk"})
    first, second = (link_in(m) for m in box.messages)
    assert requests.get(first).heading == "This link has expired or has already been used"
    assert requests.get(second).heading == "Set a new password"


def test_an_unknown_address_gets_the_same_answer_and_no_email(mail_app, inbox, client_request):
    box, _port = inbox
    requests = client_request.on(mail_app)
    page = requests.post("/auth/forgot-password", {"email": "nobody@example.gov.uk"})
    assert page.heading == "Check your email"
    assert "If nobody@example.gov.uk has an account" in page.html
    assert box.messages == []
    page = requests.post("/auth/forgot-password", {})
    assert page.error_links == ["#email"]


def test_a_made_up_link_is_refused(client_request):
    page = client_request.get("/auth/set-password/not-a-real-token")
    assert page.heading == "This link has expired or has already been used"


def test_without_a_mail_server_people_ask_an_admin(client_request):
    page = client_request.get("/auth/login")
    assert 'href="/auth/forgot-password"' in page.html
    page = client_request.get("/auth/forgot-password")
    assert "Ask an admin of the review to reset your password." in page.html


def test_an_invitation_that_cannot_be_sent_falls_back_to_a_one_time_password(
    make_app, client_request
):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    requests = client_request.on(app)
    requests.login("admin")
    page = requests.post(
        "/admin/users/invite",
        {"name": "Councillor Kaur", "email": "kaur@example.gov.uk", "roles": ["reviewer"]},
    )
    assert "The invitation email could not be sent" in page.html
    assert "Temporary password" in page.html
