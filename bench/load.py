"""The load benchmark (``python -m bench load``). It prints figures and never asserts.

On a fresh SQLite file and on a fresh PostgreSQL database (``BENCH_DATABASE_URL``, whose
schema it wipes, or ``bench_load`` on the local server, created if missing) it:

1. serves the app with gunicorn (the project's gunicorn.conf.py, 2 workers, production
   config with CSRF on; the per-address rate limits raised, since every client is
   127.0.0.1) and has 50 concurrent residents complete 10,000 surveys between them, every
   page fetched and its form sent with the CSRF token read from it, each resident keeping
   its own cookie;
2. counts the rows: every submission a client saw confirmed must be one response with the
   answers it sent: zero lost, zero duplicated, and zero 5xx answers;
3. serves a bare Flask + SQLAlchemy endpoint (bench/bare_app.py: validate a form, insert one
   row) the same way on the same database and posts to it with the same client, half its
   requests before the journey and half after, so drift in the machine's speed over the
   run reaches both sides of the ratio;

and prints completed surveys per second, requests per second over the whole journey
(every GET and POST), p50/p95/p99 latency, the same for the bare endpoint, and the ratio of
journey requests per second to bare requests per second (target at least 0.5). CPU seconds
of the server and of the client are printed too: on a shared machine the wall clock also
measures everyone else's work.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench.loadclient import JourneyRun, Stats, run_bare, run_journeys
from bench.servers import (
    DEFAULT_POSTGRES_URL,
    RAISED_RATE_LIMITS,
    Gunicorn,
    check_integrity,
    ensure_postgres_database,
    fresh_app_database,
    machine,
    machine_cpu_seconds,
    process_cpu_seconds,
    stamp,
)

ROOT = Path(__file__).resolve().parent.parent


class MachineCPU:
    """The whole machine's busy and total CPU seconds over a phase (every process: the
    server, the client, the database and the kernel)."""

    def __init__(self):
        self.busy = self.total = 0.0

    def __enter__(self):
        self._busy, self._total = machine_cpu_seconds()
        return self

    def __exit__(self, *exc):
        busy, total = machine_cpu_seconds()
        self.busy += busy - self._busy
        self.total += total - self._total

    def add(self, other: "MachineCPU") -> "MachineCPU":
        self.busy += other.busy
        self.total += other.total
        return self


def _figures(label: str, run: JourneyRun, server_cpu: float, whole: MachineCPU) -> list[str]:
    stats = run.stats
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(stats.statuses.items()))
    return [
        f"  {label}",
        f"    requests {stats.requests:,} in {run.seconds:.1f} s = "
        f"{stats.requests / run.seconds:,.1f} req/s; latency p50 {stats.percentile_ms(0.50):.1f}"
        f" ms, p95 {stats.percentile_ms(0.95):.1f} ms, p99 {stats.percentile_ms(0.99):.1f} ms",
        f"    statuses {statuses}; 5xx: {stats.server_errors}; connection errors: "
        f"{stats.connection_errors}; failures: {dict(run.failures) or 'none'}",
        f"    CPU: server {server_cpu:.1f} s, client {run.client_cpu_seconds:.1f} s "
        f"({run.client_cpu_seconds / max(server_cpu + run.client_cpu_seconds, 1e-9):.0%} of "
        f"the two); load average now {os.getloadavg()[0]:.2f}",
        f"    whole machine: {whole.busy / max(whole.total, 1e-9):.0%} busy, "
        f"{1000 * whole.busy / max(stats.requests, 1):.2f} ms CPU a request (server, client, "
        "database and kernel together)",
    ]


def _bare_phase(
    url: str, when: str, requests: int, concurrency: int, folder: Path, label: str
) -> tuple[JourneyRun, float, MachineCPU]:
    """The bare endpoint under gunicorn, ``requests`` POSTs by the same client: the run, the
    server's CPU seconds and the whole machine's."""
    log = folder / f"bare-{label}-{when}.log"
    with Gunicorn("bench.bare_app:create_bare_app()", url, log) as bare:
        cpu_before = bare.cpu_seconds()
        with MachineCPU() as whole:
            run = run_bare("127.0.0.1", bare.port, requests, concurrency)
        return run, bare.cpu_seconds() - cpu_before, whole


def _combined(*phases: tuple[JourneyRun, float, MachineCPU]):
    """Phases of the bare endpoint as one run: requests, seconds and CPU added up."""
    combined, whole = JourneyRun(Stats()), MachineCPU()
    for run, _cpu, phase_whole in phases:
        combined.add(run)
        whole.add(phase_whole)
    return combined, sum(cpu for _run, cpu, _whole in phases), whole


def load_benchmark(
    url: str, label: str, surveys: int, concurrency: int, bare_requests: int, folder: Path
) -> dict:
    print(f"\n== load: {label}, {surveys:,} surveys by {concurrency} concurrent residents")
    print(f"  {stamp()} {machine()}")
    fresh_app_database(url)
    from bench.bare_app import create_table

    create_table(url)
    # Half the bare endpoint's requests before the journey and half after: the machine's
    # speed drifts over a run, and a baseline measured only at one end would carry the drift
    # into the ratio.
    first_half = _bare_phase(url, "before", bare_requests // 2, concurrency, folder, label)
    with Gunicorn("wsgi:app", url, folder / f"gunicorn-{label}.log") as server:
        cpu_before = server.cpu_seconds()
        with MachineCPU() as journey_whole:
            journey = run_journeys("127.0.0.1", server.port, surveys, concurrency)
        journey_cpu = server.cpu_seconds() - cpu_before
        per_worker = {pid: process_cpu_seconds(pid) for pid in server.workers()}
    integrity = check_integrity(url, journey.confirmed)
    second_half = _bare_phase(
        url, "after", bare_requests - bare_requests // 2, concurrency, folder, label
    )
    baseline, bare_cpu, bare_whole = _combined(first_half, second_half)

    completed = len(journey.confirmed)
    journey_rate = journey.stats.requests / journey.seconds
    bare_rate = baseline.stats.requests / baseline.seconds
    print(
        f"  {stamp()} surveys completed: {completed:,} of {surveys:,} = "
        f"{completed / journey.seconds:.1f} surveys/s "
        f"({journey.stats.requests / max(completed, 1):.1f} requests each)"
    )
    for line in _figures(
        "resident journey (every page GET and POST)", journey, journey_cpu, journey_whole
    ):
        print(line)
    print(
        "    CPU by worker (keep-alive connections stay with the worker that accepted them): "
        + ", ".join(f"{pid} {seconds:.1f} s" for pid, seconds in per_worker.items())
    )
    for line in _figures(
        "bare Flask + SQLAlchemy endpoint (validate, insert one row), both halves",
        baseline,
        bare_cpu,
        bare_whole,
    ):
        print(line)
    for when, (half, _cpu, _whole) in (("before", first_half), ("after", second_half)):
        print(
            f"    {when} the journey: {half.stats.requests:,} in {half.seconds:.1f} s = "
            f"{half.stats.requests / half.seconds:,.1f} req/s"
        )
    print("  rows afterwards:")
    for line in integrity.lines():
        print(f"    {line}")
    ratio = journey_rate / bare_rate
    verdict = "meets" if ratio >= 0.5 else "BELOW"
    journey_cpu_ms = 1000 * journey_cpu / max(journey.stats.requests, 1)
    bare_cpu_ms = 1000 * bare_cpu / max(baseline.stats.requests, 1)
    print(
        f"  server CPU per request: journey {journey_cpu_ms:.2f} ms, bare {bare_cpu_ms:.2f} ms; "
        f"bare / journey = {bare_cpu_ms / journey_cpu_ms:.2f} (the ratio a quiet machine would "
        "show, since other work on the CPUs does not count here)"
    )
    print(
        f"  journey req/s / bare req/s = {journey_rate:.1f} / {bare_rate:.1f} = {ratio:.2f} "
        f"({verdict} the 0.5 target)"
    )
    zero = (
        integrity.sound
        and journey.stats.server_errors == 0
        and baseline.stats.server_errors == 0
        and not journey.failures
    )
    print(f"  zero lost, zero duplicated, zero 5xx, no failed journeys: {'yes' if zero else 'NO'}")
    return {"ratio": ratio, "sound": zero}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench load", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--surveys", type=int, default=10_000, help="surveys to complete")
    parser.add_argument("--concurrency", type=int, default=50, help="residents at once")
    parser.add_argument(
        "--bare-requests", type=int, default=20_000, help="POSTs to the bare endpoint"
    )
    parser.add_argument(
        "--database",
        choices=["both", "sqlite", "postgresql"],
        default="both",
        help="which databases to run on",
    )
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    limits = ", ".join(f"{name}={value!r}" for name, value in RAISED_RATE_LIMITS.items())
    print(f"rate limits raised for the benchmark through the environment: {limits}")
    print(
        "gunicorn: gunicorn.conf.py, 2 workers, threads from GUNICORN_THREADS "
        f"(default 4: {os.environ.get('GUNICORN_THREADS', '4')}), FLASK_CONFIG=production"
    )
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        folder = Path(folder)
        if arguments.database in ("both", "sqlite"):
            load_benchmark(
                f"sqlite:///{folder / 'load.sqlite3'}",
                "SQLite",
                arguments.surveys,
                arguments.concurrency,
                arguments.bare_requests,
                folder,
            )
        if arguments.database in ("both", "postgresql"):
            from survey_app.config import normalise_database_url

            url = normalise_database_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL))
            ensure_postgres_database(url)
            load_benchmark(
                url,
                "PostgreSQL",
                arguments.surveys,
                arguments.concurrency,
                arguments.bare_requests,
                folder,
            )
