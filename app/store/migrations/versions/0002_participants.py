"""Participants and vital signs.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("screening_number", sa.String(length=32), nullable=False),
        sa.Column("study_id", sa.String(length=32), nullable=True),
        sa.Column("initials", sa.String(length=8), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("age_years", sa.Integer(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("admission_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("kit_code", sa.String(length=32), nullable=True),
        sa.Column("screen_fail_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("screening_number", name=op.f("uq_participants_screening_number")),
        sa.UniqueConstraint("study_id", name=op.f("uq_participants_study_id")),
    )

    op.create_table(
        "vital_signs",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("visit_code", sa.String(length=16), nullable=False),
        sa.Column("measured_at", sa.String(length=27), nullable=False),
        sa.Column("temperature_c", sa.Float(), nullable=True),
        sa.Column("heart_rate_per_min", sa.Integer(), nullable=True),
        sa.Column("respiratory_rate_per_min", sa.Integer(), nullable=True),
        sa.Column("systolic_bp_mmhg", sa.Integer(), nullable=True),
        sa.Column("diastolic_bp_mmhg", sa.Integer(), nullable=True),
        sa.Column("spo2_percent", sa.Integer(), nullable=True),
        sa.Column("o2_device", sa.String(length=32), nullable=True),
        sa.Column("o2_flow_l_min", sa.Float(), nullable=True),
        sa.Column("fio2_fraction", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_vital_signs_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vital_signs")),
    )
    with op.batch_alter_table("vital_signs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vital_signs_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("vital_signs")
    op.drop_table("participants")
