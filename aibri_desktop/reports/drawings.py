"""Vector charts for the briefs, drawn with reportlab.graphics shapes (no bitmaps)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, HexColor

from ..domain.bands import Band, band_name
from ..i18n import _
from ..palette import BAND_COLOURS, GRID, INK, MUTED, series_colour
from .fonts import SANS, SANS_BOLD, register_fonts
from .text import plain

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
    from reportlab.pdfbase.pdfmetrics import stringWidth

    d = Drawing(width, height)
    n = len(axes)
    cx, cy = width / 2, height / 2 - 4
    # the labels beside the web stay inside the drawing: a wide label makes the web smaller
    labels = [_radar_lines(plain(name)) for name in axes]
    widest = max([stringWidth(line, SANS, 7.5) for lines in labels for line in lines] + [0.0])
    radius = max(30.0, min(min(width, height) / 2 - 36, (width / 2 - widest - 6) / 1.1))

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
    for i in range(n):
        x, y = point(i, 100)
        d.add(Line(cx, cy, x, y, strokeColor=HexColor(GRID), strokeWidth=0.5))
        lx, ly = point(i, 110)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        lines = labels[i]
        top = ly + (4 if ly >= cy else -8) + (4 * (len(lines) - 1) if ly >= cy else 0)
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


def _radar_lines(name: str) -> list[str]:
    """An axis name beside the web: one line, two, or three for a long one (so the web keeps
    its size in a half-page chart)."""
    if len(name) <= 24:
        return _two_lines(name)
    words = name.split(" ")
    third = len(name) / 3
    lines: list[str] = []
    for word in words:
        if (lines and len(lines) < 3 and len(lines[-1]) + 1 + len(word) <= max(third, 12)) \
                or len(lines) == 3:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _label_lines(label: str, chars: int) -> list[str]:
    """A bar's label: whole on one line, or on two when longer than ``chars``."""
    text = plain(label)
    return [text] if len(text) <= chars else _two_lines(text, chars)


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
          band_lines: bool = True, label_chars: int = 30) -> Drawing:
    """rows: (label, value, colour hex, low, high, text at the bar's end); a label longer than
    ``label_chars`` wraps onto a second line (nothing is shortened)."""
    bar_h, gap = 13, 7
    height = height or max(60, len(rows) * (bar_h + gap) + 26)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = max([stringWidth(line, SANS, 7) for r in rows
                  for line in _label_lines(r[0], label_chars)] + [0.0])
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
        lines = _label_lines(label, label_chars)
        for k, line in enumerate(lines):
            d.add(String(left - 4, y + 3.5 + 4 * (len(lines) - 1) - 8 * k, line,
                         fontName=SANS, fontSize=7, textAnchor="end", fillColor=HexColor(INK)))
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


VerdictRow = tuple[str, float | None, float | None, float | None, Sequence[str], Sequence[str]]


