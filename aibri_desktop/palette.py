"""Colours shared by the app, its charts and the briefs (plain hex strings, no toolkit).

Bands use ColorBrewer's RdYlBu diverging scheme and series use Okabe–Ito; both stay
distinguishable for the common forms of colour blindness, and every band is also written out.
"""

from __future__ import annotations

from .domain.bands import Band

BAND_COLOURS = {
    Band.LOW: "#4575b4",
    Band.GUARDED: "#91bfdb",
    Band.ELEVATED: "#fee090",
    Band.HIGH: "#fc8d59",
    Band.SEVERE: "#d73027",
}
BAND_TEXT = {
    Band.LOW: "#ffffff",
    Band.GUARDED: "#1a1a1a",
    Band.ELEVATED: "#1a1a1a",
    Band.HIGH: "#1a1a1a",
    Band.SEVERE: "#ffffff",
}
NO_SCORE = "#bdbdbd"
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
          "#000000")
MARKING = "#7a1f1f"
UNVERIFIED = "#c5221f"  # the notice on a brief written from rows that fail their checksums
INK = "#202124"
MUTED = "#5f6368"
GRID = "#c8ccd0"


def band_colour(label: str | None) -> str:
    for band in Band:
        if band.label == label:
            return BAND_COLOURS[band]
    return NO_SCORE
