"""GOV.UK-styled error pages: every failure a person can cause ends on a clear page."""

import traceback

from flask import Flask, render_template, request
from flask_babel import gettext, lazy_gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from survey_app.auth.access import show_as_signed_out
from survey_app.services.transactions import roll_back

# How long to suggest a client waits before trying again while the database is away.
RETRY_AFTER_SECONDS = 30

ERROR_PAGES = {
    400: (lazy_gettext("Sorry, there is a problem with what was sent"), "errors/400.html"),
    403: (lazy_gettext("You do not have permission to see this page"), "errors/403.html"),
    404: (lazy_gettext("Page not found"), "errors/404.html"),
    405: (lazy_gettext("Sorry, you cannot do that on this page"), "errors/400.html"),
    413: (lazy_gettext("The information you sent is too large"), "errors/413.html"),
    429: (lazy_gettext("Sorry, there have been too many attempts"), "errors/429.html"),
    500: (lazy_gettext("Sorry, there is a problem with the service"), "errors/500.html"),
    503: (lazy_gettext("Sorry, the service is unavailable"), "errors/500.html"),
}


def render_error(status: int):
    title, template = ERROR_PAGES.get(status, ERROR_PAGES[400 if status < 500 else 500])
    return render_template(template, title=str(title), status=status), status


# SQLite reports a missing table or a bad statement as an OperationalError too; only these
# mean the database is there but cannot be used just now.
SQLITE_UNAVAILABLE = ("database is locked", "unable to open database file", "disk I/O error")


def database_unavailable(error: OperationalError | InterfaceError) -> bool:
    """Whether a database error means "not reachable just now" rather than a bug."""
    if error.connection_invalidated:
        return True
    driver_error = error.orig
    if type(driver_error).__module__ == "sqlite3":
        return str(driver_error).startswith(SQLITE_UNAVAILABLE)
    # psycopg raises OperationalError only for the connection and the server's state.
    return True


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_template(
            "errors/csrf.html", title=gettext("Sorry, this page has expired")
        ), 400

    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        # The Host header names a site this is not (TRUSTED_HOSTS). No page can be built:
        # every link on it would start from that host.
        return (
            "Bad request: this site does not answer to that host name.\n",
            400,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_error(error):
        if not database_unavailable(error):
            return unexpected_error(error)
        # The database is down, restarting or too busy: say "unavailable, try again" with a
        # 503, as /health does, not "something broke".
        app.logger.warning(
            "Database unavailable (%s) on %s %s", type(error).__name__, request.method, request.path
        )
        roll_back()
        # The page's header asks who is signed in, which would need the database again.
        show_as_signed_out()
        page, status = render_error(503)
        return page, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(Exception)
    def unexpected_error(error):
        # Where it failed, but not the exception's message or the query string: either can
        # hold what a resident typed (int("their answer"), a database error's values).
        frames = "".join(traceback.format_tb(error.__traceback__))
        app.logger.error(
            "Unexpected error %s on %s %s\n%s",
            type(error).__name__,
            request.method,
            request.path,
            frames,
        )
        return render_error(500)
