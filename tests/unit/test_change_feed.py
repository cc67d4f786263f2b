"""The change feed's JSON lines, made by SQLite's json_object(), are byte for byte what
Python's encoder writes for the same rows, for every kind of text a person can type."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime

from app.models import Participant
from app.roles import Role
from app.store.audit import CHAIN_FIELDS
from app.sync.changes import build_feed
from tests.conftest import OpenStore

HOSTILE = [
    "", " ", "\x00", "\x01\x1f", "\t\n\r\b\f", '"quoted"', "back\\slash", "/slash/",
    "\u2028\u2029", "\ufeff", "\u202eRTL", "😀 emoji 🧪", "中文 简体", "=1+1",
    "'; DROP TABLE x; --",
    "\x7f", "é" * 300, "a\u0300", "\ud7ff\ue000", "<script>", "NaN", "null", "1e400",
]  # fmt: skip


def _python_lines(opened: OpenStore, first: int, last: int) -> bytes:
    columns = (*CHAIN_FIELDS, "prev_hash", "row_hash")
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with opened.store.read() as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT {', '.join(columns)} FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (first, last),
        )
        return "".join(
            encoder.encode(dict(zip(columns, r, strict=True))) + "\n" for r in rows
        ).encode()


def test_the_feed_is_what_the_python_encoder_writes_for_hostile_text(opened: OpenStore) -> None:
    nurse = opened.actor(Role.NURSE)
    rng = random.Random(7)
    texts = HOSTILE + ["".join(chr(rng.randrange(1, 0x3000)) for _ in range(20)) for _ in range(50)]
    # The store refuses control characters other than tab and line breaks: those stay.
    refused = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}
    texts = ["".join(ch for ch in text if ch not in refused) for text in texts]
    with opened.store.transaction(nurse, reason='‮ reason ✓ "quoted" 中文') as session:
        for i, text in enumerate(texts):
            session.add(Participant(screening_number=f"S-{i}", initials=text[:40] or "AB",
                                    sex="F", created_at=datetime.now(UTC)))  # fmt: skip
    with opened.store.read() as session:
        conn = session.connection()
        last = conn.exec_driver_sql("SELECT max(seq) FROM audit_log").scalar_one()
        feed = build_feed(conn, 1, last, "head")
    assert feed.audit_jsonl == _python_lines(opened, 1, last)
    assert feed.audit_jsonl.count(b"\n") == last
    assert feed.records >= len(texts)


def test_an_empty_range_is_an_empty_member(opened: OpenStore) -> None:
    with opened.store.read() as session:
        feed = build_feed(session.connection(), 10**9, 10**9 + 1, "head")
    assert feed.audit_jsonl == b""
    assert feed.records == 0
