"""Errors a use case reports to its front end; ``str()`` is one clear sentence."""

from __future__ import annotations

from ..storage.sqlite_files import DatabaseError

__all__ = ["DatabaseError", "InvalidInputError", "LockedError", "NotFoundError", "ServiceError"]


class ServiceError(Exception):
    """A refused or impossible action. Nothing was changed."""


class NotFoundError(ServiceError):
    pass


class LockedError(ServiceError):
    pass


class InvalidInputError(ServiceError):
    pass
