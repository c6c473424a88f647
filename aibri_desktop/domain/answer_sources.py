"""An answer's sources in the one :class:`Source` type (publisher, title, date, address,
accessed, note), as framework sources and supplier-profile entries are.

An answer keeps its sources in one text field (the database column, the exchange file and the
history keep it as text): a JSON list of sources, each an object with the fields above. Text
written before sources had fields is not lost and is not rewritten: each of its lines reads as
a source with only a title, until the analyst edits it.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable

from .framework import Source

FIELDS = ("publisher", "title", "date", "url", "accessed", "note")
MAX_FIELD = 2_000  # characters in one field of one source
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")  # a publication date: 2025, 2025-03, 2025-03-14
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SourceError(ValueError):
    """A source that cannot be recorded; ``str()`` is a message for the user."""


def make_source(*, publisher: str = "", title: str = "", date: str = "", url: str = "",
                accessed: str = "", note: str = "", number: int = 1) -> Source:
    """A checked answer source from what the analyst typed (surrounding spaces dropped)."""
    values = {"publisher": publisher.strip(), "title": title.strip(), "date": date.strip(),
              "url": url.strip(), "accessed": accessed.strip(), "note": note.strip()}
    for name, value in values.items():
        if len(value) > MAX_FIELD:
            raise SourceError(f"A source's {_label(name)} is longer than {MAX_FIELD:,} "
                              "characters.")
    if not values["title"]:
        raise SourceError("A source needs a title: the document, page or dataset cited.")
    if values["date"] and not _valid_date(values["date"]):
        raise SourceError("A source's date is a year, a month or a day: 2025, 2025-03 or "
                          "2025-03-14.")
    if values["accessed"] and not (_DAY.match(values["accessed"])
                                   and _valid_date(values["accessed"])):
        raise SourceError("The date a source was accessed is a day: YYYY-MM-DD.")
    if values["url"] and not re.match(r"^(https?|ftp)://\S+$|^doi:\S+$", values["url"]):
        raise SourceError("A source's address is a web address (https://…) or a DOI "
                          "(doi:…).")
    return Source(id=str(number), title=values["title"], publisher=values["publisher"],
                  date=values["date"], url=values["url"] or None, note=values["note"] or None,
                  accessed=values["accessed"] or None)


def read_sources(text: str) -> tuple[Source, ...]:
    """The sources an answer's text holds: its JSON list, or one title-only source per line
    of text written before sources had fields (nothing in it is dropped)."""
    text = text.strip()
    if not text:
        return ()
    listed = _listed(text)
    if listed is not None:
        return listed
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(Source(id=str(n), title=line, publisher="", date="")
                 for n, line in enumerate(lines, start=1))


def write_sources(sources: Iterable[Source]) -> str:
    """The text an answer keeps for its sources ("" for none): a JSON list, fields in a fixed
    order and empty fields left out, so equal sources always give equal text."""
    items = []
    for source in sources:
        values = {"publisher": source.publisher, "title": source.title, "date": source.date,
                  "url": source.url or "", "accessed": source.accessed or "",
                  "note": source.note or ""}
        items.append({name: value for name, value in values.items() if value})
    return json.dumps(items, ensure_ascii=False, separators=(", ", ": ")) if items else ""


def check_sources_text(text: str) -> None:
    """Refuse a JSON list of sources that is not one (an exchange file or a script wrote it):
    free text is always accepted, as before."""
    stripped = text.strip()
    if not stripped.startswith("[{"):
        return
    try:
        raw = json.loads(stripped)
    except ValueError:
        return  # free text that happens to start like JSON
    if not isinstance(raw, list):
        return
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or set(item) - set(FIELDS) \
                or not all(isinstance(v, str) for v in item.values()):
            raise SourceError(f"Source {number} is not a source: each has only the fields "
                              f"{', '.join(FIELDS)}, as text.")
        try:
            make_source(number=number, **item)
        except SourceError as exc:
            raise SourceError(f"Source {number}: {exc}") from None


def citation(source: Source, *, address: bool = True) -> str:
    """One line a reader can follow: publisher, title (date), address, accessed; note."""
    text = ", ".join(part for part in (source.publisher, source.title) if part)
    if source.date:
        text += f" ({source.date})"
    if address and source.url:
        text += f", {source.url}"
    if source.accessed:
        text += f", accessed {source.accessed}"
    return f"{text}; {source.note}" if source.note else text


def cited(text: str) -> str:
    """An answer's sources as one line each (briefs, spreadsheets, the compare view)."""
    return "\n".join(citation(source) for source in read_sources(text))


def _listed(text: str) -> tuple[Source, ...] | None:
    if not text.startswith("[{"):
        return None
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, list) or not all(
            isinstance(item, dict) and not set(item) - set(FIELDS)
            and all(isinstance(v, str) for v in item.values()) for item in raw):
        return None
    return tuple(Source(id=str(n), title=item.get("title", ""),
                        publisher=item.get("publisher", ""), date=item.get("date", ""),
                        url=item.get("url") or None, accessed=item.get("accessed") or None,
                        note=item.get("note") or None)
                 for n, item in enumerate(raw, start=1))


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        return 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]
    return True


def _label(name: str) -> str:
    return {"url": "address", "accessed": "accessed date"}.get(name, name)
