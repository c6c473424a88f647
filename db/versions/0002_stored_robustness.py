"""Keep the robustness results with an assessment when it is marked final.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

A brief re-printed later must show the same Monte Carlo figures, so they are stored (as JSON)
when the assessment is marked final rather than recomputed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("robustness", sa.Text(), nullable=True))
    _stamp(2)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
