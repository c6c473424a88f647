"""Colours shared by the app, its charts and the briefs (plain hex strings, no toolkit).

Bands use ColorBrewer's RdYlBu diverging scheme and series use Okabe–Ito; both stay
distinguishable for the common forms of colour blindness, and every band is also written out.
The one home of these colours: the charts on screen (charts/), the pages (through ui/style.py)
and the briefs (reports/) all take them from here, so a dimension has the same colour
everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .domain.bands import Band

if TYPE_CHECKING:
    from .domain.framework import Framework

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
# Okabe-Ito colours, blind-safe. Sky blue comes sixth, after vermilion: fifth, it gave the
# fifth dimension (EM) a blue a reader could not tell from the first's (DS).
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
          "#000000")
MARKING = "#7a1f1f"
UNVERIFIED = "#c5221f"  # the notice on a brief written from rows that fail their checksums
INK = "#202124"
MUTED = "#5f6368"
GRID = "#c8ccd0"


def series_colour(index: int) -> str:
    """The colour of the ``index``-th series of a chart (an assessment in a comparison, the
    only line of a trend), cycling when there are more series than colours."""
    return SERIES[index % len(SERIES)]


def dimension_colours(framework: Framework) -> dict[str, str]:
    """Each dimension's colour, by its place among all the framework's dimensions (optional
    modules included): the same dimension has the same colour on screen and in the brief,
    whichever modules an assessment uses."""
    return {dimension.id: series_colour(n) for n, dimension in enumerate(framework.dimensions)}


def dimension_colour(dimension_id: str, framework: Framework) -> str:
    """One dimension's colour (:func:`dimension_colours`); MUTED for an id not in it."""
    return dimension_colours(framework).get(dimension_id, MUTED)


def band_colour(label: str | None) -> str:
    for band in Band:
        if band.label == label:
            return BAND_COLOURS[band]
    return NO_SCORE
