"""The evidence request list as a PDF or DOCX: for embassies, partners and colleagues, the open
items of an assessment with what evidence would answer each, who holds it, and its share of the
range; the items the verdict cannot settle without come first. It carries the classification
marking like every output."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.colors import HexColor
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from ..domain.plain_text import xml_safe
from ..domain.requests import EvidenceRequest
from ..i18n import _
from .fonts import SANS, register_fonts
from .layout import BOTTOM_MARGIN, MARGIN, PAGE, TOP_MARGIN, PageFurniture, numbered_canvas, styles
from .text import metadata_text, para


@dataclass(frozen=True)
class RequestsMeta:
    country: str
    title: str
    as_of: str
    exposure: str  # "exposure to the People's Republic of China" ("" for format 1)
    marking: str
    verdict: str  # the overall verdict in words
    generated_at: datetime
    app_version: str


def holders_words(holders: tuple[str, ...]) -> str:
    words = {"public": _("public sources"), "government": _("the assessed government"),
             "specialist": _("specialist data")}
    return ", ".join(words.get(h, h) for h in holders) or _("not stated")


def state_words(state: str) -> str:
    return {"unanswered": _("not yet answered"), "unknown": _("unknown"),
            "range": _("known in part (a range)")}.get(state, state)


def intro(meta: RequestsMeta, requests: list[EvidenceRequest]) -> str:
    must = sum(1 for r in requests if r.must)
    return _("{n} open items of “{title}” ({country}, as of {as_of}); the verdict is {verdict}. "
             "The first {m} must be answered before the verdict can settle. Each row says what "
             "evidence would answer the item, who holds it, and how many points of the "
             "range it holds open.").format(n=len(requests), title=meta.title,
                                             country=meta.country, as_of=meta.as_of,
                                             verdict=meta.verdict, m=must)


def render_requests_pdf(meta: RequestsMeta, requests: list[EvidenceRequest]) -> bytes:
    s = styles()
    width = PAGE[0] - 2 * MARGIN
    height = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN
    title = _("Evidence requests: {country}").format(country=meta.country)
    marking = metadata_text(meta.marking) or _("NO CLASSIFICATION MARKING")
    furniture = PageFurniture(marking=marking, title=title, metadata_title=title,
                              subject=_("Evidence that would settle an AIBRI assessment"),
                              author="", creator=f"AIBRI Desktop {meta.app_version}")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=title,
                          creator=furniture.creator, subject=furniture.subject,
                          keywords=[marking], producer=furniture.creator)
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(
        MARGIN, BOTTOM_MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0,
        bottomPadding=0)])])
    story: list[object] = [Paragraph(para(title), s["h1"])]
    if meta.exposure:
        story.append(Paragraph(para(meta.exposure), s["h3"]))
    story.append(Paragraph(para(intro(meta, requests)), s["small"]))
    head = [_("Item"), _("Evidence that would answer it"), _("Held by"), _("Now"),
            _("Points of the range")]
    rows = [[Paragraph(para(h), s["cell_bold"]) for h in head]]
    for r in requests:
        item = f"{'● ' if r.must else ''}{r.indicator_id} {r.title}"
        rows.append([Paragraph(para(item), s["cell_bold"] if r.must else s["cell"]),
                     Paragraph(para(r.evidence), s["cell"]),
                     Paragraph(para(holders_words(r.holders)), s["cell"]),
                     Paragraph(para(state_words(r.state)), s["cell"]),
                     Paragraph(para(f"{r.share}"), s["cell"])])
    table = Table(rows, colWidths=[width * k for k in (0.24, 0.4, 0.15, 0.11, 0.1)],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    story.append(Paragraph(para(_("● must be answered before the verdict can settle. Prepared "
                                  "{date} with AIBRI Desktop {version}.").format(
        date=meta.generated_at.date().isoformat(), version=meta.app_version)), s["muted"]))
    doc.build(story, canvasmaker=numbered_canvas(furniture))
    return buffer.getvalue()


def render_requests_docx(meta: RequestsMeta, requests: list[EvidenceRequest]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    register_fonts()
    clean = xml_safe
    marking = clean(meta.marking.strip()) or _("NO CLASSIFICATION MARKING")
    document = Document()
    document.core_properties.title = clean(_("Evidence requests: {country}").format(
        country=meta.country))
    document.core_properties.keywords = marking
    document.styles["Normal"].font.name = "DejaVu Sans"
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    for paragraph in (section.header.paragraphs[0], section.footer.paragraphs[0]):
        run = paragraph.add_run(marking)
        run.bold = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(clean(_("Evidence requests: {country}").format(
        country=meta.country)), level=1)
    if meta.exposure:
        document.add_paragraph(clean(meta.exposure))
    document.add_paragraph(clean(intro(meta, requests)))
    head = [_("Item"), _("Evidence that would answer it"), _("Held by"), _("Now"),
            _("Points of the range")]
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for r in requests:
        cells = table.add_row().cells
        for cell, text in zip(cells, (f"{'● ' if r.must else ''}{r.indicator_id} {r.title}",
                                      r.evidence, holders_words(r.holders),
                                      state_words(r.state), f"{r.share}"), strict=True):
            cell.text = clean(text)
    document.add_paragraph(clean(_("● must be answered before the verdict can settle.")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
