"""Printout speed: the first worksheet (font load), one warm worksheet, 100 blank ones (JSON)."""

from __future__ import annotations

import json
import time

from app.protocol import load_default
from app.reports.worksheet import render_worksheet
from app.services.reports import blank_worksheet_data

p = load_default()
d = blank_worksheet_data(p)
t = time.perf_counter()
render_worksheet(d)
first = time.perf_counter() - t
t = time.perf_counter()
render_worksheet(d)
one = time.perf_counter() - t
t = time.perf_counter()
for _ in range(100):
    render_worksheet(d)
print(
    json.dumps(
        {"first_ms": first * 1000, "one_ms": one * 1000, "hundred_s": time.perf_counter() - t}
    )
)
