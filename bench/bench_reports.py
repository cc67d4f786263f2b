"""Printout speed: the first worksheet (font load), one warm worksheet, 100 blank ones (JSON)."""

from __future__ import annotations

import json
import time

from app.protocol import load_default
from app.reports.worksheet import render_worksheet
from app.services.reports import blank_worksheet_data


def seconds(count: int, data: object) -> float:
    start = time.perf_counter()
    for _ in range(count):
        render_worksheet(data)  # type: ignore[arg-type]
    return time.perf_counter() - start


def main() -> None:
    data = blank_worksheet_data(load_default())
    first = seconds(1, data)
    warm = seconds(1, data)
    hundred = seconds(100, data)
    print(json.dumps({"first_worksheet_ms": first * 1000, "worksheet_ms": warm * 1000,
                      "hundred_blank_s": hundred}))  # fmt: skip


if __name__ == "__main__":
    main()
