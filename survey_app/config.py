"""Configuration classes. Every setting can come from the environment."""

import os
from datetime import date, timedelta
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
# Keys that are (or were) written in this repository: anyone can read them, so anyone could
# forge a session cookie signed with one. No configuration but the tests' may use them.
PUBLIC_SECRET_KEYS = frozenset({"dev-only-not-secret", "test-secret-key"})


def _sqlite_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'survey.sqlite3'}"


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` and ``postgresql://`` forms and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    # Empty means: use the random key kept in SECRET_KEY_FILE, made on first start (see
    # survey_app.secret_key), so `make run` never signs cookies with a key anyone can read.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE", str(INSTANCE_DIR / "secret_key"))
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
    # The address printed on posters and letters, read out on calls and put in QR codes, e.g.
    # https://survey.harrow.gov.uk. Links are built from it, never from the request's Host
    # header, which anyone can set. Production refuses to start without it; elsewhere it is
    # the address `make run` serves on.
    PUBLIC_BASE_URL = os.environ.get(
        "PUBLIC_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
    )
    # Host names requests may carry (comma-separated), besides PUBLIC_BASE_URL's; in
    # production any other Host header gets a 400.
    EXTRA_TRUSTED_HOSTS = [
        host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()
    ]
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "scrutiny@harrow.gov.uk")
    # Where residents post a paper questionnaire, printed on it (lines split at "|").
    PAPER_RETURN_ADDRESS = os.environ.get(
        "PAPER_RETURN_ADDRESS",
        "Scrutiny Team|Harrow Council|Civic Centre|Station Road|Harrow HA1 2XY",
    )
    SUPPRESSION_THRESHOLD = int(os.environ.get("SUPPRESSION_THRESHOLD", "10"))
    # Draw the committee report's charts into its Word version with kaleido and Chromium;
    # 0 leaves them out (the tables under them carry the same numbers).
    REPORT_CHART_IMAGES = os.environ.get("REPORT_CHART_IMAGES", "1") == "1"
    # The directorates recommendations are addressed to, separated by semicolons. Empty
    # means Harrow's (services.recommendations.DEFAULT_DIRECTORATES).
    DIRECTORATES = [
        name.strip() for name in os.environ.get("DIRECTORATES", "").split(";") if name.strip()
    ]
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
    # However active they are, a staff member signs in again after this long.
    SESSION_ABSOLUTE_LIFETIME = timedelta(
        hours=int(os.environ.get("SESSION_ABSOLUTE_LIFETIME_HOURS", "12"))
    )
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
    # Flask-Compress: HTML and JSON only (static files are precompressed at build time),
    # brotli first, gzip for browsers without it; small responses are not worth it.
    COMPRESS_MIMETYPES = ["text/html", "application/json", "text/csv"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    COMPRESS_BR_LEVEL = 5
    TESTING = False


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < 32 or key in PUBLIC_SECRET_KEYS:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production"
            )


class TestConfig(Config):
    TESTING = True
    PUBLIC_BASE_URL = "http://localhost/"
    SECRET_KEY = "test-secret-key"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("TEST_DATABASE_URL", "sqlite://")
    )
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # Drawing charts starts Chromium (seconds); the one test of the charts turns it on.
    REPORT_CHART_IMAGES = False


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}
