"""A load client for the resident journey: threads, keep-alive connections, own cookies.

Each simulated resident is one thread with one ``http.client`` connection kept alive
between requests and its own cookie (the signed Flask session). It reads the CSRF token
from every form it sends, as a browser does. Standard-library threads keep the client
cheap: the GIL is released while waiting on the socket, and each request costs the client a
regex and a header parse, far less than the server's work.
"""

import base64
import http.client
import json
import random
import re
import threading
import time
import urllib.parse
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ["phone", "face-to-face", "email", "website", "letter", "webchat", "social-media"]
CSRF_PATTERN = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')
CONNECTION_ERRORS = (http.client.HTTPException, ConnectionError, TimeoutError, OSError)


def standard_pages() -> dict[str, list[dict]]:
    """The standard survey's questions by page key (read from the shipped YAML)."""
    import yaml

    path = ROOT / "survey_app" / "definitions" / "customer-care.yaml"
    definition = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {page["key"]: page["questions"] for page in definition["pages"]}


class JourneyFailed(Exception):
    """The server answered something a resident's browser would not move on from.

    ``token`` is set when it happened after the survey was sent (and confirmed).
    """

    def __init__(self, message: str, token: str | None = None, rows: int = 0):
        super().__init__(message)
        self.token, self.rows = token, rows


@dataclass
class Stats:
    """Every request's latency and status, shared by all client threads."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    retries: int = 0
    events: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1

    def connection_error(self) -> None:
        with self.lock:
            self.connection_errors += 1

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def percentile_ms(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def session_cookie_data(cookie: str) -> dict:
    """The payload of Flask's signed session cookie (signed, not encrypted, so readable)."""
    payload = cookie.split(".")[1] if cookie.startswith(".") else cookie.split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.startswith("."):
        raw = zlib.decompress(raw)
    return json.loads(raw)


