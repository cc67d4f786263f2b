"""A device's epochs: the manifest's epoch field, and which stored rows each epoch continues."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.hub.epochs import FIRST, STRIDE, Epoch, segments
from app.sync.bundle_manifest import build_manifest, canonical_json, manifest_problem


def manifest(epoch: int = 1) -> dict[str, object]:
    built = build_manifest(
        study="NCT04339660",
        site="WH01",
        device="LAP1",
        seq=3,
        prev_bundle_sha256="a" * 64,
        changes=(5, 9),
        audit=(5, 9),
        audit_head="b" * 64,
        created_at=datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        epoch=epoch,
    )
    return {**built, "members": {}}


def test_epoch_one_is_the_manifest_as_it_was_and_later_epochs_are_named() -> None:
    assert "epoch" not in manifest()
    assert b'"epoch"' not in canonical_json(manifest())
    assert manifest(2)["epoch"] == 2
    assert manifest_problem(manifest()) is None
    assert manifest_problem(manifest(2)) is None


@pytest.mark.parametrize("value", [0, 1, -2, True, "2", 2.0, None, 10**7])
def test_an_epoch_that_is_not_a_whole_number_from_two_is_refused(value: object) -> None:
    broken = {**manifest(), "epoch": value}
    assert manifest_problem(broken) == "The manifest's epoch is not a whole number from 2 on."


def test_the_first_epoch_is_one_range_as_before() -> None:
    assert segments([FIRST], 1, 40) == [(1, 40, 0)]
    assert segments([FIRST], 5, 4) == []


def test_each_epoch_continues_the_chain_it_was_endorsed_from() -> None:
    # Epoch 2 after row 30; epoch 3 after row 12 (restored to an even older backup).
    chain = [FIRST, Epoch(2, 30, STRIDE), Epoch(3, 12, 2 * STRIDE)]
    assert segments(chain, 1, 50) == [(1, 12, 0), (13, 50, 2 * STRIDE)]
    # Epoch 3 after row 35, within what epoch 2 wrote.
    chain = [FIRST, Epoch(2, 30, STRIDE), Epoch(3, 35, 2 * STRIDE)]
    assert segments(chain, 1, 50) == [(1, 30, 0), (31, 35, STRIDE), (36, 50, 2 * STRIDE)]
    assert segments(chain, 33, 34) == [(33, 34, STRIDE)]
    assert segments(chain, 36, 36) == [(36, 36, 2 * STRIDE)]
