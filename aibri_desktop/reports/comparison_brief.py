"""The comparison brief: what it compares in its title, the verdicts, the change and whether it
is established, and the findings behind it.

Its figures and sentences are the compare page's (``domain/compare_summary.py``): each
assessment's verdict and "provisional", the displayed change and whether it is established
(the same sentence the page prints), whether the range narrowed, and the figures on the common
indicators labelled so beside each assessment's own. Each finding names its indicator by its
short title, says the answer before and now (with the level's description and the new evidence
when the brief is given the alignment), and a line that comes only from re-weighting is named
so. Between supplier states it is the supplier profile: the assessments side by side on the
supplier-symmetric items, each indicator by its short title, and no change.

The sentences of the title, the assessments table and the findings are this module's own (the
domain has none for them); nothing is shortened with "…": text wraps."""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.answers import Answer, AnswerState
from ..domain.bands import band_name
from ..domain.compare import Alignment
from ..domain.compare_summary import (
    assessment_label,
    assessment_words,
    change_headline,
    compared_dimensions,
    compared_overall,
    comparison_rows,
    contribution_words,
    established_words,
    exposure_words,
    headline_rows,
    range_change_words,
    range_words,
    shown_contributions,
    signed,
    supplier_view_reason,
    supplier_view_words,
)
from ..domain.describe import describe_state
from ..domain.framework import Framework
from ..i18n import _
from ..palette import BAND_COLOURS, BAND_TEXT, MUTED, series_colour
from . import wording as say
from .drawings import change_bars, radar
from .fonts import SANS
from .layout import (
    BOTTOM_MARGIN,
    MARGIN,
    TOP_MARGIN,
    BriefDocTemplate,
    PageFurniture,
    numbered_canvas,
    page_size,
    styles,
)
from .text import metadata_text, para

CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
RULED = [CELL_FONT, ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
         ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
         ("VALIGN", (0, 0), (-1, -1), "TOP")]
RAISES, LOWERS = "#d73027", "#4575b4"  # a change that raises the exposure, one that lowers it
TITLE_COUNTRIES = 6  # more countries than this: the title names these and counts the rest
CHART_LINES = 12
LARGEST = 3  # the findings named in the summary at the top
EVIDENCE_CHARS = 320  # longer evidence: its opening sentences, whole


# ---- what the brief is about -----------------------------------------------------------------


def country_name(assessment: dict[str, Any]) -> str:
    """The country of an assessment: its label without the date ("Kenya, 2026-01-01")."""
    label: str = assessment["label"]
    suffix = f", {assessment['as_of']}"
    return label[: -len(suffix)] if label.endswith(suffix) and len(label) > len(suffix) \
        else label


def _countries(summary: dict[str, Any]) -> list[str]:
    """The countries compared, once each, in the order of the assessments."""
    names: dict[str, str] = {}
    for a in summary["assessments"]:
        names.setdefault(a["country_code"], country_name(a))
    return list(names.values())


def _period(summary: dict[str, Any]) -> str:
    """"2024-03-01 to 2026-11-01", or the one date when all share it."""
    dates = sorted({str(a["as_of"]) for a in summary["assessments"]})
    if len(dates) == 1:
        return dates[0]
    return _("{first} to {last}").format(first=dates[0], last=dates[-1])


