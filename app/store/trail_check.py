"""Checking who made each transaction of an audit trail, from the seals and enrolments alone.

Walks audit rows (already chained) transaction by transaction, as their seals
divide them, keeping the state of each person's enrolled key as the trail itself
records it (``person_keys``):

* every row of a transaction names the person whose seal signs it (a failed
  login is the only row that names someone else: the person who witnessed it);
* the seal verifies with that person's key as enrolled before the transaction,
  and the person is active;
* enrolments, role changes and disablements come from an admin's (or the recovery
  key's) transaction; a person may only replace their own key, signed with the
  key it replaces; the very first admin's key is the one registered at the hub;
* each e-signature verifies with its signer's key, and its signer is the
  person who committed it.

Pure: the device's ``bedside verify`` and the hub's import both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.sentences import QT_TRANSLATE_NOOP
from app.store import provenance

AUTHORITIES = frozenset({"admin", "recovery"})
WITNESSED_ACTIONS = frozenset({"login_failed"})
SEAL_KEYS = frozenset({"first_seq", "last_seq", "signer", "signature"})
ROTATION_FIELDS = frozenset({"public_key", "enrolled_at", "age_recipient"})


class TrailRefused(Exception):
    """A machine code and one sentence saying which transaction is not proven, and why."""

    def __init__(self, code: str, sentence: str) -> None:
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence


@dataclass
class KeyState:
    """What the trail has proven so far: people's keys and the user records' names."""

    persons: dict[str, dict[str, Any]] = field(default_factory=dict)  # record id → fields
    user_names: dict[str, str] = field(default_factory=dict)  # users record id → name

    @classmethod
    def from_records(
        cls, person_records: Mapping[str, Mapping[str, Any]], users: Mapping[str, str]
    ) -> KeyState:
        return cls({k: dict(v) for k, v in person_records.items()}, dict(users))

    def person(self, name: str) -> dict[str, Any] | None:
        for fields in self.persons.values():
            if fields.get("user_name") == name:
                return fields
        return None


def parse_seals(lines: Iterable[Mapping[str, Any]]) -> list[provenance.Seal]:
    seals = []
    for line in lines:
        if line.keys() != SEAL_KEYS:
            raise TrailRefused(
                "bad_seal",
                QT_TRANSLATE_NOOP(
                    "AuditTrail", "A seal in the bundle does not have the expected fields."
                ).said(),
            )
        first, last = line["first_seq"], line["last_seq"]
        signer, signature = line["signer"], line["signature"]
        if (
            type(first) is not int
            or type(last) is not int
            or not 1 <= first <= last
            or not isinstance(signer, str)
            or not isinstance(signature, str)
            or not 0 < len(signer) <= 64
            or len(signature) > 200
        ):
            raise TrailRefused(
                "bad_seal",
                QT_TRANSLATE_NOOP("AuditTrail", "A seal in the bundle is out of shape.").said(),
            )
        seals.append(provenance.Seal(first, last, signer, signature))
    return sorted(seals, key=lambda s: s.first_seq)


def check_trail(
    store_id: str,
    rows: Sequence[Mapping[str, Any]],
    seals: Sequence[provenance.Seal],
    state: KeyState,
    registered_admin_key: str | None,
) -> None:
    """Prove every row of ``rows`` (contiguous, in order); updates ``state``."""
    if not rows:
        return
    # Row ``seq`` is rows[seq - first_seq]: the rows are numbered one after another.
    first_seq, last_seq = int(rows[0]["seq"]), int(rows[-1]["seq"])
    if last_seq - first_seq + 1 != len(rows):
        raise ValueError("the rows to prove must be numbered one after another")
    expected = first_seq
    for seal in seals:
        if seal.last_seq < first_seq:
            continue  # a transaction the hub already holds, sent again
        if seal.first_seq != expected or not first_seq <= seal.last_seq <= last_seq:
            raise TrailRefused(
                "bad_seal",
                QT_TRANSLATE_NOOP(
                    "AuditTrail",
                    "The seals do not divide the audit rows into transactions at row {seq}.",
                ).format(seq=expected),
            )
        txn = rows[seal.first_seq - first_seq : seal.last_seq - first_seq + 1]
        _check_transaction(store_id, seal, txn, state, registered_admin_key)
        expected = seal.last_seq + 1
    if expected <= last_seq:
        raise TrailRefused(
            "unsealed",
            QT_TRANSLATE_NOOP(
                "AuditTrail", "Audit rows from {seq} on are not sealed by the person who made them."
            ).format(seq=expected),
        )


def _check_transaction(
    store_id: str,
    seal: provenance.Seal,
    txn: Sequence[Mapping[str, Any]],
    state: KeyState,
    registered_admin_key: str | None,
) -> None:
    signer = seal.signer
    for row in txn:
        if row["user_name"] != signer and row["action"] not in WITNESSED_ACTIONS:
            raise TrailRefused(
                "wrong_actor",
                QT_TRANSLATE_NOOP(
                    "AuditTrail",
                    "Audit row {seq} names {user}, but its transaction is signed by {signer}.",
                ).format(
                    seq=row["seq"], user=repr(str(row["user_name"])[:64]), signer=repr(signer[:64])
                ),
            )
    before = state.person(signer)
    bootstrap = not state.persons
    enrolments = _rows_by_record(txn, "person_keys")
    if bootstrap:
        before = _bootstrap_admin(signer, enrolments, registered_admin_key)
    if before is None:
        raise TrailRefused(
            "unknown_signer",
            QT_TRANSLATE_NOOP("AuditTrail", "{signer} has no enrolled key on this device.").format(
                signer=repr(signer[:64])
            ),
        )
    if before.get("active") != "true":
        raise TrailRefused(
            "inactive_signer",
            QT_TRANSLATE_NOOP("AuditTrail", "{signer} was disabled on this device.").format(
                signer=repr(signer[:64])
            ),
        )
    message = provenance.seal_message(
        store_id, seal.first_seq, seal.last_seq, str(txn[-1]["row_hash"]), signer
    )
    if not provenance.verify(str(before.get("public_key")), seal.signature, message):
        raise TrailRefused(
            "bad_seal_signature",
            QT_TRANSLATE_NOOP(
                "AuditTrail", "The seal on audit rows {first}–{last} is not {signer}'s signature."
            ).format(first=seal.first_seq, last=seal.last_seq, signer=signer[:64]),
        )
    own_record = next((rid for rid, f in state.persons.items() if f is before), None)
    _check_enrolments(signer, str(before.get("role")), own_record, enrolments, bootstrap)
    _apply(state, txn)
    _check_esignatures(store_id, signer, str(before.get("public_key")), txn, state)


def _rows_by_record(
    txn: Sequence[Mapping[str, Any]], table: str
) -> dict[str, list[Mapping[str, Any]]]:
    """The rows of ``txn`` that change ``table``, by record id."""
    out: dict[str, list[Mapping[str, Any]]] = {}
    for row in txn:
        if row["table_name"] == table:
            out.setdefault(str(row["record_id"]), []).append(row)
    return out


def _bootstrap_admin(
    signer: str,
    person_rows: Mapping[str, list[Mapping[str, Any]]],
    registered_admin_key: str | None,
) -> dict[str, Any] | None:
    """The first admin's enrolment, which the first transaction itself carries."""
    for rows in person_rows.values():
        fields = {r["field"]: r["new_value"] for r in rows if r["action"] == "insert"}
        if fields.get("user_name") == signer and fields.get("role") == "admin":
            if registered_admin_key is not None and fields.get("public_key") != (
                registered_admin_key
            ):
                raise TrailRefused(
                    "admin_key_mismatch",
                    QT_TRANSLATE_NOOP(
                        "AuditTrail",
                        "The first admin's key on this device is not the one registered at the hub "
                        "for it ({signer}).",
                    ).format(signer=signer[:64]),
                )
            fields.setdefault("active", "true")
            return fields
    raise TrailRefused(
        "unknown_signer",
        QT_TRANSLATE_NOOP(
            "AuditTrail", "The device's first transaction does not enrol its first admin."
        ).said(),
    )


