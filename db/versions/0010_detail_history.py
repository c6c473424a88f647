"""An assessment's details (title, as-of date, marking, assessor, perspective, modules) can
change after creation; each change is recorded, sealed like the answer history.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    op.create_table(
        "detail_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(32), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE",
                                name=op.f("fk_detail_history_assessment_id_assessments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detail_history")),
    )
    op.create_index("ix_detail_history_assessment", "detail_history", ["assessment_id"])
    _stamp(10)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
