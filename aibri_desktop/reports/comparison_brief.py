"""The comparison brief: overlaid radar, the score table with deltas, and what changed.

Its figures and sentences are the compare page's (``domain/compare_summary.py``): each
assessment's verdict and "provisional", the displayed change and whether it is established,
whether the range narrowed, and the figures on the common indicators labelled so beside each
assessment's own. Between supplier states it is the supplier profile: the assessments side by
side on the supplier-symmetric items, each indicator by its short title, and no change."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.compare_summary import (
    assessment_label,
    assessment_words,
    change_headline,
    compared_dimensions,
    comparison_rows,
    contribution_name,
    contribution_words,
    established_words,
    headline_rows,
    range_change_words,
    shown_contributions,
    signed,
    supplier_view_reason,
    supplier_view_words,
)
from ..i18n import _
from ..palette import series_colour
from .drawings import hbars, radar
from .fonts import SANS
from .layout import BOTTOM_MARGIN, MARGIN, PAGE, TOP_MARGIN, PageFurniture, numbered_canvas, styles
from .text import metadata_text, para

CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
RULED = [CELL_FONT, ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
         ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
         ("VALIGN", (0, 0), (-1, -1), "TOP")]


def render_comparison_brief(summary: dict[str, Any], *, marking: str, app_version: str,
                            generated_at: datetime) -> bytes:
    s = styles()
    width = PAGE[0] - 2 * MARGIN
    height = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN
    buffer = io.BytesIO()
    assessments = summary["assessments"]
    across = bool(summary.get("across_suppliers"))
    title = _("Supplier profile brief: {n} assessments").format(n=len(assessments)) \
        if summary.get("supplier_profile") else \
        _("Comparison brief: {n} assessments").format(n=len(assessments))
    marking = metadata_text(marking)
    furniture = PageFurniture(marking=marking, title=title, metadata_title=title,
                              subject=_("Comparison of AIBRI assessments"), author="",
                              creator=f"AIBRI Desktop {app_version}")
    doc = BaseDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                          topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=title,
                          creator=furniture.creator, subject=furniture.subject,
                          keywords=[marking] if marking else [], producer=furniture.creator)
    doc.addPageTemplates([PageTemplate(id="page", frames=[Frame(
        MARGIN, BOTTOM_MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0,
        bottomPadding=0)])])
    story: list[Any] = [Paragraph(title, s["h1"]), Paragraph(para(_(
        "Prepared {date} with AIBRI Desktop {version}. Exposure 0–100, higher = more "
        "exposure.").format(date=generated_at.date().isoformat(), version=app_version)),
        s["muted"])]
    if heading := supplier_view_words(summary, _=_):
        story += [Paragraph(para(heading), s["h2"]),
                  Paragraph(para(supplier_view_reason(summary, _=_)), s["small"])]
    for warning in summary["warnings"]:
        story.append(Paragraph(para("⚠ " + warning), s["small"]))
    if summary.get("on_common_indicators") and not across:
        story.append(Paragraph(para(_(
            "The scores compared below, and the chart, are computed on the indicators the "
            "assessments have in common and labelled \"on the common indicators\"; each "
            "assessment's own score and verdict stand beside them.")), s["small"]))
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
    story += [Spacer(1, 6), grid]

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
        story += _what_changed(summary, s, width)
    left_out = {k: v for k, v in summary["left_out"].items() if v}
    if left_out:
        story.append(Paragraph(_("Left out of the comparison"), s["h3"]))
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


def _what_changed(summary: dict[str, Any], s: dict[str, Any], width: float) -> list[Any]:
    """What changed from the first to the last: never between supplier states."""
    story: list[Any] = [Paragraph(_("What changed"), s["h2"])]
    story.append(Paragraph(para(change_headline(summary, _=_) + "."), s["body"]))
    for sentence in (established_words(summary, _=_), range_change_words(summary, _=_)):
        if sentence:
            story.append(Paragraph(para(sentence), s["small"]))
    lines = shown_contributions(summary)
    if lines:
        story.append(Paragraph(para(_(
            "Each line is one indicator's contribution to the change, largest first, rounded "
            "so that the lines add up to the change shown. A dimension scored in only one of "
            "the two, and the re-weighting of the other dimensions it causes, are lines of "
            "their own.")), s["small"]))
        drawn = [c for c in lines[:12] if c["displayed_points"]]
        if drawn:
            story.append(hbars(
                [(contribution_name(c, summary) or _("weights re-balanced"),
                  abs(c["displayed_points"]),
                  "#d73027" if c["displayed_points"] > 0 else "#4575b4", None, None,
                  signed(c["displayed_points"])) for c in drawn],
                width=width, x_max=max(abs(c["displayed_points"]) for c in drawn) * 1.1,
                ticks=(), label_width=70, band_lines=False, label_chars=50))
        rows = [[Paragraph(h, s["cell_bold"]) for h in
                 (_("Line"), _("What changed"), _("Points"), _("Note"))]]
        for c in lines:
            note = _("carried over, not yet reviewed") if c["carried_over"] else ""
            rows.append([Paragraph(para(contribution_name(c, summary) or "–"), s["cell_bold"]),
                         Paragraph(para(contribution_words(c, summary, _=_)), s["cell"]),
                         Paragraph(signed(c["displayed_points"]) or "–", s["cell"]),
                         Paragraph(note, s["cell"])])
        table = Table(rows, colWidths=[width * w for w in (0.30, 0.38, 0.10, 0.22)],
                      repeatRows=1)
        table.setStyle(TableStyle(RULED))
        story += [Spacer(1, 4), table]
    else:
        story.append(Paragraph(_("No answer changed."), s["small"]))
    return story
