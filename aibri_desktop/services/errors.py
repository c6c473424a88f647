"""Errors a use case reports to its front end; ``str()`` is one clear sentence."""

from __future__ import annotations

from ..storage.sqlite_files import BusyError, ConnectionLostError, DatabaseError

__all__ = ["RETRYABLE", "ChangedSinceError", "DatabaseError", "InvalidInputError",
           "LockedError", "NotFoundError", "ServiceError"]

# Failures after which the same change can simply be made again: another writer held the
# database (or the assessment) too long, or the connection to the server was lost. Nothing of
# the change was written; a front end keeps what the user entered and offers to retry.
RETRYABLE = (BusyError, ConnectionLostError)


class ServiceError(Exception):
    """A refused or impossible action. Nothing was changed."""


class NotFoundError(ServiceError):
    pass


class LockedError(ServiceError):
    pass


class InvalidInputError(ServiceError):
    pass


class ChangedSinceError(ServiceError):
    """What a save, an undo or a redo would overwrite was changed by someone else since."""
