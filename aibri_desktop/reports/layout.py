"""Page furniture shared by every brief: styles, the marking at top and bottom of each page,
"Page X of Y" (two passes over the pages), and PDF metadata."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..i18n import _
from ..palette import INK, MARKING, MUTED, UNVERIFIED
from .fonts import CJK, SANS, SANS_BOLD, register_fonts
from .text import is_cjk, plain, shorten

PAGE = A4
MARGIN = 18 * mm
TOP_MARGIN = 22 * mm
BOTTOM_MARGIN = 20 * mm


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13,
                          textColor=HexColor(INK))
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
        "muted": ParagraphStyle("muted", parent=base, fontSize=8, leading=10.5,
                                textColor=HexColor(MUTED)),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.8, leading=9.8),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=SANS_BOLD, fontSize=7.8,
                                    leading=9.8),
        "h1": ParagraphStyle("h1", parent=base, fontName=SANS_BOLD, fontSize=17, leading=21,
                             spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=SANS_BOLD, fontSize=12.5, leading=16,
                             spaceBefore=10, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=base, fontName=SANS_BOLD, fontSize=10.5, leading=13,
                             spaceBefore=6, spaceAfter=3),
        "cover_kicker": ParagraphStyle("kicker", parent=base, fontName=SANS_BOLD, fontSize=10,
                                       textColor=HexColor(MUTED), leading=14),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=SANS_BOLD,
                                      fontSize=28, leading=34, spaceAfter=8),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=19),
        "marking_box": ParagraphStyle("marking_box", parent=base, fontName=SANS_BOLD,
                                      fontSize=13, leading=17, alignment=TA_CENTER,
                                      textColor=HexColor("#ffffff")),
        "big": ParagraphStyle("big", parent=base, fontName=SANS_BOLD, fontSize=30, leading=34),
        "band": ParagraphStyle("band", parent=base, fontName=SANS_BOLD, fontSize=14,
                               leading=17, alignment=TA_CENTER),
    }


def unverified_notice() -> str:
    return _("UNVERIFIED: rows of this assessment do not match their checksums "
             "(changed outside AIBRI Desktop)")


@dataclass(frozen=True)
class PageFurniture:
    marking: str
    title: str  # footer, left
    metadata_title: str
    subject: str
    author: str  # empty: no author in the metadata
    creator: str
    notice: str = ""  # a warning under the marking at the top of every page (red)


def _draw_mixed(canvas: Canvas, x: float, y: float, text: str, size: float, *,
                bold: bool = False, anchor: str = "left") -> None:
    """Draw one line, switching to the CJK font for CJK characters."""
    runs: list[tuple[str, str]] = []
    for ch in plain(text):
        font = CJK if is_cjk(ch) else (SANS_BOLD if bold else SANS)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    total = sum(canvas.stringWidth(run, font, size) for font, run in runs)
    if anchor == "centre":
        x -= total / 2
    elif anchor == "right":
        x -= total
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, font, size)


def numbered_canvas(furniture: PageFurniture) -> type[Canvas]:
    """A canvas class that draws the marking and "Page X of Y" once it knows Y."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Not base-14 Helvetica: every font in the file must be embedded.
            if not kwargs.get("initialFontName"):
                kwargs["initialFontName"] = SANS
            if not kwargs.get("initialFontSize"):
                kwargs["initialFontSize"] = 9.5
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setTitle(furniture.metadata_title)
            self.setSubject(furniture.subject)
            self.setCreator(furniture.creator)
            self.setProducer(furniture.creator)
            if furniture.author:
                self.setAuthor(furniture.author)
            self.setKeywords(furniture.marking)

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(count)
                super().showPage()
            super().save()

        def _furniture(self, count: int) -> None:
            width, height = PAGE
            marking = furniture.marking.strip() or _("NO CLASSIFICATION MARKING")
            self.saveState()
            self.setFillColor(HexColor(MARKING))
            _draw_mixed(self, width / 2, height - 12 * mm, marking, 9.5, bold=True,
                        anchor="centre")
            _draw_mixed(self, width / 2, 6.5 * mm, marking, 8.5, bold=True, anchor="centre")
            if furniture.notice:
                self.setFillColor(HexColor(UNVERIFIED))
                _draw_mixed(self, width / 2, height - 16.5 * mm, furniture.notice, 8,
                            bold=True, anchor="centre")
            self.setFillColor(HexColor(MUTED))
            self.setStrokeColor(HexColor("#dadce0"))
            self.line(MARGIN, 15.5 * mm, width - MARGIN, 15.5 * mm)
            _draw_mixed(self, MARGIN, 12 * mm, shorten(furniture.title, 90), 7.5)
            _draw_mixed(self, width - MARGIN, 12 * mm,
                        _("Page {page} of {count}").format(page=self._pageNumber, count=count),
                        7.5, anchor="right")
            self.restoreState()

    return NumberedCanvas
