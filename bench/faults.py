"""The fault benchmark (``python -m bench faults``). It prints what happened and never asserts.

While 50 residents complete surveys against gunicorn (2 workers, production config, the
same client as ``bench load``):

(b) one gunicorn worker is killed with SIGKILL part way through, on a fresh SQLite file and
    on a throwaway PostgreSQL cluster. Afterwards every submission a client saw confirmed
    must be a response with all the answers it sent, and no half-written response may
    exist: no response without answers, no answers without a response, no draft still
    there after its response was written.
(c) the throwaway PostgreSQL cluster is stopped and started again part way through.
    ``/health`` must answer 503 while it is down, then 200 again, and surveys must succeed
    again, without gunicorn being restarted.

The cluster is its own (initdb in a temporary directory, a free port), so the shared server
other people use is never stopped. Events are printed with timestamps.
"""

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.loadclient import JourneyRun, Stats, run_journeys
from bench.pgcluster import ThrowawayPostgres
from bench.servers import (
    RAISED_RATE_LIMITS,
    Gunicorn,
    check_integrity,
    ensure_postgres_database,
    fresh_app_database,
    machine,
    process_cpu_seconds,
    stamp,
)

ROOT = Path(__file__).resolve().parent.parent


def say(message: str) -> None:
    print(f"  {stamp()} {message}", flush=True)


def _start_load(
    server: Gunicorn, surveys: int, concurrency: int
) -> tuple[JourneyRun, threading.Thread]:
    run = JourneyRun(Stats())
    thread = threading.Thread(
        target=run_journeys,
        args=("127.0.0.1", server.port, surveys, concurrency, run),
        kwargs={"pause_after_failure": 0.5, "retry_failed_until": time.time() + 900},
    )
    thread.start()
    return run, thread


def _wait_for_confirmed(run: JourneyRun, count: int, thread: threading.Thread) -> None:
    while len(run.confirmed) < count and thread.is_alive():
        time.sleep(0.1)


def _report(run: JourneyRun, url: str) -> bool:
    stats = run.stats
    statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(stats.statuses.items()))
    say(
        f"load finished: {len(run.confirmed):,} surveys confirmed in {run.seconds:.1f} s; "
        f"requests {stats.requests:,} ({statuses}); connection errors {stats.connection_errors} "
        f"(retried on a new connection: {stats.retries}); abandoned surveys: "
        f"{dict(run.failures) or 'none'}"
    )
    integrity = check_integrity(url, run.confirmed)
    for line in integrity.lines():
        say(f"  {line}")
    say(f"  nothing lost or half-written: {'yes' if integrity.sound else 'NO'}")
    return integrity.sound


