"""Each person's signing key, transaction seals, and signed e-signatures.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_keys",
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("public_key", sa.String(length=44), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("enrolled_at", sa.String(length=27), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_keys")),
        sa.UniqueConstraint("user_name", name=op.f("uq_person_keys_user_name")),
    )
    op.create_table(
        "audit_seals",
        sa.Column("last_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_seq", sa.Integer(), nullable=False),
        sa.Column("signer", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=88), nullable=False),
        sa.PrimaryKeyConstraint("last_seq", name=op.f("pk_audit_seals")),
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.String(length=88), nullable=True))
    # Seals, like audit rows, are never changed or removed once written.
    op.execute(
        "CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals "
        "BEGIN SELECT RAISE(ABORT, 'audit seals are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals "
        "BEGIN SELECT RAISE(ABORT, 'audit seals are append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_seals_no_delete")
    op.execute("DROP TRIGGER audit_seals_no_update")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_column("signature")
    op.drop_table("audit_seals")
    op.drop_table("person_keys")
