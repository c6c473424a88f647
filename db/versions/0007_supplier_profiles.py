"""Framework 2.0: the supplier state as a parameter, and the assessment's perspective.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A new table keeps every supplier profile an assessment was made with, whole (as ``frameworks``
keeps frameworks). Assessments gain ``supplier_id``, ``supplier_version`` and ``supplier_hash``
(NULL for assessments on a format-1 framework, whose texts name the PRC themselves) and
``perspective`` (inside: the analyst's own country; outside: another country; NULL where it
was never recorded). Columns are added without a table rebuild, so existing rows and their
checksums stay exactly as they were.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    op.create_table(
        "supplier_profiles",
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("supplier_id", sa.String(8), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("checksum", sa.String(32), nullable=True),
        sa.PrimaryKeyConstraint("content_hash", name=op.f("pk_supplier_profiles")),
    )
    op.add_column("assessments", sa.Column("supplier_id", sa.String(8), nullable=True))
    op.add_column("assessments", sa.Column("supplier_version", sa.String(32), nullable=True))
    # no foreign key: SQLite adds one only by rebuilding the table, which would rewrite every
    # row; the services store the profile before any assessment names it
    op.add_column("assessments", sa.Column("supplier_hash", sa.String(64), nullable=True))
    op.add_column("assessments", sa.Column("perspective", sa.String(8), nullable=True))
    _stamp(7)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
