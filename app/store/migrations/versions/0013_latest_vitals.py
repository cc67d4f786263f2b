"""Each participant's latest vital signs time, kept by triggers: the list reads one row each.

``participant_latest_vitals`` holds, per participant with vital signs, the time of the
latest set. Triggers on ``vital_signs`` recompute a participant's row (one seek into the
(participant, time) index) in the transaction that inserts, corrects or deletes a set,
whichever code path writes it; the rows are filled from the vital signs already saved.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# The participant's row again: gone if no vital signs are left.
_RECOMPUTE = """
    DELETE FROM participant_latest_vitals WHERE participant_id = {who}.participant_id;
    INSERT INTO participant_latest_vitals (participant_id, measured_at)
        SELECT participant_id, max(measured_at) FROM vital_signs
        WHERE participant_id = {who}.participant_id GROUP BY participant_id;
"""
TRIGGERS = {
    "vital_signs_latest_after_insert": (
        "AFTER INSERT ON vital_signs",
        _RECOMPUTE.format(who="NEW"),
    ),
    "vital_signs_latest_after_delete": (
        "AFTER DELETE ON vital_signs",
        _RECOMPUTE.format(who="OLD"),
    ),
    "vital_signs_latest_after_update": (
        "AFTER UPDATE OF participant_id, measured_at ON vital_signs",
        _RECOMPUTE.format(who="OLD") + _RECOMPUTE.format(who="NEW"),
    ),
}


def upgrade() -> None:
    op.create_table(
        "participant_latest_vitals",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("measured_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("participant_id"),
    )
    op.execute(
        "INSERT INTO participant_latest_vitals (participant_id, measured_at) "
        "SELECT participant_id, max(measured_at) FROM vital_signs GROUP BY participant_id"
    )
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {body} END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("participant_latest_vitals")
