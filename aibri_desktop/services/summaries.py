"""The library's rows as the services hand them to front ends: plain, immutable data read
from the stored scores only. Apart from the assessment records (records.py) so that a front
end that only lists the library (the window's first paint, ``aibri list``) loads the verdict's
band edges and nothing of the framework or the scoring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from ..domain.verdict import Verdict, stored_verdict
from ..storage.library_rows import read_library_rows, read_stored_rows


@dataclass(frozen=True)
class AssessmentSummary:
    """One library row, from the stored scores only."""

    id: str
    country_code: str
    country: str
    region: str
    alt_names: str
    title: str
    status: str
    framework_id: str
    framework_version: str
    overall_score: float | None
    overall_band: str | None
    coverage: float | None
    provisional: bool
    red_flags: int
    as_of: date
    updated_at: datetime
    deleted: bool
    overall_low: float | None = None  # the stored range: the verdict is read from it
    overall_high: float | None = None

    @cached_property  # read for every painted cell of the library: computed once a row
    def verdict(self) -> Verdict | None:
        """The stored range's verdict (docs/scoring.md): the span of bands it allows."""
        if self.overall_low is None or self.overall_high is None:
            return None
        return stored_verdict(self.overall_low, self.overall_high)


def summary_from_row(row: tuple[Any, ...]) -> AssessmentSummary:
    """A library row from the columns of ``storage.library_rows.LIBRARY_SQL``, in its order.

    Filled in directly rather than through the frozen dataclass's ``__init__``, which sets each
    of the 19 fields through ``object.__setattr__``: 20 ms of a 10,000-row library's load
    (``aibri list``, the window's first paint). The result is the same frozen object, equal to
    one made by ``AssessmentSummary(...)`` (a test holds the two to the same)."""
    (id_, code, country, region, alt_names, title, status, framework_id, framework_version,
     score, band, coverage, provisional, red_flags, as_of, updated_at, deleted_at, low,
     high) = row
    summary = _new(AssessmentSummary)
    summary.__dict__.update(
        id=id_, country_code=code, country=country, region=region, alt_names=alt_names,
        title=title, status=status, framework_id=framework_id,
        framework_version=framework_version, overall_score=score, overall_band=band,
        coverage=coverage, provisional=provisional, red_flags=red_flags, as_of=as_of,
        updated_at=updated_at, deleted=deleted_at is not None, overall_low=low,
        overall_high=high,
        # the cached verdict filled in too: the first read through cached_property takes its
        # lock (Python 3.11), 15 ms over 10,000 rows
        verdict=None if low is None or high is None else stored_verdict(low, high))
    return summary


_new = object.__new__


def quick_library(path: Path) -> list[AssessmentSummary] | None:
    """The same rows as ``assessments.list_summaries(deleted=None)`` read straight from a
    current SQLite file (storage/library_rows.py), without SQLAlchemy: the window's first
    paint and ``aibri list``. ``None`` when the file must go through the ordinary open first
    (new, older, foreign or unreadable), which says what is wrong."""
    rows = read_library_rows(path)
    return None if rows is None else list(map(summary_from_row, rows))


def quick_library_rows(path: Path) -> list[tuple[Any, ...]] | None:
    """:func:`quick_library`'s rows as their stored columns (``storage.library_rows``'s
    ``LIBRARY_SQL`` names them, dates as ISO text, booleans as 0 and 1), for a front end that
    only writes them out (``aibri list --json``)."""
    return read_stored_rows(path)
