"""Sync: the device's signing key, the pinned hub, the outbox; the study on store_info.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_keys",
        sa.Column("key_id_hex", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("private_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.Column("retired_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("key_id_hex", name=op.f("pk_device_keys")),
    )
    op.create_table(
        "hub_pins",
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("minisign_public_key", sa.String(length=200), nullable=False),
        sa.Column("pinned_at", sa.String(length=27), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_pins")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("audit_first", sa.Integer(), nullable=False),
        sa.Column("audit_last", sa.Integer(), nullable=False),
        sa.Column("audit_head", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.String(length=27), nullable=False),
        sa.Column("acked_at", sa.String(length=27), nullable=True),
        sa.Column("receipt_json", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("store_info", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("study", sa.String(length=64), nullable=False, server_default="NCT04339660")
        )


def downgrade() -> None:
    with op.batch_alter_table("store_info", schema=None) as batch_op:
        batch_op.drop_column("study")
    op.drop_table("outbox")
    op.drop_table("hub_pins")
    op.drop_table("device_keys")
