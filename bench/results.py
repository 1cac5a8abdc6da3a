"""The results benchmark (``python -m bench results``). It prints figures and never asserts.

It fills a fresh SQLite file (and the PostgreSQL database named by
``BENCH_DATABASE_URL``, whose schema it wipes and rebuilds) with synthetic responses, then
times, on the same data in the same run:

- building the overview, one equality breakdown, the cross-tab of channel by ethnic group
  (last 12 months, from the tallies) and the cross-tab of disability by age band (two
  equality characteristics, read from the raw rows) through the same service and analysis
  functions the pages use;
- a bare pandas ``groupby`` of the same answers, loaded once into memory;
- fetching both pages over HTTP from gunicorn (one worker process, one thread), with a new
  response written just before each request so no cached result could answer;
- the peak resident memory (VmHWM) of that gunicorn worker.

``make bench`` runs it at 1,000,000 responses (``BENCH_RESPONSES=100000 make bench`` for a
shorter run). Filling the database is most of the time (about 10 minutes a database on an
idle 2-CPU machine, several times that on a busy one), so ``--sqlite-file`` keeps the SQLite
file and ``--reuse`` measures again what an earlier run left, without generating it anew.

Target: each page under 1 second, the server under 1 GiB. Each time is printed as wall
clock and as CPU seconds (of this process, or of the gunicorn processes for HTTP), since on
a shared machine the wall clock also measures everyone else's work.
"""

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-long-enough"  # noqa: S105 (throwaway account, throwaway database)
EMAIL = "bench-reviewer@example.gov.uk"
EQUALITY_PAGE = "disability"
CROSSTAB_PATH = "/results/crosstab?rows=channel&columns=ethnic_group&period=last-12"
# Two equality characteristics: the one cross-tab read from the raw rows, not the tallies.
PAIR_PATH = "/results/crosstab?rows=disability&columns=age_band&period=last-12"


def _free_port() -> int:
    for port in range(8100, 9000):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port between 8100 and 8999")


def _app(url: str):
    from survey_app import create_app

    return create_app("development", {"SQLALCHEMY_DATABASE_URI": url})


TALLY_TABLES = ("results_response_tally", "results_answer_tally", "results_equality_tally")


