"""Checksums on every row that records work, keyed with a secret outside the database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

The answer history, the register of issued briefs and the stored frameworks get a checksum
column, and a library log records what was done to the library as a whole (an adoption on
another computer). The app then re-seals every row under the keyed rule — but only rows that
verify under the old rule first: a row changed outside the app stays reported. The meta row
``checksum_rule`` says which rule the rows are sealed under until then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    # ADD COLUMN without a table rebuild: the history can hold hundreds of thousands of rows
    for table in ("answer_history", "issued_briefs", "frameworks"):
        op.add_column(table, sa.Column("checksum", sa.String(length=32), nullable=True))
    op.create_table(
        "library_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=200), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_log")),
    )
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.delete().where(meta.c.key == "checksum_rule"))
    op.execute(meta.insert().values(key="checksum_rule", value="1"))
    _stamp(5)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
