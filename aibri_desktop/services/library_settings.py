"""Settings of the library itself, shared by everyone who uses it (not one user's settings):
the ministry's decision threshold (docs/scoring.md, "The decision threshold") and the paper
its briefs are written on (A4, or US Letter).

The threshold is kept in the ``meta`` table under :data:`THRESHOLD_KEY` as a band key
("high"); absent means none. Only a band's lower edge makes a threshold (Guarded 20, Elevated
40, High 60, Severe 80): "Is exposure High or above?". Who set it, and what it was before, is
recorded in the library log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..domain.bands import Band
from ..domain.roles import Action
from ..storage.database import Database
from ..storage.models import LibraryLogRow, Meta
from ..storage.types import utcnow
from .changes import Change, ChangeKind, ThresholdSet
from .errors import InvalidInputError

THRESHOLD_KEY = "decision_threshold"
PAPER_KEY = "brief_paper"
PAPERS = ("a4", "letter")  # the first is the default
# the bands whose lower edge can be a threshold: "Low or above" asks nothing
THRESHOLD_BANDS: tuple[Band, ...] = tuple(band for band in Band if band.lower > 0)
MAX_WHO = 200  # the library log's column


def threshold_band(key: str | None) -> Band | None:
    """The band a stored or typed key names, if it can be a threshold (else None)."""
    if key is None:
        return None
    return next((band for band in THRESHOLD_BANDS if band.key == key.strip().lower()), None)


class LibrarySettingsService:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = utcnow) -> None:
        self._db = database
        self._clock = clock

    def threshold(self) -> Band | None:
        """The decision threshold set for this library; None when none is set. A stored value
        this version does not know (a hand-edited file) counts as none."""
        with self._db.session() as session:
            row = session.get(Meta, THRESHOLD_KEY)
            return threshold_band(row.value) if row is not None else None

    def set_threshold(self, band_key: str | None, who: str) -> Change[ThresholdSet]:
        """Set the decision threshold to the band ``band_key`` names ("high"), or remove it
        (None). One transaction: the setting and a library-log entry saying who set it and
        what it was before. An unknown key or a missing name is refused; nothing changes."""
        self._db.require(Action.SETTINGS)
        band = None if band_key is None else threshold_band(band_key)
        if band_key is not None and band is None:
            choices = ", ".join(b.key for b in THRESHOLD_BANDS)
            raise InvalidInputError(
                f"“{band_key}” is not a decision threshold: choose {choices} or none; nothing "
                "was changed.")
        who = who.strip()
        if not who:
            raise InvalidInputError("Setting the decision threshold needs the name of who "
                                    "decides it; nothing was changed.")
        with self._db.session(write=True) as session:
            row = session.get(Meta, THRESHOLD_KEY)
            previous = threshold_band(row.value) if row is not None else None
            if band == previous:
                return Change(ChangeKind.LIBRARY, summary=(
                    f"The decision threshold is already {_words(band)}; nothing was changed."),
                    payload=None)
            if band is None:
                assert row is not None  # a threshold was set
                session.delete(row)
            elif row is None:
                session.add(Meta(key=THRESHOLD_KEY, value=band.key))
            else:
                row.value = band.key
            session.add(LibraryLogRow(at=self._clock(), by=self._db.author(who)[:MAX_WHO],
                                      event="threshold",
                                      detail=f"decision threshold {_words(previous)} → "
                                             f"{_words(band)}"))
        summary = (f"Decision threshold set: {_words(band)}." if band is not None
                   else "The decision threshold was removed.")
        return Change(ChangeKind.LIBRARY, summary=summary,
                      payload=ThresholdSet(band, previous))


    def paper(self) -> str:
        """The paper the library's briefs are written on: "a4" (the default) or "letter"."""
        with self._db.session() as session:
            row = session.get(Meta, PAPER_KEY)
            return row.value if row is not None and row.value in PAPERS else PAPERS[0]

    def set_paper(self, paper: str, who: str) -> Change[None]:
        """Write the library's briefs on ``paper`` ("a4" or "letter") from now on; recorded in
        the library log with who set it. Anything else is refused; nothing changes."""
        self._db.require(Action.SETTINGS)
        chosen = paper.strip().lower()
        if chosen not in PAPERS:
            raise InvalidInputError(f"“{paper}” is not a paper size: choose a4 or letter; "
                                    "nothing was changed.")
        previous = self.paper()
        if chosen == previous:
            return Change(ChangeKind.LIBRARY, summary=f"Briefs are already written on "
                          f"{_paper_words(chosen)}; nothing was changed.")
        with self._db.session(write=True) as session:
            row = session.get(Meta, PAPER_KEY)
            if row is None:
                session.add(Meta(key=PAPER_KEY, value=chosen))
            else:
                row.value = chosen
            by = (self._db.author(who).strip() or "unknown")[:MAX_WHO]
            session.add(LibraryLogRow(at=self._clock(), by=by,
                                      event="paper", detail=f"brief paper {previous} → "
                                                            f"{chosen}"))
        return Change(ChangeKind.LIBRARY,
                      summary=f"Briefs are written on {_paper_words(chosen)} from now on.")


def _paper_words(paper: str) -> str:
    return "A4" if paper == "a4" else "US Letter"


def _words(band: Band | None) -> str:
    """For the log and the status line: "High or above (60)", or "none"."""
    return "none" if band is None else f"{band.label} or above ({band.lower})"