class Client:
    """One resident's browser: a keep-alive connection and a cookie jar of one cookie."""

    def __init__(self, host: str, port: int, stats: Stats, timeout: float = 60):
        self.host, self.port, self.stats, self.timeout = host, port, stats, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _send(self, method: str, path: str, body: bytes | None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "expires=Thu, 01 Jan 1970" in rest or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if (response.getheader("Connection") or "").lower() == "close":
            self.close()
        return response.status, response.getheader("Location"), content

    def request(self, method: str, path: str, data=None, attempts: int = 3):
        """Send one request; a dropped connection is retried on a new one, as browsers do.

        Every journey POST is safe to repeat (the survey's submit is idempotent by its
        draft token), so a retry after a killed worker cannot make a duplicate.
        """
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        for attempt in range(attempts):
            started = time.perf_counter()
            try:
                status, location, content = self._send(method, path, body)
            except CONNECTION_ERRORS:
                self.close()
                self.stats.connection_error()
                if attempt + 1 == attempts:
                    raise
                with self.stats.lock:
                    self.stats.retries += 1
                time.sleep(0.05 * (attempt + 1))
                continue
            self.stats.record(status, time.perf_counter() - started)
            if location:
                parts = urllib.parse.urlsplit(location)
                location = parts.path + (f"?{parts.query}" if parts.query else "")
            return status, location, content
        raise AssertionError("unreachable")


def _csrf(content: bytes) -> str:
    found = CSRF_PATTERN.search(content)
    if not found:
        raise JourneyFailed("no CSRF token on the form")
    return found.group(1).decode()


def _expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise JourneyFailed(f"{what}: {status}, expected {wanted}")


class Resident:
    """Answers the standard survey like a resident: each page fetched, then its form sent."""

    def __init__(self, pages: dict[str, list[dict]], seed: int):
        self.pages = pages
        self.random = random.Random(seed)
        self.contact_day = date.today() - timedelta(days=3)

    def answer(self, question: dict, channel: str) -> dict:
        key, kind, pick = question["key"], question["type"], self.random.choice
        if kind == "satisfaction":
            return {key: pick(["very_satisfied", "fairly_satisfied", "neither", "dont_know"])}
        if kind == "yes_no":
            return {key: pick(["yes", "no"])}
        if kind == "date":
            day = self.contact_day
            return {key: [str(day.day), str(day.month), str(day.year)]}
        if kind == "number":
            return {key: str(self.random.randint(1, 5))}
        if kind == "text":
            return {key: f"Résumé of my {channel} contact: helpful staff, 謝謝 🙂"}
        if question.get("options_from") == "services":
            return {key: pick(["council-tax", "housing", "waste"])}
        values = [option["value"] for option in question["options"]]
        if kind == "multiple_choice":
            return {key: self.random.sample(values, 2)}
        return {key: pick(values)}

    def complete(self, client: Client, channel: str) -> tuple[str, int]:
        """Fill in and send one survey; return the submission token and answer rows sent.

        The token is read from the session cookie after Check your answers redirects to the
        equality explainer: that redirect is the resident's confirmation that it was sent.
        """
        start = f"/survey/{channel}"
        status, _, content = client.request("GET", start)
        _expect(status, 200, "start page")
        status, location, _ = client.request("POST", start, {"csrf_token": _csrf(content)})
        _expect(status, 302, "start")
        rows = 0
        for _ in range(40):
            if location.endswith("/check-your-answers"):
                break
            page_key = location.rsplit("/", 1)[-1].split("?")[0]
            status, _, content = client.request("GET", location)
            _expect(status, 200, f"page {page_key}")
            data = {"csrf_token": _csrf(content)}
            for question in self.pages[page_key]:
                if "channels" in question and channel not in question["channels"]:
                    continue
                answer = self.answer(question, channel)
                data.update(answer)
                value = answer[question["key"]]
                rows += len(value) if question["type"] == "multiple_choice" else 1
            status, location, _ = client.request("POST", location, data)
            _expect(status, 302, f"answer {page_key}")
        else:
            raise JourneyFailed("never reached Check your answers")
        check = f"/survey/{channel}/check-your-answers"
        status, _, content = client.request("GET", check)
        _expect(status, 200, "check your answers")
        status, location, _ = client.request("POST", check, {"csrf_token": _csrf(content)})
        _expect(status, 302, "send")
        if not location.endswith("/equality"):
            raise JourneyFailed(f"send went to {location}")
        token = session_cookie_data(client.cookies["session"])["submitted"]
        try:
            status, _, content = client.request("GET", location)
            _expect(status, 200, "equality explainer")
            status, location, _ = client.request(
                "POST", location, {"csrf_token": _csrf(content), "answer_equality": "no"}
            )
            _expect(status, 302, "decline equality questions")
            status, _, _ = client.request("GET", location)
            _expect(status, 200, "confirmation")
        except (JourneyFailed, *CONNECTION_ERRORS) as failed:
            raise JourneyFailed(f"after sending: {failed}", token, rows) from failed
        return token, rows


@dataclass
class JourneyRun:
    """What the clients saw: which submissions were confirmed, and what went wrong."""

    stats: Stats
    confirmed: dict[str, int] = field(default_factory=dict)  # token -> answer rows sent
    confirmed_at: list[float] = field(default_factory=list)  # when each was confirmed
    failures: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0

    def add(self, other: "JourneyRun") -> "JourneyRun":
        """Add another run's requests, outcomes and time to this one (phases of one run)."""
        self.stats.latencies.extend(other.stats.latencies)
        self.stats.statuses.update(other.stats.statuses)
        self.stats.connection_errors += other.stats.connection_errors
        self.stats.retries += other.stats.retries
        self.stats.events.extend(other.stats.events)
        self.confirmed.update(other.confirmed)
        self.confirmed_at.extend(other.confirmed_at)
        self.failures.update(other.failures)
        self.seconds += other.seconds
        self.client_cpu_seconds += other.client_cpu_seconds
        return self


def _start_and_join(threads: list[threading.Thread]) -> None:
    """Daemon threads joined with a timeout, so Ctrl-C stops the benchmark at once."""
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)