def kill_a_worker(url: str, label: str, surveys: int, concurrency: int, folder: Path) -> bool:
    print(f"\n== faults (b): SIGKILL one gunicorn worker during load, {label}")
    say(machine())
    fresh_app_database(url)
    with Gunicorn("wsgi:app", url, folder / f"kill-{label}.log") as server:
        workers = server.workers()
        say(f"gunicorn master {server.process.pid}, workers {workers}; {surveys:,} surveys")
        run, thread = _start_load(server, surveys, concurrency)
        _wait_for_confirmed(run, surveys // 3, thread)
        cpu = {pid: process_cpu_seconds(pid) for pid in workers}
        victim = server.busiest_worker()
        in_flight = run.stats.requests
        os.kill(victim, signal.SIGKILL)
        say(
            f"SIGKILL worker {victim} (the busier: CPU so far "
            f"{', '.join(f'{pid} {seconds:.1f} s' for pid, seconds in cpu.items())}) after "
            f"{len(run.confirmed):,} confirmed surveys ({in_flight:,} requests)"
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            replacement = [pid for pid in server.workers() if pid not in workers]
            if replacement and len(server.workers()) == len(workers):
                say(f"gunicorn started worker {replacement[0]} in its place")
                break
            time.sleep(0.05)
        thread.join()
        health = server.status("/health")
        say(f"/health after the load: {health}")
    return _report(run, url)


class HealthWatch:
    """Polls /health every quarter second and keeps each change of answer, with its time."""

    def __init__(self, server: Gunicorn):
        self.server, self.changes, self.counts = server, [], Counter()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch)

    def _watch(self) -> None:
        last = None
        while not self.done.is_set():
            status = self.server.status("/health")
            self.counts[status] += 1
            if status != last:
                self.changes.append((stamp(), status))
                last = status
            time.sleep(0.25)

    def __enter__(self) -> "HealthWatch":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()


def restart_postgres(
    cluster: ThrowawayPostgres, surveys: int, concurrency: int, down_seconds: float, folder: Path
) -> bool:
    print("\n== faults (c): stop and restart PostgreSQL during load (throwaway cluster)")
    say(machine())
    url = cluster.url
    fresh_app_database(url)
    with Gunicorn("wsgi:app", url, folder / "restart-postgres.log") as server:
        master, workers = server.process.pid, server.workers()
        say(f"gunicorn master {master}, workers {workers}; {surveys:,} surveys")
        with HealthWatch(server) as watch:
            run, thread = _start_load(server, surveys, concurrency)
            _wait_for_confirmed(run, surveys // 4, thread)
            before_stop = (len(run.confirmed), run.stats.server_errors)
            cluster.stop(mode="fast")
            stopped_at = time.time()
            say(f"PostgreSQL stopped (pg_ctl stop -m fast) after {before_stop[0]:,} confirmed")
            time.sleep(down_seconds)
            down_health = server.status("/health")
            during = (len(run.confirmed), run.stats.server_errors)
            cluster.start()
            started_at = time.time()
            say(
                f"PostgreSQL started again after {started_at - stopped_at:.1f} s down; "
                f"/health just before: {down_health}"
            )
            while server.status("/health") != 200 and time.time() < started_at + 60:
                time.sleep(0.1)
            say(f"/health 200 again {time.time() - started_at:.2f} s after PostgreSQL started")
            after_restart = (len(run.confirmed), run.stats.server_errors)
            thread.join()
        say("/health answers seen, in order: " + ", ".join(f"{t} {s}" for t, s in watch.changes))
        say(f"/health polls by answer: {dict(watch.counts)}")
        confirmed_after = sum(1 for at in run.confirmed_at if at > started_at)
        say(
            f"surveys confirmed: {before_stop[0]:,} before the stop, "
            f"{during[0] - before_stop[0]:,} while down, {confirmed_after:,} after the restart"
        )
        say(
            f"5xx answers: {before_stop[1]} before the stop, {during[1] - before_stop[1]} while "
            f"down, {after_restart[1] - during[1]} while reconnecting, "
            f"{run.stats.server_errors - after_restart[1]} afterwards"
        )
        same = server.process.pid == master and server.process.poll() is None
        say(
            f"gunicorn never restarted: {'yes' if same else 'NO'} (master {master}); "
            f"workers now {server.workers()} (were {workers})"
        )
    sound = _report(run, url)
    recovered = 503 in watch.counts and watch.changes[-1][1] == 200 and confirmed_after > 0
    say(f"503 while down, recovered by itself: {'yes' if recovered else 'NO'}")
    return sound and recovered


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench faults", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--surveys", type=int, default=1500, help="surveys per fault run")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--down-seconds", type=float, default=10.0)
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    limits = ", ".join(f"{name}={value!r}" for name, value in RAISED_RATE_LIMITS.items())
    print(f"rate limits raised for the benchmark through the environment: {limits}")
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
        folder = Path(folder)
        kill_a_worker(
            f"sqlite:///{folder / 'faults.sqlite3'}",
            "SQLite",
            arguments.surveys,
            arguments.concurrency,
            folder,
        )
        with ThrowawayPostgres() as cluster:
            say(f"throwaway PostgreSQL cluster on port {cluster.port} in {cluster.folder}")
            ensure_postgres_database(cluster.url)
            kill_a_worker(
                cluster.url, "PostgreSQL", arguments.surveys, arguments.concurrency, folder
            )
            restart_postgres(
                cluster, arguments.surveys, arguments.concurrency, arguments.down_seconds, folder
            )
        print(f"\ngunicorn logs were in {folder} (removed); throwaway cluster removed")
