"""The login window's notice on a demo store: it is a demo, and these are its accounts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget

from app.store.demo_marker import demo_accounts


def demo_notice(data_dir: Path, parent: QWidget | None = None) -> QLabel | None:
    """A label naming the demo accounts, or None when ``data_dir`` is not a demo store."""
    accounts = demo_accounts(data_dir)
    if accounts is None:
        return None
    names = ", ".join(f"{user} / {password}" for user, password in accounts.items())
    label = QLabel(
        "This is a demo store with fictional participants, for trying Bedside only. "
        f"Log in as (user / password): {names}.",
        parent,
    )
    label.setWordWrap(True)
    label.setObjectName("demo_notice")
    label.setAccessibleName("Demo accounts")
    label.setProperty("kind", "notice")
    return label
