"""Entry point: parse, run, and turn every known fault into one line on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.errors import BedsideError

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
    # Subcommands import the store (SQLAlchemy, SQLCipher): only when one is asked for.
    from app.cli import demo_cmds, hub_cmds, participant_cmds, store_cmds, sync_cmds, user_cmds

    store_cmds.register(sub, common)
    user_cmds.register(sub, common)
    sync_cmds.register(sub, common)
    hub_cmds.register(sub, common)
    participant_cmds.register(sub, common)
    demo_cmds.register(sub, common)
    return parser


def gui_folder(argv: Sequence[str]) -> tuple[bool, Path | None]:
    """Whether ``argv`` asks for the app and nothing else, and the folder it names."""
    quick = Parser(add_help=False)
    quick.add_argument("--data-dir")
    known, rest = quick.parse_known_args(list(argv))
    if rest:
        return False, None
    return True, Path(known.data_dir).expanduser() if known.data_dir else None


def run_gui(folder: Path) -> int:
    from app.ui.main import run

    return int(run(folder))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    wants_gui, given = gui_folder(argv)
    if wants_gui:
        # Straight to the window: the login screen must not wait for the CLI's imports.
        from app.store.paths import default_data_dir

        # Logging is set up by the app once its window is painted.
        folder = given or default_data_dir()
        try:
            return run_gui(folder)
        except BedsideError as exc:
            return fail(exc)
    from sqlalchemy.exc import DatabaseError

    from app.cli.common import data_dir
    from app.logsetup import configure
    from app.store.engine import translate_operational, translate_os_error

    parser = build_parser()
    args = parser.parse_args(argv)
    folder = data_dir(args)
    configure(folder)
    func = getattr(args, "func", None)
    try:
        if func is None:
            return run_gui(folder)
        return int(func(args))
    except BedsideError as exc:
        return fail(exc)
    except BrokenPipeError:
        # The reader went away (``bedside … | head``): nothing to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
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
    except KeyboardInterrupt:
        print("bedside: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: logged with a reference, never shown raw
        return bug(exc)


def fail(exc: BedsideError) -> int:
    import logging

    logging.getLogger("bedside").info("refused: %s", exc.sentence)
    print(f"bedside: {exc.sentence}", file=sys.stderr)
    return exc.exit_code


def bug(exc: BaseException) -> int:
    from app.logsetup import report_bug

    reference = report_bug(exc)
    print(
        f"bedside: an unexpected error happened (reference {reference}); "
        "it is described in bedside.log in the data folder.",
        file=sys.stderr,
    )
    return EXIT_BUG
