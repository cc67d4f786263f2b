"""``bedside verify``: the file, the cipher, the audit chain, its anchored head, the signatures.

A chain that verifies row by row can still have lost its newest rows (a cut WAL,
an older copy of the file): the anchor kept beside the key slots says how far the
chain reached, so a lost tail is reported, never called intact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from app.services.signing import SignatureProblem, check_signatures
from app.store.anchor import AnchorCheck
from app.store.audit import CHAIN_FIELDS, ChainReport, verify_chain
from app.store.store import Store
from app.store.trail_check import KeyState, TrailRefused, check_trail, parse_seals


@dataclass(frozen=True)
class VerifyReport:
    integrity: list[str]
    cipher_integrity: list[str]
    chain: ChainReport
    signatures: list[SignatureProblem] = field(default_factory=list)
    anchor: AnchorCheck | None = None
    # Who made each transaction: seals, enrolled keys and e-signatures (None: all proven).
    authorship: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and not self.cipher_integrity
            and self.chain.ok
            and (self.anchor is None or self.anchor.ok)
            and not self.signatures
            and self.authorship is None
        )

    def first_problem(self) -> str | None:
        """The sentence that says best why verification failed; ``None`` if it passed."""
        if self.integrity != ["ok"]:
            return "integrity_check: " + "; ".join(self.integrity)
        if self.cipher_integrity:
            return "cipher_integrity_check: " + "; ".join(self.cipher_integrity)
        if not self.chain.ok:
            return self.chain.sentence()
        if self.anchor is not None and not self.anchor.ok:
            return self.anchor.sentence()
        if self.signatures:
            p = self.signatures[0]
            return f"signature {p.signature_id} on {p.table_name} {p.record_id}: {p.problem}"
        return self.authorship

    def lines(self) -> list[str]:
        out = [
            "integrity_check: " + ("ok" if self.integrity == ["ok"] else "; ".join(self.integrity)),
            "cipher_integrity_check: "
            + ("ok" if not self.cipher_integrity else "; ".join(self.cipher_integrity)),
            self.chain.sentence(),
        ]
        if self.anchor is not None:
            out.append(self.anchor.sentence())
        if self.signatures:
            out += [
                f"signature {p.signature_id} on {p.table_name} {p.record_id}: {p.problem}"
                for p in self.signatures
            ]
        else:
            out.append("signatures: ok")
        out.append(self.authorship or "authorship: every transaction is sealed by its author")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "integrity_check": self.integrity,
            "cipher_integrity_check": self.cipher_integrity,
            "audit_chain": asdict(self.chain),
            "audit_anchor": None if self.anchor is None else asdict(self.anchor),
            "signatures": [asdict(p) for p in self.signatures],
            "authorship": self.authorship,
        }


def verify_store(store: Store) -> VerifyReport:
    engine = store.engine
    if engine is None:
        raise RuntimeError("the store is locked")
    with engine.connect() as conn:
        integrity = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        cipher = [str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
        chain = verify_chain(conn, store.store_id)
    anchor = store.anchor_check()
    with store.read() as session:
        problems = check_signatures(session)
        authorship = check_authorship(session.connection(), store.store_id) if chain.ok else None
    return VerifyReport(integrity, cipher, chain, problems, anchor, authorship)


def check_authorship(conn: Connection, store_id: str) -> str | None:
    """Walk the whole trail as the hub does; the sentence of the first unproven row."""
    columns = (*CHAIN_FIELDS, "prev_hash", "row_hash")
    rows = [
        dict(zip(columns, row, strict=True))
        for row in conn.execute(text(f"SELECT {', '.join(columns)} FROM audit_log ORDER BY seq"))
    ]
    seals = parse_seals(
        dict(row._mapping)
        for row in conn.execute(
            text("SELECT first_seq, last_seq, signer, signature FROM audit_seals")
        )
    )
    try:
        check_trail(store_id, rows, seals, KeyState(), None)
    except TrailRefused as exc:
        return f"authorship: {exc.sentence}"
    return None