def _and_list(names: list[str]) -> str:
    """"Kenya, Brazil and Indonesia"."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def brief_title(summary: dict[str, Any]) -> str:
    """What the brief compares: "Kenya, 2024-03-01 to 2026-11-01" for one country (over time,
    or against several supplier states), "Kenya, Brazil and Indonesia" for several; with
    more than a handful of countries, the first of them and how many more."""
    countries = _countries(summary)
    if len(countries) == 1:
        return _("{country}, {period}").format(country=countries[0], period=_period(summary))
    if len(countries) > TITLE_COUNTRIES:
        shown = countries[:TITLE_COUNTRIES]
        return _("{countries} and {n} more countries").format(
            countries=", ".join(shown), n=len(countries) - len(shown))
    return _and_list(countries)


def _kicker(summary: dict[str, Any]) -> str:
    if summary.get("supplier_profile"):
        return _("SUPPLIER PROFILE BRIEF · ONE COUNTRY, SEVERAL SUPPLIER STATES")
    if summary.get("across_suppliers"):
        return _("COMPARISON BRIEF · SUPPLIER STATES SIDE BY SIDE")
    if len(_countries(summary)) == 1:
        return _("COMPARISON BRIEF · ONE COUNTRY OVER TIME")
    return _("COMPARISON BRIEF · COUNTRIES SIDE BY SIDE")


def _document_title(summary: dict[str, Any]) -> str:
    """The PDF's title and every page's footer."""
    title = brief_title(summary)
    if summary.get("supplier_profile"):
        return _("Supplier profile brief: {title}").format(title=title)
    return _("Comparison brief: {title}").format(title=title)


def _subtitle(summary: dict[str, Any], alignment: Alignment | None) -> str:
    """What is measured, over which assessments, under which framework (named by its name
    when the brief has the alignment, else by its id)."""
    exposures = list(dict.fromkeys(exposure_words(a, _=_) for a in summary["assessments"]))
    if alignment is not None:
        frameworks = list(dict.fromkeys(
            _("{name}, version {version}").format(name=item.framework.name.get(),
                                                   version=item.framework.version)
            for item in alignment.items))
    else:
        frameworks = list(dict.fromkeys(f"{a['framework']['id']} {a['framework']['version']}"
                                        for a in summary["assessments"]))
    measured = "; ".join(exposures)
    parts = [_("{n} assessments").format(n=len(summary["assessments"])),
             measured[:1].upper() + measured[1:]]
    if len(_countries(summary)) > 1:
        parts.append(_("as of {period}").format(period=_period(summary)))
    parts.append(_("framework: {frameworks}").format(frameworks="; ".join(frameworks)))
    return " · ".join(parts)


# ---- the assessments -------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _chips(figures: dict[str, Any], s: dict[str, Any], width: float) -> Table | None:
    """The verdict's bands, each in its own colour (never one colour for an open verdict)."""
    verdict = say.verdict(figures)
    if verdict is None:
        return None
    style = s["chip"]
    cells: list[Any] = []
    commands: list[tuple[Any, ...]] = [CELL_FONT, ("TOPPADDING", (0, 0), (-1, -1), 1),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 1),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
    bands = list(verdict.bands)
    for k, band in enumerate(bands):
        cells.append(Paragraph(f'<font color="{BAND_TEXT[band]}">'
                               f"{para(band_name(band.label, _=_))}</font>", style))
        commands.append(("BACKGROUND", (k, 0), (k, 0), HexColor(BAND_COLOURS[band])))
        if k:
            commands.append(("LINEBEFORE", (k, 0), (k, 0), 1.2, HexColor("#ffffff")))
    cell_width = min(width / len(bands), 46)
    table = Table([cells], colWidths=[cell_width] * len(bands), hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _figures_row(name: str, figures: dict[str, Any], s: dict[str, Any],
                 widths: list[float], *, bold: bool, marker: str = "") -> list[Any]:
    """An assessment's verdict (in words, then its bands in colour), range, coverage and
    provisional mark; ``marker`` (markup) before its name."""
    verdict: list[Any] = [Paragraph(para(say.verdict_words(figures)), s["cell_bold"])]
    if (chips := _chips(figures, s, widths[1] - 8)) is not None:
        verdict.append(chips)
    provisional = _("provisional (coverage below 70 %)") if figures.get("provisional") \
        else _("no")
    return [Paragraph(marker + para(name), s["cell_bold" if bold else "cell"]), verdict,
            Paragraph(range_words(figures.get("low"), figures.get("high"), _=_), s["cell"]),
            Paragraph(_pct(figures.get("coverage")), s["cell"]),
            Paragraph(para(provisional), s["cell_bold" if figures.get("provisional")
                                            else "cell"])]


def _assessments_table(summary: dict[str, Any], s: dict[str, Any], width: float) -> list[Any]:
    """One row per assessment: verdict, range (low–high), coverage, provisional; on a common
    basis its own figures and, labelled, those on the common indicators; between supplier
    states the figures on the supplier-symmetric items, labelled."""
    across = bool(summary.get("across_suppliers"))
    widths = [width * k for k in (0.32, 0.27, 0.15, 0.11, 0.15)]
    head = [_("Assessment"), _("Verdict"), _("Range (low–high)"), _("Coverage"),
            _("Provisional")]
    rows: list[list[Any]] = [[Paragraph(para(h), s["cell_bold"]) for h in head]]
    for index, a in enumerate(summary["assessments"]):
        label = assessment_label(summary, a, with_supplier=across, _=_)
        marker = f'<font color="{series_colour(index)}">■</font> '
        if across:
            rows.append(_figures_row(_("{label}, on the supplier-symmetric items").format(
                label=label), compared_overall(a), s, widths, bold=True, marker=marker))
        elif a.get("common_basis") is not None:
            rows.append(_figures_row(_("{label}, own (as stored)").format(label=label),
                                     a["overall"], s, widths, bold=True, marker=marker))
            rows.append(_figures_row(_("{label}, on the common indicators").format(
                label=label), a["common_basis"], s, widths, bold=False))
        else:
            rows.append(_figures_row(label, a["overall"], s, widths, bold=True,
                                     marker=marker))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(RULED))
    return [table]


