"""Configuration classes. Every setting can come from the environment."""

import os
from datetime import date, timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused by ProductionConfig.check)


def _sqlite_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'survey.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` and ``postgresql://`` forms and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("DATABASE_URL", _sqlite_url()))
    # hide_parameters: a database error's message never carries the values (answers,
    # email addresses) into a log or a traceback.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    # Seconds to wait for PostgreSQL to answer a new connection, so that a database that
    # accepts connections but never answers makes /health say 503 instead of hanging.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    # How long a SQLite writer waits for another worker's write to finish before failing.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000"))
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Harrow Council")
    SERVICE_NAME = os.environ.get("SERVICE_NAME", "Tell us about your contact with the council")
    # The address printed on posters and letters and read out on calls, e.g.
    # https://survey.harrow.gov.uk. Empty means the address the admin is using.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "scrutiny@harrow.gov.uk")
    SUPPRESSION_THRESHOLD = int(os.environ.get("SUPPRESSION_THRESHOLD", "10"))
    # In-progress answers are kept server side; an abandoned draft expires after this long.
    DRAFT_LIFETIME = timedelta(hours=int(os.environ.get("DRAFT_LIFETIME_HOURS", "2")))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)
    # The session cookie is signed and sent again only when the session changes. A signed-in
    # staff member's changes on every request (the idle timer); a resident's whenever an
    # answer is saved, which also extends the draft, so the cookie lasts as long as the
    # answers it points to. Re-signing an unchanged cookie on every page was about 5% of
    # the cost of a survey page.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    # How many proxies (load balancers) stand in front of the app and set X-Forwarded-For
    # and X-Forwarded-Proto. 0 trusts no such header.
    PROXY_FIX_X_FORWARDED = int(os.environ.get("PROXY_FIX_X_FORWARDED", "0"))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the session lifetime bounds the token instead
    MAX_CONTENT_LENGTH = 1024 * 1024
    # memory:// counts per process. Several app servers share one count through Redis:
    # RATELIMIT_STORAGE_URI=redis://host:6379 (the redis package is pinned for this).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
    # If Redis goes away, count in memory until it is back rather than refuse every sign-in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    SURVEY_SUBMIT_RATE_LIMIT = os.environ.get("SURVEY_SUBMIT_RATE_LIMIT", "30 per minute")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # A signed-in staff member who makes no request for this long is signed out.
    IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")))
    # Shoppers record local clock times; "now" for their forms is the council's local time.
    COUNCIL_TIMEZONE = os.environ.get("COUNCIL_TIMEZONE", "Europe/London")
    # The first day a contact date may be: a resident's contact, a paper or imported return,
    # or a mystery shop cannot come before the review could exist. Set EARLIEST_CONTACT_DATE
    # (2026-01-31) to fix it; otherwise it is the survey's (or scenario's) opening less
    # CONTACT_DATE_GRACE_DAYS, which leaves room for returns about a contact just before.
    EARLIEST_CONTACT_DATE = (
        date.fromisoformat(os.environ["EARLIEST_CONTACT_DATE"])
        if os.environ.get("EARLIEST_CONTACT_DATE")
        else None
    )
    CONTACT_DATE_GRACE_DAYS = int(os.environ.get("CONTACT_DATE_GRACE_DAYS", "365"))
    # Invitations and password-reset links go by email through this SMTP relay; without
    # MAIL_SERVER, admins are shown one-time passwords instead.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "scrutiny@harrow.gov.uk")
    MAIL_TIMEOUT = 10
    # A mystery shop that fails a critical standard scores at most this percentage.
    MYSTERY_SHOP_CRITICAL_CAP_PERCENT = float(
        os.environ.get("MYSTERY_SHOP_CRITICAL_CAP_PERCENT", "50")
    )
    TESTING = False


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < 32 or key == DEV_SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite://")
    )
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}
