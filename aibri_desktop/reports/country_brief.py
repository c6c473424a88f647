"""The country brief: cover, a one-page executive summary, charts, a section per dimension,
the methodology and coverage annex, and optionally every answer's evidence and sources."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.bands import Band
from ..domain.robustness_text import robustness_sentence
from ..domain.verdict import Verdict
from ..i18n import _
from ..palette import BAND_TEXT, MUTED, band_colour
from .drawings import dimension_bars, driver_bars, radar
from .fonts import SANS
from .layout import (
    BOTTOM_MARGIN,
    MARGIN,
    PAGE,
    TOP_MARGIN,
    PageFurniture,
    numbered_canvas,
    styles,
    unverified_notice,
)
from .model import BriefData, BriefDimension
from .text import metadata_text, para, shorten

Flowable = Any
SUMMARY_DRIVERS = 5
# Plain-string cells would otherwise use base-14 Helvetica, which is never embedded.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
RULED = [CELL_FONT, ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
         ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0"))]
SUMMARY_OPTIONS = 5
FLAG_WORDS = {"red": "Red flag", "provisional": "Provisional red flag (low confidence)",
              "possible": "Possible red flag (not answered)"}


def _n(value: object) -> str:
    return "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _band_text_colour(label: str | None) -> str:
    for band in Band:
        if band.label == label:
            return BAND_TEXT[band]
    return "#1a1a1a"


class CountryBrief:
    def __init__(self, data: BriefData, *, evidence_annex: bool = False) -> None:
        self.data = data
        self.evidence_annex = evidence_annex
        self.s = styles()
        self.width = PAGE[0] - 2 * MARGIN
        self.height = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN

    # ---- the document ----------------------------------------------------------------------

    def render(self) -> bytes:
        d = self.data
        buffer = io.BytesIO()
        title = metadata_text(_("Country brief: {country} — {title}").format(
            country=d.country, title=d.title))
        furniture = PageFurniture(
            marking=metadata_text(d.marking), title=title, metadata_title=title,
            subject=metadata_text(_("Exposure to the AI Belt and Road: {country}, as of {date}")
                                  .format(country=d.country, date=d.as_of.isoformat())),
            author=metadata_text(d.assessor), creator=f"AIBRI Desktop {d.app_version}",
            notice=unverified_notice() if d.unverified else "")
        doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                              topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
                              title=title, author=furniture.author, creator=furniture.creator,
                              subject=furniture.subject,
                              keywords=[furniture.marking] if furniture.marking else [],
                              producer=furniture.creator)
        frame = Frame(MARGIN, BOTTOM_MARGIN, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        doc.build(self.story(), canvasmaker=numbered_canvas(furniture))
        return buffer.getvalue()

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.cover()
        story.append(PageBreak())
        story.append(KeepInFrame(self.width, self.height, self.summary(), mode="shrink"))
        story.append(PageBreak())
        story += self.charts()
        for dimension in self.data.dimensions:
            story += self.dimension_section(dimension)
        story.append(PageBreak())
        story += self.methodology_annex()
        if self.evidence_annex:
            story.append(PageBreak())
            story += self.evidence_section()
        return story

    # ---- cover -----------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        d, s = self.data, self.s
        marking = d.marking.strip() or _("NO CLASSIFICATION MARKING")
        box = Table([[Paragraph(para(marking), s["marking_box"])]], colWidths=[self.width])
        box.setStyle(TableStyle([CELL_FONT, ("BACKGROUND", (0, 0), (-1, -1), HexColor("#7a1f1f")),
                                 ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        facts = [
            [_("As of"), d.as_of.isoformat()],
            [_("Region"), f"{d.region} ({d.country_code})"],
            [_("Framework"), f"{d.framework_name}, version {d.framework_label.split()[-1]}"],
            [_("Framework fingerprint"), d.framework_hash[:16]],
            [_("Optional modules"), ", ".join(d.modules) or _("none")],
            [_("Prepared"), _("{date} with AIBRI Desktop {version}").format(
                date=d.generated_at.date().isoformat(), version=d.app_version)],
        ]
        if d.assessor:
            facts.append([_("Assessor"), d.assessor])
        table = Table([[Paragraph(para(k), s["muted"]), Paragraph(para(v), s["body"])]
                       for k, v in facts], colWidths=[45 * 2.835, self.width - 45 * 2.835])
        table.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -2), 0.3, HexColor("#dadce0"))]))
        return [
            Spacer(1, 40),
            Paragraph(_("COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE"), s["cover_kicker"]),
            Spacer(1, 10),
            Paragraph(para(d.country), s["cover_title"]),
            Paragraph(para(d.title), s["cover_sub"]),
            Spacer(1, 28),
            box,
            Spacer(1, 28),
            table,
            Spacer(1, 30),
            Paragraph(para(_(
                "How to read this brief: exposure runs from 0 to 100, higher meaning more "
                "exposure or concentration; it measures dependence, not approval of any partner. "
                "Bands: Low below 20, Guarded 20–40, Elevated 40–60, High 60–80, Severe 80 and "
                "above. Unknown answers are never guessed: they widen the range shown beside "
                "each score.")), s["muted"]),
        ]

    # ---- executive summary -----------------------------------------------------------------

    def _headline(self) -> Table:
        d, s = self.data, self.s
        o = d.overall
        band = o["band"]
        band_cell = Paragraph(para(band or _("No score")),
                              ParagraphStyleFor(s["band"], _band_text_colour(band)))
        figures = [_("Range {low}–{high}").format(low=_n(o["low"]), high=_n(o["high"])),
                   _("coverage {c}").format(c=_pct(o["coverage"]))]
        if o["provisional"]:
            figures.insert(0, _("PROVISIONAL (coverage below 70 %)"))
        detail = " · ".join(figures)
        residual = ""
        if d.residual:
            r = d.residual
            residual = _("Residual exposure after mitigation capacity: {score} {band} (range "
                         "{low}–{high}; capacity {capacity}, factor m = {m:g}).").format(
                score=_n(r["score"]), band=r["band"], low=_n(r["low"]), high=_n(r["high"]),
                capacity=_n(r["capacity"]), m=r["mitigation_factor"])
        table = Table([
            [Paragraph(_("Overall exposure"), s["muted"]), "", ""],
            [Paragraph(_n(o["score"]), s["big"]), band_cell,
             Paragraph(para(detail), s["body"])],
            [Paragraph(para(residual), s["small"]), "", ""],
        ], colWidths=[118, 100, self.width - 218])
        colour = band_colour(band)
        table.setStyle(TableStyle([CELL_FONT,
            ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 2), (-1, 2)),
            ("BACKGROUND", (1, 1), (1, 1), HexColor(colour)),
            ("TEXTCOLOR", (1, 1), (1, 1), HexColor(_band_text_colour(band))),
            ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
            ("BOX", (0, 0), (-1, -1), 0.6, HexColor("#dadce0")),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor("#f6f8fa")),
        ]))
        return table

    def summary(self) -> list[Flowable]:
        d, s = self.data, self.s
        parts: list[Flowable] = [Paragraph(_("Executive summary"), s["h1"]), self._headline(),
                                 Spacer(1, 8)]
        parts.append(Paragraph(_("Red flags"), s["h3"]))
        if d.red_flags:
            for flag in d.red_flags:
                parts.append(Paragraph(
                    f"<b>{para(_(FLAG_WORDS[flag['kind']]))}</b> — {flag['indicator']}: "
                    f"{para(shorten(flag['text'], 150))}", s["small"]))
        else:
            parts.append(Paragraph(_("None: no critical indicator is at level 4, unknown or "
                                     "unanswered."), s["small"]))
        for indicator_id, question in d.critical_not_applicable:
            parts.append(Paragraph(_("Critical indicator marked not applicable — {id}: "
                                     "{question}").format(id=indicator_id,
                                                          question=para(shorten(question, 140))),
                                   s["small"]))
        if d.judgements:
            parts.append(Paragraph(_("Key judgements (the analyst's view)"), s["h3"]))
            for n, text in enumerate(d.judgements[:5], 1):
                parts.append(Paragraph(f"{n}. {para(shorten(text, 420))}", s["small"]))
        parts.append(Paragraph(_("What drives the score"), s["h3"]))
        if d.drivers:
            for indicator_id, question, points, _dimension in d.drivers[:SUMMARY_DRIVERS]:
                parts.append(Paragraph(_("{id} ({points} points): {question}").format(
                    id=indicator_id, points=f"{points:.1f}",
                    question=para(shorten(question, 170))), s["small"]))
        else:
            parts.append(Paragraph(_("No answered indicator adds to the score yet."),
                                   s["small"]))
        parts.append(Paragraph(_("Policy options the answers trigger"), s["h3"]))
        if d.options:
            for option in d.options[:SUMMARY_OPTIONS]:
                parts.append(Paragraph(
                    f"<b>{para(shorten(option['title'], 110))}</b>{_analyst(option)} "
                    f"({option['indicator']}, "
                    f"{_('level')} {option['level']}) — {para(shorten(option['rationale'], 170))}",
                    s["small"]))
            if len(d.options) > SUMMARY_OPTIONS:
                parts.append(Paragraph(_("{n} more options are listed in the dimension "
                                         "sections.").format(n=len(d.options) - SUMMARY_OPTIONS),
                                       s["muted"]))
        else:
            parts.append(Paragraph(_("None: no indicator is at a level that calls for one."),
                                   s["small"]))
        if d.robustness is not None and d.robustness.overall is not None:
            parts.append(Paragraph(_("How robust is the band?"), s["h3"]))
            parts.append(Paragraph(para(_robustness_sentence(d)), s["small"]))
        return parts

    # ---- charts ----------------------------------------------------------------------------

    def charts(self) -> list[Flowable]:
        d, s = self.data, self.s
        exposure = [x for x in d.dimensions if x.kind == "exposure"]
        axes = [x.name for x in exposure]
        values = [x.figures["score"] for x in exposure]
        lows = [x.figures["low"] for x in exposure]
        highs = [x.figures["high"] for x in exposure]
        half = self.width / 2 - 4
        radar_drawing = radar(axes, [(d.country, values, lows, highs)], width=half, height=210)
        bars = dimension_bars([(x.name, x.figures["score"], x.figures["band"], x.figures["low"],
                                x.figures["high"],
                                f"{_n(x.figures['score'])} {x.figures['band'] or ''}"
                                + (" (p)" if x.figures["provisional"] else ""))
                               for x in exposure], width=half)
        grid = Table([[radar_drawing, bars],
                      [Paragraph(_("Dimensions as a radar; the dashed band is the range left "
                                   "open by unknown answers."), s["muted"]),
                       Paragraph(_("The same scores as bars, with their ranges; (p) = "
                                   "provisional."), s["muted"])]],
                     colWidths=[half + 4, half + 4])
        grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        driver_rows = [(f"{i} {shorten(q, 40)}", p, d.dimension_colours.get(dim, MUTED))
                       for i, q, p, dim in d.drivers[:10]]
        story: list[Flowable] = [Paragraph(_("Dimensions at a glance"), s["h1"]), grid,
                                 Spacer(1, 10)]
        if driver_rows:
            story += [Paragraph(_("What drives the score"), s["h2"]),
                      driver_bars(driver_rows, width=self.width),
                      Paragraph(_("Each answered indicator's contribution to the overall "
                                  "exposure, in points; all contributions add up to the "
                                  "overall score. Colour: dimension."), s["muted"])]
        story += self._dimension_table()
        return story

    def _dimension_table(self) -> list[Flowable]:
        s = self.s
        header = [_("Dimension"), _("Score"), _("Band"), _("Range"), _("Coverage")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        for x in self.data.dimensions:
            f = x.figures
            band = f["band"] or (_("capacity") if x.kind == "capacity" else "–")
            rows.append([Paragraph(para(f"{x.id} — {x.name}"), s["cell"]),
                         Paragraph(_n(f["score"]), s["cell"]),
                         Paragraph(para(band + (" (provisional)" if f["provisional"] else "")),
                                   s["cell"]),
                         Paragraph(f"{_n(f['low'])}–{_n(f['high'])}", s["cell"]),
                         Paragraph(_pct(f["coverage"]), s["cell"])])
        table = Table(rows, colWidths=[self.width * w for w in (0.4, 0.12, 0.2, 0.14, 0.14)],
                      repeatRows=1)
        style = [("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for r, x in enumerate(self.data.dimensions, 1):
            if x.kind == "exposure" and x.figures["band"]:
                style.append(("BACKGROUND", (2, r), (2, r), HexColor(band_colour(
                    x.figures["band"]))))
        table.setStyle(TableStyle([CELL_FONT, *style]))
        return [Spacer(1, 8), Paragraph(_("Scores"), s["h2"]), table]

    # ---- dimensions ------------------------------------------------------------------------

    def dimension_section(self, x: BriefDimension) -> list[Flowable]:
        s = self.s
        f = x.figures
        if x.kind == "capacity":
            headline = _("Mitigation capacity {score} (higher = more capacity)").format(
                score=_n(f["score"]))
        else:
            headline = f"{_n(f['score'])} {f['band'] or _('no score')}"
        figures = _("Range {low}–{high} · coverage {c}{prov} · {a} answered, {u} unknown, "
                    "{n} unanswered, {na} not applicable").format(
            low=_n(f["low"]), high=_n(f["high"]), c=_pct(f["coverage"]),
            prov=_(" · provisional") if f["provisional"] else "", a=x.answered, u=x.unknown,
            n=x.unanswered, na=x.not_applicable)
        header = [_("ID"), _("Question"), _("Answer"), _("Conf."), _("Evidence")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        flagged = []
        for r, row in enumerate(x.rows, 1):
            mark = " ▲" if row.critical else ""
            answer = row.answer if row.state != "not_applicable" else \
                f"{row.answer}: {row.na_reason}"
            rows.append([Paragraph(f"{row.indicator_id}{mark}", s["cell_bold"]),
                         Paragraph(para(shorten(row.question, 170)), s["cell"]),
                         Paragraph(para(shorten(answer, 180)), s["cell"]),
                         Paragraph(para(row.confidence), s["cell"]),
                         Paragraph(para(shorten(row.evidence, 220)), s["cell"])])
            if row.critical and row.level == 4:
                flagged.append(r)
        widths = [0.09, 0.29, 0.27, 0.11, 0.24]
        table = Table(rows, colWidths=[self.width * w for w in widths], repeatRows=1)
        style = [("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("BACKGROUND", (0, r), (-1, r), HexColor("#fdecea")) for r in flagged]
        table.setStyle(TableStyle([CELL_FONT, *style]))
        story: list[Flowable] = [
            CondPageBreak(160),
            Paragraph(para(f"{x.id} — {x.name}: {headline}"), s["h2"]),
            Paragraph(para(figures), s["small"]),
        ]
        if x.comment:
            story += [Paragraph(_("Analyst's comment"), s["h3"]),
                      Paragraph(para(x.comment), s["small"])]
        story += [Spacer(1, 4), table,
                  Paragraph(_("▲ critical indicator: level 4 raises a red flag. Full evidence "
                              "and sources are in the evidence annex when included."),
                            s["muted"])]
        options = [o for o in self.data.options if o["indicator"].startswith(x.id + "-")]
        if options:
            story.append(Paragraph(_("Policy options triggered in this dimension"), s["h3"]))
            for option in options:
                story.append(Paragraph(f"<b>{para(option['title'])}</b>{_analyst(option)} "
                                       f"({option['indicator']},"
                                       f" {_('level')} {option['level']}) — "
                                       f"{para(option['rationale'])}", s["small"]))
        return story

    # ---- annexes ---------------------------------------------------------------------------

    def methodology_annex(self) -> list[Flowable]:
        d, s = self.data, self.s
        story: list[Flowable] = [Paragraph(_("Annex: methodology and coverage"), s["h1"])]
        for text in (
            _("Each answered indicator at level L counts 25 × L points (0–100); a dimension's "
              "score is the weighted mean of its answered indicators, and the overall exposure "
              "the weighted mean of the enabled exposure dimensions that have a score."),
            _("Unknown and unanswered indicators are never filled in: they leave a range open "
              "(low = every unknown at level 0, high = every unknown at level 4). Coverage is "
              "the share of the applicable weight that is answered; below 70 % a score is "
              "provisional. Not applicable removes an indicator and needs a reason."),
            _("Values are rounded half up to one decimal once, at the end, and the band comes "
              "from the rounded value: Low below 20, Guarded 20–40, Elevated 40–60, High 60–80, "
              "Severe 80 and above. Red flags stand beside the score and never change it."),
            _("Residual exposure = overall × (1 − m × C/100), with mitigation capacity C and the "
              "framework's mitigation factor m = {m:g}.").format(m=d.mitigation_factor),
        ):
            story.append(Paragraph(para(text), s["small"]))
            story.append(Spacer(1, 3))
        story.append(Paragraph(_("Coverage"), s["h2"]))
        header = [_("Dimension"), _("Answered"), _("Unknown"), _("Unanswered"),
                  _("N/A"), _("N/A weight"), _("Coverage")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        for x in d.dimensions:
            rows.append([Paragraph(para(f"{x.id} — {x.name}"), s["cell"])] + [
                Paragraph(v, s["cell"]) for v in (
                    str(x.answered), str(x.unknown), str(x.unanswered), str(x.not_applicable),
                    _pct(x.na_weight_share), _pct(x.figures["coverage"]))])
        table = Table(rows, colWidths=[self.width * w for w in
                                       (0.27, 0.12, 0.11, 0.14, 0.08, 0.14, 0.14)], repeatRows=1)
        table.setStyle(TableStyle(RULED))
        story.append(table)
        story += self._robustness_annex()
        story.append(Paragraph(_("Framework and sources"), s["h2"]))
        story.append(Paragraph(para(_(
            "{name} ({label}); content fingerprint {hash}. The full methodology, the effective "
            "weight of every indicator and the declared overlaps are in the app (Help → "
            "Methodology).").format(name=d.framework_name, label=d.framework_label,
                                    hash=d.framework_hash[:16])), s["small"]))
        if d.sources:
            story.append(Paragraph(_("Sources of the policy options in this brief:"), s["small"]))
            for citation in d.sources:
                story.append(Paragraph(para(f"• {citation}"), s["muted"]))
        story.append(Paragraph(_("What this brief does not measure"), s["h2"]))
        story.append(Paragraph(para(_(
            "Approval of or alignment with any partner; the quality or security of any product "
            "or vendor; benefits of the technology; anything not answered (it widens the "
            "range, it is not guessed).")), s["small"]))
        return story

    def _robustness_annex(self) -> list[Flowable]:
        d, s = self.data, self.s
        r = d.robustness
        story: list[Flowable] = [Paragraph(_("Robustness"), s["h2"])]
        story.append(Paragraph(para(_robustness_sentence(d)), s["small"]))
        if r is None or r.overall is None:
            return story
        rows = [[Paragraph(h, s["cell_bold"]) for h in (
            _("Run"), _("Median"), _("5–95 %"), *[_(b.label) for b in Band])]]

        def line(name: str, dist: Any) -> list[Flowable]:
            return [Paragraph(para(name), s["cell"]), Paragraph(_n(dist.median), s["cell"]),
                    Paragraph(f"{_n(dist.p5)}–{_n(dist.p95)}", s["cell"])] + [
                Paragraph(f"{dist.band_shares.get(b.label, 0) * 100:.1f} %", s["cell"])
                for b in Band]

        rows.append(line(_("Weights ±25 %, uncertain answers move"), r.overall))
        table = Table(rows, colWidths=[self.width * w for w in
                                       (0.25, 0.09, 0.12, 0.108, 0.108, 0.108, 0.108, 0.108)])
        table.setStyle(TableStyle(RULED))
        story += [Spacer(1, 4), table, Spacer(1, 4)]
        story.append(Paragraph(para(_(
            "Equal indicator and dimension weights instead of the framework's: {equal} "
            "(framework weights: {base}). Drop-one — the indicators whose removal moves the "
            "overall exposure most:").format(
            equal=_n(r.equal_weights), base=_n(r.framework_weights))), s["small"]))
        for item in r.drop_one:
            story.append(Paragraph(para(_("{id}: {overall} without it ({delta:+.1f})").format(
                id=item.indicator_id, overall=_n(item.overall), delta=item.delta)), s["muted"]))
        checks = robustness_checks(d)
        if checks.aggregation:
            story.append(Paragraph(para(checks.aggregation), s["small"]))
        for grid in checks.tables:
            table = Table([[Paragraph(para(cell), s["cell_bold" if n == 0 or k == 0 else "cell"])
                            for k, cell in enumerate(row)] for n, row in enumerate(grid)],
                          colWidths=[self.width * w for w in (0.28, 0.24, 0.24, 0.24)])
            table.setStyle(TableStyle([*RULED, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [Spacer(1, 4), table, Spacer(1, 4)]
        story.append(Paragraph(para(checks.limits), s["muted"]))
        return story

    def evidence_section(self) -> list[Flowable]:
        s = self.s
        story: list[Flowable] = [Paragraph(_("Annex: evidence and sources of every answer"),
                                           s["h1"])]
        for x in self.data.dimensions:
            story.append(Paragraph(para(f"{x.id} — {x.name}"), s["h2"]))
            for row in x.rows:
                if row.state == "unanswered" and not row.evidence:
                    continue
                block: list[Flowable] = [
                    Paragraph(para(f"{row.indicator_id} — {row.question}"), s["h3"]),
                    Paragraph(para(_("Answer: {a} · confidence: {c}{d}").format(
                        a=row.answer, c=row.confidence,
                        d=_(" · as of {d}").format(d=row.as_of) if row.as_of else "")),
                        s["small"])]
                if row.na_reason:
                    block.append(Paragraph(para(_("Reason it does not apply: {r}").format(
                        r=row.na_reason)), s["small"]))
                block.append(Paragraph(para(_("Evidence: {e}").format(
                    e=row.evidence or "–")), s["small"]))
                block.append(Paragraph(para(_("Sources: {s}").format(s=row.sources or "–")),
                                       s["small"]))
                story.append(KeepTogether(block[:2]))
                story += block[2:]
        return story


def ParagraphStyleFor(base: Any, colour: str) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{base.name}-{colour}", parent=base, textColor=HexColor(colour))


def _analyst(option: dict[str, Any]) -> str:
    return f" <i>[{_('analyst')}'s wording]</i>" if option.get("analyst") else ""


def _robustness_sentence(d: BriefData) -> str:
    """The robustness sentence the results page and ``aibri show`` print too."""
    return robustness_sentence(d.robustness, stored=d.robustness_stored, _=_)


@dataclass(frozen=True)
class RobustnessChecks:
    """The robustness annex's checks beside the draws, as text (the PDF and the DOCX both
    print these): the aggregation line, the residual at m = 0 / 0.3 / 0.5 and the verdict
    with the cut-offs moved (each a grid whose first row is the header), the stated limits."""

    aggregation: str
    tables: tuple[tuple[tuple[str, ...], ...], ...]
    limits: str


def robustness_checks(d: BriefData) -> RobustnessChecks:
    """Figures stored before version 2 of the rules lack these checks: they are left out."""
    r = d.robustness
    if r is None:
        return RobustnessChecks("", (), "")
    limits = _("{draws:,} draws, seed {seed}. Not varied: the 0–4 → 0–100 level "
               "scaling.").format(draws=r.draws, seed=r.seed)
    aggregation = ""
    if r.geometric is not None:
        aggregation = _("Aggregation: weighted geometric mean of the dimension scores (each at "
                        "least 1) {geometric}, beside the arithmetic mean {arithmetic}.").format(
            geometric=_n(r.geometric), arithmetic=_n(r.framework_weights))
    tables: list[tuple[tuple[str, ...], ...]] = []
    residuals = [r.mitigation_factors.get(key) for key in ("0", "0.3", "0.5")]
    if any(value is not None for value in residuals):
        tables.append(((_("Mitigation factor"), "m = 0", "m = 0.3", "m = 0.5"),
                       (_("Residual exposure"), *(_n(value) for value in residuals))))
    lower, upper = r.cutoffs_shifted.get("-5"), r.cutoffs_shifted.get("+5")
    drawn = Verdict.from_json(d.overall.get("verdict"))
    if lower is not None and upper is not None and drawn is not None:
        tables.append(((_("Band cut-offs"), _("−5: 15/35/55/75"), _("as drawn: 20/40/60/80"),
                        _("+5: 25/45/65/85")),
                       (_("Overall verdict"), lower.words(_=_), drawn.words(_=_),
                        upper.words(_=_))))
    return RobustnessChecks(aggregation, tuple(tables), limits)


def render_country_brief(data: BriefData, *, evidence_annex: bool = False) -> bytes:
    return CountryBrief(data, evidence_annex=evidence_annex).render()
