"""Opening the database for a command, with every failure turned into one line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..domain.roles import Action, refusal
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


def required_action(args: argparse.Namespace) -> Action:
    """What a command does to the library, for the role check (domain/roles.py)."""
    command = getattr(args, "command", None)
    if command in ("create", "duplicate", "edit", "demo", "answer", "delete", "undelete",
                   "import"):
        return Action.EDIT
    if command == "framework" and getattr(args, "framework_command", None) == "add":
        return Action.EDIT
    if command == "suggest" and (getattr(args, "accept", None) or getattr(args, "reject", None)):
        return Action.EDIT
    if command in ("rescore", "finalize", "archive"):
        return Action.SIGN
    if command in ("threshold", "paper") and getattr(args, command if command == "paper"
                                                     else "band", None) is not None:
        return Action.SETTINGS
    if command == "reference" and getattr(args, "verb", None) in ("approve", "import"):
        return Action.SETTINGS
    if command in ("purge", "restore") or (command == "check" and getattr(args, "adopt", False)):
        return Action.MAINTAIN
    return Action.READ


def named(opened: Services, given: str | None, option: str) -> str | None:
    """A name given with ``option`` (--who, --by) for the record: on a server the connected
    login is recorded, so another name is refused rather than quietly replaced."""
    user = opened.database.user
    name = (given or "").strip()
    if user is not None and name and name != user:
        raise UserError(_("On a shared server the connected login is recorded: leave out "
                          "{option} (you are connected as {user}); nothing was "
                          "changed.").format(option=option, user=user))
    return given


def signer(opened: Services, given: str | None, option: str = "--reviewer") -> str:
    """The name a sign-off (finalize, rescore, approving reference data) records: on a
    laptop's file the name given with ``option``, which is then needed; on a server the
    connected login, so a name of someone else is refused (nobody signs for another)."""
    name = (given or "").strip()
    user = opened.database.user
    if user is not None:
        if name and name != user:
            raise UserError(_("On a shared server the connected reviewer signs: leave out "
                              "{option} (you are connected as {user}); nothing was "
                              "changed.").format(option=option, user=user))
        return user
    if not name:
        raise UserError(_("{option} NAME is needed: the sign-off records who decided it; "
                          "nothing was changed.").format(option=option))
    return name


EX_TEMPFAIL = 75  # sysexits.h: a temporary failure, worth retrying


@contextmanager
def services(args: argparse.Namespace) -> Iterator[Services]:
    from ..domain.framework_file import FrameworkError
    from ..services import Services
    from ..services.errors import ServiceError
    from ..storage.database import BusyError, ConnectionLostError
    from ..storage.sqlite_files import DatabaseError

    try:
        opened = Services.open(database_spec(args))
    except DatabaseError as exc:
        raise UserError(str(exc)) from None
    except FrameworkError as exc:
        raise UserError(_("A bundled framework is damaged: {error}").format(error=exc)) from None
    database = opened.database
    reason = refusal(database.role, required_action(args), database.user or "", _=_)
    if reason is not None:
        opened.close()
        raise UserError(reason)
    try:
        yield opened
    except ServiceError as exc:
        raise UserError(str(exc)) from None
    except (BusyError, ConnectionLostError) as exc:  # retryable: another writer, the network
        raise UserError(str(exc), exit_code=EX_TEMPFAIL) from None
    except DatabaseError as exc:  # read-only, disk full: said in one line
        raise UserError(str(exc)) from None
    finally:
        opened.close()
