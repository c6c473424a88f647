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

from ..domain.bands import Band, band_name
from ..domain.plain_text import xml_safe
from ..domain.robustness_text import robustness_sentence
from ..domain.suppliers import perspective_words
from ..i18n import _
from ..palette import BAND_COLOURS, BAND_TEXT, MARKING, MUTED, UNVERIFIED
from . import wording as say
from .country_brief import robustness_checks
from .drawings import driver_bars, radar, verdict_bars
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
    document.add_paragraph(robustness_sentence(d.robustness, stored=d.robustness_stored, _=_))
    if checks.aggregation:
        document.add_paragraph(checks.aggregation)
    for header, *rows in checks.tables:
        _table(document, list(header), [list(row) for row in rows])
    document.add_paragraph(checks.limits)


PALE = "F1F3F4"  # a band outside the verdict, on the scale beside the headline


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _shade(run: Any, fill: str) -> None:
    """A run on a coloured ground (Word's character shading, any colour)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _hex(fill))
    run._r.get_or_add_rPr().append(shading)


def _chips(paragraph: Any, labels: list[str], *, scale: bool = False, size: float = 9) -> None:
    """Bands as coloured words, each in its own colour (never one colour for an open
    verdict); ``scale``: all five, those outside the verdict pale."""
    for k, band in enumerate(b for b in Band if scale or b.label in labels):
        if k:
            paragraph.add_run(" ")
        inside = band.label in labels
        run = paragraph.add_run(f" {band_name(band.label, _=_)} ")
        run.bold = inside
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(_hex(BAND_TEXT[band] if inside else MUTED))
        _shade(run, BAND_COLOURS[band] if inside else PALE)


def _headline(document: Any, d: BriefData) -> None:
    """The overall verdict first; with an open verdict no point score on this page (the PDF's
    executive page says the same)."""
    o = d.overall
    verdict = say.verdict(o)
    settled = verdict is not None and verdict.settled
    if d.scoring_rules == 1:
        document.add_paragraph(_("Overall exposure — {label}").format(label=say.v1_label()))
        headline = document.add_paragraph()
        run = headline.add_run(f"{_n(o['score'])} ")
        run.bold = True
        run.font.size = Pt(16)
        band = say.band_of_score(o)
        if band is not None:
            _chips(headline, [band.label], size=14)
        headline.add_run("   " + say.under_v2(o)).font.size = Pt(12)
    else:
        headline = document.add_paragraph()
        run = headline.add_run(f"{_('Overall exposure')}: {say.verdict_words(o)}")
        run.bold = True
        run.font.size = Pt(16)
        if verdict is not None:
            _chips(document.add_paragraph(), [b.label for b in verdict.bands], scale=True)
    if threshold := say.threshold_words(d):  # the ministry's question, under the verdict
        question, answer = threshold
        paragraph = document.add_paragraph()
        paragraph.add_run(question).bold = True
        paragraph.add_run(" " + answer)
    figures = [_("Range {low}–{high}").format(low=_n(o["low"]), high=_n(o["high"])),
               _("coverage {c}").format(c=_pct(o["coverage"]))]
    if o["provisional"]:
        figures.insert(0, _("PROVISIONAL (coverage below 70 %)"))
    if settled and d.scoring_rules != 1:
        figures.append(_("{label} {score}").format(label=say.score_label(), score=_n(o["score"])))
    document.add_paragraph(" · ".join(figures))
    if d.scoring_rules != 1 and (sentence := say.must_answer_sentence(o)):
        paragraph = document.add_paragraph()
        paragraph.add_run(sentence).bold = True
        paragraph.add_run(" " + " ".join([*say.must_answer_needs(d), _(
            "Every open indicator's share of the range is listed in the annex.")]))
    if d.residual:
        residual_verdict = say.verdict(d.residual)
        document.add_paragraph(say.residual_sentence(
            d.residual, rules=d.scoring_rules,
            with_score=settled and residual_verdict is not None and residual_verdict.settled))
    if left_out := say.left_out_sentence(d):
        document.add_paragraph(left_out)


def _verdict_cell(cell: Any, f: dict[str, Any]) -> None:
    text = say.verdict_words(f)
    if f.get("provisional"):
        text = _("{text}, provisional").format(text=text)
    cell.text = text
    if labels := say.verdict_labels(f):
        _chips(cell.add_paragraph(), labels, size=8)


def _scores_table(document: Any, d: BriefData) -> None:
    """The overall exposure, each dimension and the residual, verdict first (as the PDF)."""
    v1 = d.scoring_rules == 1
    if v1:
        document.add_paragraph(say.v1_label())
        header = [_("Figure"), _("Version 1, as signed off: score and band"),
                  _("Under version 2: verdict"), _("Range"), _("Coverage")]
    else:
        header = [_("Figure"), _("Verdict"),
                  _("Score of the answered indicators (ranges at their middle)"), _("Range"),
                  _("Coverage")]
    table = _table(document, header, [])
    entries: list[tuple[str, dict[str, Any], str]] = [(_("Overall exposure"), d.overall,
                                                       "overall")]
    entries += [(f"{x.id} — {x.name}", x.figures, "left_out" if x.left_out else x.kind)
                for x in d.dimensions]
    if d.residual:
        entries.append((_("Residual exposure (m = {m:g})").format(
            m=d.residual.get("mitigation_factor", 0.0)), d.residual, "residual"))
    for name, f, kind in entries:
        cells = table.add_row().cells
        cells[0].text = name
        score_cell, verdict_cell = (cells[1], cells[2]) if v1 else (cells[2], cells[1])
        provisional = _(", provisional") if f.get("provisional") else ""
        if kind == "left_out":
            verdict_cell.text = _("left out of the overall exposure: every indicator not "
                                  "applicable")
            score_cell.text = "–"
        elif kind == "capacity":
            verdict_cell.text = _("no band, no verdict (capacity: higher = more "
                                  "capacity)") + provisional
            score_cell.text = _n(f.get("score"))
        else:
            _verdict_cell(verdict_cell, f)
            score_cell.text = say.v1_words(f) + provisional if v1 else _n(f.get("score"))
        cells[3].text = f"{_n(f.get('low'))}–{_n(f.get('high'))}"
        cells[4].text = _pct(f.get("coverage")) if kind != "residual" else "–"


def _settle_by(document: Any, d: BriefData) -> None:
    rows = say.settle_by_rows(d)
    if not rows:
        return
    document.add_heading(say.settle_by_title(d), level=2)
    document.add_paragraph(say.settle_by_note(d))
    marks = say.must_answer_marks(d)
    if sentence := say.must_answer_sentence(d.overall):
        document.add_paragraph(" ".join([sentence, *say.must_answer_needs(d)]))
    _table(document, [_("Indicator"), _("Question"), _("State"),
                      _("Share of the range (points)"), _("Must be answered")],
           [[indicator_id, (row.question if (row := d.row(indicator_id)) else ""), state, share,
             " ".join(filter(None, ("●", say.needs_words(marks.get(indicator_id, "")))))
             if needed else ""] for indicator_id, _dimension, state, share, needed in rows])


def _option(document: Any, option: dict[str, Any], *, tagged: bool) -> None:
    """One option: its title, where it comes from and, unless a heading says it, whom it
    addresses; then its rationale."""
    suffix = f" [{_('analyst')}'s wording]" if option.get("analyst") else ""
    place = f"{option['indicator']}, {_('level')} {option['level']}"
    if tagged and (audience := say.audience_words(option.get("audience"))):
        place = f"{place}; {audience}"
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(option["title"] + suffix).bold = True
    paragraph.add_run(f" ({place}) — {option['rationale']}")


def render_docx_brief(data: BriefData, *, evidence_annex: bool = False) -> bytes:
    register_fonts()
    d: BriefData = _xml_clean(data)
    marking = d.marking.strip() or _("NO CLASSIFICATION MARKING")
    document = Document()
    document.core_properties.title = _one_line(_("Country brief: {country} — {title}").format(
        country=d.country, title=d.title))
    document.core_properties.subject = _one_line(_("{country}: {exposure}").format(
        country=d.country, exposure=d.exposure) if d.exposure else _(
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
    if d.exposure:  # format 2: every page says what is measured
        footer.add_run("   ·   " + d.exposure)
    footer.add_run("   ·   " + _("Page") + " ")
    _page_field(footer)

    document.add_paragraph(_("COUNTRY BRIEF · AI DEPENDENCY AND EXPOSURE") if d.exposure
                           else _("COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE"))
    document.add_heading(d.country, level=0)
    document.add_paragraph(d.title)
    if measured := say.measured_words(d):  # format 2: what is measured, and from where
        document.add_paragraph().add_run(measured).bold = True
    facts = [[_("As of"), d.as_of.isoformat()], [_("Region"), f"{d.region} ({d.country_code})"],
             [_("Framework"), f"{d.framework_name} ({d.framework_label})"],
             [_("Framework fingerprint"), d.framework_hash[:16]]]
    if d.exposure:
        facts += [[_("Supplier profile"), _("{label}, fingerprint {hash}").format(
                      label=d.supplier_label, hash=d.supplier_hash[:16])],
                  [_("Perspective"), perspective_words(d.perspective, _=_) or _("not recorded")]]
    if d.reference:
        facts += [[_("Public data"), _("some answers accepted from {reference}").format(
            reference=d.reference)]]
    facts += [[_("Optional modules"), ", ".join(d.modules) or _("none")],
             [_("Prepared"), f"{d.generated_at.date().isoformat()} · AIBRI Desktop "
                             f"{d.app_version}"]]
    if d.assessor:
        facts.append([_("Assessor"), d.assessor])
    _table(document, [_("Item"), _("Value")], facts)

    document.add_page_break()
    document.add_heading(_("Executive summary"), level=1)
    if measured:
        document.add_heading(measured, level=3)
    _headline(document, d)
    document.add_heading(_("Red flags"), level=2)
    for flag in d.red_flags:
        document.add_paragraph(f"{say.flag_words(flag)} — {flag['indicator']}: "
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
    room = 5  # the reader's options first, then the others (as the PDF)
    for heading, group in say.option_groups(d):
        if room <= 0:
            break
        if heading:
            document.add_heading(heading, level=3)
        for option in group[:room]:
            _option(document, option, tagged=not heading)
        room -= len(group)
    if d.robustness is not None and d.robustness.overall is not None:
        verdict = say.verdict(d.overall)
        if d.scoring_rules == 1 or (verdict is not None and verdict.settled):
            document.add_heading(_("How robust is the band?"), level=2)
            document.add_paragraph(robustness_sentence(
                d.robustness, stored=d.robustness_stored, _=_))
        else:  # its figures are the point score's: not on the page of an open verdict
            document.add_heading(_("How robust is the score?"), level=2)
            document.add_paragraph(_(
                "How much the score of the answered indicators owes to the weights and to "
                "uncertain answers is in the robustness annex; what the open indicators "
                "could still do is the verdict above."))

    document.add_page_break()
    document.add_heading(_("Dimensions at a glance"), level=1)
    exposure = [x for x in d.dimensions if x.kind == "exposure"]
    drawn = [x for x in exposure if not x.left_out]
    chart = radar([x.name for x in drawn],
                  [(d.country, [x.figures["score"] for x in drawn],
                    [x.figures["low"] for x in drawn], [x.figures["high"] for x in drawn])],
                  width=260, height=220)
    document.add_picture(io.BytesIO(_png(chart)), width=Cm(11))
    document.add_paragraph(_("Dimensions as a radar: the shaded ring between the dashed lines "
                             "is each dimension's range, low to high; the solid line joins the "
                             "scores of the answered indicators (ranges at their middle)."))
    bars = verdict_bars([(x.name, x.figures["score"], x.figures["low"], x.figures["high"],
                          say.verdict_labels(x.figures), say.chart_caption(x, d.scoring_rules))
                         for x in exposure], width=300)
    document.add_picture(io.BytesIO(_png(bars)), width=Cm(13))
    document.add_paragraph(_("Each dimension's range as a bar, every stretch of it in the "
                             "colour of the band it lies in: an open verdict spans several "
                             "bands. Black tick: the score of the answered indicators (ranges "
                             "at their middle)."))
    document.add_heading(_("Verdicts and scores"), level=2)
    _scores_table(document, d)
    if d.drivers:
        document.add_heading(_("What drives the score"), level=2)
        drivers = driver_bars([(f"{i} {q[:40]}", p, d.dimension_colours.get(dim, MUTED))
                               for i, q, p, dim in d.drivers[:10]], width=480)
        document.add_picture(io.BytesIO(_png(drivers)), width=Cm(17))
        document.add_paragraph(_("Each answered indicator's contribution to the score of the "
                                 "answered indicators, in points (a range at its middle); all "
                                 "contributions add up to that score. Colour: dimension."))

    for x in d.dimensions:
        f = x.figures
        document.add_heading(f"{x.id} — {x.name}: {say.dimension_headline(x, d.scoring_rules)}",
                             level=1)
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
        document.add_paragraph(" · ".join(parts))
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
    for text in say.methodology(d):
        document.add_paragraph(text)
    _table(document, [_("Dimension"), _("Answered"), _("Range"), _("Unknown"),
                      _("Not yet answered"), _("N/A"), _("N/A weight"), _("Coverage")],
           [[f"{x.id} — {x.name}", str(x.answered), str(x.ranged), str(x.unknown),
             str(x.unanswered), str(x.not_applicable), _pct(x.na_weight_share),
             _pct(x.figures["coverage"]) + (_(", provisional") if x.figures.get("provisional")
                                            else "")] for x in d.dimensions])
    _settle_by(document, d)
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
                if row.public_data:
                    document.add_paragraph(_("Accepted from {what}").format(
                        what=row.public_data))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
