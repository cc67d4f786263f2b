"""clinical forms

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:47:12.340028
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "chest_imaging",
        sa.Column("visit_code", sa.String(length=16), nullable=True),
        sa.Column("imaged_on", sa.Date(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("lesion_extent_percent", sa.String(length=16), nullable=True),
        sa.Column("finding", sa.Text(), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_chest_imaging_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chest_imaging")),
    )
    with op.batch_alter_table("chest_imaging", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chest_imaging_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "dispositions",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("event_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_dispositions_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
    )
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispositions_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "lab_results",
        sa.Column("visit_code", sa.String(length=16), nullable=True),
        sa.Column("sampled_at", sa.String(length=27), nullable=False),
        sa.Column("analyte_code", sa.String(length=32), nullable=False),
        sa.Column("value_entered", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("reference_low", sa.String(length=32), nullable=True),
        sa.Column("reference_high", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_lab_results_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_results")),
    )
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lab_results_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "nucleic_acid_tests",
        sa.Column("sampled_at", sa.String(length=27), nullable=False),
        sa.Column("specimen", sa.String(length=32), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_nucleic_acid_tests_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nucleic_acid_tests")),
    )
    with op.batch_alter_table("nucleic_acid_tests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nucleic_acid_tests_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "oxygenation",
        sa.Column("visit_code", sa.String(length=16), nullable=True),
        sa.Column("measured_at", sa.String(length=27), nullable=False),
        sa.Column("spo2_percent", sa.String(length=16), nullable=True),
        sa.Column("at_rest", sa.Boolean(), nullable=True),
        sa.Column("o2_device", sa.String(length=32), nullable=False),
        sa.Column("o2_flow_l_min", sa.String(length=16), nullable=True),
        sa.Column("fio2_entered", sa.String(length=16), nullable=True),
        sa.Column("fio2_fraction", sa.String(length=16), nullable=True),
        sa.Column("fio2_source", sa.String(length=16), nullable=True),
        sa.Column("fio2_at", sa.String(length=27), nullable=True),
        sa.Column("pao2_entered", sa.String(length=16), nullable=True),
        sa.Column("pao2_unit", sa.String(length=8), nullable=True),
        sa.Column("pao2_mmhg", sa.String(length=32), nullable=True),
        sa.Column("pf_ratio_mmhg", sa.String(length=32), nullable=True),
        sa.Column("pf_band", sa.String(length=16), nullable=True),
        sa.Column("sf_ratio_estimate", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_oxygenation_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oxygenation")),
    )
    with op.batch_alter_table("oxygenation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oxygenation_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "symptoms",
        sa.Column("symptom", sa.String(length=32), nullable=False),
        sa.Column("onset_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_symptoms_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_symptoms")),
    )
    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_symptoms_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "who_scale_scores",
        sa.Column("visit_code", sa.String(length=16), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_who_scale_scores_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_who_scale_scores")),
    )
    with op.batch_alter_table("who_scale_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_who_scale_scores_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "eligibility_assessments",
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("rt_pcr_date", sa.Date(), nullable=True),
        sa.Column("rt_pcr_positive", sa.Boolean(), nullable=True),
        sa.Column("ct_date", sa.Date(), nullable=True),
        sa.Column("ct_characteristic", sa.Boolean(), nullable=True),
        sa.Column("ct_finding", sa.Text(), nullable=True),
        sa.Column("respiratory_rate_per_min", sa.String(length=16), nullable=True),
        sa.Column("spo2_at_rest_percent", sa.String(length=16), nullable=True),
        sa.Column("oxygenation_id", sa.String(length=36), nullable=True),
        sa.Column("pf_ratio_mmhg", sa.String(length=32), nullable=True),
        sa.Column("answers_json", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("verdict_text", sa.Text(), nullable=False),
        sa.Column("protocol_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["oxygenation_id"],
            ["oxygenation.id"],
            name=op.f("fk_eligibility_assessments_oxygenation_id_oxygenation"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_eligibility_assessments_participant_id_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_assessments")),
    )
    with op.batch_alter_table("eligibility_assessments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_eligibility_assessments_participant_id"),
            ["participant_id"],
            unique=False,
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("day0_on", sa.Date(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("day0_on")

    with op.batch_alter_table("eligibility_assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eligibility_assessments_participant_id"))

    op.drop_table("eligibility_assessments")
    with op.batch_alter_table("who_scale_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_who_scale_scores_participant_id"))

    op.drop_table("who_scale_scores")
    with op.batch_alter_table("symptoms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_symptoms_participant_id"))

    op.drop_table("symptoms")
    with op.batch_alter_table("oxygenation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oxygenation_participant_id"))

    op.drop_table("oxygenation")
    with op.batch_alter_table("nucleic_acid_tests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nucleic_acid_tests_participant_id"))

    op.drop_table("nucleic_acid_tests")
    with op.batch_alter_table("lab_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lab_results_participant_id"))

    op.drop_table("lab_results")
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispositions_participant_id"))

    op.drop_table("dispositions")
    with op.batch_alter_table("chest_imaging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chest_imaging_participant_id"))

    op.drop_table("chest_imaging")
