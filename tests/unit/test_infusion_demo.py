"""The demo's infusions: one check coming due, one overdue, completed ones off Today."""

from __future__ import annotations

from datetime import timedelta

from app.services.infusion import infusions_for, infusions_in_progress
from app.services.infusion_demo import seed_infusions
from tests.conftest import OpenStore
from tests.infusion_helper import T0, nurse, randomised

NOW = T0 + timedelta(days=3)


def test_the_demo_has_a_check_due_soon_one_overdue_and_a_completed_infusion(
    opened: OpenStore,
) -> None:
    soon = randomised(opened, 1, prepared_at=NOW - timedelta(hours=1))
    late = randomised(opened, 2, arm="PLACEBO", prepared_at=NOW - timedelta(hours=1))
    done = randomised(opened, 3, prepared_at=T0)
    made = seed_infusions(opened.store, nurse(opened), NOW, due_soon=soon.participant_id,
                          overdue=late.participant_id,
                          done=[(done.participant_id, T0 + timedelta(minutes=30))])  # fmt: skip
    assert len(made) == 3
    today = {v.participant_id: v for v in infusions_in_progress(opened.store, NOW)}
    assert set(today) == {soon.participant_id, late.participant_id}
    first = today[soon.participant_id].next_due
    assert first is not None and first.code == "DUR15" and first.status == "upcoming"
    assert first.target_at == NOW + timedelta(minutes=7)
    second = today[late.participant_id].next_due
    assert second is not None and second.code == "DUR15" and second.status == "overdue"
    (finished,) = infusions_for(opened.store, done.participant_id, NOW)
    assert finished.status == "completed" and finished.volume_infused_ml == "100"
    assert {p.status for p in finished.timepoints} == {"done"}
