"""Scoring rules version 2: range answers and the rules version of each assessment's figures.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Answers gain ``level_low`` and ``level_high`` (a range answer: "between level a and level b").
Assessments gain ``scoring_rules``, left NULL here: the step that runs when the app opens the
upgraded library (after the verified backup and with this computer's key) rescores drafts
under version 2 and keeps final assessments on version 1, as signed off. Columns are added
without a table rebuild, so existing rows and their checksums stay exactly as they were.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    op.add_column("answers", sa.Column("level_low", sa.Integer(), nullable=True))
    op.add_column("answers", sa.Column("level_high", sa.Integer(), nullable=True))
    op.add_column("assessments", sa.Column("scoring_rules", sa.Integer(), nullable=True))
    _stamp(6)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
