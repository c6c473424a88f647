"""User text checked or made safe for where it goes: XML files, terminals, storage.

Text pasted from Word carries vertical tabs (``\\x0b``) and form feeds that XML 1.0 cannot hold
(python-docx refuses them); an imported title can carry terminal escape sequences; invalid UTF-8
on a command line arrives as lone surrogates that no file can encode. Plain Python, no I/O.
"""

from __future__ import annotations

import re

# Not a character of XML 1.0 (https://www.w3.org/TR/xml/#charsets): C0 controls other than
# TAB, LF and CR; lone surrogates (a paired one is one code point in a Python str); U+FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a terminal may act on: C0 controls, DEL and C1 (U+009B is a one-character CSI); and lone
# surrogates, which a UTF-8 stream cannot write.
_NOT_FOR_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NOT_FOR_TERMINAL_KEEP_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by a space."""
    return _NOT_XML.sub(" ", text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal_safe(text: str, *, newlines: bool = False) -> str:
    """``text`` with control characters shown as visible escapes (``\\x1b``, ``\\x9b``) so that
    printing it cannot move the cursor, clear the screen or retitle the window. Newlines stay
    only with ``newlines=True`` (text printed as several lines)."""
    pattern = _NOT_FOR_TERMINAL_KEEP_NEWLINE if newlines else _NOT_FOR_TERMINAL
    return pattern.sub(_visible, text)


def lone_surrogate(text: str) -> int | None:
    """Where the first lone surrogate is in ``text`` (0-based), or None. Such a character is not
    text: JSON's ``"\\ud800"`` and command-line bytes that are not UTF-8 produce it."""
    match = _LONE_SURROGATE.search(text)
    return match.start() if match else None
