"""Colours and small visual helpers shared by every page.

Band colours come from ColorBrewer's RdYlBu diverging scheme, which stays distinguishable for
the common forms of colour blindness; every band is also written out as text. A band chip is
a fixed fill with the text colour chosen for it (BAND_TEXT). Every other colour follows the
application's palette (the theme, or the system's): text colours and tinted boxes are the
palette's :class:`~aibri_desktop.palette.Tones`, fitted to it for contrast, and a widget that
sets them through :func:`restyle` is restyled whenever the palette changes.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from ..domain.bands import Band
from ..domain.verdict import Verdict
from ..palette import (
    BAND_COLOURS,
    BAND_TEXT,
    MARKING_TEXT,
    MUTED,
    NO_SCORE,
    NO_SCORE_TEXT,
    SERIES,
    Roles,
    Surface,
    Tones,
    dimension_colour,
    dimension_colours,
    readable,
    series_colour,
)
from ..palette import MARKING as MARKING_BACKGROUND
from ..palette import tones as palette_tones

# Every colour is palette.py's (shared with the charts and the briefs); pages take them here.
__all__ = ["BAND_COLOURS", "BAND_TEXT", "MARKING_BACKGROUND", "MARKING_TEXT", "MUTED",
           "NO_SCORE", "SERIES", "Tones", "dimension_colour", "dimension_colours",
           "series_colour"]


def roles_of(palette: QPalette) -> Roles:
    """A QPalette's colours (its active group) by role."""
    group = QPalette.ColorGroup.Active
    return Roles.read(lambda name: palette.color(group, getattr(QPalette.ColorRole, name))
                      .name())


def tones(palette: QPalette | None = None) -> Tones:
    """The app's colours fitted to ``palette``, by default the application's as it is now."""
    now = palette if palette is not None else QGuiApplication.palette()
    key = now.cacheKey()  # changes whenever the palette does
    known = _TONES_BY_KEY.get(key)
    if known is None:  # item models ask at every paint: reading the roles takes ~0.1 ms
        if len(_TONES_BY_KEY) > 16:
            _TONES_BY_KEY.clear()
        known = _TONES_BY_KEY[key] = palette_tones(roles_of(now))
    return known


_TONES_BY_KEY: dict[int, Tones] = {}


def tone_colour(name: str) -> QColor:
    """One of the tones ("muted", "error", "success", "warning", "info", "range", "quiet")
    of the application's palette now: for item models, asked each time a view paints."""
    return QColor(getattr(tones(), name))


def readable_colour(colour: str, palette: QPalette | None = None) -> QColor:
    """A fixed colour (a series colour, say) used as text on the base: itself, or the
    nearest shade of it that keeps the palette's contrast."""
    now = palette if palette is not None else QGuiApplication.palette()
    roles = roles_of(now)
    return QColor(readable(colour, roles.base, roles.alternate_base,
                           minimum=palette_tones(roles).minimum))


class _Restyle(QObject):
    """A widget's style sheet built from the tones of the application's palette, built again
    when the palette changes (a theme chosen, the system's switched to dark)."""

    def __init__(self, widget: QWidget, build: Callable[[Tones], str]) -> None:
        super().__init__(widget)
        self.setObjectName("aibriRestyle")
        self._widget = widget
        self.build = build
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Qt 6 also sends QEvent.ApplicationPaletteChange, but only to the application
            # and to top-level windows: a child styled by its parent's sheet may get nothing
            app.paletteChanged.connect(self.apply)

    @Slot()
    def apply(self) -> None:
        sheet = self.build(tones())
        if self._widget.styleSheet() != sheet:  # setting it again would repolish for nothing
            self._widget.setStyleSheet(sheet)


class _PaletteFollower(QObject):
    def __init__(self, owner: QObject, callback: Callable[[], None]) -> None:
        super().__init__(owner)
        self._callback = callback
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.paletteChanged.connect(self.changed)

    @Slot()
    def changed(self) -> None:
        self._callback()


def follow_palette(owner: QObject, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the application's palette changes, as long as ``owner``
    lives: for colours a widget sets on items as it fills them."""
    _PaletteFollower(owner, callback)


def restyle(widget: QWidget, build: Callable[[Tones], str]) -> None:
    """Give ``widget`` the style sheet ``build(tones)`` now and whenever the application's
    palette changes; a later call replaces the earlier ``build``."""
    keeper = widget.findChild(_Restyle, "aibriRestyle", Qt.FindChildOption.FindDirectChildrenOnly)
    if keeper is None:
        keeper = _Restyle(widget, build)
    keeper.build = build
    keeper.apply()


def set_tone(widget: QWidget, name: str | None, extra: str = "") -> None:
    """Text in one of the palette's tones ("muted", "error", ...; None: the palette's own
    text colour), with ``extra`` style (``"font-weight: 600;"``), kept as the theme changes."""
    restyle(widget, lambda t: (f"color: {getattr(t, name)}; " if name else "") + extra)


def box_css(selector: str, surface: Surface, t: Tones, *, accent: str = "",
            extra: str = "") -> str:
    """A box with its own background: the text in it and in its labels in the surface's text
    colour, an accent edge (``accent="left"``: 3 px) and, in high contrast, a border all
    round so the box shows on a black window."""
    edge = f"border: 1px solid {surface.edge}; " if t.high_contrast else ""
    if accent:
        edge += f"border-{accent}: 3px solid {surface.edge}; "
    return (f"{selector} {{ background: {surface.background}; color: {surface.text}; "
            f"{edge}{extra}}} {selector} QLabel {{ color: {surface.text}; }}")


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
        return (f"QLabel {{ background: {NO_SCORE}; color: {NO_SCORE_TEXT}; "
                "border-radius: 4px; padding: 2px 8px; }")
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