def _held_responses(url: str) -> int:
    """How many responses the database already holds (0 when it has no schema yet)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DatabaseError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM response")).scalar())
    except DatabaseError:
        return 0
    finally:
        engine.dispose()


def _fresh_database(url: str, responses: int, reuse: bool = False) -> None:
    if reuse:
        held = _held_responses(url)
        # The HTTP part writes one response before each request, so a reused database
        # holds a few more than it was filled with.
        if responses <= held < responses + 1000:
            print(f"  reusing the {held:,} responses already there")
            return
    from flask_migrate import upgrade
    from sqlalchemy import text

    from survey_app.demo.data import generate_demo_responses
    from survey_app.extensions import db
    from survey_app.services.reference import load_reference_data
    from survey_app.services.surveys import load_standard_surveys
    from survey_app.services.users import create_user

    app = _app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        load_reference_data()
        load_standard_surveys()
        create_user(EMAIL, "Bench reviewer", {"reviewer"}, PASSWORD)
        started = time.perf_counter()
        done = [0]

        def progress(step: int) -> None:
            done[0] += step
            if done[0] % 100_000 < step:
                print(f"    {done[0]:>9,} responses", flush=True)

        generate_demo_responses(responses, progress=progress)
        # Fresh statistics, as a live database would have, so the planner sees the index.
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))
        print(f"  generated {responses:,} responses in {time.perf_counter() - started:.1f} s")
        with db.engine.connect() as connection:
            for table in TALLY_TABLES:
                # Table names are this module's constants, never input.
                rows = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                print(f"  {table}: {rows:,} rows")
        db.engine.dispose()


def _median_seconds(function, repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds: on a busy machine the two tell different stories."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _in_process(url: str, repeats: int) -> dict[str, float]:
    import pandas as pd
    from sqlalchemy import select

    from analysis.periods import last_12_months
    from survey_app.extensions import db
    from survey_app.models import Answer, EqualityResponse, Response
    from survey_app.results import presenters
    from survey_app.services.results_data import ResultsFilter

    app = _app(url)
    figures = {}
    with app.test_request_context("/results/"):
        figures["overview (service + analysis)"] = _median_seconds(
            lambda: presenters.overview(ResultsFilter()), repeats
        )
        figures[f"equality: {EQUALITY_PAGE} (service + analysis)"] = _median_seconds(
            lambda: presenters.equality_sections(ResultsFilter(), EQUALITY_PAGE), repeats
        )
        start, end = last_12_months(date.today())
        twelve_months = ResultsFilter(start=start, end=end, period="last-12")
        figures["cross-tab channel x ethnic group, 12 months (service + analysis)"] = (
            _median_seconds(
                lambda: presenters.crosstab(twelve_months, "channel", "ethnic_group", "Bench"),
                repeats,
            )
        )
        figures["cross-tab disability x age band, 12 months, raw rows (service + analysis)"] = (
            _median_seconds(
                lambda: presenters.crosstab(twelve_months, "disability", "age_band", "Bench"),
                repeats,
            )
        )
        started = time.perf_counter()
        rows = db.session.execute(
            select(Response.channel_id, Answer.value)
            .join(Answer, Answer.response_id == Response.id)
            .where(Answer.question_key == "overall_satisfaction")
        ).all()
        frame = pd.DataFrame(rows, columns=["channel", "value"])
        figures["load 1 row per response into pandas (once)"] = (
            time.perf_counter() - started,
            float("nan"),
        )
        figures["bare pandas groupby(channel, value).size()"] = _median_seconds(
            lambda: frame.groupby(["channel", "value"], observed=True).size(), repeats
        )
        started = time.perf_counter()
        rows = db.session.execute(
            select(Response.channel_id, EqualityResponse.ethnic_group, Answer.value)
            .join(Answer, Answer.response_id == Response.id)
            .outerjoin(EqualityResponse, EqualityResponse.key == Response.equality_key)
            .where(
                Answer.question_key == "overall_satisfaction",
                Response.submitted_on >= start,
                Response.submitted_on <= end,
            )
        ).all()
        crossed = pd.DataFrame(rows, columns=["channel", "ethnic_group", "value"])
        figures["load channel, ethnic group, answer per response, 12 months (once)"] = (
            time.perf_counter() - started,
            float("nan"),
        )
        figures["bare pandas groupby(channel, ethnic_group, value).size()"] = _median_seconds(
            lambda: crossed.groupby(
                ["channel", "ethnic_group", "value"], observed=True, dropna=False
            ).size(),
            repeats,
        )
        started = time.perf_counter()
        rows = db.session.execute(
            select(
                EqualityResponse.disability_condition,
                EqualityResponse.disability_reduces_activities,
                EqualityResponse.age_band,
                Answer.value,
            )
            .select_from(Response)
            .join(Answer, Answer.response_id == Response.id)
            .outerjoin(EqualityResponse, EqualityResponse.key == Response.equality_key)
            .where(
                Answer.question_key == "overall_satisfaction",
                Response.submitted_on >= start,
                Response.submitted_on <= end,
            )
        ).all()
        paired = pd.DataFrame(rows, columns=["condition", "reduces", "age_band", "value"])
        figures["load disability answers, age band, answer per response, 12 months (once)"] = (
            time.perf_counter() - started,
            float("nan"),
        )
        figures["bare pandas groupby(condition, reduces, age_band, value).size()"] = (
            _median_seconds(
                lambda: paired.groupby(
                    ["condition", "reduces", "age_band", "value"], observed=True, dropna=False
                ).size(),
                repeats,
            )
        )
        db.engine.dispose()
    return figures


class _Client:
    """A signed-in reviewer over HTTP, with the CSRF token the sign-in form needs."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.status, response.read()

    def sign_in(self) -> None:
        _, page = self.get("/auth/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
        data = {"email": EMAIL, "password": PASSWORD}
        if token:
            data["csrf_token"] = token.group(1).decode()
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + "/auth/login", data=body, timeout=60) as response:
            response.read()


def _wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def _server_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [master_pid, *map(int, children)]


