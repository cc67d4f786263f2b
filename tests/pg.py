"""A real PostgreSQL server for the hub's tests, started from Debian's binaries.

One server per test session, in a temporary folder, listening only on a Unix
socket; each test gets a fresh database. When running as root the server runs
as the ``postgres`` system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count(1)


@dataclass
class PgServer:
    socket_dir: Path
    port: int
    run_as: list[str]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def psql(self, sql: str) -> None:
        binary = _binary("psql") or "psql"
        subprocess.run(
            [
                *self.run_as,
                binary,
                "-h",
                str(self.socket_dir),
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )

    def new_database(self) -> str:
        name = f"bedside_{os.getpid()}_{next(_counter)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


def _binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def start_server() -> Iterator[PgServer]:
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if initdb is None or pg_ctl is None:
        pytest.skip(
            "PostgreSQL server binaries are not installed (CI installs Debian's postgresql)"
        )
    base = Path(tempfile.mkdtemp(prefix="bedside-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chmod(base, 0o755)  # noqa: S103 - the postgres user must reach its folder
        shutil.chown(base, "postgres", "postgres")
    data, sock = base / "data", base / "sock"
    for folder in (data, sock):
        folder.mkdir()
        if run_as:
            shutil.chown(folder, "postgres", "postgres")
    port = 54000 + os.getpid() % 1000
    subprocess.run(
        [
            *run_as,
            initdb,
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-k {sock} -c listen_addresses='' -p {port} -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [
            *run_as,
            pg_ctl,
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(base / "server.log"),
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PgServer(sock, port, run_as)
    finally:
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)
