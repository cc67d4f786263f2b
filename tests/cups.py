"""A private CUPS server for tests: cupsd in a temporary folder, listening on its own
socket, with one raw queue whose jobs land as files in a folder we can read.

Debian has no cups-pdf, and cupsd 2.4 reports a raw job to a ``file:`` device as
completed without writing it, so the queue uses a small backend of our own (what
cups-pdf does): it copies each job to ``out/job-N.pdf``. The queue is raw, so the PDF
that arrives is exactly the one the app sent. Needs root (cupsd runs backends as
``lp``) and the Debian packages ``cups`` and ``cups-client``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

QUEUE = "bedside-test-pdf"
SERVER_BIN = Path("/usr/lib/cups")
BACKEND = """#!/bin/sh
# A CUPS backend that files each job as out/job-N.pdf (argv: job user title copies
# options [file]). Without arguments it lists itself, as backends must.
if [ $# -eq 0 ]; then
  echo 'direct bedsidepdf "Bedside test" "Bedside test PDF folder"'
  exit 0
fi
out="${DEVICE_URI#bedsidepdf:}"
part="$out/.job-$1.part"
if [ -n "$6" ]; then cat "$6" > "$part"; else cat > "$part"; fi
mv "$part" "$out/job-$1.pdf"
"""


@dataclass
class CupsServer:
    root: Path
    socket: Path
    queue: str
    out: Path
    process: subprocess.Popen[bytes]

    @property
    def env(self) -> dict[str, str]:
        """The environment a client needs to talk to this server only."""
        return {**os.environ, "CUPS_SERVER": str(self.socket)}

    def lp(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*args], env=self.env, capture_output=True, text=True, timeout=30, check=False
        )

    def wait_for_job(self, job_id: str, timeout: float = 60) -> bytes:
        """Wait until ``job_id`` is completed and return what the queue wrote."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.lp("lpstat", "-W", "completed", "-o", self.queue)
            number = job_id.rsplit("-", 1)[-1]
            arrived = self.out / f"job-{number}.pdf"
            if job_id in done.stdout and arrived.exists():
                return arrived.read_bytes()
            time.sleep(0.1)
        lines = (self.root / "log" / "error_log").read_text(errors="replace").splitlines()
        log = "\n".join(line for line in lines if "Get-Jobs" not in line)[-3000:]
        raise AssertionError(f"job {job_id} did not complete; cupsd says:\n{log}")


def why_not() -> str | None:
    """Why a private cupsd cannot run here, or None."""
    if os.geteuid() != 0:
        return "cupsd must be started as root to run its backends as lp"
    for tool in ("cupsd", "lpadmin", "lp", "lpstat"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return f"{tool} is not installed (Debian packages cups and cups-client)"
    return None


def _cupsd() -> str:
    return shutil.which("cupsd") or "/usr/sbin/cupsd"


def start_cups() -> Iterator[CupsServer]:
    """Start the server, add the queue, yield it; stop the server afterwards."""
    root = Path(tempfile.mkdtemp(prefix="bedside-cups-"))
    root.chmod(0o755)  # the backends run as lp and must reach out/
    for name in ("conf", "spool", "cache", "state", "tmp", "log", "run", "out", "bin"):
        (root / name).mkdir()
    # ServerBin: the system's filters and helpers, and a backend folder with ours added.
    for part in SERVER_BIN.iterdir():
        if part.name != "backend":
            (root / "bin" / part.name).symlink_to(part)
    (root / "bin" / "backend").mkdir()
    for backend in (SERVER_BIN / "backend").iterdir():
        (root / "bin" / "backend" / backend.name).symlink_to(backend)
    ours = root / "bin" / "backend" / "bedsidepdf"
    ours.write_text(BACKEND)
    ours.chmod(0o755)
    (root / "out").chmod(0o777)
    (root / "spool").chmod(0o710)
    (root / "tmp").chmod(0o1777)
    socket = root / "run" / "cups.sock"
    (root / "conf" / "cupsd.conf").write_text(
        f"""Listen {socket}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
"""
    )
    (root / "conf" / "cups-files.conf").write_text(
        f"""ServerBin {root / "bin"}
ServerRoot {root / "conf"}
RequestRoot {root / "spool"}
CacheDir {root / "cache"}
StateDir {root / "state"}
TempDir {root / "tmp"}
ErrorLog {root / "log" / "error_log"}
AccessLog {root / "log" / "access_log"}
PageLog {root / "log" / "page_log"}
"""
    )
    process = subprocess.Popen(
        [_cupsd(), "-f", "-c", str(root / "conf" / "cupsd.conf"),
         "-s", str(root / "conf" / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    server = CupsServer(root, socket, QUEUE, root / "out", process)
    try:
        deadline = time.monotonic() + 30
        while not socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise RuntimeError(f"cupsd did not start: {err.strip()}")
            time.sleep(0.05)
        added = server.lp(
            "lpadmin", "-p", QUEUE, "-E", "-v", f"bedsidepdf:{server.out}", "-m", "raw"
        )
        if added.returncode != 0:
            raise RuntimeError(f"lpadmin failed: {added.stderr.strip()}")
        server.lp("lpadmin", "-d", QUEUE)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if not os.environ.get("BEDSIDE_KEEP_CUPS"):
            shutil.rmtree(root, ignore_errors=True)
