"""Alembic environment for AIBRI Desktop.

The app calls it through ``aibri_desktop.storage.migrate.upgrade`` with an open connection whose
transaction is already begun (foreign keys off), so the whole upgrade commits or rolls back as
one.
"""

from __future__ import annotations

from alembic import context

from aibri_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through aibri_desktop.storage.migrate, not the alembic CLI.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables instead
    transactional_ddl=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
