"""What a killed backup leaves is removed by the next one; a running writer's file is not."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.store.leftovers import STALE_AFTER_S, is_leftover, owned_temp_name, sweep_leftovers


def _name_of(pid: int, final: str = "ward.bedside-backup") -> str:
    mine = owned_temp_name(final)
    head, _pid, tail = mine.rsplit("-", 2)
    return f"{head}-{pid}-{tail}"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_dead_writers_file_and_folder_go_and_a_running_writers_stay(tmp_path: Path) -> None:
    dead = tmp_path / _name_of(_dead_pid())
    dead.write_bytes(b"half a backup")
    dead_work = tmp_path / _name_of(_dead_pid())
    (dead_work / "check").mkdir(parents=True)
    (dead_work / "db").write_bytes(b"copy")
    runner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / _name_of(runner.pid)
        running.write_bytes(b"being written")
        mine = tmp_path / owned_temp_name("ward.bedside-backup")
        mine.write_bytes(b"this process")
        backup = tmp_path / "ward.bedside-backup"
        backup.write_bytes(b"a whole backup")
        other = tmp_path / ".notes.txt.1a2b3c4d5e6f.tmp"  # not an owned name: not ours to judge
        other.write_bytes(b"x")
        removed = sweep_leftovers(tmp_path)
        assert sorted(removed) == sorted([dead.name, dead_work.name])
        assert {p.name for p in tmp_path.iterdir()} == {running.name, mine.name, backup.name,
                                                        other.name}  # fmt: skip
    finally:
        runner.kill()
        runner.wait()


def test_another_hosts_file_waits_a_day(tmp_path: Path) -> None:
    name = owned_temp_name("ward.bedside-backup")
    host = name.rsplit(".", 2)[-2].split("-")[0]
    foreign = tmp_path / name.replace(host, "0" * 8 if host != "0" * 8 else "1" * 8)
    foreign.write_bytes(b"from the other laptop")
    assert not is_leftover(foreign)
    old = time.time() - STALE_AFTER_S - 60
    os.utime(foreign, (old, old))
    assert is_leftover(foreign)
    assert sweep_leftovers(tmp_path) == [foreign.name]
    assert not foreign.exists()


def test_a_folder_that_cannot_be_listed_is_left_alone(tmp_path: Path) -> None:
    assert sweep_leftovers(tmp_path / "unplugged") == []
