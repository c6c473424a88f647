"""Vector charts for the briefs, drawn with reportlab.graphics shapes (no bitmaps)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, HexColor

from ..palette import GRID, INK, MUTED, band_colour, series_colour
from .fonts import SANS, SANS_BOLD
from .text import plain, shorten

RINGS = (20, 40, 60, 80, 100)
# The renderer starts every drawing in its default font (base-14 Helvetica, never embedded).
shapes.STATE_DEFAULTS["fontName"] = SANS


def _alpha(hex_colour: str, alpha: float) -> Color:
    c = HexColor(hex_colour)
    return Color(c.red, c.green, c.blue, alpha=alpha)


def radar(axes: Sequence[str], series: Sequence[tuple[str, Sequence[float | None],
                                                      Sequence[float | None],
                                                      Sequence[float | None]]],
          width: float = 250, height: float = 210) -> Drawing:
    """series: (name, values, lows, highs); values 0–100, None = no score."""
    d = Drawing(width, height)
    n = len(axes)
    cx, cy = width / 2, height / 2 - 4
    radius = min(width, height) / 2 - 36

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / n
        r = radius * max(0.0, min(100.0, value)) / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    if n < 3:
        return d
    for ring in RINGS:
        pts = [c for i in range(n) for c in point(i, ring)]
        d.add(Polygon(pts, strokeColor=HexColor(GRID), fillColor=None, strokeWidth=0.5))
        x, y = point(0, ring)
        d.add(String(x + 2, y - 2, str(ring), fontName=SANS, fontSize=5.5,
                     fillColor=HexColor(MUTED)))
    for i, name in enumerate(axes):
        x, y = point(i, 100)
        d.add(Line(cx, cy, x, y, strokeColor=HexColor(GRID), strokeWidth=0.5))
        lx, ly = point(i, 110)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        lines = _two_lines(plain(shorten(name, 36)))
        top = ly + (4 if ly >= cy else -8) + (4 if len(lines) == 2 and ly >= cy else 0)
        for k, text in enumerate(lines):
            d.add(String(lx, top - 8 * k, text, fontName=SANS, fontSize=7.5, textAnchor=anchor,
                         fillColor=HexColor(INK)))
    for index, (_name, values, lows, highs) in enumerate(series):
        colour = series_colour(index)
        if lows and highs:
            outer = [c for i, v in enumerate(highs) for c in point(i, v or 0)]
            inner = [c for i, v in enumerate(lows) for c in point(i, v or 0)]
            d.add(Polygon(outer, strokeColor=HexColor(colour), strokeDashArray=[2, 2],
                          strokeWidth=0.6, fillColor=_alpha(colour, 0.10)))
            d.add(Polygon(inner, strokeColor=HexColor(colour), strokeDashArray=[2, 2],
                          strokeWidth=0.6, fillColor=None))
        pts = [c for i, v in enumerate(values) for c in point(i, v or 0)]
        d.add(Polygon(pts, strokeColor=HexColor(colour), strokeWidth=1.6,
                      fillColor=_alpha(colour, 0.25 if len(series) == 1 else 0.12)))
    return d


def _two_lines(text: str, width: int = 16) -> list[str]:
    if len(text) <= width or " " not in text:
        return [text]
    words = text.split(" ")
    best = min(range(1, len(words)),
               key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def hbars(rows: Sequence[tuple[str, float | None, str, float | None, float | None, str]],
          width: float = 250, height: float | None = None, x_max: float = 100,
          ticks: Sequence[float] = (0, 20, 40, 60, 80, 100), label_width: float = 96,
          band_lines: bool = True) -> Drawing:
    """rows: (label, value, colour hex, low, high, text at the bar's end)."""
    bar_h, gap = 13, 7
    height = height or max(60, len(rows) * (bar_h + gap) + 26)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max([stringWidth(plain(shorten(r[0], 30)), SANS, 7) for r in rows] + [0.0])
    label_width = min(max(label_width, widest + 8), width * 0.45)  # labels are never clipped
    d = Drawing(width, height)
    left, right, bottom = label_width, width - 56, 16
    top = height - 6

    def x(value: float) -> float:
        return left + (right - left) * max(0.0, min(value, x_max)) / x_max

    if band_lines:
        for edge in (20, 40, 60, 80):
            d.add(Line(x(edge), bottom, x(edge), top, strokeColor=HexColor(GRID),
                       strokeWidth=0.5, strokeDashArray=[2, 2]))
    d.add(Line(left, bottom, right, bottom, strokeColor=HexColor(MUTED), strokeWidth=0.5))
    for tick in ticks:
        d.add(String(x(tick), bottom - 9, f"{tick:g}", fontName=SANS, fontSize=6,
                     textAnchor="middle", fillColor=HexColor(MUTED)))
    for i, (label, value, colour, low, high, text) in enumerate(rows):
        y = top - (i + 1) * (bar_h + gap) + gap
        d.add(String(left - 4, y + 3.5, plain(shorten(label, 30)), fontName=SANS, fontSize=7,
                     textAnchor="end", fillColor=HexColor(INK)))
        if value is not None:
            d.add(Rect(left, y, x(value) - left, bar_h, fillColor=HexColor(colour),
                       strokeColor=HexColor(MUTED), strokeWidth=0.3))
        if low is not None and high is not None and high > low:
            mid = y + bar_h / 2
            d.add(Line(x(low), mid, x(high), mid, strokeColor=HexColor(INK), strokeWidth=0.8))
            for end in (low, high):
                d.add(Line(x(end), mid - 3, x(end), mid + 3, strokeColor=HexColor(INK),
                           strokeWidth=0.8))
        end_x = max(x(value or 0), x(high or 0))
        d.add(String(end_x + 3, y + 3.5, plain(text), fontName=SANS_BOLD, fontSize=6.5,
                     fillColor=HexColor(INK)))
    return d


def dimension_bars(dimensions: Sequence[tuple[str, float | None, str | None, float | None,
                                              float | None, str]],
                   width: float = 250) -> Drawing:
    """(name, score, band label, low, high, text) per exposure dimension."""
    return hbars([(n, v, band_colour(b), lo, hi, t) for n, v, b, lo, hi, t in dimensions],
                 width=width)


def driver_bars(drivers: Sequence[tuple[str, float, str]], width: float = 500) -> Drawing:
    """(label, points, colour) per driver, largest first."""
    top = max([p for _l, p, _c in drivers] + [1.0])
    step = 1 if top <= 8 else 2 if top <= 16 else 5 if top <= 40 else 10
    ticks = [step * k for k in range(int(top // step) + 2)]
    return hbars([(label, points, colour, None, None, f"{points:.1f}")
                  for label, points, colour in drivers], width=width, x_max=ticks[-1],
                 ticks=ticks, label_width=200, band_lines=False)
