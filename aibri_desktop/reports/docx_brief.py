"""The country brief as an editable Word document (python-docx): real headings and tables, the
charts as high-resolution images, and the same content and marking as the PDF."""

from __future__ import annotations

import io
from dataclasses import fields, replace
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from reportlab.graphics import renderPDF

from ..domain.plain_text import xml_safe
from ..domain.robustness_text import robustness_sentence
from ..i18n import _
from ..palette import MARKING, MUTED, UNVERIFIED
from .country_brief import FLAG_WORDS, robustness_checks
from .drawings import dimension_bars, driver_bars, radar
from .fonts import register_fonts
from .layout import unverified_notice
from .model import BriefData, BriefDimension, BriefRow

IMAGE_SCALE = 4  # 72 dpi drawings rendered at 288 dpi


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


def _page_field(paragraph: Any) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _marked(paragraph: Any, marking: str) -> None:
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(MARKING.lstrip("#").upper())
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(document: Any, header: list[str], rows: list[list[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def _robustness_annex(document: Any, d: BriefData) -> None:
    """The PDF annex's robustness checks: aggregation, the residual at m = 0 / 0.3 / 0.5,
    the verdict with the cut-offs moved, what is not varied (none without a score)."""
    if d.robustness is None or d.robustness.overall is None:
        return
    checks = robustness_checks(d)
    document.add_heading(_("Robustness"), level=2)
    if checks.aggregation:
        document.add_paragraph(checks.aggregation)
    for header, *rows in checks.tables:
        _table(document, list(header), [list(row) for row in rows])
    document.add_paragraph(checks.limits)


def render_docx_brief(data: BriefData, *, evidence_annex: bool = False) -> bytes:
    register_fonts()
    d: BriefData = _xml_clean(data)
    marking = d.marking.strip() or _("NO CLASSIFICATION MARKING")
    document = Document()
    document.core_properties.title = _one_line(_("Country brief: {country} — {title}").format(
        country=d.country, title=d.title))
    document.core_properties.subject = _one_line(_(
        "Exposure to the AI Belt and Road: {country}").format(country=d.country))
    document.core_properties.author = _one_line(d.assessor)
    document.core_properties.keywords = _one_line(d.marking)
    document.core_properties.comments = f"AIBRI Desktop {d.app_version}"
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(1.8)
    _marked(section.header.paragraphs[0], marking)
    if d.unverified:
        warning = section.header.add_paragraph()
        warning.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = warning.add_run(unverified_notice())
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(UNVERIFIED.lstrip("#").upper())
    footer = section.footer.paragraphs[0]
    _marked(footer, marking)
    footer.add_run("   ·   " + _("Page") + " ")
    _page_field(footer)

    document.add_paragraph(_("COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE"))
    document.add_heading(d.country, level=0)
    document.add_paragraph(d.title)
    facts = [[_("As of"), d.as_of.isoformat()], [_("Region"), f"{d.region} ({d.country_code})"],
             [_("Framework"), f"{d.framework_name} ({d.framework_label})"],
             [_("Framework fingerprint"), d.framework_hash[:16]],
             [_("Optional modules"), ", ".join(d.modules) or _("none")],
             [_("Prepared"), f"{d.generated_at.date().isoformat()} · AIBRI Desktop "
                             f"{d.app_version}"]]
    if d.assessor:
        facts.append([_("Assessor"), d.assessor])
    _table(document, [_("Item"), _("Value")], facts)

    document.add_page_break()
    document.add_heading(_("Executive summary"), level=1)
    o = d.overall
    headline = document.add_paragraph()
    run = headline.add_run(f"{_('Overall exposure')}: {_n(o['score'])} {o['band'] or ''}")
    run.bold = True
    run.font.size = Pt(16)
    detail = _("Range {low}–{high} · coverage {c}").format(low=_n(o["low"]), high=_n(o["high"]),
                                                          c=_pct(o["coverage"]))
    if o["provisional"]:
        detail = _("PROVISIONAL (coverage below 70 %)") + " · " + detail
    document.add_paragraph(detail)
    if d.residual:
        r = d.residual
        document.add_paragraph(_(
            "Residual exposure after mitigation capacity: {score} {band} (range {low}–{high}; "
            "capacity {capacity}, factor m = {m:g}).").format(
            score=_n(r["score"]), band=r["band"], low=_n(r["low"]), high=_n(r["high"]),
            capacity=_n(r["capacity"]), m=r["mitigation_factor"]))
    document.add_heading(_("Red flags"), level=2)
    for flag in d.red_flags:
        document.add_paragraph(f"{_(FLAG_WORDS[flag['kind']])} — {flag['indicator']}: "
                               f"{flag['text']}", style="List Bullet")
    if not d.red_flags:
        document.add_paragraph(_("None."))
    for indicator_id, question in d.critical_not_applicable:
        document.add_paragraph(_("Critical indicator marked not applicable — {id}: {q}").format(
            id=indicator_id, q=question), style="List Bullet")
    if d.judgements:
        document.add_heading(_("Key judgements (the analyst's view)"), level=2)
        for text in d.judgements:
            document.add_paragraph(text, style="List Number")
    document.add_heading(_("What drives the score"), level=2)
    for indicator_id, question, points, _dimension in d.drivers[:5]:
        document.add_paragraph(f"{indicator_id} ({points:.1f} points): {question}",
                               style="List Bullet")
    document.add_heading(_("Policy options the answers trigger"), level=2)
    for option in d.options[:5]:
        suffix = f" [{_('analyst')}'s wording]" if option.get("analyst") else ""
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(option["title"] + suffix).bold = True
        paragraph.add_run(f" ({option['indicator']}, {_('level')} {option['level']}) — "
                          f"{option['rationale']}")
    if d.robustness is not None and d.robustness.overall is not None:
        document.add_heading(_("How robust is the band?"), level=2)
        document.add_paragraph(robustness_sentence(d.robustness, stored=d.robustness_stored,
                                                   _=_))

    document.add_page_break()
    document.add_heading(_("Dimensions at a glance"), level=1)
    exposure = [x for x in d.dimensions if x.kind == "exposure"]
    chart = radar([x.name for x in exposure],
                  [(d.country, [x.figures["score"] for x in exposure],
                    [x.figures["low"] for x in exposure], [x.figures["high"] for x in exposure])],
                  width=260, height=220)
    document.add_picture(io.BytesIO(_png(chart)), width=Cm(11))
    bars = dimension_bars([(x.name, x.figures["score"], x.figures["band"], x.figures["low"],
                            x.figures["high"], f"{_n(x.figures['score'])} "
                            f"{x.figures['band'] or ''}") for x in exposure], width=300)
    document.add_picture(io.BytesIO(_png(bars)), width=Cm(13))
    if d.drivers:
        drivers = driver_bars([(f"{i} {q[:40]}", p, d.dimension_colours.get(dim, MUTED))
                               for i, q, p, dim in d.drivers[:10]], width=480)
        document.add_picture(io.BytesIO(_png(drivers)), width=Cm(17))
    _table(document, [_("Dimension"), _("Score"), _("Band"), _("Range"), _("Coverage")],
           [[f"{x.id} — {x.name}", _n(x.figures["score"]), x.figures["band"] or "–",
             f"{_n(x.figures['low'])}–{_n(x.figures['high'])}", _pct(x.figures["coverage"])]
            for x in d.dimensions])

    for x in d.dimensions:
        f = x.figures
        document.add_heading(f"{x.id} — {x.name}: {_n(f['score'])} {f['band'] or ''}", level=1)
        document.add_paragraph(_("Range {low}–{high} · coverage {c} · {a} answered, {u} "
                                 "unknown, {n} unanswered, {na} not applicable").format(
            low=_n(f["low"]), high=_n(f["high"]), c=_pct(f["coverage"]), a=x.answered,
            u=x.unknown, n=x.unanswered, na=x.not_applicable))
        if x.comment:
            document.add_heading(_("Analyst's comment"), level=3)
            document.add_paragraph(x.comment)
        _table(document, [_("ID"), _("Question"), _("Answer"), _("Confidence"), _("Evidence")],
               [[row.indicator_id + (" ▲" if row.critical else ""), row.question,
                 f"{row.answer}: {row.na_reason}" if row.state == "not_applicable"
                 and row.na_reason else row.answer,
                 row.confidence, row.evidence[:300]] for row in x.rows])

    document.add_page_break()
    document.add_heading(_("Annex: methodology and coverage"), level=1)
    document.add_paragraph(_(
        "Each answered indicator at level L counts 25 × L points; unknown and unanswered "
        "indicators leave a range open and are never guessed; below 70 % coverage a score is "
        "provisional; the band comes from the value rounded half up to one decimal. Residual "
        "exposure = overall × (1 − m × C/100), m = {m:g}.").format(m=d.mitigation_factor))
    _table(document, [_("Dimension"), _("Answered"), _("Unknown"), _("Unanswered"), _("N/A"),
                      _("N/A weight")],
           [[f"{x.id} — {x.name}", str(x.answered), str(x.unknown), str(x.unanswered),
             str(x.not_applicable), _pct(x.na_weight_share)] for x in d.dimensions])
    _robustness_annex(document, d)
    if evidence_annex:
        document.add_page_break()
        document.add_heading(_("Annex: evidence and sources of every answer"), level=1)
        for x in d.dimensions:
            for row in x.rows:
                if row.state == "unanswered" and not row.evidence:
                    continue
                document.add_heading(f"{row.indicator_id} — {row.question}", level=3)
                document.add_paragraph(f"{_('Answer')}: {row.answer} · {row.confidence}")
                if row.na_reason:
                    document.add_paragraph(_("Reason it does not apply: {r}").format(
                        r=row.na_reason))
                document.add_paragraph(f"{_('Evidence')}: {row.evidence or '–'}")
                document.add_paragraph(f"{_('Sources')}: {row.sources or '–'}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
