"""The file beside a demo store that says it is one, and names its accounts.

The demo's passwords are public (``<role>-demo``), so the login window may show them;
it reads this file without importing the store.
"""

from __future__ import annotations

import json
from pathlib import Path

DEMO_MARKER = "demo.json"
FORMAT = "bedside-demo/1"


def demo_accounts(data_dir: Path) -> dict[str, str] | None:
    """User name → demo password of the demo store in ``data_dir``; None if it is not one."""
    try:
        raw = json.loads((data_dir / DEMO_MARKER).read_text(encoding="utf-8"))
        accounts = raw["accounts"]
        if raw.get("format") != FORMAT or not isinstance(accounts, dict):
            return None
        return {str(k): str(v) for k, v in accounts.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