def _worker_peak_rss_mib(master_pid: int) -> float:
    peaks = []
    for pid in _server_pids(master_pid):
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def _server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU time used so far by the gunicorn master and its worker."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _server_pids(master_pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _over_http(url: str, repeats: int) -> dict[str, float]:
    from survey_app.demo.data import generate_demo_responses

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_TIMEOUT": "300",
        "LOGIN_RATE_LIMIT": "100 per minute",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    figures = {}
    try:
        _wait_for(base)
        client = _Client(base)
        client.sign_in()
        app = _app(url)
        seed = [10_000]

        def fresh_response_then(path: str):
            with app.app_context():
                seed[0] += 1
                generate_demo_responses(1, seed=seed[0])
            started, started_cpu = time.perf_counter(), _server_cpu_seconds(server.pid)
            status, body = client.get(path)
            elapsed = time.perf_counter() - started
            cpu = _server_cpu_seconds(server.pid) - started_cpu
            if status != 200 or b"<h1" not in body or b"cannot be shown" in body:
                raise RuntimeError(f"{path} answered {status}")
            return elapsed, cpu

        for label, path in (
            ("GET /results/ (HTTP, new response before each)", "/results/"),
            (
                f"GET /results/equality/{EQUALITY_PAGE} (HTTP, new response before each)",
                f"/results/equality/{EQUALITY_PAGE}",
            ),
            ("GET cross-tab channel x ethnic group, 12 months (HTTP)", CROSSTAB_PATH),
            ("GET cross-tab disability x age band, 12 months, raw rows (HTTP)", PAIR_PATH),
        ):
            runs = [fresh_response_then(path) for _ in range(repeats)]
            figures[label] = (
                statistics.median(run[0] for run in runs),
                statistics.median(run[1] for run in runs),
            )
        figures["gunicorn peak RSS (MiB)"] = (_worker_peak_rss_mib(server.pid), float("nan"))
        with app.app_context():
            from survey_app.extensions import db

            db.engine.dispose()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def results_benchmark(
    url: str, label: str, responses: int, repeats: int, reuse: bool = False
) -> None:
    print(f"\n== results benchmark: {label}, {responses:,} responses")
    print(f"  load average: {os.getloadavg()[0]:.2f}")
    _fresh_database(url, responses, reuse)
    print(f"  load average after filling: {os.getloadavg()[0]:.2f}")
    figures = _in_process(url, repeats)
    figures.update(_over_http(url, repeats))
    width = max(len(name) for name in figures)
    print(f"  {'':<{width}}  {'wall':>9}  {'CPU':>9}")
    for name, (wall, cpu) in figures.items():
        unit = " MiB" if "MiB" in name else " s"
        cpu_text = "" if cpu != cpu else f"{cpu:8.3f}{unit}"
        print(f"  {name:<{width}}  {wall:8.3f}{unit}  {cpu_text}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench results", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--responses",
        type=int,
        default=int(os.environ.get("BENCH_RESPONSES", 1_000_000)),
        help="responses to generate (default 1,000,000, or BENCH_RESPONSES)",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql", "both"),
        default="both",
        help="which database to measure (PostgreSQL needs BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--sqlite-file",
        type=Path,
        help="keep the SQLite database in this file (default: a temporary one)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the data an earlier run left (--sqlite-file, BENCH_DATABASE_URL) "
        "when it holds --responses responses, instead of generating them again",
    )
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    print(f"load average before starting: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if arguments.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="bench-results-") as folder:
            path = arguments.sqlite_file or Path(folder) / "bench.sqlite3"
            results_benchmark(
                f"sqlite:///{path.resolve()}",
                "SQLite",
                arguments.responses,
                arguments.repeats,
                arguments.reuse,
            )
    if arguments.database == "sqlite":
        return
    postgres_url = os.environ.get("BENCH_DATABASE_URL")
    if postgres_url:
        from survey_app.config import normalise_database_url

        results_benchmark(
            normalise_database_url(postgres_url),
            "PostgreSQL",
            arguments.responses,
            arguments.repeats,
            arguments.reuse,
        )
    else:
        print("\n(set BENCH_DATABASE_URL to a PostgreSQL database to benchmark it as well)")
