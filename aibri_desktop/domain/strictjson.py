"""JSON parsing for files that come from outside: strict and bounded.

Python's ``json`` accepts duplicate keys (the last wins), ``NaN`` and ``Infinity``, and raises
``RecursionError`` on deeply nested input. A framework or exchange file with any of those is
refused here with one clear message instead.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64


class StrictJSONError(ValueError):
    """The text is not acceptable JSON; ``str()`` is a message for the user."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise StrictJSONError(f"the key '{key}' appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise StrictJSONError(f"'{name}' is not a number JSON allows")


def _check_depth(text: str, limit: int) -> None:
    """Reject nesting deeper than ``limit`` before the parser recurses into it."""
    depth = 0
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                raise StrictJSONError(f"the data is nested more than {limit} levels deep")
        elif ch in "]}":
            depth -= 1


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``text`` strictly; raise :class:`StrictJSONError` with a user-facing message."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise StrictJSONError(f"the file is not UTF-8 text (byte {exc.start})") from None
    _check_depth(text, max_depth)
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants
        )
    except json.JSONDecodeError as exc:
        raise StrictJSONError(
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise StrictJSONError("the data is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise StrictJSONError(f"a value cannot be read ({str(exc).splitlines()[0][:80]})") \
            from None