# ---- the findings ----------------------------------------------------------------------------


def _indicator(framework: Framework, indicator_id: str) -> Any | None:
    return framework.indicator(indicator_id) if framework.has_indicator(indicator_id) else None


def _finding_title(c: dict[str, Any], summary: dict[str, Any],
                   alignment: Alignment | None) -> str:
    """The finding's name: the indicator's short title (format 2), the whole dimension's name,
    or the re-weighting; an indicator without a short title (format 1) by its id."""
    if c["kind"] == "reweighting":
        return _("Re-weighting (no answer changed)")
    if c["kind"] == "dimension" or not c["indicator"]:
        names = {d["id"]: d["name"] for a in summary["assessments"] for d in a["dimensions"]}
        return _("{dimension} (the whole dimension)").format(
            dimension=names.get(c["dimension"], c["dimension"]))
    title: str = c.get("title") or ""
    if not title and alignment is not None:
        for item in reversed(alignment.items):
            indicator = _indicator(item.framework, c["indicator"])
            if indicator is not None and indicator.short_title is not None:
                title = indicator.short_title.get()
                break
    return title or str(c["indicator"])


def _answer_text(answer: Answer | None, framework: Framework, indicator_id: str) -> str:
    """An answer in words with what it means: "level 3 — 50–74 % of …", "levels 2–3 — from
    … to …", "unknown", "not applicable — its reason", "unanswered"."""
    if answer is None:
        return describe_state(AnswerState.UNANSWERED, None, _=_)
    indicator = _indicator(framework, indicator_id)
    levels = indicator.levels if indicator is not None else ()

    def level_text(level: int | None) -> str:
        return levels[level].get() if level is not None and 0 <= level < len(levels) else ""

    if answer.state is AnswerState.ANSWERED:
        words = describe_state(answer.state, answer.level, _=_)
        meaning = level_text(answer.level)
        return _("{answer} — {meaning}").format(answer=words, meaning=meaning) if meaning \
            else words
    if (answer.state is AnswerState.RANGE and answer.level_low is not None
            and answer.level_high is not None):
        words = describe_state(answer.state, (answer.level_low, answer.level_high), _=_)
        low, high = level_text(answer.level_low), level_text(answer.level_high)
        if low and high:
            return _("{answer} — between “{low}” and “{high}”").format(answer=words, low=low,
                                                                      high=high)
        return words
    if answer.state is AnswerState.UNKNOWN:
        return _("unknown — looked into, not known")
    if answer.state is AnswerState.NOT_APPLICABLE:
        return _("not applicable — {reason}").format(reason=answer.na_reason or "–")
    return describe_state(answer.state, None, _=_)


def evidence_line(text: str) -> str:
    """The evidence on one line: whole when short, else its opening sentences, whole and
    said to be an opening (never cut inside a word)."""
    line = " ".join(text.split())
    if len(line) <= EVIDENCE_CHARS:
        return line
    sentences = re.split(r"(?<=[.!?;])\s+", line)
    kept = [sentences[0]]
    for sentence in sentences[1:]:
        if len(" ".join([*kept, sentence])) > EVIDENCE_CHARS:
            break
        kept.append(sentence)
    if len(kept) == len(sentences):
        return line
    return _("{opening} [the opening of the evidence; the whole of it is in the assessment "
             "and in its country brief's evidence annex]").format(opening=" ".join(kept))


