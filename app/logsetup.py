"""Logging: a file in the data directory; never secrets, never the arm."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_NAME = "bedside.log"


def configure(data_dir: Path | None, level: int = logging.INFO) -> None:
    # A full or read-only disk must not turn a one-line refusal into a logging traceback.
    logging.raiseExceptions = False
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_bedside", False):
            root.removeHandler(handler)
    if data_dir is not None and data_dir.is_dir():
        # here, not at import: logging.handlers pulls in socket, pickle and queue
        from logging.handlers import RotatingFileHandler

        try:
            handler = RotatingFileHandler(
                data_dir / LOG_NAME, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            return
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._bedside = True  # type: ignore[attr-defined]
        root.addHandler(handler)


def report_bug(exc: BaseException) -> str:
    """Log a bug with its traceback under a short reference the user can quote."""
    import secrets
    import traceback

    reference = secrets.token_hex(4).upper()
    logging.getLogger("bedside.bug").error(
        "bug %s: %s",
        reference,
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    )
    return reference
