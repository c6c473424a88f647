"""The country brief: cover, a one-page executive summary, charts, a section per dimension,
the methodology and coverage annex, and optionally every answer's evidence and sources."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
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

from ..domain.bands import Band, band_name
from ..domain.robustness_text import robustness_sentence
from ..domain.suppliers import perspective_words
from ..domain.verdict import Verdict
from ..i18n import _
from ..palette import BAND_TEXT, MUTED, band_colour
from . import wording as say
from .drawings import driver_bars, radar, verdict_bars
from .fonts import SANS, SANS_BOLD
from .layout import (
    BOTTOM_MARGIN,
    MARGIN,
    TOP_MARGIN,
    PageFurniture,
    numbered_canvas,
    page_size,
    styles,
    unverified_notice,
)
from .model import BriefData, BriefDimension
from .text import metadata_text, para

Flowable = Any
SUMMARY_DRIVERS = 5
RADAR_FROM = 4  # dimensions a radar needs; fewer are drawn as bars only
# Plain-string cells would otherwise use base-14 Helvetica, which is never embedded.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
RULED = [CELL_FONT, ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
         ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0"))]
SUMMARY_OPTIONS = 5
PALE = "#f1f3f4"  # a band outside the verdict, on the scale beside the headline


def _n(value: object) -> str:
    return "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _band_text_colour(label: str | None) -> str:
    for band in Band:
        if band.label == label:
            return BAND_TEXT[band]
    return "#1a1a1a"


def _style(base: Any, name: str, **changes: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{base.name}-{name}", parent=base, **changes)


class CountryBrief:
    def __init__(self, data: BriefData, *, evidence_annex: bool = False) -> None:
        self.data = data
        self.evidence_annex = evidence_annex
        self.s = styles()
        self.page = page_size(data.paper)
        self.width = self.page[0] - 2 * MARGIN
        self.height = self.page[1] - TOP_MARGIN - BOTTOM_MARGIN

    # ---- the document ----------------------------------------------------------------------

    def render(self) -> bytes:
        d = self.data
        buffer = io.BytesIO()
        title = metadata_text(say.brief_title(d))
        if d.exposure:  # format 2: every page's footer says what is measured
            subject = _("{country}: {exposure}, as of {date}").format(
                country=d.country, exposure=d.exposure, date=d.as_of.isoformat())
            footer = _("{title} · {exposure}").format(title=title, exposure=d.exposure)
        else:
            subject = _("Exposure to the AI Belt and Road: {country}, as of {date}").format(
                country=d.country, date=d.as_of.isoformat())
            footer = title
        furniture = PageFurniture(
            marking=metadata_text(d.marking), title=metadata_text(footer), metadata_title=title,
            subject=metadata_text(subject),
            author=metadata_text(d.assessor), creator=f"AIBRI Desktop {d.app_version}",
            notice=unverified_notice() if d.unverified else "")
        from .layout import BriefDocTemplate  # every heading an outline entry; /Lang set

        doc: BaseDocTemplate = BriefDocTemplate(
            buffer, pagesize=self.page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN, title=title, author=furniture.author,
            creator=furniture.creator, subject=furniture.subject,
            keywords=[furniture.marking] if furniture.marking else [], producer=furniture.creator)
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
            [_("Sign-off"), say.sign_off_words(d)],
        ]
        if d.exposure:
            facts[4:4] = [
                [_("Supplier profile"), _("{label}, fingerprint {hash}").format(
                    label=d.supplier_label, hash=d.supplier_hash[:16])],
                [_("Perspective"), perspective_words(d.perspective, _=_) or _("not recorded")]]
        if d.assessor:
            facts.append([_("Assessor"), d.assessor])
        table = Table([[Paragraph(para(k), s["muted"]), Paragraph(para(v), s["body"])]
                       for k, v in facts], colWidths=[45 * 2.835, self.width - 45 * 2.835])
        table.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -2), 0.3, HexColor("#dadce0"))]))
        if d.exposure:  # format 2: what is measured, and from where, under the country
            kicker = _("COUNTRY BRIEF · AI DEPENDENCY AND EXPOSURE")
            measured = [Spacer(1, 6), Paragraph(para(say.measured_words(d)), s["cover_sub"])]
        else:
            kicker, measured = _("COUNTRY BRIEF · AI BELT AND ROAD EXPOSURE"), []
        return [
            Spacer(1, 40),
            Paragraph(kicker, s["cover_kicker"]),
            Spacer(1, 10),
            Paragraph(para(d.country), s["cover_title"]),
            Paragraph(para(d.title), s["cover_sub"]),
            *measured,
            Spacer(1, 28),
            box,
            Spacer(1, 28),
            table,
            Spacer(1, 30),
            Paragraph(para(_(
                "How to read this brief: exposure runs from 0 to 100, higher meaning more "
                "exposure or concentration; it measures dependence, not approval of any partner. "
                "Bands: Low below 20, Guarded 20–40, Elevated 40–60, High 60–80, Severe 80 and "
                "above. Unknown answers are never guessed: they leave a range open, and the "
                "headline of each figure is its verdict, the bands that range can still reach — "
                "\"High\" when it is one band, \"at least Elevated, at most High\" when the "
                "unknowns leave it open.")), s["muted"]),
        ]

    # ---- executive summary -----------------------------------------------------------------

    def _chips(self, labels: Any, *, width: float, size: float = 8.5,
               scale: bool = False) -> Table:
        """Bands as coloured cells, each named: ``scale`` shows all five, those of the verdict
        in their own colours and the others pale; otherwise only those in ``labels``. Never
        one colour for an open verdict."""
        shown = [b for b in Band if scale or b.label in labels]
        # a band's name is never broken inside a word: a narrow chip takes a smaller font
        names = [band_name(b.label, _=_) for b in shown]
        room = width / len(shown) - 5
        while size > 5 and max(stringWidth(n, SANS_BOLD, size) for n in names) > room:
            size -= 0.25
        style = _style(self.s["cell_bold"], f"chip{size}", fontSize=size, leading=size + 2,
                       alignment=1)
        cells: list[Flowable] = []
        commands: list[tuple[Any, ...]] = [CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
        for k, band in enumerate(shown):
            inside = band.label in labels
            colour = _band_text_colour(band.label) if inside else MUTED
            cells.append(Paragraph(para(band_name(band.label, _=_)),
                                   ParagraphStyleFor(style, colour)))
            commands.append(("BACKGROUND", (k, 0), (k, 0),
                             HexColor(band_colour(band.label) if inside else PALE)))
            if k:
                commands.append(("LINEBEFORE", (k, 0), (k, 0), 1.5, HexColor("#ffffff")))
        table = Table([cells], colWidths=[width / len(shown)] * len(shown), hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def _headline(self) -> Table:
        """The overall verdict first. When it is open the point score is not on this page at
        all (docs/scoring.md: a minister quotes whatever number is on page 1); a final
        assessment kept on version 1 of the rules shows its signed-off figures, labelled,
        with the version-2 verdict beside them."""
        d, s = self.data, self.s
        o = d.overall
        verdict = say.verdict(o)
        settled = verdict is not None and verdict.settled
        big = _style(s["h1"], "verdict", fontSize=18, leading=22, spaceAfter=0)
        rows: list[list[Any]] = []
        if d.scoring_rules == 1:
            rows.append([Paragraph(para(_("Overall exposure — {label}").format(
                label=say.v1_label())), s["muted"])])
            band = say.band_of_score(o)
            v1 = Table([[Paragraph(_n(o["score"]), s["big"]),
                         self._chips([band.label] if band else [], width=100, size=12)
                         if band else Paragraph(_("No score"), s["body"]),
                         Paragraph(para(say.under_v2(o)), _style(s["body"], "v2", fontSize=11,
                                                                leading=14))]],
                       colWidths=[100, 110, self.width - 236], hAlign="LEFT")
            v1.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
            rows.append([v1])
        else:
            rows.append([Paragraph(_("Overall exposure"), s["muted"])])
            rows.append([Paragraph(para(say.verdict_words(o)), big)])
            if verdict is not None:
                rows.append([self._chips([b.label for b in verdict.bands], scale=True,
                                         width=self.width - 12)])
        if threshold := say.threshold_words(d):  # the ministry's question, under the verdict
            question, answer = threshold
            rows.append([Paragraph(f"<b>{para(question)}</b> {para(answer)}", s["body"])])
        figures = [_("Range {low}–{high}").format(low=_n(o["low"]), high=_n(o["high"])),
                   _("coverage {c}").format(c=_pct(o["coverage"]))]
        if o["provisional"]:
            figures.insert(0, _("PROVISIONAL (coverage below 70 %)"))
        if settled and d.scoring_rules != 1:
            figures.append(_("{label} {score}").format(label=say.score_label(),
                                                       score=_n(o["score"])))
        rows.append([Paragraph(para(" · ".join(figures)), s["body"])])
        if d.scoring_rules != 1 and (sentence := say.must_answer_sentence(o)):
            rows.append([Paragraph("<b>" + para(sentence) + "</b> " + para(" ".join([
                *say.must_answer_needs(d),
                _("Every open indicator's share of the range is listed in the annex.")])),
                s["small"])])
        if d.residual:
            residual_verdict = say.verdict(d.residual)
            rows.append([Paragraph(para(say.residual_sentence(
                d.residual, rules=d.scoring_rules, with_score=settled and residual_verdict
                is not None and residual_verdict.settled)), s["small"])])
        if left_out := say.left_out_sentence(d):
            rows.append([Paragraph(para(left_out), s["small"])])
        table = Table(rows, colWidths=[self.width])
        table.setStyle(TableStyle([CELL_FONT,
            ("BOX", (0, 0), (-1, -1), 0.6, HexColor("#dadce0")),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor("#f6f8fa")),
        ]))
        return table

    def summary(self) -> list[Flowable]:
        d, s = self.data, self.s
        parts: list[Flowable] = [Paragraph(_("Executive summary"), s["h1"])]
        if measured := say.measured_words(d):
            parts.append(Paragraph(para(measured), s["h3"]))
        parts += [self._headline(), Spacer(1, 6)]
        parts.append(Paragraph(_("Dimension verdicts"), s["h3"]))
        for x in d.dimensions:
            parts.append(Paragraph(para(say.dimension_verdict_line(x, d.scoring_rules)),
                                   s["small"]))
        parts.append(Paragraph(_("Red flags"), s["h3"]))
        if d.red_flags:
            for flag in d.red_flags:
                row = d.row(flag["indicator"])
                what = say.finding(row) if row is not None else flag["text"]
                parts.append(Paragraph(f"<b>{para(say.flag_words(flag))}</b> — {para(what)}",
                                       s["small"]))
        else:
            parts.append(Paragraph(_("None: no critical indicator is at level 4, unknown or "
                                     "unanswered."), s["small"]))
        for indicator_id, _question in d.critical_not_applicable:
            row = d.row(indicator_id)
            parts.append(Paragraph(para(_("Critical indicator marked not applicable — "
                                          "{finding}").format(
                finding=say.finding(row) if row is not None else indicator_id)), s["small"]))
        parts.append(Paragraph(_("Key judgements (the analyst's view)"), s["h3"]))
        for n, text in enumerate(d.judgements[:5], 1):
            parts.append(Paragraph(f"{n}. {para(text)}", s["small"]))
        if not d.judgements:
            parts.append(Paragraph(para(say.no_judgements()), s["small"]))
        parts.append(Paragraph(_("What drives the score"), s["h3"]))
        if d.drivers:
            for indicator_id, _question, points, _dimension in d.drivers[:SUMMARY_DRIVERS]:
                row = d.row(indicator_id)
                parts.append(Paragraph(para(_("{finding} ({points} points)").format(
                    finding=say.finding(row) if row is not None else indicator_id,
                    points=f"{points:.1f}")), s["small"]))
        else:
            parts.append(Paragraph(_("No answered indicator adds to the score yet."),
                                   s["small"]))
        parts.append(Paragraph(_("Policy options the answers trigger"), s["h3"]))
        if d.options:
            room = SUMMARY_OPTIONS  # the reader's options first, then the others
            for heading, group in say.option_groups(d):
                if room <= 0:
                    break
                if heading:
                    parts.append(Paragraph(para(heading), s["cell_bold"]))
                for option in group[:room]:
                    parts.append(Paragraph(
                        f"<b>{para(option['title'])}</b>{_analyst(option)} "
                        f"({_option_place(option, tagged=not heading)}) — "
                        f"{para(option['rationale'])}", s["small"]))
                room -= len(group)
            if len(d.options) > SUMMARY_OPTIONS:
                parts.append(Paragraph(_("{n} more options are listed in the dimension "
                                         "sections.").format(n=len(d.options) - SUMMARY_OPTIONS),
                                       s["muted"]))
        else:
            parts.append(Paragraph(_("None: no indicator is at a level that calls for one."),
                                   s["small"]))
        if d.robustness is not None and d.robustness.overall is not None:
            verdict = say.verdict(d.overall)
            if d.scoring_rules == 1 or (verdict is not None and verdict.settled):
                parts.append(Paragraph(_("How robust is the band?"), s["h3"]))
                parts.append(Paragraph(para(_robustness_sentence(d)), s["small"]))
            else:  # its figures are the point score's: not on the page of an open verdict
                parts.append(Paragraph(_("How robust is the score?"), s["h3"]))
                parts.append(Paragraph(para(_(
                    "How much the score of the answered indicators owes to the weights and to "
                    "uncertain answers is in the robustness annex; what the open indicators "
                    "could still do is the verdict above.")), s["small"]))
        return parts

    # ---- charts ----------------------------------------------------------------------------

    def charts(self) -> list[Flowable]:
        d, s = self.data, self.s
        exposure = [x for x in d.dimensions if x.kind == "exposure"]
        drawn = [x for x in exposure if not x.left_out]
        bars_caption = Paragraph(_(
            "Each dimension's range as a bar, every stretch of it in the colour of the band it "
            "lies in: an open verdict spans several bands. Black tick: the score of the "
            "answered indicators (ranges at their middle). Dashed lines: the band edges at 20, "
            "40, 60 and 80."), s["muted"])
        if len(drawn) < RADAR_FROM:  # a radar of three axes is a triangle: bars alone
            bars = verdict_bars([(x.name, x.figures["score"], x.figures["low"],
                                  x.figures["high"], say.verdict_labels(x.figures),
                                  say.chart_caption(x, d.scoring_rules)) for x in exposure],
                                width=self.width * 0.75)
            grid = Table([[bars], [bars_caption]], colWidths=[self.width])
        else:
            half = self.width / 2 - 4
            radar_drawing = radar([x.name for x in drawn], [(
                d.country, [x.figures["score"] for x in drawn],
                [x.figures["low"] for x in drawn], [x.figures["high"] for x in drawn])],
                width=half, height=210)
            bars = verdict_bars([(x.name, x.figures["score"], x.figures["low"],
                                  x.figures["high"], say.verdict_labels(x.figures),
                                  say.chart_caption(x, d.scoring_rules)) for x in exposure],
                                width=half)
            grid = Table([[radar_drawing, bars],
                          [Paragraph(_("Dimensions as a radar: the shaded ring between the "
                                       "dashed lines is each dimension's range, low to high; "
                                       "the solid line joins the scores of the answered "
                                       "indicators (ranges at their middle)."), s["muted"]),
                           bars_caption]],
                         colWidths=[half + 4, half + 4])
        grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        driver_rows = [(say.driver_label(d, i), p, d.dimension_colours.get(dim, MUTED))
                       for i, _q, p, dim in d.drivers[:10]]
        story: list[Flowable] = [Paragraph(_("Dimensions at a glance"), s["h1"]), grid,
                                 *self._dimension_table(), Spacer(1, 10)]
        if driver_rows:
            story.append(KeepTogether([
                Paragraph(_("What drives the score"), s["h2"]),
                driver_bars(driver_rows, width=self.width),
                Paragraph(_("Each answered indicator's contribution to the score of the "
                            "answered indicators, in points (a range at its middle); all "
                            "contributions add up to that score. Colour: dimension."),
                          s["muted"]),
                Paragraph("   ".join(
                    f'<font color="{colour}">●</font> {para(f"{dim} {name}")}'
                    for dim, name, colour in say.driver_legend(d)), s["muted"])]))
        return story

    def _verdict_cell(self, f: dict[str, Any], *, width: float) -> list[Flowable]:
        """The verdict in words, then each of its bands in its own colour."""
        verdict = say.verdict(f)
        text = say.verdict_words(f)
        if f.get("provisional"):
            text = _("{text}, provisional").format(text=text)
        cell: list[Flowable] = [Paragraph(para(text), self.s["cell"])]
        if verdict is not None:
            cell.append(self._chips([b.label for b in verdict.bands], width=min(
                width, 52 * len(verdict.bands)), size=6.5))
        return cell

    def _dimension_table(self) -> list[Flowable]:
        """The overall exposure, each dimension and the residual: the verdict first, the
        point score under its own label; never a bare band beside an open verdict. Under
        version 1 of the rules, the signed-off figures with the version-2 verdict beside."""
        d, s = self.data, self.s
        v1 = d.scoring_rules == 1
        widths = [self.width * k for k in ((0.24, 0.17, 0.33, 0.13, 0.13) if v1
                                           else (0.24, 0.37, 0.15, 0.12, 0.12))]
        if v1:
            header = [_("Figure"), _("Version 1, as signed off: score and band"),
                      _("Under version 2: verdict"), _("Range"), _("Coverage")]
        else:
            header = [_("Figure"), _("Verdict"), _("Score of the answered indicators (ranges "
                                                   "at their middle)"), _("Range"),
                      _("Coverage")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        style = [("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
                 ("VALIGN", (0, 0), (-1, -1), "TOP")]
        entries: list[tuple[str, dict[str, Any], str]] = [
            (_("Overall exposure"), d.overall, "overall")]
        entries += [(f"{x.id} — {x.name}", x.figures,
                     "left_out" if x.left_out else x.kind) for x in d.dimensions]
        if d.residual:
            entries.append((_("Residual exposure (m = {m:g})").format(
                m=d.residual.get("mitigation_factor", 0.0)), d.residual, "residual"))
        for r, (name, f, kind) in enumerate(entries, 1):
            name_style = s["cell_bold"] if kind in ("overall", "residual") else s["cell"]
            coverage = _pct(f.get("coverage")) if kind != "residual" else "–"
            if kind == "left_out":
                verdict: Any = Paragraph(_("left out of the overall exposure: every "
                                           "indicator not applicable"), s["cell"])
                score: Any = Paragraph("–", s["cell"])
            elif kind == "capacity":
                verdict = Paragraph(para(_("no band, no verdict (capacity: higher = more "
                                           "capacity)") + (_(", provisional")
                                                           if f.get("provisional") else "")),
                                    s["cell"])
                score = Paragraph(_n(f.get("score")), s["cell"])
            elif v1:
                band = say.band_of_score(f)
                score = Paragraph(para(say.v1_words(f) + (_(", provisional")
                                                         if f.get("provisional") else "")),
                                  ParagraphStyleFor(s["cell"], _band_text_colour(
                                      band.label if band else None)))
                if band is not None:
                    style.append(("BACKGROUND", (1, r), (1, r), HexColor(band_colour(
                        band.label))))
                verdict = self._verdict_cell(f, width=widths[2] - 12)
            else:
                verdict = self._verdict_cell(f, width=widths[1] - 12)
                score = Paragraph(_n(f.get("score")), s["cell"])
            cells = [Paragraph(para(name), name_style), score, verdict] if v1 else \
                [Paragraph(para(name), name_style), verdict, score]
            rows.append([*cells, Paragraph(f"{_n(f.get('low'))}–{_n(f.get('high'))}",
                                           s["cell"]),
                         Paragraph(para(coverage), s["cell"])])
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([CELL_FONT, *style]))
        story: list[Flowable] = [CondPageBreak(140), Spacer(1, 8),
                                 Paragraph(_("Verdicts and scores"), s["h2"])]
        if v1:
            story.append(Paragraph(para(say.v1_label()), s["small"]))
        return [*story, table]

    # ---- dimensions ------------------------------------------------------------------------

    def dimension_section(self, x: BriefDimension) -> list[Flowable]:
        s = self.s
        f = x.figures
        headline = say.dimension_headline(x, self.data.scoring_rules)
        parts = []
        if x.kind == "exposure" and not x.left_out and self.data.scoring_rules != 1:
            parts.append(_("{label} {score}").format(label=say.score_label().capitalize(),
                                                     score=_n(f["score"])))
        parts.append(_("Range {low}–{high} · coverage {c}{prov}").format(
            low=_n(f["low"]), high=_n(f["high"]), c=_pct(f["coverage"]),
            prov=_(" · provisional") if f["provisional"] else ""))
        parts.append(_("{a} answered, {r} range, {u} unknown, {n} not yet answered, {na} not "
                       "applicable").format(a=x.answered, r=x.ranged, u=x.unknown,
                                            n=x.unanswered, na=x.not_applicable))
        figures = " · ".join(parts)
        titled = any(row.short_title for row in x.rows)  # format 2: findings by title
        header = [_("ID"), _("Item") if titled else _("Question"), _("Answer"), _("Conf."),
                  _("Evidence")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        flagged = []
        for r, row in enumerate(x.rows, 1):
            mark = " ▲" if row.critical else ""
            answer = row.answer if row.state != "not_applicable" else \
                f"{row.answer}: {row.na_reason}"
            rows.append([Paragraph(f"{row.indicator_id}{mark}", s["cell_bold"]),
                         Paragraph(para(say.item_title(row)), s["cell"]),
                         Paragraph(para(answer), s["cell"]),
                         Paragraph(para(row.confidence), s["cell"]),
                         Paragraph(para(say.evidence_line(row.evidence)), s["cell"])])
            if row.critical and row.level == 4:
                flagged.append(r)
        widths = [0.11, 0.25, 0.27, 0.09, 0.28]
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
            for _heading, group in say.option_groups(self.data, options):
                for option in group:
                    story.append(Paragraph(
                        f"<b>{para(option['title'])}</b>{_analyst(option)} "
                        f"({_option_place(option, tagged=True)}) — "
                        f"{para(option['rationale'])}", s["small"]))
        return story

    # ---- annexes ---------------------------------------------------------------------------

    def methodology_annex(self) -> list[Flowable]:
        d, s = self.data, self.s
        story: list[Flowable] = [Paragraph(_("Annex: methodology and coverage"), s["h1"])]
        for text in say.methodology(d):
            story.append(Paragraph(para(text), s["small"]))
            story.append(Spacer(1, 3))
        story.append(Paragraph(_("Coverage"), s["h2"]))
        header = [_("Dimension"), _("Answered"), _("Range"), _("Unknown"),
                  _("Not yet answered"), _("N/A"), _("N/A weight"), _("Coverage")]
        rows = [[Paragraph(h, s["cell_bold"]) for h in header]]
        for x in d.dimensions:
            coverage = _pct(x.figures["coverage"]) + (_(", provisional")
                                                      if x.figures.get("provisional") else "")
            rows.append([Paragraph(para(f"{x.id} — {x.name}"), s["cell"])] + [
                Paragraph(v, s["cell"]) for v in (
                    str(x.answered), str(x.ranged), str(x.unknown), str(x.unanswered),
                    str(x.not_applicable), _pct(x.na_weight_share), para(coverage))])
        table = Table(rows, colWidths=[self.width * k for k in
                                       (0.23, 0.12, 0.09, 0.11, 0.12, 0.06, 0.09, 0.18)],
                      repeatRows=1)
        table.setStyle(TableStyle([*RULED, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        story += self._settle_by_annex()
        story += self._robustness_annex()
        story.append(Paragraph(_("Framework and sources"), s["h2"]))
        story.append(Paragraph(para(_(
            "{name} ({label}); content fingerprint {hash}. The full methodology, the effective "
            "weight of every indicator and the declared overlaps are in the app (Help → "
            "Methodology).").format(name=d.framework_name, label=d.framework_label,
                                    hash=d.framework_hash[:16])), s["small"]))
        if d.reference:
            story.append(Paragraph(para(_(
                "Some answers were accepted from public data: {reference}. The evidence annex "
                "names the lists behind each (verified: read whole from the publisher; "
                "reconstructed: another route).").format(reference=d.reference)), s["small"]))
        if d.sources:
            story.append(Paragraph(_("Sources of the policy options in this brief:"), s["small"]))
            for citation in d.sources:
                story.append(Paragraph(para(f"• {citation}"), s["muted"]))
        story.append(Paragraph(_("What this brief does not measure"), s["h2"]))
        story.append(Paragraph(para(say.not_measured()), s["small"]))
        return story

    def _settle_by_annex(self) -> list[Flowable]:
        """Every open indicator with its share of the overall range, the shares adding up to
        the displayed high − low; ● marks the must-answer list."""
        d, s = self.data, self.s
        rows = say.settle_by_rows(d)
        if not rows:
            return []
        story: list[Flowable] = [
            Paragraph(para(say.settle_by_title(d)), s["h2"]),
            Paragraph(para(say.settle_by_note(d)), s["small"])]
        marks = say.must_answer_marks(d)
        if sentence := say.must_answer_sentence(d.overall):
            story.append(Paragraph(para(" ".join([sentence, *say.must_answer_needs(d)])),
                                   s["small"]))
        titled = d.framework_format >= 2  # each item by its short title, whole
        grid = [[Paragraph(h, s["cell_bold"]) for h in (
            _("Indicator"), _("Item") if titled else _("Question"), _("State"),
            _("Share of the range (points)"), _("Must be answered"))]]
        for indicator_id, _dimension, state, share, needed in rows:
            row = d.row(indicator_id)
            name = say.item_title(row) if row else ""
            grid.append([Paragraph(indicator_id, s["cell_bold"]),
                         Paragraph(para(name), s["cell"]),
                         Paragraph(para(state), s["cell"]), Paragraph(share, s["cell"]),
                         Paragraph(para(_must_cell(needed, say.needs_words(
                             marks.get(indicator_id, "")))), s["cell"])])
        widths = (0.11, 0.31, 0.14, 0.14, 0.30) if marks else (0.11, 0.45, 0.16, 0.14, 0.14)
        table = Table(grid, colWidths=[self.width * k for k in widths], repeatRows=1)
        table.setStyle(TableStyle([*RULED, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return [*story, Spacer(1, 4), table]

    def _robustness_annex(self) -> list[Flowable]:
        d, s = self.data, self.s
        r = d.robustness
        story: list[Flowable] = [CondPageBreak(140), Paragraph(_("Robustness"), s["h2"])]
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
        if r.unknowns_answered is not None:  # figures stored under version 1, kept whole
            rows.append(line(_("… and unknowns drawn from 0–4 (version 1; no longer drawn)"),
                             r.unknowns_answered))
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
                if row.public_data:
                    block.append(Paragraph(para(_("Accepted from {what}").format(
                        what=row.public_data)), s["small"]))
                story.append(KeepTogether(block[:2]))
                story += block[2:]
        return story


def ParagraphStyleFor(base: Any, colour: str) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{base.name}-{colour}", parent=base, textColor=HexColor(colour))


def _analyst(option: dict[str, Any]) -> str:
    return f" <i>[{_('analyst')}'s wording]</i>" if option.get("analyst") else ""


def _option_place(option: dict[str, Any], *, tagged: bool) -> str:
    """"DS-04, level 4" and, unless a heading says it, whom the option addresses."""
    place = f"{option['indicator']}, {_('level')} {option['level']}"
    if tagged and (audience := say.audience_words(option.get("audience"))):
        place = f"{place}; {audience}"
    return para(place)


def _must_cell(needed: bool, needs: str) -> str:
    """● for an item of the must-answer list, and what it needs if public sources cannot
    answer it."""
    if not needed:
        return ""
    return f"● {needs}" if needs else "●"


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
