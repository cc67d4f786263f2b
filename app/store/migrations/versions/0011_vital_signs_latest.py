"""Vital signs indexed by participant and time: a participant's latest is one index seek.

The index on (participant_id, measured_at) replaces the one on participant_id alone,
which it covers.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vital_signs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_vital_signs_participant_id_measured_at",
            ["participant_id", "measured_at"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_vital_signs_participant_id"))


def downgrade() -> None:
    with op.batch_alter_table("vital_signs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vital_signs_participant_id"), ["participant_id"], unique=False
        )
        batch_op.drop_index("ix_vital_signs_participant_id_measured_at")
