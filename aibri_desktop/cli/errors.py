"""Errors the command line reports in one line."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused action; ``str()`` is the message, printed without a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
