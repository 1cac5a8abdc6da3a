"""A throwaway PostgreSQL cluster the fault benchmark may stop and start at will.

It never touches a server anyone else uses: ``initdb`` into a temporary directory, trust
authentication, listening on 127.0.0.1 on a free port, run as the ``postgres`` user (the
server refuses to run as root).
"""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.servers import free_port


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("No PostgreSQL binaries under /usr/lib/postgresql/*/bin")
    return Path(found[-1])


class ThrowawayPostgres:
    def __init__(self):
        self.bin = _binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.running = False

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/bench_faults"

    def __enter__(self) -> "ThrowawayPostgres":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
            "UTF8",
        )  # fmt: skip
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.running:
                self.stop(mode="immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
            "-w", "start",
        )  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False
