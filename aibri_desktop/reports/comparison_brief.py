"""The comparison brief: overlaid radar, the score table with deltas, and what changed."""

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

from ..i18n import _
from ..palette import series_colour
from .drawings import hbars, radar
from .fonts import SANS
from .layout import BOTTOM_MARGIN, MARGIN, PAGE, TOP_MARGIN, PageFurniture, numbered_canvas, styles
from .text import metadata_text, para, shorten

CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
RULED = [CELL_FONT, ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#5f6368")),
         ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#dadce0")),
         ("VALIGN", (0, 0), (-1, -1), "TOP")]
KIND_WORDS = {"changed": "answer changed", "new": "newly answered", "dropped": "no longer answered",
              "dimension": "dimension scored in only one", "reweighting": "dimension weights"}


def _n(value: object) -> str:
    return "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def _signed(value: float | None, places: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{abs(value):.{places}f}"
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else f"{0:.{places}f}")


def render_comparison_brief(summary: dict[str, Any], *, marking: str, app_version: str,
                            generated_at: datetime) -> bytes:
    s = styles()
    width = PAGE[0] - 2 * MARGIN
    height = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN
    buffer = io.BytesIO()
    assessments = summary["assessments"]
    title = _("Comparison brief: {n} assessments").format(n=len(assessments))
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
    for warning in summary["warnings"]:
        story.append(Paragraph(para("⚠ " + warning), s["small"]))
    legend = [[Paragraph(f'<font color="{series_colour(i)}">■</font> '
                         f"{para(a['label'])}", s["small"])] for i, a in enumerate(assessments)]
    dims = [d for d in assessments[0]["dimensions"] if d["kind"] == "exposure"]
    axes = [d["name"] for d in dims]
    series: list[tuple[str, list[float | None], list[float | None], list[float | None]]] = []
    for a in assessments:
        values = {d["id"]: d for d in a["dimensions"]}
        series.append((a["label"], [values[d["id"]]["score"] for d in dims], [], []))
    chart = radar(axes, series, width=width * 0.55, height=220)
    grid = Table([[chart, Table(legend, colWidths=[width * 0.42])]],
                 colWidths=[width * 0.56, width * 0.44])
    grid.setStyle(TableStyle([CELL_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [Spacer(1, 6), grid]

    story.append(Paragraph(_("Scores and changes"), s["h2"]))
    head = [_("Item")] + [shorten(a["label"], 24) for a in assessments] + [_("Change")]
    rows = [[Paragraph(para(h), s["cell_bold"]) for h in head]]
    rows.append([Paragraph(_("Overall exposure"), s["cell_bold"])] + [
        Paragraph(f"{_n(a['overall']['score'])} {a['overall']['band'] or ''}", s["cell"])
        for a in assessments] + [Paragraph(_signed(summary["deltas"]["overall"]), s["cell_bold"])])
    for index, d in enumerate(assessments[0]["dimensions"]):
        rows.append([Paragraph(para(f"{d['id']} — {d['name']}"), s["cell"])] + [
            Paragraph(_n(a["dimensions"][index]["score"]), s["cell"]) for a in assessments] + [
            Paragraph(_signed(summary["deltas"]["dimensions"].get(d["id"])), s["cell"])])
    columns = len(head)
    first = 0.3 if columns <= 6 else 0.22
    table = Table(rows, colWidths=[width * first] + [width * (1 - first) / (columns - 1)] *
                  (columns - 1), repeatRows=1)
    table.setStyle(TableStyle(RULED))
    story.append(table)

    changed = summary["what_changed"]
    story.append(Paragraph(_("What changed"), s["h2"]))
    story.append(Paragraph(para(_(
        "From {a} to {b}: overall change {change} points. Each line is one indicator's "
        "contribution, largest first; they add up to the change.").format(
        a=assessments[0]["label"], b=assessments[-1]["label"],
        change=_signed(changed["overall_change"], 3))), s["small"]))
    lines = [c for c in changed["contributions"] if c["points"]]
    if lines:
        story.append(hbars([(c["indicator"] or c["dimension"] or _("weights"),
                             abs(c["points"]), "#d73027" if c["points"] > 0 else "#4575b4",
                             None, None, _signed(c["points"], 2)) for c in lines[:12]],
                           width=width, x_max=max(abs(c["points"]) for c in lines[:12]) * 1.1,
                           ticks=(), label_width=70, band_lines=False))
        rows = [[Paragraph(h, s["cell_bold"]) for h in
                 (_("Indicator"), _("What"), _("Levels"), _("Points"), _("Note"))]]
        for c in lines:
            levels = f"{_n(c['level_from'])} → {_n(c['level_to'])}"
            note = _("carried over, not yet reviewed") if c["carried_over"] else ""
            rows.append([Paragraph(c["indicator"] or c["dimension"] or "–", s["cell_bold"]),
                         Paragraph(_(KIND_WORDS[c["kind"]]), s["cell"]),
                         Paragraph(levels, s["cell"]),
                         Paragraph(_signed(c["points"], 2), s["cell"]),
                         Paragraph(note, s["cell"])])
        table = Table(rows, colWidths=[width * w for w in (0.14, 0.3, 0.16, 0.14, 0.26)],
                      repeatRows=1)
        table.setStyle(TableStyle(RULED))
        story += [Spacer(1, 4), table]
    else:
        story.append(Paragraph(_("No answer changed."), s["small"]))
    left_out = {k: v for k, v in summary["left_out"].items() if v}
    if left_out:
        story.append(Paragraph(_("Left out of the comparison"), s["h3"]))
        for assessment_id, ids in left_out.items():
            label = next(a["label"] for a in assessments if a["id"] == assessment_id)
            story.append(Paragraph(para(f"{label}: {', '.join(ids)}"), s["small"]))
    doc.build(story, canvasmaker=numbered_canvas(furniture))
    return buffer.getvalue()