def run_journeys(
    host: str,
    port: int,
    surveys: int,
    concurrency: int,
    run: JourneyRun | None = None,
    pause_after_failure: float = 0.0,
    retry_failed_until: float | None = None,
) -> JourneyRun:
    """``concurrency`` residents complete ``surveys`` surveys between them, channels in turn.

    Pass ``run`` to watch progress from another thread. A resident whose survey fails
    starts a new one, after ``pause_after_failure`` seconds (as a person would); with
    ``retry_failed_until`` (a ``time.time()``) the failed one does not count towards
    ``surveys``, so an outage cannot use them all up before it ends.
    """
    pages = standard_pages()
    run = run or JourneyRun(Stats())
    counter = iter(range(surveys))
    take = threading.Lock()

    def resident(number: int) -> None:
        client = Client(host, port, run.stats)
        person = Resident(pages, seed=number)
        while True:
            with take:
                index = next(counter, None)
            if index is None:
                break
            while True:
                # A new resident: a new browser, so a new connection and no cookies. Keeping
                # one connection for every resident would pin all 50 clients to whichever
                # gunicorn worker accepted them first.
                client.close()
                client.cookies.clear()
                try:
                    token, rows = person.complete(client, CHANNELS[index % len(CHANNELS)])
                    break
                except (JourneyFailed, *CONNECTION_ERRORS) as failed:
                    reason = (
                        ": ".join(str(failed).split(":")[: 2 if failed.token else 1])
                        if isinstance(failed, JourneyFailed)
                        else f"connection: {type(failed).__name__}"
                    )
                    with run.stats.lock:
                        run.failures[reason] += 1
                    if isinstance(failed, JourneyFailed) and failed.token:
                        # Sent and confirmed; only a page after it failed. Not sent again.
                        token, rows = failed.token, failed.rows
                        break
                    time.sleep(pause_after_failure)
                    if retry_failed_until is None or time.time() > retry_failed_until:
                        token = None
                        break
            if token is None:
                continue
            with run.stats.lock:
                run.confirmed[token] = rows
                run.confirmed_at.append(time.time())
        client.close()

    started, started_cpu = time.perf_counter(), time.process_time()
    threads = [
        threading.Thread(target=resident, args=(n,), daemon=True) for n in range(concurrency)
    ]
    _start_and_join(threads)
    run.seconds = time.perf_counter() - started
    run.client_cpu_seconds = time.process_time() - started_cpu
    return run


def run_bare(
    host: str, port: int, requests: int, concurrency: int, requests_per_connection: int = 33
) -> JourneyRun:
    """The same client posting a small valid form to the bare endpoint, once per request.

    Each connection is kept for about as many requests as one survey takes (33), then a new
    one is opened, as the journey's residents do.
    """
    run = JourneyRun(Stats())
    counter = iter(range(requests))
    take = threading.Lock()

    def poster(number: int) -> None:
        client = Client(host, port, run.stats)
        while True:
            with take:
                index = next(counter, None)
            if index is None:
                break
            if index % requests_per_connection == 0:
                client.close()  # the same connection churn as the residents' journeys
            data = {"channel": CHANNELS[index % len(CHANNELS)], "satisfaction": "3"}
            try:
                status, _, _ = client.request("POST", "/submit", data)
            except CONNECTION_ERRORS as error:
                with run.stats.lock:
                    run.failures[f"connection: {type(error).__name__}"] += 1
                continue
            if status != 201:
                with run.stats.lock:
                    run.failures[f"status {status}"] += 1
        client.close()

    started, started_cpu = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=poster, args=(n,), daemon=True) for n in range(concurrency)]
    _start_and_join(threads)
    run.seconds = time.perf_counter() - started
    run.client_cpu_seconds = time.process_time() - started_cpu
    return run
