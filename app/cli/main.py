"""Entry point: parse, run, and turn every known fault into one line on stderr."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DatabaseError

from app import __version__
from app.cli import hub_cmds, store_cmds, sync_cmds, user_cmds
from app.cli.common import data_dir
from app.errors import BedsideError
from app.logsetup import configure, report_bug
from app.store.engine import translate_operational, translate_os_error

EXIT_BUG = 70


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"bedside: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="bedside", description="Bedside: encrypted bedside trial data capture.")
    parser.add_argument("--version", action="version", version=f"bedside {__version__}")
    parser.add_argument(
        "--data-dir", help="the store's folder (default: $BEDSIDE_DATA_DIR or the user data folder)"
    )
    # --data-dir is also accepted after the subcommand (`bedside hub init --data-dir H`).
    common = Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    store_cmds.register(sub, common)
    user_cmds.register(sub, common)
    sync_cmds.register(sub, common)
    hub_cmds.register(sub, common)
    return parser


def run_gui(args: argparse.Namespace) -> int:
    from app.ui.main import run

    return int(run(data_dir(args)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    folder = data_dir(args)
    configure(folder)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_gui(args)
        return int(func(args))
    except BedsideError as exc:
        return fail(exc)
    except DatabaseError as exc:
        known = translate_operational(exc.orig or exc, folder / "bedside.db")
        if isinstance(known, BedsideError):
            return fail(known)
        return bug(exc)
    except OSError as exc:
        known = translate_os_error(exc, folder)
        if isinstance(known, BedsideError):
            return fail(known)
        return bug(exc)
    except BrokenPipeError:
        # The reader went away (``bedside … | head``): nothing to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("bedside: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: logged with a reference, never shown raw
        return bug(exc)


def fail(exc: BedsideError) -> int:
    logging.getLogger("bedside").info("refused: %s", exc.sentence)
    print(f"bedside: {exc.sentence}", file=sys.stderr)
    return exc.exit_code


def bug(exc: BaseException) -> int:
    reference = report_bug(exc)
    print(
        f"bedside: an unexpected error happened (reference {reference}); "
        "it is described in bedside.log in the data folder.",
        file=sys.stderr,
    )
    return EXIT_BUG
