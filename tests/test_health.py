"""/health: 200 when the database answers, 503 quickly when it does not."""

import socket
import sqlite3
import time

import pytest
from sqlalchemy.exc import OperationalError

from survey_app import create_app
from tests.conftest import Page, dispose_engines


def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def health_of(database_url: str, **config):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, **config})
    started = time.monotonic()
    response = app.test_client().get("/health")
    elapsed = time.monotonic() - started
    dispose_engines(app)
    return response, elapsed


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A local port that accepts connections and never answers, like a hung server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.mark.parametrize(
    "make_url",
    [
        lambda tmp_path, port: f"postgresql+psycopg://postgres@127.0.0.1:{port}/survey",
        lambda tmp_path, port: f"sqlite:///{tmp_path / 'missing-folder' / 'survey.sqlite3'}",
    ],
    ids=["postgresql-closed-port", "sqlite-missing-folder"],
)
def test_health_is_503_at_once_when_the_database_cannot_be_reached(tmp_path, closed_port, make_url):
    response, elapsed = health_of(make_url(tmp_path, closed_port))
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert elapsed < 3, f"took {elapsed:.1f}s"


def test_health_is_503_within_the_timeout_when_the_database_never_answers(silent_port):
    response, elapsed = health_of(
        f"postgresql+psycopg://postgres@127.0.0.1:{silent_port}/survey",
        DATABASE_CONNECT_TIMEOUT=2,
    )
    assert response.status_code == 503
    assert elapsed < 6, f"took {elapsed:.1f}s"


def test_postgresql_connections_get_a_connect_timeout_by_default():
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/survey"})
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"]}
    assert options["pool_pre_ping"] is True
    sqlite = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "connect_args" not in sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_pages_say_unavailable_with_a_503_while_the_database_is_away(closed_port):
    """A resident who reaches a page during an outage is told to try again, not that it broke."""
    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://postgres@127.0.0.1:{closed_port}/x"},
    )
    client = app.test_client()
    for url in ("/", "/survey/phone"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.headers["Retry-After"] == "30"
        page = Page(response).check_structure()
        assert page.heading == "Sorry, the service is unavailable"
        assert "Try again later" in page.html
    dispose_engines(app)


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("database is locked", 503),
        ("unable to open database file", 503),
        ("no such table: answer", 500),
    ],
)
def test_only_sqlite_errors_that_mean_busy_or_away_are_503(message, status):
    """SQLite reports a missing table as an OperationalError too; that one is a real fault."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @app.route("/test-only-sqlite-error")
    def sqlite_error():
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))

    response = app.test_client().get("/test-only-sqlite-error")
    assert response.status_code == status
    Page(response).check_structure()
    dispose_engines(app)
