"""Colours and small visual helpers shared by every page.

Band colours come from ColorBrewer's RdYlBu diverging scheme, which stays distinguishable for
the common forms of colour blindness; every band is also written out as text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ..domain.bands import Band
from ..domain.verdict import Verdict
from ..palette import (
    BAND_COLOURS,
    BAND_TEXT,
    MUTED,
    NO_SCORE,
    SERIES,
    dimension_colour,
    dimension_colours,
    series_colour,
)
from ..palette import MARKING as MARKING_BACKGROUND

# Every colour is palette.py's (shared with the charts and the briefs); pages take them here.
__all__ = ["BAND_COLOURS", "BAND_TEXT", "MARKING_BACKGROUND", "MUTED", "NO_SCORE", "SERIES",
           "dimension_colour", "dimension_colours", "series_colour"]


def band_colour(band: Band | None) -> QColor:
    return QColor(BAND_COLOURS[band]) if band is not None else QColor(NO_SCORE)


def band_label(band: Band | None) -> str:
    """The band's name in the user's language."""
    if band is None:
        return QCoreApplication.translate("Band", "No score")
    names = {
        Band.LOW: QCoreApplication.translate("Band", "Low"),
        Band.GUARDED: QCoreApplication.translate("Band", "Guarded"),
        Band.ELEVATED: QCoreApplication.translate("Band", "Elevated"),
        Band.HIGH: QCoreApplication.translate("Band", "High"),
        Band.SEVERE: QCoreApplication.translate("Band", "Severe"),
    }
    return names[band]


def band_from_label(label: str | None) -> Band | None:
    """Stored scores keep the English band label; map it back to the band."""
    return _BANDS_BY_LABEL.get(label) if label else None


_BANDS_BY_LABEL = {band.label: band for band in Band}  # asked 10,000 times per library load


def status_label(status: str) -> str:
    names = {
        "draft": QCoreApplication.translate("Status", "Draft"),
        "final": QCoreApplication.translate("Status", "Final"),
        "archived": QCoreApplication.translate("Status", "Archived"),
        "deleted": QCoreApplication.translate("Status", "Deleted"),
    }
    return names.get(status, status)


def band_chip_css(band: Band | None) -> str:
    """Style sheet for a label that shows a band as a coloured chip with its name."""
    if band is None:
        return ("QLabel { background: #e0e0e0; color: #1a1a1a; border-radius: 4px; "
                "padding: 2px 8px; }")
    return (f"QLabel {{ background: {BAND_COLOURS[band]}; color: {BAND_TEXT[band]}; "
            "border-radius: 4px; padding: 2px 8px; font-weight: 600; }")


def verdict_html(verdict: Verdict | None) -> str:
    """A verdict as rich text: "High" as one chip, or "at least Elevated, at most High" with
    each band in its own colour (never one colour for a whole open span)."""
    if verdict is None:
        return html.escape(band_label(None))

    def chip(band: Band) -> str:
        return (f'<span style="background-color:{BAND_COLOURS[band]}; '
                f'color:{BAND_TEXT[band]}; font-weight:600;">&nbsp;'
                f'{html.escape(band_label(band))}&nbsp;</span>')

    if verdict.settled:
        return chip(verdict.lowest)
    words = QCoreApplication.translate("", "at least {low}, at most {high}")
    return html.escape(words).format(low=chip(verdict.lowest), high=chip(verdict.highest))
