"""What the command line writes to a terminal and reads from it as plain text: output
with its control characters made visible, JSON with the characters json leaves raw escaped,
and free-text arguments refused when they are not UTF-8. Light on purpose (regular
expressions and json only): every command's parser uses it, and ``aibri list`` prints the
whole library through it without loading the framework or the scoring."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

from ..domain.plain_text import lone_surrogate, terminal_safe
from ..i18n import _


def text_argument(value: str) -> str:
    """argparse ``type`` for free text that is stored (evidence, sources, reasons, markings,
    names). Bytes that are not UTF-8 reach Python as lone surrogates, which no database or file
    can encode: such an argument is refused in one line naming the option, before anything is
    opened or written."""
    if lone_surrogate(value) is not None:
        raise argparse.ArgumentTypeError(_(
            "holds bytes that are not UTF-8 text; nothing was written"))
    return value


def for_terminal(line: str) -> str:
    """A line of output with the control characters of its user text (an imported title may
    hold ``ESC [2J`` or a one-character CSI, U+009B) shown as visible escapes such as ``\\x1b``:
    printing it cannot clear the screen, move the cursor or retitle the window."""
    return terminal_safe(line)


_RAW_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff]")


def json_for_terminal(data: Any) -> str:
    """JSON as ``json.dumps(ensure_ascii=False)`` writes it, with DEL, C1 controls and lone
    surrogates, which it leaves raw, written as ``\\u`` escapes (C0 ones it escapes itself)."""
    return _escaped(json.dumps(data, ensure_ascii=False, indent=2))


def write_json_rows(rows: Iterable[dict[str, Any]], write: Callable[[str], object], *,
                    batch: int = 500) -> None:
    """A JSON array of objects whose first key is ``"id"`` (an object nested in them has
    another first key), one per line, escaped as :func:`json_for_terminal` escapes it, and
    ended by a newline: written as it is made, ``batch`` rows at a time.

    Each batch is one call of json's C encoder (with ``indent`` json falls back to its Python
    encoder, 1 s for a 10,000-assessment library; one call per row cost 60 ms, one for the
    whole library 25 ms more than batches, in building and copying 4 MB strings), then each
    row put on a line of its own: ``}, {"id": `` can only be the seam between two rows,
    because inside a JSON string every ``"`` is written ``\\"``, and only the rows have an
    ``"id"`` key."""
    rows = iter(rows)
    first = True
    write("[")
    while part := list(islice(rows, batch)):
        text = json.dumps(part, ensure_ascii=False)[1:-1].replace('}, {"id": ', '},\n  {"id": ')
        write(("\n  " if first else ",\n  ") + _escaped(text))
        first = False
    write("]\n" if first else "\n]\n")


def _escaped(text: str) -> str:
    if text.isascii() and "\x7f" not in text:  # (most libraries: no scan of every character)
        return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