def verdict_bars(rows: Sequence[VerdictRow], width: float = 250) -> Drawing:
    """One row per exposure dimension: (name, score, low, high, band labels of its verdict,
    caption lines). The range low–high is the bar, and each stretch of it is drawn in the
    colour of the band it lies in: an open verdict shows every band it spans, each in its own
    colour, a settled one a single colour. The score of the answered indicators is a black
    tick on the bar; the caption (the verdict in words) sits under it. A row without a range
    (every indicator not applicable) has its caption only."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()  # the widths below are measured in the fonts the drawing uses
    bar_h, line_h, gap, legend_h, size = 10, 8, 7, 12, 6.5
    widest = max([float(stringWidth(plain(r[0]), SANS, 7)) for r in rows] + [0.0])
    left = min(max(72.0, widest + 8), width * 0.45)
    names = [_wrap(plain(r[0]), SANS, 7, left - 8) for r in rows]  # too wide: two lines
    right = width - 8
    captions = [[piece for k, text in enumerate(r[5])
                 for piece in _wrap(plain(text), SANS_BOLD if k == 0 else SANS, size,
                                    right - left)] for r in rows]
    heights = [bar_h + 3 + line_h * len(lines) + gap for lines in captions]
    height = max(60, sum(heights) + legend_h + 22)
    bottom, top = 16, height - legend_h - 4
    d = Drawing(width, height)

    def x(value: float) -> float:
        return left + (right - left) * max(0.0, min(value, 100.0)) / 100

    bands = list(Band)
    for n, band in enumerate(bands):  # the scale: each band's stretch, named, in its colour
        lower, upper = float(band.lower), float(bands[n + 1].lower) if n + 1 < len(bands) \
            else 100.0
        d.add(Rect(x(lower), height - legend_h, x(upper) - x(lower), 4,
                   fillColor=HexColor(BAND_COLOURS[band]), strokeColor=None))
        name, legend_size = band_name(band.label, _=_), 6.0
        while legend_size > 4 and \
                stringWidth(name, SANS, legend_size) > x(upper) - x(lower) - 2:
            legend_size -= 0.5
        d.add(String((x(lower) + x(upper)) / 2, height - legend_h + 6, name,
                     fontName=SANS, fontSize=legend_size, textAnchor="middle",
                     fillColor=HexColor(MUTED)))
    for edge in (20, 40, 60, 80):
        d.add(Line(x(edge), bottom, x(edge), top, strokeColor=HexColor(GRID),
                   strokeWidth=0.5, strokeDashArray=[2, 2]))
    d.add(Line(left, bottom, right, bottom, strokeColor=HexColor(MUTED), strokeWidth=0.5))
    for tick in (0, 20, 40, 60, 80, 100):
        d.add(String(x(tick), bottom - 9, f"{tick:g}", fontName=SANS, fontSize=6,
                     textAnchor="middle", fillColor=HexColor(MUTED)))
    y_top = top
    for (_label, score, low, high, labels, given), caption, row_h, label_lines in zip(
            rows, captions, heights, names, strict=True):
        y = y_top - bar_h
        for k, line in enumerate(label_lines):
            d.add(String(left - 4, y + 2 + 4 * (len(label_lines) - 1) - 8 * k, line,
                         fontName=SANS, fontSize=7, textAnchor="end", fillColor=HexColor(INK)))
        if low is not None and high is not None:
            x0, x1 = x(low), x(high)
            if x1 - x0 < 4:  # a range of (almost) no width still shows its colour
                x0, x1 = (x0 + x1) / 2 - 2, (x0 + x1) / 2 + 2
            spanned = [band for band in bands if band.label in labels]
            for k, band in enumerate(spanned):
                n = bands.index(band)
                upper = float(bands[n + 1].lower) if n + 1 < len(bands) else 100.0
                start = x0 if k == 0 else x(float(band.lower))
                end = x1 if k == len(spanned) - 1 else x(upper)
                if end - start < 1.5:  # a range ending on a band's edge still reaches it
                    start, end = (end - 1.5, end) if k else (start, start + 1.5)
                d.add(Rect(start, y, end - start, bar_h, fillColor=HexColor(BAND_COLOURS[band]),
                           strokeColor=None))
            d.add(Rect(x0, y, x1 - x0, bar_h, fillColor=None, strokeColor=HexColor(INK),
                       strokeWidth=0.5))
            if score is not None:
                d.add(Line(x(score), y - 2, x(score), y + bar_h + 2, strokeColor=HexColor(INK),
                           strokeWidth=1.6))
        first = len(_wrap(plain(given[0]), SANS_BOLD, size, right - left)) if given else 0
        for k, text in enumerate(caption):
            d.add(String(left, y - 3 - line_h * (k + 1) + 2, text,
                         fontName=SANS_BOLD if k < first else SANS, fontSize=size,
                         fillColor=HexColor(INK if k < first else MUTED)))
        y_top -= row_h
    return d


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Words into lines no wider than ``width`` (a single long word stays whole)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def driver_bars(drivers: Sequence[tuple[str, float, str]], width: float = 500) -> Drawing:
    """(label, points, colour) per driver, largest first."""
    top = max([p for _l, p, _c in drivers] + [1.0])
    step = 1 if top <= 8 else 2 if top <= 16 else 5 if top <= 40 else 10
    ticks = [step * k for k in range(int(top // step) + 2)]
    return hbars([(label, points, colour, None, None, f"{points:.1f}")
                  for label, points, colour in drivers], width=width, x_max=ticks[-1],
                 ticks=ticks, label_width=200, band_lines=False, label_chars=50)


ChangeRow = tuple[str, float, str, str]


def _change_step(largest: float) -> float:
    """A tick step that puts two to four ticks on each side of zero."""
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50):
        if largest / step <= 4:
            return step
    return 100.0


def change_bars(rows: Sequence[ChangeRow], width: float = 500, label_width: float = 170,
                lowers: str = "", raises: str = "") -> Drawing:
    """Changes as bars either side of a zero line: rows are (label, signed points, colour,
    text at the bar's end). A negative change is drawn to the left of zero and a positive one
    to the right, on one scale symmetric about zero. A label wraps onto as many lines as it
    needs (never shortened). ``lowers`` and ``raises`` caption the two sides.

    The zero line is the drawing's ``zero`` and the i-th bar its ``bar{i}`` (the shapes are
    named, so a test can see which side of zero each bar lies)."""
    register_fonts()  # the widths below are measured in the fonts the drawing uses
    size, line_h, bar_h, gap, pad = 7.0, 8.5, 10.0, 6.0, 30.0
    label_width = min(label_width, width * 0.45)
    labels = [_wrap(plain(label), SANS, size, label_width - 8) for label, *_rest in rows]
    heights = [max(bar_h, line_h * len(lines)) + gap for lines in labels]
    caption_h = 12.0 if lowers or raises else 0.0
    bottom = 16.0
    height = max(40.0, sum(heights) + bottom + caption_h + 6)
    d = Drawing(width, height)
    left, right = label_width + pad, width - pad
    largest = max([abs(value) for _l, value, _c, _t in rows] + [0.1])
    step = _change_step(largest)
    limit = step * math.ceil(largest / step)
    zero = (left + right) / 2

    def x(value: float) -> float:
        return zero + (right - left) / 2 * max(-limit, min(value, limit)) / limit

    top = height - caption_h - 4
    ticks = [step * k for k in range(-round(limit / step), round(limit / step) + 1)]
    for tick in ticks:
        if tick:
            d.add(Line(x(tick), bottom, x(tick), top, strokeColor=HexColor(GRID),
                       strokeWidth=0.4, strokeDashArray=[2, 2]))
        text = f"{abs(tick):g}"
        text = f"+{text}" if tick > 0 else f"−{text}" if tick < 0 else "0"
        d.add(String(x(tick), bottom - 9, text, fontName=SANS, fontSize=6,
                     textAnchor="middle", fillColor=HexColor(MUTED)))
    d.add(Line(left, bottom, right, bottom, strokeColor=HexColor(MUTED), strokeWidth=0.5))
    if lowers:
        d.add(String(zero - 4, height - 10, plain(f"← {lowers}"), fontName=SANS, fontSize=6.5,
                     textAnchor="end", fillColor=HexColor(MUTED)))
    if raises:
        d.add(String(zero + 4, height - 10, plain(f"{raises} →"), fontName=SANS, fontSize=6.5,
                     textAnchor="start", fillColor=HexColor(MUTED)))
    y_top = top
    for i, ((_label, value, colour, text), lines, row_h) in enumerate(
            zip(rows, labels, heights, strict=True)):
        block = row_h - gap
        y = y_top - gap / 2 - block / 2 - bar_h / 2  # the bar, centred on its label
        first = y + bar_h / 2 + (len(lines) - 1) * line_h / 2 - size / 3
        for k, line in enumerate(lines):
            d.add(String(label_width - 4, first - k * line_h, line, fontName=SANS, fontSize=size,
                         textAnchor="end", fillColor=HexColor(INK)))
        end = x(value)
        d.add(Rect(min(zero, end), y, abs(end - zero), bar_h, fillColor=HexColor(colour),
                   strokeColor=HexColor(MUTED), strokeWidth=0.3), name=f"bar{i}")
        if value < 0:
            d.add(String(end - 3, y + 2.5, plain(text), fontName=SANS_BOLD, fontSize=6.5,
                         textAnchor="end", fillColor=HexColor(INK)))
        else:
            d.add(String(end + 3, y + 2.5, plain(text), fontName=SANS_BOLD, fontSize=6.5,
                         textAnchor="start", fillColor=HexColor(INK)))
        y_top -= row_h
    d.add(Line(zero, bottom, zero, top, strokeColor=HexColor(INK), strokeWidth=0.8),
          name="zero")
    return d
