"""Running the Alembic migrations shipped in ``db/`` (imported only when a migration is due)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from ..paths import migrations_dir
from .engine import make_engine
from .sqlite_files import DatabaseError


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(url: str) -> None:
    """Upgrade to the newest schema in one transaction with foreign keys off, then check them.

    Foreign keys are off because rebuilding a table in a batch migration would otherwise fire
    ON DELETE CASCADE and silently empty its child tables.
    """
    engine = make_engine(url, foreign_keys=False, limits=False)
    config = _config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if connection.dialect.name == "sqlite":
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseError(
                        f"The database upgrade was undone: it would leave {len(problems)} "
                        "broken references between tables."
                    )
    finally:
        engine.dispose()


def head_state(connection: Connection) -> tuple[str | None, str | None, bool]:
    """(the database's schema revision, this version's head, whether the revision is one this
    version knows)."""
    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    current = MigrationContext.configure(connection).get_current_revision()
    return current, script.get_current_head(), current is None or current in known
