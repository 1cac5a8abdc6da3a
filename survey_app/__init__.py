"""The customer care review app."""

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, g, has_request_context, request, send_from_directory
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from whitenoise import WhiteNoise

from survey_app.config import CONFIGS
from survey_app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from survey_app.secret_key import use_a_secret_key

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOVUK_DIST = PROJECT_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    config_name = config_name or os.environ.get("FLASK_CONFIG", "development")
    config = CONFIGS[config_name]
    if hasattr(config, "check"):
        config.check()
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.from_object(config)
    app.config.update(overrides or {})
    os.makedirs(app.instance_path, exist_ok=True)
    use_a_secret_key(app)
    _trust_only_the_public_host(app, production=config_name == "production")
    _limit_connection_wait(app)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("survey_app"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # Before CSRFProtect, so these checks run before anything reads the request.
    _register_input_guards(app)
    app.url_map.converters["int"] = DatabaseIdConverter

    db.init_app(app)
    _tune_sqlite(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    compress.init_app(app)
    from survey_app.languages import current_locale, remember_requested_language

    babel.init_app(
        app,
        locale_selector=current_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    app.before_request(remember_requested_language)

    _register_assets(app)
    # Outside WhiteNoise too, so static files learn the scheme (HSTS) as pages do.
    _trust_proxies(app)
    _register_blueprints(app)
    _register_security_headers(app)

    from survey_app import cli, errors, templating

    errors.register(app)
    cli.register(app)
    # Every filter, global and context value the templates use; after every route, since
    # the page header asks which endpoints exist.
    templating.register(app)

    return app


def _trust_only_the_public_host(app: Flask, *, production: bool) -> None:
    """Links come from PUBLIC_BASE_URL; in production it must be set, and a request naming
    another host (Host header poisoning) is refused with a 400 by Flask's TRUSTED_HOSTS,
    before routing. A load balancer's health check must then use one of these names, or
    one added in the TRUSTED_HOSTS environment variable."""
    parts = urlsplit(app.config.get("PUBLIC_BASE_URL") or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        if production:
            raise RuntimeError(
                "PUBLIC_BASE_URL must be set to the survey's public address in production, "
                "like https://survey.example.gov.uk"
            )
        return
    if production and not app.config.get("TRUSTED_HOSTS"):
        app.config["TRUSTED_HOSTS"] = [parts.hostname, *app.config["EXTRA_TRUSTED_HOSTS"]]


def _limit_connection_wait(app: Flask) -> None:
    """Give PostgreSQL connections a connect timeout; libpq would otherwise wait forever."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))  # never the class's dict
    connect_args = dict(options.get("connect_args", {}))
    connect_args.setdefault("connect_timeout", app.config["DATABASE_CONNECT_TIMEOUT"])
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


# Only the survey import form takes a file, in its field called "file". A file sent under any
# other name would reach a text field as a FileStorage and fail its validators.
FILE_FIELD_NAMES = frozenset({"file"})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` ids no bigger than a database INTEGER: a larger one is a 404, not a
    driver overflow error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _register_input_guards(app: Flask) -> None:
    """Refuse, with a styled page, requests no form of ours can make."""

    @app.before_request
    def refuse_malformed_requests():
        length, limit = request.content_length, request.max_content_length
        # Werkzeug only checks the limit when a view reads the form; check every request.
        if length is not None and limit is not None and length > limit:
            abort(413)
        try:
            # Raw non-UTF-8 bytes in a query string make request.args raise in Werkzeug.
            request.query_string.decode("utf-8")
        except UnicodeDecodeError:
            abort(400)
        if request.mimetype == "multipart/form-data" and set(request.files) - FILE_FIELD_NAMES:
            abort(400)
        # No address of ours has a control character (a NUL, which PostgreSQL refuses to
        # compare, or a newline, which could forge a line in a log): such a page is not found.
        if CONTROL_CHARACTERS.search(request.path):
            abort(404)
        # Nobody types a NUL character, and PostgreSQL refuses to compare one. Form fields
        # are left to their own validators, which say which answer to correct.
        for name, value in request.args.items(multi=True):
            if "\x00" in name or "\x00" in value:
                abort(400)


def _trust_proxies(app: Flask) -> None:
    """Behind N load balancers, take the client address and scheme from X-Forwarded-*.

    Only when configured: otherwise anyone could send X-Forwarded-For to dodge the sign-in
    rate limit, or X-Forwarded-Proto to pretend the request came over HTTPS.
    """
    hops = int(app.config["PROXY_FIX_X_FORWARDED"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)


def _tune_sqlite(app: Flask) -> None:
    """Let several gunicorn workers write to one SQLite file without "database is locked".

    WAL lets readers carry on while one writer commits; the busy timeout makes a second
    writer wait its turn instead of failing at once; foreign keys hold as on PostgreSQL.
    """
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        tune_sqlite_engine(engine, int(app.config["SQLITE_BUSY_TIMEOUT_MS"]))


def tune_sqlite_engine(engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout and foreign keys on every new connection of a SQLite engine
    (nothing for another database). The load benchmark's bare endpoint uses it too."""
    if engine.dialect.name != "sqlite":
        return

    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    event.listen(engine, "connect", on_connect)


def csp_nonce() -> str:
    """One nonce per response. Kept on the request, not ``g``: an app context can outlive
    a request (tests, ``stream_with_context``), and a reused nonce protects nothing."""
    holder = request if has_request_context() else g
    if not hasattr(holder, "csp_nonce"):
        holder.csp_nonce = secrets.token_urlsafe(16)
    return holder.csp_nonce


def _register_assets(app: Flask) -> None:
    """Static files through WhiteNoise: the built, fingerprinted files in ``static/dist/``
    (see ``static_build``) cached for a year as immutable, with their precompressed gzip
    and brotli copies sent to browsers that take them; the rest of ``static/`` for an hour.
    No GDS Transport font and no crown are served: they are for GOV.UK only."""
    from survey_app.static_build import FINGERPRINT, read_manifest

    app.extensions["asset_manifest"] = read_manifest()
    app.wsgi_app = StaticFiles(
        app.wsgi_app,
        root=app.static_folder,
        prefix="static/",
        max_age=3600,
        immutable_file_test=lambda _path, url: bool(FINGERPRINT.search(url)),
    )

    # GOV.UK Frontend's own scripts, for the pages that import them by this path.
    @app.route("/govuk-frontend/<path:filename>")
    def govuk_frontend(filename):
        return send_from_directory(GOVUK_DIST, filename, max_age=86400)


def asset_url(name: str) -> str:
    """The address of a built asset under its fingerprinted name (``council.css`` ->
    ``/static/dist/council.1a2b3c4d5e6f.css``)."""
    from flask import current_app, url_for

    built = current_app.extensions["asset_manifest"][name]
    return url_for("static", filename=f"dist/{built}")


def _register_blueprints(app: Flask) -> None:
    from survey_app.admin import bp as admin_bp
    from survey_app.auth import bp as auth_bp
    from survey_app.main import bp as main_bp
    from survey_app.mystery_shop import bp as mystery_shop_bp
    from survey_app.recommendations import bp as recommendations_bp
    from survey_app.results import bp as results_bp
    from survey_app.survey import bp as survey_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(survey_bp, url_prefix="/survey")
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(mystery_shop_bp, url_prefix="/mystery-shop")
    app.register_blueprint(results_bp, url_prefix="/results")
    app.register_blueprint(recommendations_bp, url_prefix="/recommendations")


# The same for everyone, signed in or not, so they may be cached.
PUBLIC_FILES = frozenset({"static", "govuk_frontend", "results.plotly_bundle"})


def _signed_in() -> bool:
    # Only if this request has already looked: asking now could load the user after a
    # database error, or for a resident's page that never needed to.
    user = g.get("_login_user")
    return bool(user is not None and current_user.is_authenticated)


def security_headers_for(nonce: str, secure: bool) -> dict[str, str]:
    """The headers every response carries, pages and static files alike."""
    headers = {
        "Content-Security-Policy": "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
            ]
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    # HSTS only means something over HTTPS (browsers ignore it over HTTP). Behind a load
    # balancer that ends TLS, the scheme comes from X-Forwarded-Proto via ProxyFix.
    if secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


class StaticFiles(WhiteNoise):
    """WhiteNoise, with the security headers the app's own responses carry."""

    @staticmethod
    def serve(static_file, environ, start_response):
        secure = environ.get("wsgi.url_scheme") == "https"
        extra = security_headers_for(secrets.token_urlsafe(16), secure)

        def start_with_headers(status, headers, exc_info=None):
            return start_response(status, [*headers, *extra.items()], exc_info)

        return WhiteNoise.serve(static_file, environ, start_with_headers)


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        for name, value in security_headers_for(csp_nonce(), request.is_secure).items():
            response.headers[name] = value
        if response.mimetype == "text/html":
            # Pages can hold answers: never keep them in a shared cache or the back-forward cache.
            response.headers.setdefault("Cache-Control", "no-store")
        if "attachment" in response.headers.get("Content-Disposition", "") or (
            request.endpoint not in PUBLIC_FILES and _signed_in()
        ):
            # Downloads (responses, tables, definitions, QR codes) and everything a signed-in
            # person is shown: send_file's "no-cache" would still let a shared computer's
            # browser keep a copy on disk.
            response.headers["Cache-Control"] = "no-store"
        return response
