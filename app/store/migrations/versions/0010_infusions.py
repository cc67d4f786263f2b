"""The bedside infusion: product checks, infusions, their interruptions and timed vitals.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "product_checks",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("preparation_id", sa.String(length=36), nullable=True),
        sa.Column("wristband_text", sa.String(length=64), nullable=False),
        sa.Column("label_text", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.String(length=27), nullable=False),
        sa.Column("checked_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_product_checks_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["preparation_id"],
            ["preparations.id"],
            name=op.f("fk_product_checks_preparation_id_preparations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_checks")),
    )
    with op.batch_alter_table("product_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_checks_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "infusions",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("preparation_id", sa.String(length=36), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("product_check_id", sa.String(length=36), nullable=True),
        sa.Column("started_at", sa.String(length=27), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("stopped_at", sa.String(length=27), nullable=True),
        sa.Column("stopped_by", sa.String(length=64), nullable=True),
        sa.Column("rate_ml_h", sa.String(length=16), nullable=False),
        sa.Column("volume_infused_ml", sa.String(length=16), nullable=True),
        sa.Column("line", sa.String(length=64), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("stopped_early_reason", sa.Text(), nullable=True),
        sa.Column("transcribed_from_paper", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_infusions_participant_id_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["preparation_id"],
            ["preparations.id"],
            name=op.f("fk_infusions_preparation_id_preparations"),
        ),
        sa.ForeignKeyConstraint(
            ["product_check_id"],
            ["product_checks.id"],
            name=op.f("fk_infusions_product_check_id_product_checks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusions")),
    )
    with op.batch_alter_table("infusions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_infusions_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "infusion_interruptions",
        sa.Column("infusion_id", sa.String(length=36), nullable=False),
        sa.Column("interrupted_at", sa.String(length=27), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("restarted_at", sa.String(length=27), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["infusion_id"],
            ["infusions.id"],
            name=op.f("fk_infusion_interruptions_infusion_id_infusions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion_interruptions")),
    )
    with op.batch_alter_table("infusion_interruptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_infusion_interruptions_infusion_id"), ["infusion_id"], unique=False
        )

    op.create_table(
        "infusion_vitals",
        sa.Column("infusion_id", sa.String(length=36), nullable=False),
        sa.Column("timepoint_code", sa.String(length=16), nullable=False),
        sa.Column("target_at", sa.String(length=27), nullable=True),
        sa.Column("measured_at", sa.String(length=27), nullable=True),
        sa.Column("measured_by", sa.String(length=64), nullable=False),
        sa.Column("temperature_c", sa.String(length=16), nullable=True),
        sa.Column("heart_rate_per_min", sa.String(length=16), nullable=True),
        sa.Column("respiratory_rate_per_min", sa.String(length=16), nullable=True),
        sa.Column("systolic_bp_mmhg", sa.String(length=16), nullable=True),
        sa.Column("diastolic_bp_mmhg", sa.String(length=16), nullable=True),
        sa.Column("spo2_percent", sa.String(length=16), nullable=True),
        sa.Column("skipped_reason", sa.Text(), nullable=True),
        sa.Column("stop_criteria", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["infusion_id"], ["infusions.id"], name=op.f("fk_infusion_vitals_infusion_id_infusions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_infusion_vitals")),
        sa.UniqueConstraint(
            "infusion_id", "timepoint_code", name=op.f("uq_infusion_vitals_infusion_id")
        ),
    )
    with op.batch_alter_table("infusion_vitals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_infusion_vitals_infusion_id"), ["infusion_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("infusion_vitals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infusion_vitals_infusion_id"))

    op.drop_table("infusion_vitals")
    with op.batch_alter_table("infusion_interruptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infusion_interruptions_infusion_id"))

    op.drop_table("infusion_interruptions")
    with op.batch_alter_table("infusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_infusions_participant_id"))

    op.drop_table("infusions")
    with op.batch_alter_table("product_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_checks_participant_id"))

    op.drop_table("product_checks")
