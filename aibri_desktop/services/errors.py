"""Errors a use case reports to its front end; ``str()`` is one clear sentence."""

from __future__ import annotations

from ..storage.sqlite_files import DatabaseError

__all__ = ["ChangedSinceError", "DatabaseError", "InvalidInputError", "LockedError",
           "NotFoundError", "ServiceError"]


class ServiceError(Exception):
    """A refused or impossible action. Nothing was changed."""


class NotFoundError(ServiceError):
    pass


class LockedError(ServiceError):
    pass


class InvalidInputError(ServiceError):
    pass


class ChangedSinceError(ServiceError):
    """What an undo or redo would overwrite was changed by someone else since."""
