"""Suggestion decisions carry a keyed checksum like every other row that records work.

A brief says which answers came from public data, so what the analyst decided is sealed as
the answers are. Rows written under schema 8 get their checksum when the app first opens the
upgraded library with the key it is sealed with (see ``checksums.seal_new_tables``).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

AIBRI_APPLICATION_ID = 0x41494252


def _stamp(version: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {AIBRI_APPLICATION_ID}")
        op.execute(f"PRAGMA user_version = {version}")


def upgrade() -> None:
    with op.batch_alter_table("suggestion_decisions") as batch:
        batch.add_column(sa.Column("checksum", sa.String(32), nullable=True))
    _stamp(9)


def downgrade() -> None:
    raise NotImplementedError("AIBRI Desktop databases are never downgraded; restore a backup.")