def _finding_details(c: dict[str, Any], summary: dict[str, Any],
                     alignment: Alignment | None) -> list[str]:
    """The finding in words: the domain's sentence (as the compare page prints it), then the
    answer before and now with their meaning, and the new evidence; markup, escaped."""
    lines = [f"<b>{para(contribution_words(c, summary, _=_))}</b>"]
    if c["kind"] == "reweighting":
        lines.append(para(_("Scoring a dimension in only one of the two assessments changes "
                            "the weight the other dimensions carry; no answer behind this "
                            "line changed.")))
        return lines
    indicator_id = c["indicator"]
    if alignment is None or not indicator_id:
        return lines
    first, last = alignment.items[0], alignment.items[-1]
    before = first.answers.get(indicator_id)
    after = last.answers.get(indicator_id)
    lines.append(para(_("Before ({label}): {answer}").format(
        label=first.label, answer=_answer_text(before, first.framework, indicator_id))))
    lines.append(para(_("Now ({label}): {answer}").format(
        label=last.label, answer=_answer_text(after, last.framework, indicator_id))))
    evidence = evidence_line(after.evidence) if after is not None else ""
    lines.append("<i>" + para(_("New evidence: {evidence}").format(
        evidence=evidence or _("none recorded"))) + "</i>")
    return lines


def _finding_label(c: dict[str, Any], summary: dict[str, Any],
                   alignment: Alignment | None) -> str:
    """The finding's name with its indicator id (and dimension) under it, as cell markup."""
    title = para(_finding_title(c, summary, alignment))
    if c["kind"] in ("reweighting", "dimension") or not c["indicator"]:
        return f"<b>{title}</b>"
    if title == para(str(c["indicator"])):
        return f"<b>{title}</b>"
    return f"<b>{title}</b><br/>{para(str(c['indicator']))}"


