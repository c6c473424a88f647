"""Colours shared by the app, its charts and the briefs (plain hex strings, no toolkit).

Bands use ColorBrewer's RdYlBu diverging scheme and series use Okabe–Ito; both stay
distinguishable for the common forms of colour blindness, and every band is also written out.
The one home of these colours: the charts on screen (charts/), the pages (through ui/style.py)
and the briefs (reports/) all take them from here, so a dimension has the same colour
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
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
NO_SCORE_TEXT = "#1a1a1a"  # on NO_SCORE: a chip with no band ("No score", "capacity")
# Okabe-Ito colours, blind-safe. Sky blue comes sixth, after vermilion: fifth, it gave the
# fifth dimension (EM) a blue a reader could not tell from the first's (DS).
SERIES = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442",
          "#000000")
MARKING = "#7a1f1f"
MARKING_TEXT = "#ffffff"  # on MARKING: the classification banner
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


# ---- contrast (WCAG 2.x) and the themes of the desktop app ---------------------------------

AA = 4.5  # body text against its background
AAA = 7.0  # body text in the high-contrast theme
NON_TEXT = 3.0  # lines and shapes that carry meaning, against their background


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB "#rrggbb": 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg_hex: str, bg_hex: str) -> float:
    """WCAG 2.x contrast ratio of two colours: 1 (none) to 21 (black on white), symmetric."""
    high, low = sorted((relative_luminance(fg_hex), relative_luminance(bg_hex)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` (0 to 1) of ``other`` mixed in, channel by channel."""
    return "#" + "".join(f"{round(a + (b - a) * share):02x}"
                         for a, b in zip(_rgb(colour), _rgb(other), strict=True))


# Above this luminance black text contrasts more than white (the two are equal at 0.179).
_LIGHT = 0.179


def readable(colour: str, *backgrounds: str, minimum: float = AA) -> str:
    """``colour`` itself when it contrasts at least ``minimum`` with every background; else the
    nearest shade of it that does: mixed toward black on light backgrounds, toward white on
    dark ones."""

    def enough(candidate: str) -> bool:
        return all(contrast_ratio(candidate, bg) >= minimum for bg in backgrounds)

    if enough(colour):
        return colour
    light = sum(relative_luminance(bg) for bg in backgrounds) / len(backgrounds) > _LIGHT
    target = "#000000" if light else "#ffffff"
    for step in range(1, 41):
        candidate = mix(colour, target, step / 40)
        if enough(candidate):
            return candidate
    return target


def text_on(fill: str) -> str:
    """The text colour for a fixed fill: INK's near-black or white, whichever contrasts more."""
    dark = "#1a1a1a"
    return dark if contrast_ratio(dark, fill) >= contrast_ratio("#ffffff", fill) else "#ffffff"


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@dataclass(frozen=True)
class Roles:
    """A palette's colours by role (Qt's QPalette roles, in snake case), plain "#rrggbb"."""

    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    button_text: str
    highlight: str
    highlighted_text: str
    tool_tip_base: str
    tool_tip_text: str
    placeholder_text: str
    link: str
    bright_text: str
    light: str
    midlight: str
    mid: str
    dark: str
    shadow: str

    @classmethod
    def read(cls, colour_of: Callable[[str], str]) -> Roles:
        """From a toolkit's palette: ``colour_of("WindowText")`` gives the colour of a role
        by its Qt name."""
        return cls(**{f.name: colour_of(_camel(f.name)) for f in fields(cls)})

    @classmethod
    def qt_names(cls) -> dict[str, str]:
        """Each field's Qt role name ("window_text": "WindowText")."""
        return {f.name: _camel(f.name) for f in fields(cls)}

    @property
    def dark_theme(self) -> bool:
        return relative_luminance(self.window) < relative_luminance(self.window_text)

    @property
    def high_contrast(self) -> bool:
        """Black and white, or nearly (a system's high-contrast palette is taken as one too)."""
        return contrast_ratio(self.window_text, self.window) >= 19


