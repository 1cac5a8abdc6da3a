"""Browser tests: the app served for real and driven by headless Chromium through Playwright.

Every page a test looks at is checked twice: by axe-core in the browser (WCAG 2.2 A and AA
tags, zero violations) and by the Nu HTML checker (zero errors), which runs once per test
module over all the pages the module recorded, because each JVM start costs seconds.

Fixtures for your own pages (admin, results, mystery shopping, equality):

``live_server`` -> ``LiveServer`` (function scope)
    The app served by werkzeug in a thread on a free 127.0.0.1 port, with the real
    configuration (CSRF on, unlike ``TestConfig``) and its own SQLite file built by the
    Alembic migrations. The server starts once per session; before each test its database
    is reset to the standard data (default channels, services and the standard survey) and
    nothing else: no users, drafts or responses. Rate limits are off, because the whole
    suite comes from one address at machine speed.

    - ``live_server.url``: the base address without a trailing slash.
    - ``live_server.app``: the Flask app. For database work, for example
      ``with live_server.app.app_context(): create_user(email, name, {"admin"}, password)``.
    - ``live_server.create_user(*roles) -> (email, password)``: an account with those roles.
    - ``live_server.reset()``: back to the standard data (the fixture already did this).

``browser`` -> ``playwright.sync_api.Browser`` (session scope)
    Debian's Chromium, launched once per session with the flags this machine needs.

``page`` -> ``playwright.sync_api.Page``
    A page in a fresh browser context for each test: 1280 x 800, en-GB, Europe/London,
    10-second timeouts. JavaScript errors, Content Security Policy refusals and failed
    assets (a 4xx or 5xx for a stylesheet, script, font or image) fail the test.

``new_page(**context_options) -> Page``
    A factory for more pages, each in its own fresh context, for a test that needs
    another set-up: ``new_page(java_script_enabled=False)``, or
    ``new_page(viewport={"width": 320, "height": 640})``. Closed at the end of the test.

``assert_accessible(page, name)``
    Runs axe on the page as it is now (after GOV.UK Frontend's JavaScript ran) and fails
    listing each violation's rule id, impact, help text and targets; then records the
    page's HTML under ``name`` for the Nu HTML checker. Call it after every navigation
    whose page you want checked, error states included. Needs JavaScript: in a
    ``java_script_enabled=False`` context (where axe cannot run), use ``record_html``.

``record_html(page, name)``
    Records the page's HTML for the Nu HTML checker without running axe.

``sign_in(page, *roles) -> str``
    Creates an account with those roles (``"shopper"``, ``"reviewer"``, ``"admin"``) and
    signs in through the sign-in form, so the page's context holds a signed-in session.
    Returns the account's email address.

Which HTML the Nu checker judges: the body of the main document response, exactly as the
server sent it, not ``page.content()``. ``page.content()`` is the browser's re-serialisation
of its DOM: the HTML parser has already repaired whatever was malformed (stray end tags,
a ``<div>`` inside a ``<p>``, duplicate attributes), so validating it would hide exactly the
errors the server is responsible for; it also carries GOV.UK Frontend's run-time
attributes and blanks the CSP nonce. What the JavaScript changed is judged by axe on the
live DOM instead.

Without Chromium, Java or the Nu checker's jar, these tests are skipped with the reason
and how to fix it; with ``REQUIRE_BROWSER=1`` (as in CI) they fail instead. Every test
under ``tests/browser/`` gets the ``browser`` marker, so ``pytest -m "not browser"``
leaves them out. Set ``BROWSER_ARTIFACTS=/some/dir`` to keep the recorded HTML there.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, Response, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from survey_app import PROJECT_ROOT, create_app
from survey_app.extensions import db
from survey_app.services.reference import load_reference_data
from survey_app.services.surveys import load_standard_surveys
from survey_app.services.users import create_user

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VNU_JAR = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000
HERE = Path(__file__).resolve().parent


# --- skipping -----------------------------------------------------------------------------


def missing_browser_tools() -> str | None:
    """Why the browser tests cannot run here, with the fix; None when they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium not found at {CHROMIUM}: install it with apt-get install -y chromium"
    if shutil.which("java") is None:
        return "Java not found: install it with apt-get install -y default-jre-headless"
    if not VNU_JAR.is_file():
        return f"Nu HTML checker not found at {VNU_JAR}: run npm ci"
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def check_browser_tools() -> None:
    """Skip, or with ``REQUIRE_BROWSER=1`` fail, when a tool is missing."""
    reason = missing_browser_tools()
    if reason is None:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1, so browser tests may not skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_tools() -> None:
    check_browser_tools()


