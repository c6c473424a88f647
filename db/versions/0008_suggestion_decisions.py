"""What the analyst did with each suggestion from reference data (accepted or rejected).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    op.create_table(
        "suggestion_decisions",
        sa.Column("assessment_id", sa.String(36), nullable=False),
        sa.Column("indicator_id", sa.String(16), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("dataset_version", sa.String(32), nullable=False),
        sa.Column("dataset_hash", sa.String(64), nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE",
                                name=op.f("fk_suggestion_decisions_assessment_id_assessments")),
        sa.PrimaryKeyConstraint("assessment_id", "indicator_id",
                                name=op.f("pk_suggestion_decisions")),
    )
    _stamp(8)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