THEMES: dict[str, Roles] = {
    "light": Roles(
        window="#f0f0f0", window_text="#1a1a1a", base="#ffffff", alternate_base="#f5f5f5",
        text="#1a1a1a", button="#ececec", button_text="#1a1a1a", highlight="#1a5fb4",
        highlighted_text="#ffffff", tool_tip_base="#ffffdc", tool_tip_text="#1a1a1a",
        placeholder_text="#6b6b6b", link="#1a5fb4", bright_text="#ffffff", light="#ffffff",
        midlight="#e3e3e3", mid="#a0a0a0", dark="#8a8a8a", shadow="#5a5a5a"),
    "dark": Roles(
        window="#202124", window_text="#e8eaed", base="#17181a", alternate_base="#1e1f22",
        text="#e8eaed", button="#303134", button_text="#e8eaed", highlight="#8ab4f8",
        highlighted_text="#101114", tool_tip_base="#3c4043", tool_tip_text="#f1f3f4",
        placeholder_text="#9aa0a6", link="#8ab4f8", bright_text="#ffffff", light="#4a4d52",
        midlight="#3a3c40", mid="#6b6f75", dark="#111214", shadow="#000000"),
    "high-contrast": Roles(
        window="#000000", window_text="#ffffff", base="#000000", alternate_base="#141414",
        text="#ffffff", button="#000000", button_text="#ffffff", highlight="#1aebff",
        highlighted_text="#000000", tool_tip_base="#000000", tool_tip_text="#ffffff",
        placeholder_text="#c8c8c8", link="#ffff00", bright_text="#ffffff", light="#ffffff",
        midlight="#c8c8c8", mid="#ffffff", dark="#ffffff", shadow="#ffffff"),
}

# The app's own text colours, per kind of palette, before readable() fits them to its roles.
_ACCENTS = {
    "light": {"muted": "#5f6368", "quiet": "#3c4043", "error": "#b3261e", "success": "#1b7f3b",
              "warning": "#8a5a00", "info": "#1a5fb4", "range": "#6a3d9a"},
    "dark": {"muted": "#b0b4ba", "quiet": "#d2d5d9", "error": "#f28b82", "success": "#81c995",
             "warning": "#fdd663", "info": "#8ab4f8", "range": "#d7aefb"},
    "high-contrast": {"muted": "#e0e0e0", "quiet": "#ffffff", "error": "#ff9e94",
                      "success": "#69f0ae", "warning": "#ffff00", "info": "#80d8ff",
                      "range": "#ea9cff"},
}
# What tints a box (the share of it mixed into the background: light, dark palettes).
_TINTS = {"info": ("#1a73e8", 0.10, 0.22), "warning": ("#f9ab00", 0.14, 0.16),
          "error": ("#d93025", 0.10, 0.20)}


@dataclass(frozen=True)
class Surface:
    """A box with a background of its own, the text on it and its edge (a border or rule)."""

    background: str
    text: str
    edge: str


@dataclass(frozen=True)
class Tones:
    """The colours the app derives from a palette: text colours that contrast at least
    ``minimum`` with the window, the base and every surface below; the surfaces; and a
    chart's. High contrast keeps ``minimum`` at AAA and gives every surface a border."""

    minimum: float
    high_contrast: bool
    muted: str  # secondary text: hints, counts, notes
    quiet: str  # text a little softer than the body's
    error: str  # and a rise in exposure
    success: str
    warning: str
    info: str  # and a fall in exposure, a carried-over answer
    range: str  # an answer known in part
    rule: str  # separators
    panel: Surface  # the score strip, the robustness box, an earlier answer
    info_panel: Surface  # a suggestion from public data, a carried-over answer
    warning_panel: Surface  # a note that needs attention (scoring rules)
    error_panel: Surface  # a locked item
    chart: Surface  # a chart: its background, text and grid
    chart_muted: str  # a chart's secondary text and outlines


