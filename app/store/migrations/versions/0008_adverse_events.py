"""Adverse events, SAE reports to the sponsor, and concomitant medications.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "adverse_events",
        sa.Column("term_code", sa.String(length=48), nullable=True),
        sa.Column("term_text", sa.String(length=200), nullable=False),
        sa.Column("ctcae_version", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("onset_at", sa.String(length=27), nullable=False),
        sa.Column("end_at", sa.String(length=27), nullable=True),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("serious", sa.Boolean(), nullable=False),
        sa.Column("serious_death", sa.Boolean(), nullable=False),
        sa.Column("serious_life_threatening", sa.Boolean(), nullable=False),
        sa.Column("serious_hospitalisation", sa.Boolean(), nullable=False),
        sa.Column("serious_disability", sa.Boolean(), nullable=False),
        sa.Column("serious_congenital_anomaly", sa.Boolean(), nullable=False),
        sa.Column("serious_medically_important", sa.Boolean(), nullable=False),
        sa.Column("aware_at", sa.String(length=27), nullable=True),
        sa.Column("clock_started_at", sa.String(length=27), nullable=True),
        sa.Column("causality_product", sa.String(length=16), nullable=True),
        sa.Column("causality_procedures", sa.String(length=16), nullable=True),
        sa.Column("expectedness", sa.String(length=16), nullable=True),
        sa.Column("rsi_version", sa.String(length=64), nullable=True),
        sa.Column("action_taken", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("infusion_id", sa.String(length=36), nullable=True),
        sa.Column("infusion_related", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.String(length=27), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_adverse_events_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adverse_events")),
    )
    op.create_index(
        op.f("ix_adverse_events_participant_id"), "adverse_events", ["participant_id"], unique=False
    )
    op.create_table(
        "con_meds",
        sa.Column("drug", sa.String(length=200), nullable=False),
        sa.Column("dose", sa.String(length=32), nullable=True),
        sa.Column("dose_unit", sa.String(length=16), nullable=True),
        sa.Column("route", sa.String(length=16), nullable=True),
        sa.Column("frequency", sa.String(length=200), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("stop_on", sa.Date(), nullable=True),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("indication", sa.String(length=200), nullable=True),
        sa.Column("conventional", sa.Boolean(), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_con_meds_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_con_meds")),
    )
    op.create_index(
        op.f("ix_con_meds_participant_id"), "con_meds", ["participant_id"], unique=False
    )
    op.create_table(
        "sae_reports",
        sa.Column("adverse_event_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.String(length=27), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adverse_event_id"],
            ["adverse_events.id"],
            name=op.f("fk_sae_reports_adverse_event_id_adverse_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sae_reports")),
    )
    op.create_index(
        op.f("ix_sae_reports_adverse_event_id"), "sae_reports", ["adverse_event_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sae_reports_adverse_event_id"), table_name="sae_reports")
    op.drop_table("sae_reports")
    op.drop_index(op.f("ix_con_meds_participant_id"), table_name="con_meds")
    op.drop_table("con_meds")
    op.drop_index(op.f("ix_adverse_events_participant_id"), table_name="adverse_events")
    op.drop_table("adverse_events")
