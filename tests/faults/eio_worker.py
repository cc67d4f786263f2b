"""``bedside …`` with the disk failing inside one step: the fault tests' child.

``fiu-run -x python -m tests.faults.eio_worker KIND MODULE:FUNCTION -- ARGV…`` runs the
command line's ``main(ARGV)``. While ``MODULE.FUNCTION`` runs (and only then) the C
library's calls of KIND answer ``EIO``, through libfiu's POSIX preload: ``write`` (write,
pwrite, and what SQLite writes with) or ``fsync`` (fsync, fdatasync). The exit code is the
command's.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

POINTS = {
    "write": (b"posix/io/rw/write", b"posix/io/rw/pwrite", b"posix/io/rw/writev"),
    "fsync": (b"posix/io/sync/fsync", b"posix/io/sync/fdatasync"),
}


def failing_during(function: Callable[..., Any], points: tuple[bytes, ...]) -> Callable[..., Any]:
    fiu = ctypes.CDLL("libfiu.so.0")

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        for point in points:
            fiu.fiu_enable(point, 1, ctypes.c_void_p(errno.EIO), 0)
        try:
            return function(*args, **kwargs)
        finally:
            for point in points:
                fiu.fiu_disable(point)

    return run


def main() -> int:
    kind, target, dashes, *argv = sys.argv[1:]
    assert dashes == "--"
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    setattr(module, name, failing_during(getattr(module, name), POINTS[kind]))
    from app.cli.main import main as bedside

    return bedside(argv)


if __name__ == "__main__":
    sys.exit(main())