def _surface(roles: Roles, kind: str, minimum: float, *, on: str) -> Surface:
    hue, light_share, dark_share = _TINTS[kind]
    share = 0.0 if roles.high_contrast else dark_share if roles.dark_theme else light_share
    background = mix(on, hue, share)
    edge = readable(_ACCENTS[_family(roles)][kind], background, minimum=NON_TEXT)
    return Surface(background, readable(roles.text, background, minimum=minimum), edge)


def _family(roles: Roles) -> str:
    return "high-contrast" if roles.high_contrast else "dark" if roles.dark_theme else "light"


@lru_cache(maxsize=16)
def tones(roles: Roles) -> Tones:
    """The app's colours for a palette (a theme's, or the system's), fitted to it."""
    minimum = AAA if roles.high_contrast else AA
    hc = roles.high_contrast
    # a box a shade off the window: toward the base (white) in a light palette, toward the
    # text in a dark one (whose base is darker than its window)
    panel_bg = (roles.window if hc else mix(roles.window, roles.window_text, 0.07)
                if roles.dark_theme else mix(roles.window, roles.base, 0.6))
    rule = roles.window_text if hc else mix(roles.window, roles.window_text, 0.3)
    panel = Surface(panel_bg, readable(roles.window_text, panel_bg, minimum=minimum), rule)
    info = _surface(roles, "info", minimum, on=roles.base)
    warning = _surface(roles, "warning", minimum, on=roles.base)
    error = _surface(roles, "error", minimum, on=roles.base)
    grounds = (roles.window, roles.base, roles.alternate_base)
    notes = (panel.background, info.background)  # muted and quiet notes sit on these too
    accent = {name: readable(colour, *grounds, *(notes if name in ("muted", "quiet") else ()),
                             minimum=minimum)
              for name, colour in _ACCENTS[_family(roles)].items()}
    chart = Surface(roles.base, readable(roles.text, roles.base, minimum=minimum),
                    roles.text if hc else mix(roles.base, roles.text, 0.3))
    return Tones(minimum=minimum, high_contrast=hc, rule=rule, panel=panel, info_panel=info,
                 warning_panel=warning, error_panel=error, chart=chart,
                 chart_muted=readable(accent["muted"], roles.base, minimum=minimum), **accent)


def text_pairs(roles: Roles) -> dict[str, tuple[str, str]]:
    """Every (text, background) pair the desktop app shows in a palette, by where it shows:
    the palette's own and the app's tones (see ui/style.py, which applies them)."""
    t = tones(roles)
    pairs = {
        "window text on window": (roles.window_text, roles.window),
        "text on base": (roles.text, roles.base),
        "text on alternate base": (roles.text, roles.alternate_base),
        "button text on button": (roles.button_text, roles.button),
        "highlighted text on highlight": (roles.highlighted_text, roles.highlight),
        "tool tip": (roles.tool_tip_text, roles.tool_tip_base),
        "placeholder on base": (roles.placeholder_text, roles.base),
        "link on window": (roles.link, roles.window),
        "link on base": (roles.link, roles.base),
        "score strip": (t.panel.text, t.panel.background),
        "robustness box": (t.panel.text, t.panel.background),
        "earlier answer bar": (t.panel.text, t.panel.background),
        "earlier answer note": (t.muted, t.panel.background),
        "carried-over bar": (t.info_panel.text, t.info_panel.background),
        "suggestion bar": (t.info_panel.text, t.info_panel.background),
        "suggestion note": (t.quiet, t.info_panel.background),
        "scoring rules note": (t.warning_panel.text, t.warning_panel.background),
        "locked item note": (t.error_panel.text, t.error_panel.background),
        "banner": (MARKING_TEXT, MARKING),
        "chart text": (t.chart.text, t.chart.background),
        "chart secondary text": (t.chart_muted, t.chart.background),
    }
    for name in ("muted", "quiet", "error", "success", "warning", "info", "range"):
        colour = getattr(t, name)
        pairs[f"{name} on window"] = (colour, roles.window)
        pairs[f"{name} on base (navigator, tables)"] = (colour, roles.base)
        pairs[f"{name} on alternate base"] = (colour, roles.alternate_base)
    return pairs
