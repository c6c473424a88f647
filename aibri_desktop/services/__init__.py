"""Use cases that every front end (window, command line, tests) calls.

``Services`` (in :mod:`.hub`) is imported on first use, not with the package: the window's
start-up reads the library before SQLAlchemy is loaded (see :mod:`.startup`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .hub import Services

__all__ = ["Services"]


def __getattr__(name: str) -> object:
    if name == "Services":
        from .hub import Services

        return Services
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