def _charted(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings the chart draws: the largest that move the displayed change."""
    return [c for c in lines[:CHART_LINES] if c["displayed_points"]]


def change_chart(summary: dict[str, Any], width: float,
                 alignment: Alignment | None = None) -> Drawing | None:
    """The findings as bars either side of zero, each named as in the table: a finding that
    lowers the exposure to the left, one that raises it to the right (None: nothing moved)."""
    drawn = _charted(shown_contributions(summary))
    if not drawn:
        return None
    return change_bars(
        [(_finding_title(c, summary, alignment), float(c["displayed_points"]),
          RAISES if c["displayed_points"] > 0 else LOWERS, signed(c["displayed_points"]))
         for c in drawn], width=width, label_width=width * 0.34,
        lowers=_("lowers the exposure"), raises=_("raises the exposure"))


def _what_changed(summary: dict[str, Any], s: dict[str, Any], width: float,
                  alignment: Alignment | None) -> list[Any]:
    """The findings from the first to the last: never between supplier states."""
    story: list[Any] = [Paragraph(_("What changed: the findings"), s["h2"])]
    lines = shown_contributions(summary)
    if not lines:
        story.append(Paragraph(_("No answer changed."), s["small"]))
        return story
    story.append(Paragraph(para(_(
        "Each finding is one indicator's contribution to the change of the overall exposure, "
        "largest first, in points rounded so that the findings add up to the change shown. A "
        "dimension scored in only one of the two assessments, and the re-weighting of the "
        "other dimensions it causes, are findings of their own.")), s["small"]))
    chart = change_chart(summary, width, alignment)
    if chart is not None:
        drawn = len(_charted(lines))
        caption = _("Points each finding adds to the overall exposure (right of zero) or takes "
                    "from it (left of zero).")
        if drawn < len(lines):
            caption += " " + _("The chart shows the {n} largest; every finding is in the table "
                               "below.").format(n=drawn)
        story += [Spacer(1, 4), chart, Paragraph(para(caption), s["muted"])]
    rows: list[list[Any]] = [[Paragraph(para(h), s["cell_bold"]) for h in
                              (_("Finding"), _("Answer before → now, and the new evidence"),
                               _("Points"))]]
    for c in lines:
        points = signed(c["displayed_points"]) or "–"
        note = [Paragraph(para(points), s["cell_bold"])]
        if c["carried_over"]:
            note.append(Paragraph(para(_("carried over, not yet reviewed")), s["cell"]))
        rows.append([Paragraph(_finding_label(c, summary, alignment), s["cell"]),
                     [Paragraph(line, s["cell"]) for line in
                      _finding_details(c, summary, alignment)], note])
    table = Table(rows, colWidths=[width * w for w in (0.27, 0.61, 0.12)], repeatRows=1)
    table.setStyle(TableStyle(RULED))
    story += [Spacer(1, 6), table]
    return story


def _largest(summary: dict[str, Any], s: dict[str, Any],
             alignment: Alignment | None) -> list[Any]:
    """The few findings that moved the exposure most, for the summary at the top."""
    lines = [c for c in shown_contributions(summary) if c["displayed_points"]][:LARGEST]
    if not lines:
        return []
    story: list[Any] = [Paragraph(para(_("The largest changes:")), s["body"])]
    for c in lines:
        name = _finding_title(c, summary, alignment)
        if c["indicator"] and name != c["indicator"]:
            name = f"{name} ({c['indicator']})"
        story.append(Paragraph(para(_("• {name} — {what} ({points} points)").format(
            name=name, what=contribution_words(c, summary, _=_),
            points=signed(c["displayed_points"]))), s["small"]))
    return story


# ---- the document ----------------------------------------------------------------------------


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    s: dict[str, Any] = dict(styles())
    s["chip"] = ParagraphStyle("chip", parent=s["cell_bold"], fontSize=6.5, leading=8,
                               alignment=1)
    # a section's heading stays with what follows it (the outline knows it by its name, h2)
    s["h2"] = ParagraphStyle("h2", parent=s["h2"], keepWithNext=1)
    s["lead"] = ParagraphStyle("lead", parent=s["body"], fontSize=10.5, leading=14.5)
    s["subtitle"] = ParagraphStyle("subtitle", parent=s["body"], fontSize=10.5, leading=14,
                                   textColor=HexColor(MUTED), spaceAfter=4)
    return s


def render_comparison_brief(summary: dict[str, Any], *, marking: str, app_version: str,
                            generated_at: datetime, alignment: Alignment | None = None,
                            paper: str = "a4") -> bytes:
    """The comparison brief as PDF bytes. ``alignment`` (the comparison's, as
    ``services.compare`` builds it) adds to each finding the answer's meaning and the new
    evidence; without it a finding has the answers' levels only."""
    s = _styles()
    page = page_size(paper)
    width = page[0] - 2 * MARGIN
    height = page[1] - TOP_MARGIN - BOTTOM_MARGIN
    buffer = io.BytesIO()
    assessments = summary["assessments"]
    across = bool(summary.get("across_suppliers"))
    title = brief_title(summary)
    document_title = metadata_text(_document_title(summary))
    marking = metadata_text(marking)
    furniture = PageFurniture(marking=marking, title=document_title,
                              metadata_title=document_title,
                              subject=metadata_text(_("Comparison of AIBRI assessments: {title}")
                                                    .format(title=title)), author="",
                              creator=f"AIBRI Desktop {app_version}")
    doc = BriefDocTemplate(buffer, pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN,
                           topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
                           title=document_title, creator=furniture.creator,
                           subject=furniture.subject, keywords=[marking] if marking else [],
                           producer=furniture.creator)
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(
        MARGIN, BOTTOM_MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0,
        bottomPadding=0)])])
    story: list[Any] = [
        Paragraph(para(_kicker(summary)), s["cover_kicker"]),
        Paragraph(para(title), s["h1"]),  # the outline's first entry
        Paragraph(para(_subtitle(summary, alignment)), s["subtitle"]),
        Paragraph(para(" ".join([_(
            "Prepared {date} with AIBRI Desktop {version}. Exposure runs from 0 to 100, higher "
            "meaning more exposure. Each figure's headline is its verdict: the bands its range "
            "can still reach (\"High\" when settled, \"at least Elevated, at most High\" while "
            "unknowns leave it open).").format(date=generated_at.date().isoformat(),
                                               version=app_version),
            *([] if across else [_("A change is established only when the two ranges do not "
                                   "overlap.")])])), s["muted"]),
        Paragraph(_("Summary"), s["h2"])]
    if across:
        story += [Paragraph(f"<b>{para(supplier_view_words(summary, _=_))}</b>", s["lead"]),
                  Paragraph(para(supplier_view_reason(summary, _=_)), s["small"])]
    else:
        story.append(Paragraph(f"<b>{para(change_headline(summary, _=_))}.</b>", s["lead"]))
        for sentence in (established_words(summary, _=_), range_change_words(summary, _=_)):
            if sentence:
                story.append(Paragraph(para(sentence), s["body"]))
        largest = _largest(summary, s, alignment)
        if largest:
            story += [Spacer(1, 4), *largest]
    for warning in summary["warnings"]:
        story.append(Paragraph(para("⚠ " + warning), s["small"]))
    if summary.get("on_common_indicators") and not across:
        story.append(Paragraph(para(_(
            "The scores compared below, and the chart, are computed on the indicators the "
            "assessments have in common and labelled \"on the common indicators\"; each "
            "assessment's own score and verdict stand beside them.")), s["small"]))

    story.append(Paragraph(_("The assessments"), s["h2"]))
    story += _assessments_table(summary, s, width)

    legend = [[Paragraph(f'<font color="{series_colour(i)}">■</font> '
                         f"{para(assessment_label(summary, a, with_supplier=True, _=_))}: "
                         f"{para(assessment_words(a, across=across, _=_))}", s["small"])]
              for i, a in enumerate(assessments)]
    dims = [d for d in compared_dimensions(assessments[0]) if d["kind"] == "exposure"]
    axes = [d["name"] for d in dims]
    series: list[tuple[str, list[float | None], list[float | None], list[float | None]]] = []
    for a in assessments:
        values = {d["id"]: d["score"] for d in compared_dimensions(a)}
        series.append((assessment_label(summary, a, _=_), [values.get(d["id"]) for d in dims],
                       [], []))
    chart = radar(axes, series, width=width * 0.55, height=220)
    grid = Table([[chart, Table(legend, colWidths=[width * 0.42])]],
                 colWidths=[width * 0.56, width * 0.44])
    grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(KeepTogether([
        Paragraph(_("The dimensions compared"), s["h2"]), grid,
        Paragraph(para(_("Each dimension's score of the answered indicators (ranges at their "
                         "middle), one outline per assessment.")), s["muted"])]))

    story.append(Paragraph(_("Scores side by side") if across else _("Scores and changes"),
                           s["h2"]))
    table_rows = comparison_rows(summary, indicators=across, _=_)
    head = [_("Item")] + [assessment_label(summary, a, _=_) for a in assessments] + \
        ([] if across else [_("Change")])
    rows = [[Paragraph(para(h), s["cell_bold"]) for h in head]]
    overall_rows = headline_rows(summary)  # the overall exposure's rows: label and change bold
    for n, row in enumerate(table_rows[1:]):
        styled = [s["cell"]] * len(row)
        if n < overall_rows:  # the label, and the change (none between supplier states)
            styled[0] = s["cell_bold"]
            if not across:
                styled[-1] = s["cell_bold"]
        rows.append([Paragraph(para(cell), style) for cell, style in zip(row, styled,
                                                                        strict=True)])
    columns = len(head)
    first = 0.3 if columns <= 6 else 0.22
    table = Table(rows, colWidths=[width * first] + [width * (1 - first) / (columns - 1)] *
                  (columns - 1), repeatRows=1)
    table.setStyle(TableStyle(RULED))
    story.append(table)
    if not across:
        story += _what_changed(summary, s, width, alignment)
    left_out = {k: v for k, v in summary["left_out"].items() if v}
    if left_out:
        story.append(Paragraph(_("Left out of the comparison"), s["h2"]))
        if summary.get("not_symmetric"):
            story.append(Paragraph(para(_(
                "Not supplier-symmetric, so left out of every view across supplier states: "
                "{ids}.").format(ids=", ".join(summary["not_symmetric"]))), s["small"]))
        if summary.get("changed_between_versions"):
            story.append(Paragraph(para(_(
                "Changed by the newer framework version, so not comparable across the "
                "versions: {ids}.").format(ids=", ".join(summary["changed_between_versions"]))),
                s["small"]))
        for assessment_id, ids in left_out.items():
            label = next(assessment_label(summary, a, _=_) for a in assessments
                         if a["id"] == assessment_id)
            story.append(Paragraph(para(f"{label}: {', '.join(ids)}"), s["small"]))
    doc.build(story, canvasmaker=numbered_canvas(furniture))
    return buffer.getvalue()

