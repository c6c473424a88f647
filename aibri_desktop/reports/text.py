"""User text made safe for ReportLab paragraphs.

A Paragraph is markup: unescaped user text could inject tags (and old ReportLab versions fetched
URLs from <img>). Every user string passes through :func:`para` or :func:`plain`, which escape
it, switch to the CJK font for runs of CJK characters (DejaVu has none), and replace runs of
right-to-left script, which ReportLab cannot shape, with a visible notice instead of garbage.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from ..domain.plain_text import xml_safe
from ..i18n import _
from .fonts import CJK

_CJK_RANGES = ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
               (0x3130, 0x318F), (0x31A0, 0x31FF), (0x3200, 0x32FF), (0x3300, 0x33FF),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7AF),
               (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F))
_CONTROL_OK = {"\n", "\t"}
# Every character that may be CJK or right-to-left (Hebrew, Arabic, Syriac, Thaana, NKo, …, and
# their presentation forms): text without one is a single Latin run.
_MAYBE_SPECIAL = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in (
    *_CJK_RANGES, (0x0590, 0x08FF), (0x200F, 0x200F), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF),
    (0x10800, 0x10FFF), (0x1E800, 0x1EFFF))) + "]")


_ANY_CJK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
                      + "]")


def has_cjk(text: str) -> bool:
    """Whether any character of ``text`` needs the CJK font (one regex search, not a loop)."""
    return _ANY_CJK.search(text) is not None


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


def _clean(text: str) -> str:
    """Drop control characters a PDF cannot show (keep newlines and tabs); a vertical tab or
    form feed (text pasted from Word) becomes a space, so the words either side stay apart."""
    text = xml_safe(text)
    if text.isprintable():  # no character of category C (nor a separator but the space)
        return text
    return "".join(ch for ch in text
                   if ch in _CONTROL_OK or unicodedata.category(ch)[0] != "C")


def metadata_text(text: str) -> str:
    """For the PDF's metadata (title, subject, author, keywords): one line, no control
    characters."""
    return " ".join(xml_safe(text).split())


def _runs(text: str) -> list[tuple[str, str]]:
    """Split into ("latin"|"cjk"|"rtl", run) pieces; neutral characters join the run before."""
    if not _MAYBE_SPECIAL.search(text):  # most text: no CJK and no right-to-left script, so
        return [("latin", text)] if text else []  # one run (a brief had checked 300,000
    # characters one by one)
    runs: list[tuple[str, str]] = []
    for ch in text:
        kind = "cjk" if is_cjk(ch) else "rtl" if is_rtl(ch) else "latin"
        if kind == "latin" and runs and runs[-1][0] == "rtl" and not ch.isalnum() \
                and ch not in "\n":
            kind = "rtl"  # spaces and punctuation inside right-to-left text stay with it
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + ch)
        else:
            runs.append((kind, ch))
    return runs


def rtl_notice(count: int) -> str:
    return _("[right-to-left text, {n} characters: shown in the app, not in this PDF]").format(
        n=count)


def para(text: str | None, *, line_breaks: bool = True) -> str:
    """Paragraph markup for user text: literal, with CJK in its font and RTL as a notice."""
    if not text:
        return ""
    pieces = []
    for kind, run in _runs(_clean(text)):
        if kind == "cjk":
            pieces.append(f'<font name="{CJK}">{escape(run)}</font>')
        elif kind == "rtl":
            stripped = run.strip()
            pieces.append(f"<i>{escape(rtl_notice(len(stripped)))}</i>" + (" " if
                          run.endswith(" ") else ""))
        else:
            pieces.append(escape(run))
    out = "".join(pieces)
    return out.replace("\n", "<br/>") if line_breaks else out.replace("\n", " ")


def plain(text: str | None) -> str:
    """For canvas strings (no markup): control characters removed, RTL replaced."""
    if not text:
        return ""
    return "".join(rtl_notice(len(run.strip())) if kind == "rtl" else run
                   for kind, run in _runs(_clean(text)))
