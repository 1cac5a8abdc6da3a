"""Production settings: gunicorn, SQLite tuned for several writers, the secret key, the pool."""

import importlib.util
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text

from survey_app import PROJECT_ROOT, create_app
from survey_app.extensions import db
from survey_app.models import Answer, Channel, Response, SurveyVersion
from tests.conftest import dispose_engines


def load_gunicorn_config(monkeypatch, **environ):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", PROJECT_ROOT / "gunicorn.conf.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_defaults(monkeypatch):
    """One worker while rate limits are counted in memory, so that a limit of 10 sign-ins a
    minute lets 10 through, not 10 per worker; two once they are counted in Redis."""
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    conf = load_gunicorn_config(monkeypatch)
    assert (conf.workers, conf.threads, conf.timeout) == (1, 8, 30)
    conf = load_gunicorn_config(monkeypatch, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert (conf.workers, conf.threads, conf.timeout) == (2, 4, 30)
    assert conf.graceful_timeout > 0
    assert conf.keepalive > 0


def test_gunicorn_workers_threads_and_timeout_come_from_the_environment(monkeypatch):
    conf = load_gunicorn_config(
        monkeypatch, WEB_CONCURRENCY="5", GUNICORN_THREADS="8", GUNICORN_TIMEOUT="60"
    )
    assert (conf.workers, conf.threads, conf.timeout) == (5, 8, 60)


def test_gunicorn_access_log_has_the_path_but_never_the_query_string(monkeypatch):
    conf = load_gunicorn_config(monkeypatch)
    # %(U)s is the path alone; %(r)s (request line), %(q)s (query) and %(f)s (referrer,
    # which holds the previous page's query) could all carry personal data.
    assert "%(U)s" in conf.access_log_format
    for leaky in ("%(r)s", "%(q)s", "%(f)s", "%(a)s"):
        assert leaky not in conf.access_log_format


@pytest.fixture
def sqlite_file_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'tuned.sqlite3'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    yield app
    dispose_engines(app)


def test_sqlite_file_database_uses_wal_a_busy_timeout_and_foreign_keys(sqlite_file_app):
    with sqlite_file_app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        busy_timeout = connection.scalar(text("PRAGMA busy_timeout"))
        assert busy_timeout == sqlite_file_app.config["SQLITE_BUSY_TIMEOUT_MS"] == 15000
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1


def test_sqlite_busy_timeout_comes_from_the_config(tmp_path):
    url = f"sqlite:///{tmp_path / 'patient.sqlite3'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLITE_BUSY_TIMEOUT_MS": 2500})
    try:
        with app.app_context(), db.engine.connect() as connection:
            assert connection.scalar(text("PRAGMA busy_timeout")) == 2500
    finally:
        dispose_engines(app)


def test_a_second_sqlite_writer_waits_instead_of_failing(sqlite_file_app):
    """Two workers writing at once: the second waits for the first's commit."""
    with sqlite_file_app.app_context():
        with db.engine.connect() as setup:
            setup.execute(text("CREATE TABLE tally (n INTEGER)"))
            setup.commit()
        first = db.engine.connect()
        first.execute(text("INSERT INTO tally VALUES (1)"))  # holds the write lock
        second = db.engine.connect()
        reader = db.engine.connect()
        # WAL: a reader is not blocked by the writer and sees the last committed state.
        assert reader.scalar(text("SELECT count(*) FROM tally")) == 0
        reader.close()
        first.commit()
        second.execute(text("INSERT INTO tally VALUES (2)"))
        second.commit()
        first.close()
        second.close()
        with db.engine.connect() as check:
            assert check.scalar(text("SELECT count(*) FROM tally")) == 2


def test_postgresql_and_sqlite_urls_get_pool_pre_ping():
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    try:
        assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
        with app.app_context():
            assert db.engine.pool._pre_ping is True
    finally:
        dispose_engines(app)


def test_foreign_keys_on_do_not_make_migrations_lose_child_rows(sqlite_file_app):
    """Downgrading 0002 rebuilds ``response``; with foreign keys on, dropping the old table
    would cascade-delete every answer unless the migrations turn them off."""
    app = sqlite_file_app
    with app.app_context():
        upgrade()
        from survey_app.services.reference import load_reference_data
        from survey_app.services.surveys import load_standard_surveys

        load_reference_data()
        load_standard_surveys()
        response = Response(
            survey_version=db.session.scalar(select(SurveyVersion)),
            channel=db.session.scalar(select(Channel)),
            submitted_on=date(2026, 11, 3),
            submission_key="kept",
        )
        response.answers.append(Answer(question_key="comments", value="kept"))
        db.session.add(response)
        db.session.commit()
        db.session.remove()
        downgrade(revision="0001")
        upgrade()
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
        with db.engine.connect() as connection:
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
        db.session.remove()


@pytest.mark.parametrize("key", ["", "short", "dev-only-not-secret", "test-secret-key"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_long_random_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 16 + "a-random-looking-value-1234")
    app = create_app(
        "production",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            "PUBLIC_BASE_URL": "https://survey.example.gov.uk/",
        },
    )
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True
        assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    finally:
        dispose_engines(app)


def test_gunicorn_access_log_cannot_be_given_a_forged_line(monkeypatch):
    """A newline in the path, decoded by gunicorn into PATH_INFO, is written escaped."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    conf = load_gunicorn_config(monkeypatch)
    config = Config()
    config.set("access_log_format", conf.access_log_format)
    logger = conf.logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/x",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "PATH_INFO": '/\r\n198.51.100.1 "GET /admin/users" 200 1 1ms',
    }
    response = SimpleNamespace(status="404 NOT FOUND", headers=[], sent=10)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(0))
    line = conf.access_log_format % atoms
    assert "\n" not in line
    assert "\r" not in line
    assert line.startswith('203.0.113.9 "GET /\\x0d\\x0a198.51.100.1 ')


def test_production_refuses_to_start_without_a_public_address(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 16 + "a-random-looking-value-1234")
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app(
            "production",
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db", "PUBLIC_BASE_URL": ""},
        )


def test_production_refuses_a_request_for_another_host(monkeypatch, tmp_path):
    """A poisoned Host header is refused before any page, link or QR code is built."""
    monkeypatch.setenv("SECRET_KEY", "x" * 16 + "a-random-looking-value-1234")
    app = create_app(
        "production",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            "PUBLIC_BASE_URL": "https://survey.example.gov.uk/",
        },
    )
    try:
        client = app.test_client()
        refused = client.get("/auth/login", base_url="https://evil.example")
        assert refused.status_code == 400
        served = client.get("/auth/login", base_url="https://survey.example.gov.uk")
        assert served.status_code == 200
    finally:
        dispose_engines(app)
