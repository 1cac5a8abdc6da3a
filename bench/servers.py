"""What the load and fault benchmarks share: databases, gunicorn, row counts, the machine."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1/bench_load"
# Every resident in the benchmark comes from 127.0.0.1, so the per-address limits that
# protect the live service would stop it after a few dozen surveys.
RAISED_RATE_LIMITS = {
    "SURVEY_SUBMIT_RATE_LIMIT": "1000000 per minute",
    "LOGIN_RATE_LIMIT": "1000000 per minute",
}


def stamp() -> str:
    return time.strftime("%H:%M:%S") + f".{int(time.time() * 1000) % 1000:03d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database if it is missing (trust auth assumed)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def fresh_app_database(url: str) -> None:
    """An empty database at the newest migration, with the shipped channels and survey."""
    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade
    from sqlalchemy import text

    from survey_app import create_app
    from survey_app.extensions import db
    from survey_app.services.reference import load_reference_data
    from survey_app.services.surveys import load_standard_surveys

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        load_reference_data()
        load_standard_surveys()
        db.engine.dispose()


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py, started and stopped by the benchmark."""

    def __init__(self, target: str, database_url: str, log_path: Path, workers: int = 2):
        self.port = free_port()
        self.log_path = log_path
        self.environment = {
            **os.environ,
            "FLASK_CONFIG": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}/",
            "DATABASE_URL": database_url,
            "WEB_CONCURRENCY": str(workers),
            # The measured setting, whatever gunicorn.conf.py picks for make run.
            "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "4"),
            **RAISED_RATE_LIMITS,
        }
        self.command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            target,
        ]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environment, stdout=self.log, stderr=self.log
        )
        self.wait_until_serving()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if not self.log.closed:
            self.log.close()

    def wait_until_serving(self, seconds: float = 90) -> None:
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            if self.workers() and self.status("/health") is not None:
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    def status(self, path: str) -> int | None:
        """The HTTP status of a GET (None if nothing answered)."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def workers(self) -> list[int]:
        master = self.process.pid
        path = Path(f"/proc/{master}/task/{master}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def cpu_seconds(self) -> float:
        """User + system CPU used so far by the master and its live workers."""
        return sum(process_cpu_seconds(pid) for pid in [self.process.pid, *self.workers()])

    def busiest_worker(self) -> int:
        """The worker that has used the most CPU: the one serving the clients' connections.

        Clients keep their connections open, so one gthread worker can end up holding most
        of them; killing an idle one would test nothing.
        """
        return max(self.workers(), key=process_cpu_seconds)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Integrity:
    responses: int
    distinct_keys: int
    lost: int
    wrong_answer_counts: int
    responses_without_answers: int
    answers_without_response: int
    drafts_also_sent: int
    drafts_left: int
    unconfirmed_responses: int

    @property
    def sound(self) -> bool:
        return not (
            self.lost
            or self.responses != self.distinct_keys
            or self.wrong_answer_counts
            or self.responses_without_answers
            or self.answers_without_response
            or self.drafts_also_sent
        )

    def lines(self) -> list[str]:
        return [
            f"response rows: {self.responses:,} ({self.distinct_keys:,} distinct submissions, "
            f"{self.responses - self.distinct_keys} duplicated)",
            f"confirmed to a client but missing (lost): {self.lost}",
            f"responses whose answer rows differ from what was sent: {self.wrong_answer_counts}",
            f"responses without answers: {self.responses_without_answers}; "
            f"answers without a response: {self.answers_without_response}; "
            f"drafts still there after being sent: {self.drafts_also_sent}",
            f"responses written whose confirmation the client never saw: "
            f"{self.unconfirmed_responses}; unsent drafts left: {self.drafts_left}",
        ]


def check_integrity(url: str, confirmed: dict[str, int]) -> Integrity:
    """Compare what the clients were told with what the database holds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        answer_rows = dict(
            connection.execute(
                text(
                    "SELECT r.submission_key, count(a.id) FROM response r "
                    "LEFT JOIN answer a ON a.response_id = r.id GROUP BY r.submission_key"
                )
            ).all()
        )
        responses = connection.scalar(text("SELECT count(*) FROM response"))
        integrity = Integrity(
            responses=responses,
            distinct_keys=connection.scalar(
                text("SELECT count(DISTINCT submission_key) FROM response")
            ),
            lost=sum(1 for token in confirmed if token not in answer_rows),
            wrong_answer_counts=sum(
                1
                for token, rows in confirmed.items()
                if token in answer_rows and answer_rows[token] != rows
            ),
            responses_without_answers=sum(1 for rows in answer_rows.values() if rows == 0),
            answers_without_response=connection.scalar(
                text(
                    "SELECT count(*) FROM answer a LEFT JOIN response r ON r.id = a.response_id "
                    "WHERE r.id IS NULL"
                )
            ),
            drafts_also_sent=connection.scalar(
                text("SELECT count(*) FROM draft d JOIN response r ON r.submission_key = d.token")
            ),
            drafts_left=connection.scalar(text("SELECT count(*) FROM draft")),
            unconfirmed_responses=sum(1 for token in answer_rows if token not in confirmed),
        )
    engine.dispose()
    return integrity


def machine_cpu_seconds() -> tuple[float, float]:
    """CPU seconds the whole machine has spent busy (every process and the kernel), and in
    all, since it started: the busy share of a run says whether the CPUs were the limit."""
    return cpu_seconds_from_stat(Path("/proc/stat").read_text(), os.sysconf("SC_CLK_TCK"))


def cpu_seconds_from_stat(stat: str, ticks_per_second: int) -> tuple[float, float]:
    """Busy and total CPU seconds from the ``cpu`` line of ``/proc/stat``. Time stolen by the
    hypervisor for other machines is in neither: no process here used it."""
    fields = [int(value) for value in stat.split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    busy = user + nice + system + irq + softirq
    return busy / ticks_per_second, (busy + idle + iowait) / ticks_per_second


def machine() -> str:
    """CPU count and model, memory and the load average now, for the record."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({model}), {memory_kib / 1024 / 1024:.1f} GiB RAM, "
        f"load average {load}"
    )
