"""Page furniture shared by every brief: styles, the marking at top and bottom of each page,
"Page X of Y" (two passes over the pages), PDF metadata, and navigation: every heading an
outline entry (bookmark), the outline shown on opening, the document language set, and a
content order that text extraction follows (the marking at the top first, the body, then the
footer). A tagged PDF is beyond ReportLab: the DOCX brief is the accessible edition."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph

from ..i18n import _
from ..palette import INK, MARKING, MUTED, UNVERIFIED
from .fonts import CJK, SANS, SANS_BOLD, register_fonts
from .text import has_cjk, is_cjk, plain

PAGE = A4  # the default; a library may write its briefs on US Letter (page_size)
PAPER_SIZES = {"a4": A4, "letter": LETTER}


def page_size(paper: str) -> tuple[float, float]:
    """The page of a brief written on ``paper`` ("a4" or "letter"; anything else: A4)."""
    width, height = PAPER_SIZES.get(paper, A4)
    return float(width), float(height)
MARGIN = 18 * mm
TOP_MARGIN = 22 * mm
BOTTOM_MARGIN = 20 * mm
# The paragraph styles that are headings, and their level in the document outline. The cover's
# title opens the outline like a section (each h1 after it is a sibling).
HEADING_LEVELS = {"cover_title": 0, "h1": 0, "h2": 1, "h3": 2}
FOOTER_SIZE, FOOTER_SMALLEST = 7.5, 6.0


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


def document_language() -> str:
    """The briefs' language as the PDF's /Lang wants it ("en", "pt-BR"): the language of the
    gettext catalog the briefs are written with, English when there is none."""
    from .. import i18n

    catalog = getattr(i18n, "_translations", None)
    language = ""
    if catalog is not None:
        try:
            language = str(catalog().info().get("language", ""))
        except Exception:  # a broken catalog still gets a language: the messages' own
            language = ""
    return language.strip().replace("_", "-") or "en"


def outline_levels(levels: Sequence[int]) -> list[int]:
    """Outline levels that never jump: a heading sits one level below the nearest heading
    before it of a higher rank, so an h3 straight after an h1 is at level 1 (ReportLab
    refuses a skipped level), and so are the h3s after it."""
    open_ranks: list[int] = []  # the ranks of the headings the next one may sit under
    fixed: list[int] = []
    for level in levels:
        while open_ranks and open_ranks[-1] >= level:
            open_ranks.pop()
        fixed.append(len(open_ranks))
        open_ranks.append(level)
    return fixed


@dataclass(frozen=True)
class Heading:
    """A heading as the outline lists it: its text, level, page (1-based) and the height on
    the page its bookmark opens at."""

    title: str
    level: int
    page: int
    top: float


def _headings_in(flowable: Any) -> Iterator[Paragraph]:
    """The heading paragraphs of a flowable: itself, or those inside a container that is
    drawn whole (KeepInFrame, as the executive summary's page is)."""
    if isinstance(flowable, Paragraph):
        if flowable.style.name in HEADING_LEVELS:
            yield flowable
        return
    content = getattr(flowable, "_content", None)
    if isinstance(content, list):
        for inner in content:
            yield from _headings_in(inner)


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A brief's document: its language set (``lang``, the app's by default), and every
    heading paragraph (:data:`HEADING_LEVELS`) handed to the canvas as an outline entry. With
    the canvas of :func:`numbered_canvas` the bookmarks are made when the pages are written
    (it holds the pages back to count them); another canvas bookmarks at once."""

    def __init__(self, filename: Any, **kw: Any) -> None:
        kw.setdefault("lang", document_language())
        super().__init__(filename, **kw)
        self._outline_levels: list[int] = []  # the headings' ranks so far (a canvas that
        # bookmarks at once)

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = getattr(self, "frame", None)
        page_height = float(self.pagesize[1])
        y = float(getattr(frame, "_y", page_height))
        top = min(page_height, y + float(flowable.getSpaceAfter()) +
                  float(getattr(flowable, "height", 0) or 0) + 6)
        for paragraph in _headings_in(flowable):
            title = " ".join(paragraph.getPlainText().split())
            if not title:
                continue
            level = HEADING_LEVELS[paragraph.style.name]
            add = getattr(self.canv, "add_heading", None)
            if add is not None:
                add(title, level, top)
                continue
            self._outline_levels.append(level)
            key = f"heading-{len(self._outline_levels)}"
            self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top, zoom=0)
            self.canv.addOutlineEntry(title, key, level=outline_levels(
                self._outline_levels)[-1])
            self.canv.showOutline()


@lru_cache(maxsize=64)  # every page of a brief has the same footer: worked out once
def _footer_lines(text: str, width: float) -> tuple[tuple[str, ...], float]:
    """The footer's title whole, words never cut: on one line at its size or smaller (down to
    :data:`FOOTER_SMALLEST`), else on two lines, as large as they fit."""
    text = " ".join(plain(text).split())

    def wide(line: str, size: float) -> float:
        if not has_cjk(line):
            return float(stringWidth(line, SANS, size))
        return sum(float(stringWidth(ch, CJK if is_cjk(ch) else SANS, size)) for ch in line)

    def two_lines(size: float) -> list[str]:
        words, first = text.split(" "), ""
        for n, word in enumerate(words):
            candidate = f"{first} {word}" if first else word
            if first and wide(candidate, size) > width:
                return [first, " ".join(words[n:])]
            first = candidate
        return [first]

    size = FOOTER_SIZE
    while size >= FOOTER_SMALLEST:
        if wide(text, size) <= width:
            return (text,), size
        size -= 0.5
    size = FOOTER_SMALLEST
    lines = two_lines(size)
    while size > 4.5 and any(wide(line, size) > width for line in lines):
        size -= 0.5
        lines = two_lines(size)
    return tuple(lines), size


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
    shown = plain(text)
    if not has_cjk(shown):  # one run: most lines (the loop below cost 8,000 calls a brief)
        runs.append((SANS_BOLD if bold else SANS, shown))
        shown = ""
    for ch in shown:
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
            self._headings: list[Heading] = []
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

        def add_heading(self, title: str, level: int, top: float) -> None:
            """A heading on the page being laid out: bookmarked when the pages are written."""
            self._headings.append(Heading(title, level, len(self._pages) + 1, top))

        def save(self) -> None:
            count = len(self._pages)
            levels = outline_levels([h.level for h in self._headings])
            for state in self._pages:
                self.__dict__.update(state)
                self._top_furniture()
                self._bottom_furniture(count)
                for n, (heading, level) in enumerate(zip(self._headings, levels, strict=True)):
                    if heading.page == self._pageNumber:
                        key = f"heading-{n + 1}"
                        self.bookmarkPage(key, fit="XYZ", left=0, top=heading.top, zoom=0)
                        self.addOutlineEntry(heading.title, key, level=level)
                super().showPage()
            if self._headings:
                self.showOutline()
            super().save()

        def _top_furniture(self) -> None:
            """The marking (and the notice) at the top, first in the page's content so that
            text extraction and reading order start with it."""
            width, height = self._pagesize
            start = len(self._code)
            marking = furniture.marking.strip() or _("NO CLASSIFICATION MARKING")
            self.saveState()
            self.setFillColor(HexColor(MARKING))
            _draw_mixed(self, width / 2, height - 12 * mm, marking, 9.5, bold=True,
                        anchor="centre")
            if furniture.notice:
                self.setFillColor(HexColor(UNVERIFIED))
                _draw_mixed(self, width / 2, height - 16.5 * mm, furniture.notice, 8,
                            bold=True, anchor="centre")
            self.restoreState()
            drawn = self._code[start:]
            del self._code[start:]
            self._code[0:0] = drawn

        def _bottom_furniture(self, count: int) -> None:
            """The footer after the body: the title (whole, on two lines if it must), the
            page number, and the marking at the foot."""
            width, _height = self._pagesize
            marking = furniture.marking.strip() or _("NO CLASSIFICATION MARKING")
            page = _("Page {page} of {count}").format(page=self._pageNumber, count=count)
            self.saveState()
            self.setFillColor(HexColor(MUTED))
            self.setStrokeColor(HexColor("#dadce0"))
            self.line(MARGIN, 15.5 * mm, width - MARGIN, 15.5 * mm)
            room = width - 2 * MARGIN - stringWidth(page, SANS, FOOTER_SIZE) - 12
            lines, size = _footer_lines(furniture.title, room)
            if len(lines) == 1:
                _draw_mixed(self, MARGIN, 12 * mm, lines[0], size)
            else:
                _draw_mixed(self, MARGIN, 13 * mm, lines[0], size)
                _draw_mixed(self, MARGIN, 13 * mm - size - 1.5, lines[1], size)
            _draw_mixed(self, width - MARGIN, 12 * mm, page, FOOTER_SIZE, anchor="right")
            self.setFillColor(HexColor(MARKING))
            _draw_mixed(self, width / 2, 6.5 * mm, marking, 8.5, bold=True, anchor="centre")
            self.restoreState()

    return NumberedCanvas
