"""Fixtures shared by every suite.

Database tests run once on SQLite and, when ``TEST_DATABASE_URL`` is set, once more on
PostgreSQL. The schema is built by the real Alembic migrations once per database, and each
test starts from the shipped reference data with every other row deleted.
"""

import os
import re
from functools import partial
from html.parser import HTMLParser

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.security import generate_password_hash

import survey_app.models.user
from survey_app import create_app
from survey_app.extensions import db
from survey_app.services.reference import load_reference_data
from survey_app.services.standards import load_service_standards
from survey_app.services.surveys import load_standard_surveys
from survey_app.services.users import create_user

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _url_for(kind: str, tmp_path_factory) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    return os.environ["TEST_DATABASE_URL"]


def dispose_engines(app) -> None:
    """Close pooled connections: each test app has its own engine."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def _wipe_schema(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory):
    url = _url_for(request.param, tmp_path_factory)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    _wipe_schema(app)
    with app.app_context():
        upgrade()
    dispose_engines(app)
    return url


def _delete_all_rows() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(database_url):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        _delete_all_rows()
        load_reference_data()
        load_standard_surveys()
        load_service_standards()
        yield app
        db.session.rollback()
        _delete_all_rows()
        db.session.remove()
    dispose_engines(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


TEST_PASSWORD = "a long test password for tests"


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """scrypt is slow by design; tests sign in hundreds of times, so hash with few rounds.

    Checking still goes through werkzeug's ``check_password_hash`` exactly as in production.
    """
    monkeypatch.setattr(
        survey_app.models.user,
        "generate_password_hash",
        partial(generate_password_hash, method="pbkdf2:sha256:1000"),
    )


@pytest.fixture
def make_user(app):
    """Create an account with the given roles (one role name, or several)."""
    made = {"count": 0}

    def make(roles="shopper", *, email=None, name=None, password=TEST_PASSWORD, **options):
        roles = {roles} if isinstance(roles, str) else set(roles)
        made["count"] += 1
        label = "-".join(sorted(roles)) or "no-role"
        email = email or f"{label}-{made['count']}@example.gov.uk"
        return create_user(
            email, name or f"Test {label} {made['count']}", roles, password, **options
        )

    return make


@pytest.fixture
def login_as(client, make_user):
    """Sign the test client in as a new user with the given roles; returns the user.

    ``login_as("shopper")``, ``login_as({"reviewer", "admin"})``, or ``login_as(user=existing)``.
    """

    def login(roles="shopper", *, user=None, **options):
        user = user or make_user(roles, **options)
        client.post("/auth/logout")
        response = client.post("/auth/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 302, "sign in failed"
        return user

    return login


class PageParser(HTMLParser):
    """Collects what the structure checks need: h1s, the title, ids, error summary links."""

    def __init__(self):
        super().__init__()
        self.h1: list[str] = []
        self.title = ""
        self.ids: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if "title" in self._stack:
            self.title += data
        if "h1" in self._stack:
            self.h1[-1] += data


def squash(text_: str) -> str:
    return re.sub(r"\s+", " ", text_).strip()


class Page:
    def __init__(self, response):
        self.response = response
        self.html = response.get_data(as_text=True)
        parser = PageParser()
        parser.feed(self.html)
        self.h1 = [squash(h) for h in parser.h1]
        self.title = squash(parser.title)
        self.ids = parser.ids
        summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', self.html, re.S)
        self.error_links = re.findall(r'href="([^"]*)"', summary.group(1)) if summary else []

    @property
    def heading(self) -> str:
        return self.h1[0]

    def check_structure(self) -> "Page":
        """Every page: one h1, a title that starts with it, unique ids, working error links."""
        assert len(self.h1) == 1, f"expected one <h1>, found {self.h1}"
        title = self.title.removeprefix("Error: ")
        assert title.startswith(self.heading), f"title {self.title!r} vs h1 {self.heading!r}"
        assert len(self.ids) == len(set(self.ids)), "duplicate ids"
        if self.error_links:
            assert self.title.startswith("Error: ")
            for link in self.error_links:
                assert link.lstrip("#") in self.ids, f"error link {link} has no target"
        return self


@pytest.fixture
def get_page(client):
    def get(url, status=200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code, response.location)
        return Page(response).check_structure()

    return get


@pytest.fixture
def post_page(client):
    def post(url, data=None, status=200, **kwargs):
        response = client.post(url, data=data or {}, **kwargs)
        assert response.status_code == status, (url, response.status_code, response.location)
        return Page(response).check_structure()

    return post
