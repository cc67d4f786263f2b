"""Bundles are recorded before their files land in the sync folder, and marked placed after.

A bundle recorded but not yet placed is settled by the next export: kept if its file is in
the folder whole, forgotten (its number used again) if not. Bundles written before this
revision were recorded only once placed.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placed_at", sa.String(length=27), nullable=True))
    op.execute("UPDATE outbox SET placed_at = exported_at")


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("placed_at")
