"""CPU per request, in one process: the resident journey beside the bare endpoint.

``python -m bench cpu`` drives both applications through Werkzeug's test client (no
sockets, no gunicorn, one thread), so the figure is the application's own cost per request
and hardly moves with other work on the machine, unlike the wall-clock figures of
``bench load``. It is the quick way to see whether a change to the journey made it cheaper:
the load benchmark's ratio is bounded by this one. ``--profile FILE`` writes a cProfile of
the journey's requests for ``python -m pstats FILE``.
"""

import argparse
import cProfile
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.loadclient import CHANNELS, Resident, standard_pages
from bench.servers import (
    DEFAULT_POSTGRES_URL,
    RAISED_RATE_LIMITS,
    ROOT,
    ensure_postgres_database,
    fresh_app_database,
)


def _page_kind(path: str) -> str:
    parts = path.split("?")[0].strip("/").split("/")
    if parts[0] != "survey" or len(parts) < 3:
        return "start page"
    return {"check-your-answers": "check your answers", "equality": "equality explainer"}.get(
        parts[2], "complete" if parts[2] == "complete" else "question page"
    )


class InProcessClient:
    """The load client's ``Client`` interface over Werkzeug's test client."""

    def __init__(self, app):
        self.app = app
        self.requests = 0
        self.seconds: Counter = Counter()  # CPU seconds by kind of request
        self.counts: Counter = Counter()
        self.close()

    def close(self) -> None:
        self.client = self.app.test_client()

    @property
    def cookies(self) -> dict[str, str]:
        cookie = self.client.get_cookie("session")
        return {"session": cookie.value} if cookie else {}

    def request(self, method: str, path: str, data=None):
        started = time.process_time()
        response = self.client.open(path, method=method, data=data)
        kind = f"{method} {_page_kind(path)}"
        self.seconds[kind] += time.process_time() - started
        self.counts[kind] += 1
        self.requests += 1
        if response.status_code >= 500:
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        location = response.headers.get("Location")
        return response.status_code, location, response.get_data()


def _production_app(url: str):
    os.environ.update(
        {
            "FLASK_CONFIG": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PUBLIC_BASE_URL": "http://localhost/",
            "DATABASE_URL": url,
            **RAISED_RATE_LIMITS,
        }
    )
    sys.path.insert(0, str(ROOT))
    from survey_app import create_app
    from survey_app.config import normalise_database_url

    # The config classes read the environment when first imported (fresh_app_database did).
    overrides = {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "PUBLIC_BASE_URL": "http://localhost/",
        **RAISED_RATE_LIMITS,
    }
    return create_app("production", overrides)


def _journeys(client: InProcessClient, first: int, surveys: int, profile) -> float:
    """CPU seconds for ``surveys`` residents to complete the survey, channels in turn."""
    pages = standard_pages()
    started = time.process_time()
    if profile:
        profile.enable()
    for number in range(first, first + surveys):
        client.close()
        Resident(pages, seed=number).complete(client, CHANNELS[number % len(CHANNELS)])
    if profile:
        profile.disable()
    return time.process_time() - started


def _bare_client(url: str):
    from bench.bare_app import create_bare_app, create_table

    create_table(url)
    os.environ["DATABASE_URL"] = url
    return create_bare_app().test_client()


def _bare(client, requests: int) -> float:
    started = time.process_time()
    for index in range(requests):
        data = {"channel": CHANNELS[index % len(CHANNELS)], "satisfaction": "3"}
        response = client.post("/submit", data=data)
        if response.status_code != 201:
            raise RuntimeError(f"bare endpoint: {response.status_code}")
    return time.process_time() - started


def measure(url: str, surveys: int, bare_requests: int, rounds: int, profile_path) -> None:
    """Journey and bare endpoint in alternating rounds, so both see the same machine.

    The median round is reported: other work on a shared machine slows some rounds.
    """
    fresh_app_database(url)
    client = InProcessClient(_production_app(url))
    bare_client = _bare_client(url)
    _journeys(client, 0, 5, None)  # warm: templates compiled, definitions parsed, pool filled
    _bare(bare_client, 200)
    client.seconds.clear()
    client.counts.clear()
    profile = cProfile.Profile() if profile_path else None
    journey_ms, bare_ms, requests = [], [], 0
    for round_number in range(rounds):
        before = client.requests
        seconds = _journeys(client, 5 + round_number * surveys, surveys, profile)
        journey_ms.append(seconds / (client.requests - before) * 1000)
        requests += client.requests - before
        bare_ms.append(_bare(bare_client, bare_requests) / bare_requests * 1000)
    if profile:
        profile.dump_stats(profile_path)
    journey, bare = statistics.median(journey_ms), statistics.median(bare_ms)
    print(f"database: {url.split(':', 1)[0]}, {rounds} rounds")
    print(
        f"journey: {surveys} surveys a round, {requests} requests in all; CPU a request: "
        f"median {journey:.3f} ms, rounds {_listed(journey_ms)}"
    )
    for kind, kind_seconds in sorted(client.seconds.items(), key=lambda item: -item[1]):
        count = client.counts[kind]
        print(f"  {kind}: {count} requests, {kind_seconds / count * 1000:.3f} ms a request")
    print(
        f"bare endpoint: {bare_requests} requests a round; CPU a request: "
        f"median {bare:.3f} ms, rounds {_listed(bare_ms)}"
    )
    print(f"ratio (bare CPU ÷ journey CPU, the most requests/s can reach): {bare / journey:.2f}")


def _listed(values: list[float]) -> str:
    return ", ".join(f"{value:.3f}" for value in values)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench cpu", description=__doc__)
    parser.add_argument("--surveys", type=int, default=40, help="journeys a round")
    parser.add_argument("--bare-requests", type=int, default=1500, help="requests a round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL),
        help="a PostgreSQL database whose schema is wiped (default: BENCH_DATABASE_URL or "
        "bench_load on the local server)",
    )
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the journey")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.database in ("sqlite", "both"):
            url = f"sqlite:///{Path(folder) / 'cpu.db'}"
            measure(url, args.surveys, args.bare_requests, args.rounds, args.profile)
        if args.database in ("postgresql", "both"):
            from survey_app.config import normalise_database_url

            url = normalise_database_url(args.postgres_url)
            ensure_postgres_database(url)
            measure(url, args.surveys, args.bare_requests, args.rounds, args.profile)
