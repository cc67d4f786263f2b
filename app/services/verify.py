"""``bedside verify``: the file, the cipher, the audit chain and the signatures."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import text

from app.services.signing import SignatureProblem, check_signatures
from app.store.audit import ChainReport, verify_chain
from app.store.store import Store


@dataclass(frozen=True)
class VerifyReport:
    integrity: list[str]
    cipher_integrity: list[str]
    chain: ChainReport
    signatures: list[SignatureProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and not self.cipher_integrity
            and self.chain.ok
            and not self.signatures
        )

    def lines(self) -> list[str]:
        out = [
            "integrity_check: " + ("ok" if self.integrity == ["ok"] else "; ".join(self.integrity)),
            "cipher_integrity_check: "
            + ("ok" if not self.cipher_integrity else "; ".join(self.cipher_integrity)),
            self.chain.sentence(),
        ]
        if self.signatures:
            out += [
                f"signature {p.signature_id} on {p.table_name} {p.record_id}: {p.problem}"
                for p in self.signatures
            ]
        else:
            out.append("signatures: ok")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "integrity_check": self.integrity,
            "cipher_integrity_check": self.cipher_integrity,
            "audit_chain": asdict(self.chain),
            "signatures": [asdict(p) for p in self.signatures],
        }


def verify_store(store: Store) -> VerifyReport:
    engine = store.engine
    if engine is None:
        raise RuntimeError("the store is locked")
    with engine.connect() as conn:
        integrity = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        cipher = [str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
        chain = verify_chain(conn, store.store_id)
    with store.read() as session:
        problems = check_signatures(session)
    return VerifyReport(integrity, cipher, chain, problems)
