"""Opening the database for a command, with every failure turned into one line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..i18n import _
from .errors import UserError

if TYPE_CHECKING:
    from ..services import Services


def database_spec(args: argparse.Namespace) -> str:
    """--db, else AIBRI_DB, else the default file in the user data folder."""
    if getattr(args, "db", None):
        return str(args.db)
    env = os.environ.get("AIBRI_DB")
    if env:
        return env
    from ..paths import default_database_path

    return str(default_database_path())


EX_TEMPFAIL = 75  # sysexits.h: a temporary failure, worth retrying


@contextmanager
def services(args: argparse.Namespace) -> Iterator[Services]:
    from ..domain.framework_file import FrameworkError
    from ..services import Services
    from ..services.errors import ServiceError
    from ..storage.database import BusyError
    from ..storage.sqlite_files import DatabaseError

    try:
        opened = Services.open(database_spec(args))
    except DatabaseError as exc:
        raise UserError(str(exc)) from None
    except FrameworkError as exc:
        raise UserError(_("A bundled framework is damaged: {error}").format(error=exc)) from None
    try:
        yield opened
    except ServiceError as exc:
        raise UserError(str(exc)) from None
    except BusyError as exc:  # another writer held the lock past the busy timeout: retryable
        raise UserError(str(exc), exit_code=EX_TEMPFAIL) from None
    except DatabaseError as exc:  # read-only, disk full: said in one line
        raise UserError(str(exc)) from None
    finally:
        opened.close()
