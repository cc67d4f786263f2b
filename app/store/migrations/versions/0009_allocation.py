"""The allocation list, blinding-key grants, code-breaks, preparations and unblindings.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allocation_parts",
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("study", sa.String(length=64), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.String(length=27), nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("slot_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=27), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_parts")),
        sa.UniqueConstraint("payload_sha256", name=op.f("uq_allocation_parts_payload_sha256")),
        sa.UniqueConstraint("serial", name=op.f("uq_allocation_parts_serial")),
    )
    op.create_table(
        "blinding_grants",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blinding_grants")),
    )
    op.create_table(
        "code_breaks",
        sa.Column("kit_code", sa.String(length=32), nullable=False),
        sa.Column("investigator", sa.String(length=64), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_breaks")),
    )
    with op.batch_alter_table("code_breaks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_code_breaks_kit_code"), ["kit_code"], unique=False)

    op.create_table(
        "allocation_slots",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kit_code", sa.String(length=32), nullable=False),
        sa.Column("part_serial", sa.Integer(), nullable=False),
        sa.Column("arm_sealed", sa.Text(), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("randomised_at", sa.String(length=27), nullable=True),
        sa.Column("randomised_by", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_allocation_slots_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_slots")),
        sa.UniqueConstraint("kit_code", name=op.f("uq_allocation_slots_kit_code")),
        sa.UniqueConstraint("number", name=op.f("uq_allocation_slots_number")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_allocation_slots_participant_id")),
    )
    op.create_table(
        "preparations",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("kit_code", sa.String(length=32), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("weight_kg", sa.String(length=16), nullable=False),
        sa.Column("volume_ml", sa.String(length=16), nullable=False),
        sa.Column("prepared_at", sa.String(length=27), nullable=False),
        sa.Column("use_by_at", sa.String(length=27), nullable=False),
        sa.Column("appearance_ok", sa.Boolean(), nullable=False),
        sa.Column("content_sealed", sa.Text(), nullable=False),
        sa.Column("prepared_by", sa.String(length=64), nullable=False),
        sa.Column("checked_by", sa.String(length=64), nullable=True),
        sa.Column("checked_at", sa.String(length=27), nullable=True),
        sa.Column("check_kind", sa.String(length=16), nullable=True),
        sa.Column("released_at", sa.String(length=27), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("discard_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_preparations_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preparations")),
    )
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_preparations_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "unblindings",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("kit_code", sa.String(length=32), nullable=False),
        sa.Column("unblinded_by", sa.String(length=64), nullable=False),
        sa.Column("unblinded_at", sa.String(length=27), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_unblindings_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unblindings")),
    )
    with op.batch_alter_table("unblindings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unblindings_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("unblindings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unblindings_participant_id"))

    op.drop_table("unblindings")
    with op.batch_alter_table("preparations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_preparations_participant_id"))

    op.drop_table("preparations")
    op.drop_table("allocation_slots")
    with op.batch_alter_table("code_breaks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_code_breaks_kit_code"))

    op.drop_table("code_breaks")
    op.drop_table("blinding_grants")
    op.drop_table("allocation_parts")