# --- the live server ------------------------------------------------------------------------


_RESPONSE = "tests.live_server.response"


class _ClosedOnce:
    """A response body whose ``close()`` runs once however often it is called."""

    def __init__(self, body) -> None:
        self._body = body
        self._closed = False

    def __iter__(self):
        return iter(self._body)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            if hasattr(self._body, "close"):
                self._body.close()


def _keeping_each_response(app):
    """The app, with each response body kept in its environ for ``_QuietHandler``."""

    def wsgi(environ, start_response):
        body = _ClosedOnce(app(environ, start_response))
        environ[_RESPONSE] = body
        return body

    return wsgi


class _QuietHandler(WSGIRequestHandler):
    """No access log: a test run would print a line for every font and stylesheet.

    It also closes a response that werkzeug's server leaves open. After sending a body,
    werkzeug 3.1 reads what is left on the socket before it closes the response; if the
    browser resets the connection in that moment (a page closed while its favicon was
    still arriving), the read raises and the close is skipped. The open file then warns
    when it is collected, during whichever test is running, and warnings are errors.
    """

    def log_request(self, code="-", size="-"):
        pass

    def connection_dropped(self, error, environ=None):
        body = (environ or {}).pop(_RESPONSE, None)
        if body is not None:
            body.close()


@dataclass
class LiveServer:
    app: Flask
    server: BaseWSGIServer

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def reset(self) -> None:
        """Delete every row, then load the standard channels, services and survey."""
        with self.app.app_context():
            try:
                for table in reversed(db.metadata.sorted_tables):
                    db.session.execute(table.delete())
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
            load_reference_data()
            load_standard_surveys()
            db.session.remove()

    def create_user(self, *roles: str, name: str = "Test User") -> tuple[str, str]:
        """An account with these roles; returns ``(email, password)``."""
        email = f"{'-'.join(roles) or 'user'}-{secrets.token_hex(4)}@example.gov.uk"
        password = secrets.token_urlsafe(16)
        with self.app.app_context():
            create_user(email, name, set(roles), password)
            db.session.remove()
        return email, password


@pytest.fixture(scope="session")
def _live_server_session(tmp_path_factory) -> Iterator[LiveServer]:
    database = tmp_path_factory.mktemp("live-server") / "survey.sqlite3"
    app = create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": secrets.token_hex(32),
            "RATELIMIT_ENABLED": False,
        },
    )
    with app.app_context():
        upgrade()
    server = make_server(
        "127.0.0.1", 0, _keeping_each_response(app), threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, server=server)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(_live_server_session) -> LiveServer:
    _live_server_session.reset()
    return _live_server_session


# --- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(browser_tools) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What one page did that no test should have to look for by hand."""

    javascript: bool
    document: Response | None = None
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("response", lambda response: self._response(page, response))
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)

    def _response(self, page: Page, response: Response) -> None:
        request = response.request
        if request.resource_type == "document" and response.frame == page.main_frame:
            self.document = response
        elif response.status >= 400:
            self.problems.append(f"{response.status} for {request.resource_type} {response.url}")

    def _console(self, message) -> None:
        # A 4xx page (404, the CSRF page) logs "Failed to load resource" for the document
        # itself; failed assets are caught by status in _response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _request_failed(self, request) -> None:
        # A navigation that replaces a page aborts whatever that page was still loading.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def raise_problems(self, where: str) -> None:
        if self.problems:
            listed = "\n  ".join(self.problems)
            self.problems.clear()
            pytest.fail(f"{where}: the page had problems:\n  {listed}", pytrace=False)


_WATCHES: dict[int, PageWatch] = {}


