"""Names suggested for the files a user writes."""

from __future__ import annotations

import re
import unicodedata

from .records import AssessmentRecord

__all__ = ["marking_prefix", "suggested_filename"]


def suggested_filename(record: AssessmentRecord, *, marking: str | None = None,
                       suffix: str = ".pdf") -> str:
    """Marking first, so a classified file says so in any folder listing."""
    parts = [marking if marking is not None else record.marking, record.country.name,
             record.title, record.as_of.isoformat()]
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return (text[:150] or "brief") + suffix


def marking_prefix(markings: set[str]) -> str:
    """The start of a suggested file name for several assessments: their markings, so a
    listing shows what is inside ("" when none is marked)."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", "-".join(sorted(markings - {""}))).strip("-")
    return f"{text}-" if text else ""
