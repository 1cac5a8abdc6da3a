"""Fixtures shared by every suite.

Database tests run once on SQLite and, when ``TEST_DATABASE_URL`` is set, once more on
PostgreSQL. For each database the session builds the schema with the real Alembic
migrations, makes one application and commits the standard data once: the reference data
(channels and services), the standard survey and the service standards. Between tests the
database always holds exactly that.

``app``
    The session's application, in an application context. Every statement of the test goes
    to one connection whose transaction is rolled back when the test ends. The app's own
    ``db.session.commit()`` releases a SAVEPOINT inside it (SQLAlchemy's
    ``join_transaction_mode="create_savepoint"``), so services commit and roll back as in
    production and nothing reaches the database for the next test. Apps made during the
    test on the same database (``make_app``, the CLI ``runner``) join the same transaction.

``@pytest.mark.commits``
    Opt-in for tests that need real commits or a second connection: migrations, backup and
    restore, pages whose statements run without a transaction, concurrency. Their ``app``
    is a fresh application with its own engine, exactly as in production; when the test
    ends every row is deleted and the standard data committed again. That costs a hundred
    times what a rolled-back test's fixture does, so use it only when the test cannot run
    in a transaction.
    ``grep -rn "mark.commits" tests`` lists them.

``make_app(**config)``
    Another application on the test database with these settings (CSRF on, rate limits
    on, a production config), for the tests about a setting.

``client_request``
    Requests as a person: ``client_request.login("admin")`` (a new account with that role,
    or ``user=`` an existing one) signs in through the sign-in form;
    ``client_request.get(url_or_endpoint, _expected_status=200)`` and
    ``client_request.post(url_or_endpoint, data, _expected_status=200)`` check the status
    (and ``_expected_redirect``) and the page's structure, and return the ``Page``.
    ``admin``, ``reviewer`` and ``shopper`` are a signed-in account of that role.
"""

import os
import re
from functools import partial
from html.parser import HTMLParser

import pytest
from flask import url_for
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import event, text
from werkzeug.security import generate_password_hash