def _check_enrolments(
    signer: str,
    role: str,
    own_record: str | None,
    person_rows: Mapping[str, list[Mapping[str, Any]]],
    bootstrap: bool,
) -> None:
    if not person_rows or bootstrap or role in AUTHORITIES:
        return
    for record_id, rows in person_rows.items():
        rotation = record_id == own_record and all(
            r["action"] == "update" and r["field"] in ROTATION_FIELDS for r in rows
        )
        if not rotation:
            raise TrailRefused(
                "unauthorised_enrolment",
                QT_TRANSLATE_NOOP(
                    "AuditTrail",
                    "{signer} ({role}) changed an enrolled key; only an admin may, "
                    "apart from a person replacing their own key.",
                ).format(signer=repr(signer[:64]), role=role[:20]),
            )


def _apply(state: KeyState, txn: Sequence[Mapping[str, Any]]) -> None:
    for row in txn:
        table, action = row["table_name"], row["action"]
        if table == "person_keys":
            fields = state.persons.setdefault(str(row["record_id"]), {})
            if action == "delete":
                fields["active"] = "false"
            else:
                fields[str(row["field"])] = row["new_value"]
        elif table == "users" and row["field"] == "name" and action != "delete":
            state.user_names[str(row["record_id"])] = str(row["new_value"])


def _check_esignatures(
    store_id: str,
    signer: str,
    public_key: str,
    txn: Sequence[Mapping[str, Any]],
    state: KeyState,
) -> None:
    inserted: dict[str, dict[str, Any]] = {}
    for row in txn:
        if row["table_name"] == "signatures" and row["action"] == "insert":
            inserted.setdefault(str(row["record_id"]), {})[str(row["field"])] = row["new_value"]
    for fields in inserted.values():
        signer_id = str(fields.get("signer_id"))
        message = provenance.esignature_message(
            store_id,
            str(fields.get("table_name")),
            str(fields.get("record_id")),
            str(fields.get("content_hash")),
            str(fields.get("meaning")),
            str(fields.get("signed_at")),
            signer_id,
        )
        if state.user_names.get(signer_id) != signer or not provenance.verify(
            public_key, str(fields.get("signature")), message
        ):
            raise TrailRefused(
                "bad_esignature",
                QT_TRANSLATE_NOOP(
                    "AuditTrail",
                    "An e-signature on {table} {record} is not its signer's own signature.",
                ).format(
                    table=str(fields.get("table_name"))[:64],
                    record=str(fields.get("record_id"))[:64],
                ),
            )
