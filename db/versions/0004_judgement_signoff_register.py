"""Analyst judgement, sign-off and the register of issued briefs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Judgements (key judgements, a comment per dimension, the analyst's choice for each triggered
policy option) are kept as JSON on the assessment; marking final records who reviewed it and
when; every brief written is entered in a register with the SHA-256 of the file.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("judgements", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("finalised_at", sa.DateTime(), nullable=True))
    op.create_table(
        "issued_briefs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.String(length=36), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("marking", sa.String(length=400), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"],
                                name=op.f("fk_issued_briefs_assessment_id_assessments"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_briefs")),
    )
    _stamp(4)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