import survey_app.models.user
from survey_app import create_app
from survey_app.caching import clear_caches
from survey_app.extensions import db, limiter
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
    """Close pooled connections: each app has its own engine."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def _wipe_schema(app) -> None:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))


def load_standard_data() -> None:
    """Delete every row, then commit the reference data, standard survey and standards.

    In an application context. What every test starts from.
    """
    try:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    load_reference_data()
    load_standard_surveys()
    load_service_standards()
    db.session.remove()


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory):
    """A database built by the migrations, holding the standard data."""
    url = _url_for(request.param, tmp_path_factory)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    _wipe_schema(app)
    with app.app_context():
        upgrade()
        load_standard_data()
    dispose_engines(app)
    return url


def _sqlite_begins_when_told(engine) -> None:
    """SQLite transactions as SQLAlchemy means them, so SAVEPOINTs nest inside the test's.

    The sqlite3 driver (before Python 3.12's ``autocommit=False``) begins a transaction only
    before an INSERT, UPDATE or DELETE, so a SAVEPOINT issued first would start, and its
    RELEASE commit, a transaction of its own. The recipe from SQLAlchemy's SQLite dialect
    documentation ("Enabling Non-Legacy SQLite Transactional Modes"): the driver begins
    nothing, and SQLAlchemy emits BEGIN itself. A connection switched to autocommit is left
    alone.
    """

    @event.listens_for(engine, "connect")
    def _driver_begins_nothing(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _emit_begin(connection):
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN")

    engine.dispose()  # connections made before the listeners: none should be, but be sure


@pytest.fixture(scope="session")
def _session_app(database_url):
    """The one application of the session for this database."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _sqlite_begins_when_told(db.engine)
    yield app
    dispose_engines(app)


class _SessionInTheTestsTransaction(FlaskSQLAlchemySession):
    """``db.session`` during a test: the test database's statements go to the test's
    connection, inside its transaction.

    Made with ``bind=`` that connection and ``join_transaction_mode="create_savepoint"``, so
    its commit releases a SAVEPOINT and its rollback rolls back to one. An app on another
    database (a test's own SQLite file, a server that is not there) keeps its own engine.
    """

    def _on_the_test_database(self, engine) -> bool:
        return engine.url == self.bind.engine.url

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        engine = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        return self.bind if self._on_the_test_database(engine) else engine

    def in_transaction(self) -> bool:
        """The test's connection is always in a transaction, which a page that would run its
        statements on their own (``statements_stand_alone``) then runs in, as it does when a
        signed-in user's record began one; autocommit cannot be switched on inside it."""
        return self._on_the_test_database(self._db.engine) or super().in_transaction()


def _clear_process_state(app) -> None:
    """What the app keeps per process between requests, emptied so no test sees another's."""
    clear_caches()
    # Flask-Limiter keeps "enabled" on the one Limiter object, and any app made with rate
    # limits on (tests/security/test_rate_limits.py) switches it on for every app.
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


def _in_a_transaction_rolled_back(app):
    config = app.config.copy()
    factory = db.session.session_factory
    factory_class, factory_options = factory.class_, dict(factory.kw)
    _clear_process_state(app)
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        factory.class_ = _SessionInTheTestsTransaction
        factory.configure(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield app
        finally:
            db.session.remove()
            factory.class_ = factory_class
            factory.kw.clear()
            factory.kw.update(factory_options)
            transaction.rollback()
            connection.close()
    app.config.clear()
    app.config.update(config)
    _clear_process_state(app)


def _committing(session_app):
    url = session_app.config["SQLALCHEMY_DATABASE_URI"]
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    _clear_process_state(app)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            load_standard_data()
    dispose_engines(app)
    # Its pooled connections may remember tables a migration test dropped and made again.
    dispose_engines(session_app)
    _clear_process_state(session_app)


@pytest.fixture
def app(request, _session_app):
    if request.node.get_closest_marker("commits"):
        yield from _committing(_session_app)
    else:
        yield from _in_a_transaction_rolled_back(_session_app)


@pytest.fixture
def make_app(app):
    """Build another application on the test database with these settings.

    Without ``commits`` its requests run in the test's transaction too, so they see what
    the test wrote.
    """
    made = []

    def make(config_name: str = "testing", **overrides):
        built = create_app(
            config_name,
            {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]} | overrides,
        )
        made.append(built)
        return built

    yield make
    for built in made:
        dispose_engines(built)
    _clear_process_state(app)


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

    @property
    def location(self) -> str | None:
        """Where a redirect goes (``None`` for a page)."""
        return self.response.location

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


class ClientRequest:
    """A person using the app through the test client (after alphagov/notifications-admin's
    ``client_request``): sign in, get or post, and check what comes back.

    ``target`` is a path (``"/admin/users"``, with its query string) or an endpoint name
    (``"admin.users"``, with its URL values as keyword arguments). Every HTML response's
    structure is checked (``Page.check_structure``); redirects included, since a redirect's
    body is a page too.
    """

    def __init__(self, app, client, make_user):
        self.app = app
        self.client = client
        self._make_user = make_user

    def login(self, roles="shopper", *, user=None, _base_url=None, **options):
        """Sign in through the sign-in form as ``user``, or as a new account with these
        roles (``make_user``'s arguments); returns the account."""
        user = user or self._make_user(roles, **options)
        where = {"base_url": _base_url} if _base_url else {}
        self.client.post("/auth/logout", **where)
        response = self.client.post(
            "/auth/login", data={"email": user.email, "password": TEST_PASSWORD}, **where
        )
        assert response.status_code == 302, f"sign in as {user.email} failed"
        return user

    def on(self, app, client=None) -> "ClientRequest":
        """The same for another app (one from ``make_app``), through ``client`` or a new one."""
        return ClientRequest(app, client or app.test_client(), self._make_user)

    def logout(self) -> None:
        self.client.post("/auth/logout")

    def _url(self, target: str, values: dict) -> str:
        if target.startswith(("/", "http://", "https://")):
            if values:
                raise TypeError(f"URL values {sorted(values)} given with a URL: {target}")
            return target
        with self.app.test_request_context():
            return url_for(target, **values)

    def _check(self, method, url, response, expected_status, expected_redirect) -> Page:
        where = f"{method} {url}"
        assert response.status_code == expected_status, (
            f"{where}: {response.status_code} (expected {expected_status}), "
            f"location {response.location!r}"
        )
        if expected_redirect is not None:
            assert response.location == expected_redirect, f"{where} went to {response.location}"
        page = Page(response)
        if response.mimetype == "text/html":
            page.check_structure()
        return page

    def get(
        self,
        target: str,
        _expected_status: int = 200,
        _expected_redirect: str | None = None,
        _follow_redirects: bool = False,
        _headers: dict | None = None,
        **values,
    ) -> Page:
        url = self._url(target, values)
        response = self.client.get(url, follow_redirects=_follow_redirects, headers=_headers)
        return self._check("GET", url, response, _expected_status, _expected_redirect)

    def post(
        self,
        target: str,
        _data: dict | None = None,
        _expected_status: int | None = None,
        _expected_redirect: str | None = None,
        _follow_redirects: bool = False,
        _content_type: str | None = None,
        _headers: dict | None = None,
        **values,
    ) -> Page:
        """``_expected_status`` is 302 when ``_expected_redirect`` is given, else 200 (a
        form shown again with its errors)."""
        if _expected_status is None:
            _expected_status = 302 if _expected_redirect is not None else 200
        url = self._url(target, values)
        response = self.client.post(
            url,
            data=_data or {},
            follow_redirects=_follow_redirects,
            content_type=_content_type,
            headers=_headers,
        )
        return self._check("POST", url, response, _expected_status, _expected_redirect)


@pytest.fixture
def client_request(app, client, make_user):
    return ClientRequest(app, client, make_user)


@pytest.fixture
def admin(client_request):
    """An admin, signed in on ``client``."""
    return client_request.login("admin", email="admin@example.gov.uk", name="Admin")


@pytest.fixture
def reviewer(client_request):
    """A reviewer (not an admin), signed in on ``client``."""
    return client_request.login("reviewer", email="reviewer@example.gov.uk", name="Reviewer")


@pytest.fixture
def shopper(client_request):
    """A mystery shopper, signed in on ``client``."""
    return client_request.login("shopper", email="shopper@example.gov.uk", name="Shopper")