@pytest.fixture
def new_page(browser, live_server) -> Iterator:
    contexts, watches = [], []

    def make(**context_options) -> Page:
        options = {
            "viewport": {"width": 1280, "height": 800},
            "locale": "en-GB",
            "timezone_id": "Europe/London",
            **context_options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(javascript=options.get("java_script_enabled", True))
        watch.attach(page)
        _WATCHES[id(page)] = watch
        watches.append((page, watch))
        return page

    yield make
    for page, _ in watches:
        _WATCHES.pop(id(page), None)
    for context in contexts:
        context.close()
    for page, watch in watches:
        watch.raise_problems(f"after the test, page at {page.url}")


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


def _watch(page: Page) -> PageWatch:
    try:
        return _WATCHES[id(page)]
    except KeyError:
        raise AssertionError("use a page from the page or new_page fixture") from None


# --- axe and the HTML record ----------------------------------------------------------------

_AXE = Axe()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


@dataclass
class HtmlRecord:
    """The pages one test module recorded, validated together at the module's end."""

    directory: Path
    names: dict[Path, str] = field(default_factory=dict)

    def add(self, test_name: str, name: str, html: str) -> Path:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{test_name}--{name}").strip("-")[:150]
        path = self.directory / f"{stem}.html"
        count = 1
        while path in self.names:
            count += 1
            path = self.directory / f"{stem}-{count}.html"
        path.write_text(html, encoding="utf-8")
        self.names[path] = f"{test_name}: {name}"
        return path


def _server_html(page: Page, name: str) -> str:
    watch = _watch(page)
    document = watch.document
    if document is None or urldefrag(document.url)[0] != urldefrag(page.url)[0]:
        seen = document.url if document else "no document"
        raise AssertionError(
            f"{name}: cannot find the server's response for {page.url} (last seen: {seen}); "
            "wait for the navigation to finish before recording"
        )
    return document.text()


@pytest.fixture(scope="module")
def _html_record(request, tmp_path_factory) -> Iterator[HtmlRecord]:
    module = Path(request.module.__file__).stem
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        directory = Path(keep) / module
        directory.mkdir(parents=True, exist_ok=True)
    else:
        directory = tmp_path_factory.mktemp(f"html-{module}")
    record = HtmlRecord(directory)
    yield record
    if record.names:
        errors = validate_html(record)
        if errors:
            listed = "\n".join(errors)
            pytest.fail(
                f"The Nu HTML checker found {len(errors)} error(s) in pages recorded by "
                f"{module}:\n{listed}",
                pytrace=False,
            )


def validate_html(record: HtmlRecord) -> list[str]:
    """Run the Nu HTML checker once over every recorded page; one line per error."""
    result = subprocess.run(
        [
            "java",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss4m",  # the schema check recurses deeply; C1-only frames need more stack
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *(str(path) for path in record.names),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        return [f"the Nu HTML checker did not run: {result.stdout[-2000:]} {result.stderr[-2000:]}"]
    errors = []
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:"))
        name = record.names.get(path, str(path))
        extract = " ".join(message.get("extract", "").split())
        errors.append(
            f"  {name} ({path}:{message.get('lastLine', '?')}): {message['message']}"
            + (f"\n      {extract}" if extract else "")
        )
    return errors


@pytest.fixture
def record_html(request, _html_record):
    def record(page: Page, name: str) -> Path:
        return _html_record.add(request.node.name, name, _server_html(page, name))

    return record


@pytest.fixture
def assert_accessible(record_html):
    def check(page: Page, name: str) -> None:
        watch = _watch(page)
        if not watch.javascript:
            raise AssertionError("axe needs JavaScript: use record_html on a page without it")
        watch.raise_problems(name)
        initialised = page.evaluate(
            "document.body.classList.contains('govuk-frontend-supported')"
            " && !!document.querySelector('[data-govuk-skip-link-init]')"
        )
        assert initialised, f"{name}: GOV.UK Frontend's JavaScript did not run"
        results = _AXE.run(
            page,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        violations = results.response["violations"]
        if violations:
            pytest.fail(
                f"{name} ({page.url}): axe found {len(violations)} violation(s):\n"
                + format_violations(violations),
                pytrace=False,
            )
        record_html(page, name)

    return check


# --- signing in -----------------------------------------------------------------------------


@pytest.fixture
def sign_in(live_server):
    def sign(page: Page, *roles: str) -> str:
        email, password = live_server.create_user(*roles)
        page.goto(f"{live_server.url}/auth/login")
        page.get_by_label("Email address", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        # count, not is_visible: on a narrow screen the staff menu is behind its Menu button
        assert page.get_by_role("button", name="Sign out").count() == 1, (
            f"sign-in failed: {page.url}"
        )
        return email

    return sign
