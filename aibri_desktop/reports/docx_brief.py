"""The country brief as an editable Word document (python-docx): the PDF's document in Word.

The same A4 page and margins (reports/layout.py), the same sections under the same headings
in the same order as ``CountryBrief.story()`` (the PDF's h1, h2 and h3 as Word's Heading 1, 2
and 3), tables in the PDF's column proportions whose header row repeats on every page, the
charts as high-resolution images with alt text, and on every page the marking at the top and
the bottom and "Page X of Y". tests/reports/test_brief_parity.py holds the two to each other.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt, RGBColor
from reportlab.graphics import renderPDF

from ..domain.bands import Band, band_name
from ..domain.plain_text import xml_safe
from ..domain.robustness_text import robustness_sentence
from ..domain.suppliers import perspective_words
from ..i18n import _
from ..palette import BAND_COLOURS, BAND_TEXT, INK, MARKING, MUTED, UNVERIFIED
from . import wording as say
from .country_brief import RADAR_FROM, SUMMARY_DRIVERS, SUMMARY_OPTIONS, robustness_checks
from .drawings import driver_bars, radar, verdict_bars
from .fonts import register_fonts
from .layout import BOTTOM_MARGIN, MARGIN, PAGE, TOP_MARGIN, page_size, unverified_notice
from .model import BriefData, BriefDimension, BriefRow

IMAGE_SCALE = 4  # 72 dpi drawings rendered at 288 dpi
FONT = "DejaVu Sans"  # the PDF's font (fonts.SANS); Word substitutes its own where missing
# the text's width in points, as the PDF's frame on A4 (on US Letter, 17 pt wider, the tables
# keep it)
WIDTH = PAGE[0] - 2 * MARGIN
PALE = "F1F3F4"  # a band outside the verdict, on the scale beside the headline
RULE, HEAD_RULE, FLAGGED, BOX = "DADCE0", "5F6368", "FDECEA", "F6F8FA"
# the paragraph styles besides Word's own: the PDF's "small", "muted", "cell" and the cover's
SMALL, QUIET, CELL, KICKER, SUBTITLE = ("Brief Small", "Brief Muted", "Brief Cell",
                                        "Brief Kicker", "Brief Subtitle")

# What follows an element in its parent, in the order the schema (ECMA-376) requires: a
# property added later must go before these.
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_RUN_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                  "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                      "w:tblDescription", "w:tblPrChange")
_AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_TC_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                     "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                     "w:cellMerge", "w:tcPrChange")


def _png(drawing: Any) -> bytes:
    """Rasterise a vector drawing through PDF (no Qt, no Cairo)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        image = pdf[0].render(scale=IMAGE_SCALE).to_pil()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _n(value: object) -> str:
    return "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _xml_clean(value: Any) -> Any:
    """The brief's data with every text XML 1.0 can hold: python-docx refuses a vertical tab
    (text pasted from Word), NUL and the other C0 controls, so each becomes a space."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple):
        return tuple(_xml_clean(item) for item in value)
    if isinstance(value, list):
        return [_xml_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _xml_clean(item) for key, item in value.items()}
    if isinstance(value, BriefData | BriefDimension | BriefRow):
        return replace(value, **{f.name: _xml_clean(getattr(value, f.name))
                                 for f in fields(value)})
    return value


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(_hex(colour))


def _length(points: float) -> Length:
    return Emu(round(points * 12700))


def _twips(points: float) -> str:
    return str(round(points * 20))


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _sides(tag: str, sides: Sequence[tuple[str, str | None]], *, width: float = 0.5,
           space: float | None = None) -> Any:
    """<w:pBdr>, <w:tblBorders> or <w:tcBorders>: each side a line in a colour, or none."""
    box = OxmlElement(tag)
    for side, colour in sides:
        if colour is None:
            box.append(_element(f"w:{side}", val="nil"))
            continue
        line = _element(f"w:{side}", val="single", sz=str(round(width * 8)), color=colour)
        if space is not None:
            line.set(qn("w:space"), str(round(space)))
        box.append(line)
    return box


def _shading(fill: str) -> Any:
    return _element("w:shd", val="clear", color="auto", fill=_hex(fill))


def _shade_run(run: Any, fill: str) -> None:
    """A run on a coloured ground (Word's character shading, any colour)."""
    run._r.get_or_add_rPr().insert_element_before(_shading(fill), *_AFTER_RUN_SHD)


def _box(paragraph: Any, colour: str, *, fill: str | None = None, space: float = 4) -> None:
    """A line round a paragraph; paragraphs in a row with the same lines share one box."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.insert_element_before(_sides("w:pBdr", [(side, _hex(colour)) for side in (
        "top", "left", "bottom", "right")], space=space), *_AFTER_PBDR)
    if fill is not None:
        pPr.insert_element_before(_shading(fill), *_AFTER_PBDR[1:])


def _rule_above(paragraph: Any, colour: str) -> None:
    paragraph._p.get_or_add_pPr().insert_element_before(
        _sides("w:pBdr", [("top", _hex(colour))], space=2), *_AFTER_PBDR)


def _field(paragraph: Any, code: str, shown: str) -> None:
    """A field Word and LibreOffice compute when they lay the pages out (PAGE, NUMPAGES);
    ``shown`` stands in until then."""
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    for element in (_element("w:fldChar", fldCharType="begin"), instruction,
                    _element("w:fldChar", fldCharType="separate"), shown,
                    _element("w:fldChar", fldCharType="end")):
        if isinstance(element, str):
            paragraph.add_run(element)
        else:
            paragraph.add_run()._r.append(element)


def _page_x_of_y(paragraph: Any) -> None:
    """"Page X of Y" in the translated order, X and Y as fields."""
    for piece in re.split(r"(\{page\}|\{count\})", _("Page {page} of {count}")):
        if piece == "{page}":
            _field(paragraph, "PAGE", "1")
        elif piece == "{count}":
            _field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(piece)


def _alt_text(shape: Any, title: str, description: str) -> None:
    """What an image shows, for a screen reader (Word's "Alt Text")."""
    shape._inline.docPr.set("title", _one_line(title))
    shape._inline.docPr.set("descr", _one_line(description))


def _header_row(row: Any) -> None:
    """The table's header row: repeated at the top of every page the table runs onto (and so
    read as the header by assistive technology); never split across pages."""
    trPr = row._tr.get_or_add_trPr()
    trPr.append(_element("w:cantSplit"))
    trPr.append(_element("w:tblHeader"))


def _fonts(rPr: Any, name: str) -> None:
    """One font for Latin and complex script; East Asian text keeps the theme's (DejaVu has
    no CJK): a theme font would otherwise override the name."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = rPr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        rFonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        rFonts.set(qn(slot), name)


def _size(style: Any, points: float) -> None:
    """A style's size for every script: Word takes complex script (Arabic, Hebrew) from
    ``szCs``, which the default template sets apart."""
    half_points = round(points * 2)  # Word's unit for sizes
    style.font.size = Pt(half_points / 2)
    rPr = style.element.get_or_add_rPr()
    complex_size = rPr.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = OxmlElement("w:szCs")
        rPr.find(qn("w:sz")).addnext(complex_size)
    complex_size.set(qn("w:val"), str(half_points))


class DocxBrief:
    """The brief as Word paragraphs and tables, section by section as ``CountryBrief``."""

    def __init__(self, data: BriefData, *, evidence_annex: bool = False) -> None:
        self.data: BriefData = _xml_clean(data)
        self.evidence_annex = evidence_annex
        self.doc: Any = Document()

    # ---- the document ----------------------------------------------------------------------

    def render(self) -> bytes:
        register_fonts()  # the charts are drawn in the PDF's fonts
        self._metadata()
        self._styles()
        self._page()
        self.cover()
        self.summary()
        self.charts()
        for dimension in self.data.dimensions:
            self.dimension_section(dimension)
        self.methodology_annex()
        if self.evidence_annex:
            self.evidence_section()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _metadata(self) -> None:
        d = self.data
        properties = self.doc.core_properties
        properties.title = _one_line(say.brief_title(d))
        properties.subject = _one_line(_("{country}: {exposure}, as of {date}").format(
            country=d.country, exposure=d.exposure, date=d.as_of.isoformat()) if d.exposure
            else _("Exposure to the AI Belt and Road: {country}, as of {date}").format(
                country=d.country, date=d.as_of.isoformat()))
        properties.author = _one_line(d.assessor)
        properties.keywords = _one_line(d.marking)
        properties.comments = f"AIBRI Desktop {d.app_version}"

    def _styles(self) -> None:
        """Word's styles set to the PDF's (reports/layout.py styles()): DejaVu Sans, body
        9.5 pt, h1 17, h2 12.5, h3 10.5, cells 7.8; no space Word adds by default."""
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for spacing in defaults.iter(qn("w:spacing")):
                spacing.set(qn("w:after"), "0")
                spacing.set(qn("w:line"), "240")
            for rPr in defaults.iter(qn("w:rPr")):
                _fonts(rPr, FONT)
            for size in (*defaults.iter(qn("w:sz")), *defaults.iter(qn("w:szCs"))):
                size.set(qn("w:val"), "19")  # 9.5 pt, Normal's
        normal = styles["Normal"]
        _fonts(normal.element.get_or_add_rPr(), FONT)
        _size(normal, 9.5)
        normal.font.color.rgb = _rgb(INK)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        headings: tuple[tuple[str, float, float, float], ...] = (
            ("Heading 1", 17, 0, 8), ("Heading 2", 12.5, 10, 5), ("Heading 3", 10.5, 6, 3),
            ("Title", 28, 0, 8))
        for name, size, before, after in headings:
            style = styles[name]
            _fonts(style.element.get_or_add_rPr(), FONT)
            _size(style, size)
            style.font.bold = True
            style.font.color.rgb = _rgb(INK)
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(after)
            style.paragraph_format.keep_with_next = True
        title = styles["Title"].element
        for tag in ("w:pBdr", "w:contextualSpacing"):
            for found in list(title.iter(qn(tag))):
                found.getparent().remove(found)
        for tag in ("w:spacing", "w:kern"):  # the letter spacing, not the paragraph's
            rPr = title.find(qn("w:rPr"))
            if rPr is not None and (found := rPr.find(qn(tag))) is not None:
                rPr.remove(found)
        added: tuple[tuple[str, float, str, bool, float], ...] = (
            (SMALL, 8, INK, False, 1.5), (QUIET, 8, MUTED, False, 1.5),
            (CELL, 7.8, INK, False, 0), (KICKER, 10, MUTED, True, 0),
            (SUBTITLE, 14, INK, False, 0))
        for name, size, colour, bold, after in added:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.quick_style = True
            _size(style, size)
            style.font.color.rgb = _rgb(colour)
            style.font.bold = bold or None
            style.paragraph_format.space_after = Pt(after)

    def _page(self) -> None:
        """The library's paper (A4 or US Letter) with the PDF's margins; the marking at the
        top and the bottom of every page, the title and "Page X of Y" above the bottom one
        (layout.numbered_canvas)."""
        d = self.data
        section = self.doc.sections[0]
        page = page_size(d.paper)
        section.page_width, section.page_height = _length(page[0]), _length(page[1])
        section.left_margin = section.right_margin = _length(MARGIN)
        section.top_margin, section.bottom_margin = _length(TOP_MARGIN), _length(BOTTOM_MARGIN)
        section.header_distance, section.footer_distance = _length(26), _length(14)
        marking = d.marking.strip() or _("NO CLASSIFICATION MARKING")
        top = section.header.paragraphs[0]
        top.style = self.doc.styles["Normal"]
        self._marking(top, marking, 9.5)
        if d.unverified:
            warning = section.header.add_paragraph(style=self.doc.styles["Normal"])
            warning.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = warning.add_run(unverified_notice())
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = _rgb(UNVERIFIED)
        title = say.brief_title(d)
        if d.exposure:  # format 2: every page's footer says what is measured
            title = _("{title} · {exposure}").format(title=title, exposure=d.exposure)
        line = section.footer.paragraphs[0]
        line.style = self.doc.styles[QUIET]
        line.paragraph_format.tab_stops.add_tab_stop(_length(WIDTH), WD_TAB_ALIGNMENT.RIGHT)
        line.paragraph_format.space_after = Pt(4)
        _rule_above(line, RULE)
        line.add_run(_one_line(title) + "\t")
        _page_x_of_y(line)
        for run in line.runs:
            run.font.size = Pt(7.5)
        self._marking(section.footer.add_paragraph(style=self.doc.styles["Normal"]), marking,
                      8.5)

    @staticmethod
    def _marking(paragraph: Any, marking: str, size: float) -> None:
        run = paragraph.add_run(marking)
        run.bold = True
        run.font.size = Pt(size)
        run.font.color.rgb = _rgb(MARKING)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    # ---- building blocks -------------------------------------------------------------------

    def heading(self, text: str, level: int, *, new_page: bool = False) -> Any:
        paragraph = self.doc.add_heading(text, level=level)
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def text(self, text: str = "", style: str = SMALL, *, bold: str = "",
             keep: bool = False) -> Any:
        """A paragraph: ``bold`` first, then ``text``."""
        paragraph = self.doc.add_paragraph(style=self.doc.styles[style])
        if bold:
            paragraph.add_run(bold).bold = True
        if text:
            paragraph.add_run(text)
        if keep:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float], *, bold_first_column: bool = False,
              header_style: str = CELL, body_style: str = CELL) -> Any:
        """The PDF's ruled table: ``widths`` as shares of the text's width, the header row in
        bold over a dark rule and repeated on every page, a light rule under each row."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tblPr = table._tbl.tblPr
        tblW = tblPr.find(qn("w:tblW"))
        if tblW is not None:
            tblW.set(qn("w:type"), "dxa")
            tblW.set(qn("w:w"), _twips(WIDTH))
        tblPr.insert_element_before(_sides("w:tblBorders", [
            ("top", None), ("left", None), ("bottom", RULE), ("right", None),
            ("insideH", RULE), ("insideV", None)], width=0.3), *_AFTER_TBL_BORDERS)
        margins = OxmlElement("w:tblCellMar")
        for side, points in (("top", 1.5), ("left", 3), ("bottom", 2), ("right", 3)):
            margins.append(_element(f"w:{side}", w=_twips(points), type="dxa"))
        tblPr.insert_element_before(margins, *_AFTER_TBL_CELL_MAR)
        lengths = [_length(WIDTH * share) for share in widths]
        for column, length in zip(table.columns, lengths, strict=True):
            column.width = length
        for r, (row, texts) in enumerate(zip(table.rows, [header, *rows], strict=True)):
            for k, (cell, text, length) in enumerate(zip(row.cells, texts, lengths,
                                                         strict=True)):
                cell.width = length
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles[header_style if r == 0 else body_style]
                if text:
                    paragraph.add_run(text).bold = (r == 0 or (bold_first_column and k == 0)
                                                    ) or None
                if r == 0:
                    cell._tc.get_or_add_tcPr().insert_element_before(_sides(
                        "w:tcBorders", [("bottom", HEAD_RULE)], width=0.8), *_AFTER_TC_BORDERS)
        _header_row(table.rows[0])
        return table

    @staticmethod
    def shade_row(row: Any, fill: str) -> None:
        for cell in row.cells:
            cell._tc.get_or_add_tcPr().insert_element_before(_shading(fill),
                                                             *_AFTER_TC_BORDERS[1:])

    def picture(self, paragraph: Any, drawing: Any, title: str, description: str) -> None:
        """A chart at the size the PDF draws it, with its alt text."""
        shape = paragraph.add_run().add_picture(io.BytesIO(_png(drawing)),
                                                width=_length(drawing.width))
        _alt_text(shape, title, description)

    @staticmethod
    def chips(paragraph: Any, labels: Sequence[str], *, scale: bool = False,
              size: float = 9) -> None:
        """Bands as coloured words, each in its own colour (never one colour for an open
        verdict); ``scale``: all five, those outside the verdict pale."""
        for k, band in enumerate(b for b in Band if scale or b.label in labels):
            if k:
                paragraph.add_run(" ")
            inside = band.label in labels
            run = paragraph.add_run(f" {band_name(band.label, _=_)} ")
            run.bold = inside
            run.font.size = Pt(size)
            run.font.color.rgb = _rgb(BAND_TEXT[band] if inside else MUTED)
            _shade_run(run, BAND_COLOURS[band] if inside else PALE)

    def option(self, option: dict[str, Any], *, tagged: bool) -> None:
        """One option as the PDF prints it: its title (the analyst's wording said), where it
        comes from and, unless a heading says it, whom it addresses; then its rationale."""
        place = f"{option['indicator']}, {_('level')} {option['level']}"
        if tagged and (audience := say.audience_words(option.get("audience"))):
            place = f"{place}; {audience}"
        paragraph = self.text(bold=option["title"])
        if option.get("analyst"):
            paragraph.add_run(f" [{_('analyst')}'s wording]").italic = True
        paragraph.add_run(f" ({place}) — {option['rationale']}")

    # ---- cover -----------------------------------------------------------------------------

    def cover(self) -> None:
        d = self.data
        kicker = _("COUNTRY BRIEF · AI DEPENDENCY AND EXPOSURE") if d.exposure else \
            _("COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE")
        self.text(kicker, KICKER).paragraph_format.space_before = Pt(40)
        self.doc.add_heading(d.country, level=0).paragraph_format.space_before = Pt(10)
        self.text(d.title, SUBTITLE)
        if measured := say.measured_words(d):  # format 2: what is measured, and from where
            self.text(measured, SUBTITLE).paragraph_format.space_before = Pt(6)
        marking = d.marking.strip() or _("NO CLASSIFICATION MARKING")
        box = self.doc.add_paragraph(style=self.doc.styles["Normal"])
        box.alignment = WD_ALIGN_PARAGRAPH.CENTER
        box.paragraph_format.space_before = box.paragraph_format.space_after = Pt(28)
        _box(box, MARKING, fill=MARKING, space=8)
        run = box.add_run(marking)
        run.bold = True
        run.font.size = Pt(13)
        run.font.color.rgb = _rgb("#ffffff")
        facts = [
            [_("As of"), d.as_of.isoformat()],
            [_("Region"), f"{d.region} ({d.country_code})"],
            [_("Framework"), f"{d.framework_name}, version {d.framework_label.split()[-1]}"],
            [_("Framework fingerprint"), d.framework_hash[:16]],
            [_("Optional modules"), ", ".join(d.modules) or _("none")],
            [_("Prepared"), _("{date} with AIBRI Desktop {version}").format(
                date=d.generated_at.date().isoformat(), version=d.app_version)],
            [_("Sign-off"), say.sign_off_words(d)],
        ]
        if d.exposure:
            facts[4:4] = [
                [_("Supplier profile"), _("{label}, fingerprint {hash}").format(
                    label=d.supplier_label, hash=d.supplier_hash[:16])],
                [_("Perspective"), perspective_words(d.perspective, _=_) or _("not recorded")]]
        if d.assessor:
            facts.append([_("Assessor"), d.assessor])
        label = 45 * 2.835 / WIDTH  # the PDF's 45 mm
        self.table([_("Item"), _("Value")], facts, [label, 1 - label],
                   header_style=QUIET, body_style="Normal")
        self.text(_(
            "How to read this brief: exposure runs from 0 to 100, higher meaning more "
            "exposure or concentration; it measures dependence, not approval of any partner. "
            "Bands: Low below 20, Guarded 20–40, Elevated 40–60, High 60–80, Severe 80 and "
            "above. Unknown answers are never guessed: they leave a range open, and the "
            "headline of each figure is its verdict, the bands that range can still reach — "
            "\"High\" when it is one band, \"at least Elevated, at most High\" when the "
            "unknowns leave it open."), QUIET).paragraph_format.space_before = Pt(30)

    # ---- executive summary -----------------------------------------------------------------

    def _headline(self) -> None:
        """The overall verdict first, in a box; with an open verdict no point score on this
        page (docs/scoring.md: a minister quotes whatever number is on page 1)."""
        d = self.data
        o = d.overall
        verdict = say.verdict(o)
        settled = verdict is not None and verdict.settled
        boxed: list[Any] = []
        if d.scoring_rules == 1:
            boxed.append(self.text(_("Overall exposure — {label}").format(
                label=say.v1_label()), QUIET))
            headline = self.text(style="Normal")
            run = headline.add_run(f"{_n(o['score'])} ")
            run.bold = True
            run.font.size = Pt(16)
            band = say.band_of_score(o)
            if band is not None:
                self.chips(headline, [band.label], size=14)
            headline.add_run("   " + say.under_v2(o)).font.size = Pt(12)
            boxed.append(headline)
        else:
            headline = self.text(style="Normal")
            run = headline.add_run(f"{_('Overall exposure')}: {say.verdict_words(o)}")
            run.bold = True
            run.font.size = Pt(16)
            boxed.append(headline)
            if verdict is not None:
                scale = self.text(style="Normal")
                self.chips(scale, [b.label for b in verdict.bands], scale=True)
                boxed.append(scale)
        if threshold := say.threshold_words(d):  # the ministry's question, under the verdict
            question, answer = threshold
            boxed.append(self.text(" " + answer, "Normal", bold=question))
        figures = [_("Range {low}–{high}").format(low=_n(o["low"]), high=_n(o["high"])),
                   _("coverage {c}").format(c=_pct(o["coverage"]))]
        if o["provisional"]:
            figures.insert(0, _("PROVISIONAL (coverage below 70 %)"))
        if settled and d.scoring_rules != 1:
            figures.append(_("{label} {score}").format(label=say.score_label(),
                                                       score=_n(o["score"])))
        boxed.append(self.text(" · ".join(figures), "Normal"))
        if d.scoring_rules != 1 and (sentence := say.must_answer_sentence(o)):
            boxed.append(self.text(" " + " ".join([*say.must_answer_needs(d), _(
                "Every open indicator's share of the range is listed in the annex.")]),
                bold=sentence))
        if d.residual:
            residual_verdict = say.verdict(d.residual)
            boxed.append(self.text(say.residual_sentence(
                d.residual, rules=d.scoring_rules, with_score=settled and residual_verdict
                is not None and residual_verdict.settled)))
        if left_out := say.left_out_sentence(d):
            boxed.append(self.text(left_out))
        for k, paragraph in enumerate(boxed):
            _box(paragraph, RULE, fill=BOX if k == 0 else None)
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.keep_with_next = True
        boxed[-1].paragraph_format.space_after = Pt(6)
        boxed[-1].paragraph_format.keep_with_next = False

    def summary(self) -> None:
        d = self.data
        self.heading(_("Executive summary"), 1, new_page=True)
        if measured := say.measured_words(d):
            self.heading(measured, 3)
        self._headline()
        self.heading(_("Dimension verdicts"), 3)
        for x in d.dimensions:
            self.text(say.dimension_verdict_line(x, d.scoring_rules))
        self.heading(_("Red flags"), 3)
        if d.red_flags:
            for flag in d.red_flags:
                row = d.row(flag["indicator"])
                self.text(" — " + (say.finding(row) if row is not None else flag["text"]),
                          bold=say.flag_words(flag))
        else:
            self.text(_("None: no critical indicator is at level 4, unknown or unanswered."))
        for indicator_id, _question in d.critical_not_applicable:
            row = d.row(indicator_id)
            self.text(_("Critical indicator marked not applicable — {finding}").format(
                finding=say.finding(row) if row is not None else indicator_id))
        self.heading(_("Key judgements (the analyst's view)"), 3)
        for n, text in enumerate(d.judgements[:5], 1):
            self.text(f"{n}. {text}")
        if not d.judgements:
            self.text(say.no_judgements())
        self.heading(_("What drives the score"), 3)
        if d.drivers:
            for indicator_id, _question, points, _dimension in d.drivers[:SUMMARY_DRIVERS]:
                row = d.row(indicator_id)
                self.text(_("{finding} ({points} points)").format(
                    finding=say.finding(row) if row is not None else indicator_id,
                    points=f"{points:.1f}"))
        else:
            self.text(_("No answered indicator adds to the score yet."))
        self.heading(_("Policy options the answers trigger"), 3)
        if d.options:
            room = SUMMARY_OPTIONS  # the reader's options first, then the others
            for heading, group in say.option_groups(d):
                if room <= 0:
                    break
                if heading:  # a bold line in the PDF, not one of its headings
                    self.text(heading, CELL).runs[0].bold = True
                for option in group[:room]:
                    self.option(option, tagged=not heading)
                room -= len(group)
            if len(d.options) > SUMMARY_OPTIONS:
                self.text(_("{n} more options are listed in the dimension sections.").format(
                    n=len(d.options) - SUMMARY_OPTIONS), QUIET)
        else:
            self.text(_("None: no indicator is at a level that calls for one."))
        if d.robustness is not None and d.robustness.overall is not None:
            verdict = say.verdict(d.overall)
            if d.scoring_rules == 1 or (verdict is not None and verdict.settled):
                self.heading(_("How robust is the band?"), 3)
                self.text(robustness_sentence(d.robustness, stored=d.robustness_stored, _=_))
            else:  # its figures are the point score's: not on the page of an open verdict
                self.heading(_("How robust is the score?"), 3)
                self.text(_(
                    "How much the score of the answered indicators owes to the weights and to "
                    "uncertain answers is in the robustness annex; what the open indicators "
                    "could still do is the verdict above."))

    # ---- charts ----------------------------------------------------------------------------

    def charts(self) -> None:
        d = self.data
        exposure = [x for x in d.dimensions if x.kind == "exposure"]
        drawn = [x for x in exposure if not x.left_out]
        self.heading(_("Dimensions at a glance"), 1, new_page=True)
        charts = self.text(style="Normal", keep=True)
        bars_text = _("Bar chart of each exposure dimension's range from 0 to 100, every "
                      "stretch in the colour of its band: {items}.").format(items="; ".join(
                          _("{name}: {verdict}, range {low}–{high}").format(
                              name=x.name, verdict=" ".join(say.chart_caption(x, d.scoring_rules)),
                              low=_n(x.figures["low"]), high=_n(x.figures["high"]))
                          for x in exposure) or _("none"))
        bars_caption = _(
            "Each dimension's range as a bar, every stretch of it in the colour of the band it "
            "lies in: an open verdict spans several bands. Black tick: the score of the "
            "answered indicators (ranges at their middle). Dashed lines: the band edges at 20, "
            "40, 60 and 80.")
        bar_rows = [(x.name, x.figures["score"], x.figures["low"], x.figures["high"],
                     say.verdict_labels(x.figures), say.chart_caption(x, d.scoring_rules))
                    for x in exposure]
        if len(drawn) < RADAR_FROM:  # a radar of three axes is a triangle: bars alone
            self.picture(charts, verdict_bars(bar_rows, width=WIDTH * 0.75),
                         _("Each dimension's range by band"), bars_text)
            self.text(bars_caption, QUIET)
        else:  # side by side, as the PDF
            half = WIDTH / 2 - 4
            self.picture(charts, radar([x.name for x in drawn], [(
                d.country, [x.figures["score"] for x in drawn],
                [x.figures["low"] for x in drawn], [x.figures["high"] for x in drawn])],
                width=half, height=210), _("Radar chart of the dimensions"), _(
                "Radar chart of the exposure dimensions on a scale of 0 to 100: {items}.").format(
                items="; ".join(_("{name}: range {low}–{high}, score {score}").format(
                    name=x.name, low=_n(x.figures["low"]), high=_n(x.figures["high"]),
                    score=_n(x.figures["score"])) for x in drawn)))
            charts.add_run(" ")
            self.picture(charts, verdict_bars(bar_rows, width=half),
                         _("Each dimension's range by band"), bars_text)
            self.text(_("Dimensions as a radar: the shaded ring between the dashed lines is "
                        "each dimension's range, low to high; the solid line joins the scores "
                        "of the answered indicators (ranges at their middle)."), QUIET)
            self.text(bars_caption, QUIET)
        self._dimension_table()
        if d.drivers:
            self.heading(_("What drives the score"), 2)
            top = d.drivers[:10]
            drivers = self.text(style="Normal", keep=True)
            self.picture(drivers, driver_bars([(say.driver_label(d, i), p,
                                                d.dimension_colours.get(dim, MUTED))
                                               for i, _q, p, dim in top], width=WIDTH),
                         _("What drives the score"), _(
                             "Bar chart of the indicators that add most to the score of the "
                             "answered indicators, in points: {items}.").format(
                             items="; ".join(f"{say.driver_label(d, i)} {p:.1f}"
                                             for i, _q, p, _dim in top)))
            self.text(_("Each answered indicator's contribution to the score of the answered "
                        "indicators, in points (a range at its middle); all contributions add "
                        "up to that score. Colour: dimension."), QUIET)
            legend = self.text(style=QUIET)
            for n, (dim, name, colour) in enumerate(say.driver_legend(d)):
                square = legend.add_run(("   " if n else "") + "●")
                square.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
                legend.add_run(f" {dim} {name}")

    def _verdict_cell(self, cell: Any, f: dict[str, Any]) -> None:
        """The verdict in words, then each of its bands in its own colour."""
        text = say.verdict_words(f)
        if f.get("provisional"):
            text = _("{text}, provisional").format(text=text)
        cell.paragraphs[0].add_run(text)
        if labels := say.verdict_labels(f):
            self.chips(cell.add_paragraph(style=self.doc.styles[CELL]), labels, size=6.5)

    def _dimension_table(self) -> None:
        """The overall exposure, each dimension and the residual: the verdict first, the
        point score under its own label; never a bare band beside an open verdict. Under
        version 1 of the rules, the signed-off figures with the version-2 verdict beside."""
        d = self.data
        v1 = d.scoring_rules == 1
        self.heading(_("Verdicts and scores"), 2).paragraph_format.space_before = Pt(18)
        if v1:
            self.text(say.v1_label(), keep=True)
            header = [_("Figure"), _("Version 1, as signed off: score and band"),
                      _("Under version 2: verdict"), _("Range"), _("Coverage")]
        else:
            header = [_("Figure"), _("Verdict"), _("Score of the answered indicators (ranges "
                                                   "at their middle)"), _("Range"),
                      _("Coverage")]
        entries: list[tuple[str, dict[str, Any], str]] = [
            (_("Overall exposure"), d.overall, "overall")]
        entries += [(f"{x.id} — {x.name}", x.figures,
                     "left_out" if x.left_out else x.kind) for x in d.dimensions]
        if d.residual:
            entries.append((_("Residual exposure (m = {m:g})").format(
                m=d.residual.get("mitigation_factor", 0.0)), d.residual, "residual"))
        rows = [[name, "", "", f"{_n(f.get('low'))}–{_n(f.get('high'))}",
                 _pct(f.get("coverage")) if kind != "residual" else "–"]
                for name, f, kind in entries]
        table = self.table(header, rows, (0.24, 0.17, 0.33, 0.13, 0.13) if v1
                           else (0.24, 0.37, 0.15, 0.12, 0.12))
        for row, (_name, f, kind) in zip(table.rows[1:], entries, strict=True):
            cells = row.cells
            if kind in ("overall", "residual"):
                cells[0].paragraphs[0].runs[0].bold = True
            score, verdict = (cells[1], cells[2]) if v1 else (cells[2], cells[1])
            provisional = _(", provisional") if f.get("provisional") else ""
            if kind == "left_out":
                verdict.paragraphs[0].add_run(_("left out of the overall exposure: every "
                                                "indicator not applicable"))
                score.paragraphs[0].add_run("–")
            elif kind == "capacity":
                verdict.paragraphs[0].add_run(_("no band, no verdict (capacity: higher = more "
                                                "capacity)") + provisional)
                score.paragraphs[0].add_run(_n(f.get("score")))
            elif v1:
                band = say.band_of_score(f)
                run = score.paragraphs[0].add_run(say.v1_words(f) + provisional)
                if band is not None:
                    run.font.color.rgb = _rgb(BAND_TEXT[band])
                    score._tc.get_or_add_tcPr().insert_element_before(
                        _shading(BAND_COLOURS[band]), *_AFTER_TC_BORDERS[1:])
                self._verdict_cell(verdict, f)
            else:
                self._verdict_cell(verdict, f)
                score.paragraphs[0].add_run(_n(f.get("score")))

    # ---- dimensions ------------------------------------------------------------------------

    def dimension_section(self, x: BriefDimension) -> None:
        d = self.data
        f = x.figures
        self.heading(f"{x.id} — {x.name}: {say.dimension_headline(x, d.scoring_rules)}", 2)
        parts = []
        if x.kind == "exposure" and not x.left_out and d.scoring_rules != 1:
            parts.append(_("{label} {score}").format(label=say.score_label().capitalize(),
                                                     score=_n(f["score"])))
        parts.append(_("Range {low}–{high} · coverage {c}{prov}").format(
            low=_n(f["low"]), high=_n(f["high"]), c=_pct(f["coverage"]),
            prov=_(" · provisional") if f["provisional"] else ""))
        parts.append(_("{a} answered, {r} range, {u} unknown, {n} not yet answered, {na} not "
                       "applicable").format(a=x.answered, r=x.ranged, u=x.unknown,
                                            n=x.unanswered, na=x.not_applicable))
        self.text(" · ".join(parts), keep=True)
        if x.comment:
            self.heading(_("Analyst's comment"), 3)
            self.text(x.comment, keep=True)
        rows = []
        for row in x.rows:
            answer = row.answer if row.state != "not_applicable" else \
                f"{row.answer}: {row.na_reason}"
            rows.append([row.indicator_id + (" ▲" if row.critical else ""),
                         say.item_title(row), answer, row.confidence,
                         say.evidence_line(row.evidence)])
        titled = any(row.short_title for row in x.rows)  # format 2: findings by title
        table = self.table([_("ID"), _("Item") if titled else _("Question"), _("Answer"),
                            _("Conf."), _("Evidence")],
                           rows, (0.11, 0.25, 0.27, 0.09, 0.28), bold_first_column=True)
        for table_row, row in zip(table.rows[1:], x.rows, strict=True):
            if row.critical and row.level == 4:
                self.shade_row(table_row, FLAGGED)
        self.text(_("▲ critical indicator: level 4 raises a red flag. Full evidence and "
                    "sources are in the evidence annex when included."), QUIET)
        options = [o for o in d.options if o["indicator"].startswith(x.id + "-")]
        if options:
            self.heading(_("Policy options triggered in this dimension"), 3)
            for _heading, group in say.option_groups(d, options):
                for option in group:
                    self.option(option, tagged=True)

    # ---- annexes ---------------------------------------------------------------------------

    def methodology_annex(self) -> None:
        d = self.data
        self.heading(_("Annex: methodology and coverage"), 1, new_page=True)
        for text in say.methodology(d):
            self.text(text).paragraph_format.space_after = Pt(3)
        self.heading(_("Coverage"), 2)
        self.table([_("Dimension"), _("Answered"), _("Range"), _("Unknown"),
                    _("Not yet answered"), _("N/A"), _("N/A weight"), _("Coverage")],
                   [[f"{x.id} — {x.name}", str(x.answered), str(x.ranged), str(x.unknown),
                     str(x.unanswered), str(x.not_applicable), _pct(x.na_weight_share),
                     _pct(x.figures["coverage"]) + (_(", provisional")
                                                    if x.figures.get("provisional") else "")]
                    for x in d.dimensions],
                   (0.23, 0.12, 0.09, 0.11, 0.12, 0.06, 0.09, 0.18))
        self._settle_by_annex()
        self._robustness_annex()
        self.heading(_("Framework and sources"), 2)
        self.text(_("{name} ({label}); content fingerprint {hash}. The full methodology, the "
                    "effective weight of every indicator and the declared overlaps are in the "
                    "app (Help → Methodology).").format(
            name=d.framework_name, label=d.framework_label, hash=d.framework_hash[:16]))
        if d.reference:
            self.text(_("Some answers were accepted from public data: {reference}. The "
                        "evidence annex names the lists behind each (verified: read whole from "
                        "the publisher; reconstructed: another route).").format(
                reference=d.reference))
        if d.sources:
            self.text(_("Sources of the policy options in this brief:"), keep=True)
            for citation in d.sources:
                self.text(f"• {citation}", QUIET)
        self.heading(_("What this brief does not measure"), 2)
        self.text(say.not_measured())

    def _settle_by_annex(self) -> None:
        """Every open indicator with its share of the overall range, the shares adding up to
        the displayed high − low; ● marks the must-answer list."""
        d = self.data
        rows = say.settle_by_rows(d)
        if not rows:
            return
        self.heading(say.settle_by_title(d), 2)
        self.text(say.settle_by_note(d), keep=True)
        marks = say.must_answer_marks(d)
        if sentence := say.must_answer_sentence(d.overall):
            self.text(" ".join([sentence, *say.must_answer_needs(d)]), keep=True)
        titled = d.framework_format >= 2  # each item by its short title, whole
        grid = []
        for indicator_id, _dimension, state, share, needed in rows:
            row = d.row(indicator_id)
            name = say.item_title(row) if row else ""
            needs = say.needs_words(marks.get(indicator_id, ""))
            grid.append([indicator_id, name, state, share,
                         (f"● {needs}" if needs else "●") if needed else ""])
        self.table([_("Indicator"), _("Item") if titled else _("Question"), _("State"),
                    _("Share of the range (points)"), _("Must be answered")], grid,
                   (0.11, 0.31, 0.14, 0.14, 0.30) if marks else (0.11, 0.45, 0.16, 0.14, 0.14),
                   bold_first_column=True)

    def _robustness_annex(self) -> None:
        """The draws and the checks beside them, as the PDF's annex (none without a
        score)."""
        d = self.data
        r = d.robustness
        self.heading(_("Robustness"), 2)
        self.text(robustness_sentence(r, stored=d.robustness_stored, _=_))
        if r is None or r.overall is None:
            return

        def line(name: str, dist: Any) -> list[str]:
            return [name, _n(dist.median), f"{_n(dist.p5)}–{_n(dist.p95)}"] + [
                f"{dist.band_shares.get(b.label, 0) * 100:.1f} %" for b in Band]

        draws = [line(_("Weights ±25 %, uncertain answers move"), r.overall)]
        if r.unknowns_answered is not None:  # figures stored under version 1, kept whole
            draws.append(line(_("… and unknowns drawn from 0–4 (version 1; no longer drawn)"),
                              r.unknowns_answered))
        self.table([_("Run"), _("Median"), _("5–95 %"), *[_(b.label) for b in Band]], draws,
                   (0.25, 0.09, 0.12, 0.108, 0.108, 0.108, 0.108, 0.108))
        weights = self.text(_(
            "Equal indicator and dimension weights instead of the framework's: {equal} "
            "(framework weights: {base}). Drop-one — the indicators whose removal moves the "
            "overall exposure most:").format(equal=_n(r.equal_weights),
                                             base=_n(r.framework_weights)))
        weights.paragraph_format.space_before = Pt(4)
        for item in r.drop_one:
            self.text(_("{id}: {overall} without it ({delta:+.1f})").format(
                id=item.indicator_id, overall=_n(item.overall), delta=item.delta), QUIET)
        checks = robustness_checks(d)
        if checks.aggregation:
            self.text(checks.aggregation)
        for header, *grid in checks.tables:
            self.table(list(header), [list(row) for row in grid], (0.28, 0.24, 0.24, 0.24),
                       bold_first_column=True)
        self.text(checks.limits, QUIET).paragraph_format.space_before = Pt(4)

    def evidence_section(self) -> None:
        self.heading(_("Annex: evidence and sources of every answer"), 1, new_page=True)
        for x in self.data.dimensions:
            self.heading(f"{x.id} — {x.name}", 2)
            for row in x.rows:
                if row.state == "unanswered" and not row.evidence:
                    continue
                self.heading(f"{row.indicator_id} — {row.question}", 3)
                self.text(_("Answer: {a} · confidence: {c}{d}").format(
                    a=row.answer, c=row.confidence,
                    d=_(" · as of {d}").format(d=row.as_of) if row.as_of else ""))
                if row.na_reason:
                    self.text(_("Reason it does not apply: {r}").format(r=row.na_reason))
                self.text(_("Evidence: {e}").format(e=row.evidence or "–"))
                self.text(_("Sources: {s}").format(s=row.sources or "–"))
                if row.public_data:
                    self.text(_("Accepted from {what}").format(what=row.public_data))


def render_docx_brief(data: BriefData, *, evidence_annex: bool = False) -> bytes:
    return DocxBrief(data, evidence_annex=evidence_annex).render()
