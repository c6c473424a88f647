"""A comparison as plain data: what ``aibri compare --json``, the CSV, the compare page and the
comparison brief all show (rounded once, here), and the words all of them say it with.

The words take the caller's translate function as ``_`` (see :mod:`.translate`): the command
line and the brief pass gettext's, the window Qt's. Every sentence is a literal ``_()`` so that
xgettext and pyside6-lupdate find it.

The rules (docs/scoring.md, section 8): the change printed beside two displayed scores is the
difference of the displayed values, and its contributions are rounded to add up to it; a change
is "not established" when the two rounded ranges overlap; scores computed on the common
indicators are labelled so and shown beside each assessment's own score and verdict; every
overall figure is shown with its verdict (no bare band beside an open one) and "provisional"
where it applies. Assessments of different supplier states are laid side by side on the
supplier-symmetric items, with no change between them (for one country: the supplier profile
view); a finding names its indicator by its short title where the framework gives one.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from .answers import AnswerState
from .bands import round_to
from .compare import (
    Alignment,
    Contribution,
    WhatChanged,
    displayed_change,
    displayed_points,
    established,
    range_narrowed,
    suppliers_of,
    time_series,
    what_changed,
)
from .describe import describe_state
from .framework import Framework
from .scoring import AssessmentScore
from .summary import assessment_summary, score_value
from .suppliers import exposure_to
from .translate import Translate, untranslated
from .verdict import words_of

# the overall figures computed on the common indicators (``assessments[i].common_basis``)
COMMON_BASIS_KEYS = ("score", "band", "low", "high", "coverage", "provisional", "verdict")


def _num(value: Fraction | None, places: int = 1) -> float | None:
    if value is None:
        return None
    rounded = score_value(value) if places == 1 else round_to(value, places)
    return float(rounded) if isinstance(rounded, Decimal) else None


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _no_bare_band(figures: dict[str, Any]) -> dict[str, Any]:
    """``band`` only beside a settled verdict: null when the verdict is open (or absent)."""
    verdict = figures.get("verdict")
    if verdict is None or not verdict.get("settled"):
        return {**figures, "band": None}
    return figures


def _level_json(level: int | None, levels: tuple[int, int] | None) -> int | list[int] | None:
    return list(levels) if levels is not None else level


def indicator_titles(alignment: Alignment) -> dict[str, str]:
    """Each compared indicator's short title, from the newest framework that gives one (the
    last assessment's first); an indicator without one (format 1) is named by its id."""
    titles: dict[str, str] = {}
    for item in reversed(alignment.items):
        for indicator_id in alignment.common:
            if indicator_id in titles or not item.framework.has_indicator(indicator_id):
                continue
            short = item.framework.indicator(indicator_id).short_title
            if short is not None:
                titles[indicator_id] = short.get()
    return titles


def indicator_levels(alignment: Alignment) -> list[dict[str, Any]]:
    """Each compared indicator's answer in every assessment: a level, ``[a, b]`` for a range,
    "unknown", "not_applicable", or None (unanswered); ``delta_points`` is the change of its
    points from the first to the last (of the middles, for a range) when both count, and
    always None between supplier states (they are laid side by side, not subtracted);
    ``title`` its short title ("" in a format-1 framework)."""
    titles = indicator_titles(alignment)
    rows = []
    for indicator_id in alignment.common:
        levels: list[int | list[int] | str | None] = []
        points: list[Fraction | None] = []
        for item in alignment.items:
            answer = item.answers.get(indicator_id)
            if answer is None or answer.state is AnswerState.UNANSWERED:
                levels.append(None)
                points.append(None)
            elif answer.state is AnswerState.ANSWERED and answer.level is not None:
                levels.append(answer.level)
                points.append(Fraction(25 * answer.level))
            elif (answer.state is AnswerState.RANGE and answer.level_low is not None
                  and answer.level_high is not None):
                levels.append([answer.level_low, answer.level_high])
                points.append(Fraction(25 * (answer.level_low + answer.level_high), 2))
            else:
                levels.append(answer.state.value)
                points.append(None)
        first, last = points[0], points[-1]
        delta: int | float | None = None
        if first is not None and last is not None and not alignment.across_suppliers:
            exact = last - first
            delta = int(exact) if exact.denominator == 1 else float(exact)
        rows.append({"indicator": indicator_id, "title": titles.get(indicator_id, ""),
                     "dimension": alignment.framework.indicator(indicator_id).dimension_id,
                     "levels": levels, "delta_points": delta})
    return rows


def _common_basis(framework: Framework, score: AssessmentScore) -> dict[str, Any]:
    summary = assessment_summary(framework, score)
    overall = _no_bare_band(summary["overall"])
    return {**{key: overall[key] for key in COMMON_BASIS_KEYS},
            "dimensions": [_no_bare_band(d) for d in summary["dimensions"]]}


def _contribution(c: Contribution, shown: Decimal | None, titles: dict[str, str]
                  ) -> dict[str, Any]:
    return {"dimension": c.dimension_id, "indicator": c.indicator_id,
            "title": titles.get(c.indicator_id or "", ""), "kind": c.kind,
            "points": _num(c.points, 3), "displayed_points": _decimal(shown),
            "dimension_points": _num(c.dimension_points, 3),
            "level_from": _level_json(c.level_a, c.range_a),
            "level_to": _level_json(c.level_b, c.range_b),
            "state_from": c.state_a.value if c.state_a is not None else None,
            "state_to": c.state_b.value if c.state_b is not None else None,
            "scored_in": {"a": "from", "b": "to"}.get(c.scored_in or ""),
            "carried_over": c.carried_over}


def _range(low: Fraction | None, high: Fraction | None) -> list[float | None] | None:
    return None if low is None or high is None else [_num(low), _num(high)]


def comparison_summary(alignment: Alignment, changed: WhatChanged | None = None
                       ) -> dict[str, Any]:
    """The comparison as data. Between supplier states (``across_suppliers``) it has no
    change: ``deltas`` holds only the indicators' levels, ``what_changed`` is None and there is
    no time series; for one country it is the *supplier profile* view (``supplier_profile``)."""
    across = alignment.across_suppliers
    changed = None if across else changed or what_changed(alignment)
    per = []
    for index, (item, score) in enumerate(zip(alignment.items, alignment.scores, strict=True)):
        own = assessment_summary(item.framework, alignment.own_score(index))
        per.append({"id": item.id, "label": item.label, "country_code": item.country_code,
                    "as_of": item.as_of.isoformat(),
                    "supplier": {"id": item.supplier_id, "name": item.supplier_name or None},
                    "exposure": exposure_words({"supplier": {"name": item.supplier_name}}),
                    "framework": {"id": item.framework.id, "version": item.framework.version,
                                  "hash": item.framework.content_hash},
                    "modules": sorted(item.modules),
                    "overall": _no_bare_band(own["overall"]),
                    "dimensions": [_no_bare_band(d) for d in own["dimensions"]],
                    "common_basis": (_common_basis(alignment.framework, score)
                                     if alignment.rescored(index) else None)})
    countries = {item.country_code for item in alignment.items}
    common: dict[str, Any] = {
        "assessments": per,
        "on_common_indicators": alignment.on_common_basis,
        "across_suppliers": across,
        "supplier_profile": across and len(countries) == 1,
        "suppliers": suppliers_of(alignment.items),
        "warnings": list(alignment.warnings),
        "common_indicators": len(alignment.common),
        "not_symmetric": list(alignment.not_symmetric),
        "changed_between_versions": list(alignment.changed_between_versions),
        "left_out": {k: list(v) for k, v in alignment.left_out.items()},
    }
    if changed is None:  # side by side: no change, no "what changed", no time series
        return {**common, "deltas": {"overall": None, "dimensions": {},
                                     "established": {"overall": None, "dimensions": {}},
                                     "indicators": indicator_levels(alignment)},
                "what_changed": None, "time_series": {}}
    first, last = alignment.scores[0], alignment.scores[-1]
    dims_last = {d.dimension_id: d for d in last.dimensions}
    dimension_deltas: dict[str, float | None] = {}
    dimension_established: dict[str, bool | None] = {}
    for before in first.dimensions:
        after = dims_last.get(before.dimension_id)
        change = displayed_change(before.score, after.score if after is not None else None)
        dimension_deltas[before.dimension_id] = _decimal(change)
        dimension_established[before.dimension_id] = (
            None if change is None or after is None
            else established(before.low, before.high, after.low, after.high))
    a, b = first.overall, last.overall
    overall_delta = displayed_change(a.score, b.score)
    overall_established = (None if overall_delta is None
                           else established(a.low, a.high, b.low, b.high))
    shown = displayed_points(changed)
    titles = indicator_titles(alignment)
    return {
        **common,
        "deltas": {"overall": _decimal(overall_delta), "dimensions": dimension_deltas,
                   "established": {"overall": overall_established,
                                   "dimensions": dimension_established},
                   "indicators": indicator_levels(alignment)},
        "what_changed": {
            "from": alignment.items[0].id, "to": alignment.items[-1].id,
            "on_common_indicators": alignment.on_common_basis,
            "score_from": _num(changed.overall_a), "score_to": _num(changed.overall_b),
            "range_from": _range(a.low, a.high), "range_to": _range(b.low, b.high),
            "overall_change": _num(changed.overall_change, 3),
            "displayed_change": _decimal(overall_delta),
            "established": overall_established,
            "range_narrowed": range_narrowed(a.low, a.high, b.low, b.high),
            "contributions": [_contribution(c, points, titles)
                              for c, points in zip(changed.contributions, shown, strict=True)],
        },
        "time_series": {country: [{"id": p.assessment_id, "as_of": p.as_of.isoformat(),
                                   "overall": _num(p.overall), "low": _num(p.low),
                                   "high": _num(p.high)} for p in points]
                        for country, points in time_series(alignment).items()},
    }


# ---- what the figures are called -------------------------------------------------------------


def compared_overall(assessment: dict[str, Any]) -> dict[str, Any]:
    """The overall figures a comparison compares: on the common indicators when the
    assessment was rescored on them, else its own."""
    basis: dict[str, Any] | None = assessment.get("common_basis")
    if basis is not None:
        return basis
    overall: dict[str, Any] = assessment["overall"]
    return overall


def compared_dimensions(assessment: dict[str, Any]) -> list[dict[str, Any]]:
    basis = assessment.get("common_basis")
    dimensions: list[dict[str, Any]] = (basis or assessment)["dimensions"]
    return dimensions


def exposure_words(assessment: dict[str, Any], *, _: Translate = untranslated) -> str:
    """"exposure to the United States": what an assessment measures (one on a format-1
    framework: the People's Republic of China, which its texts name themselves)."""
    name = (assessment.get("supplier") or {}).get("name")
    if not name:
        return exposure_to(None, _=_)
    return _("exposure to {supplier}").format(supplier=name)


def assessment_label(summary: dict[str, Any], assessment: dict[str, Any], *,
                     with_supplier: bool | None = None, _: Translate = untranslated) -> str:
    """"Kenya, 2026-01-01", and its supplier ("…, exposure to the United States") when the
    comparison is between supplier states or ``with_supplier`` asks for it."""
    label: str = assessment["label"]
    if with_supplier is None:
        with_supplier = bool(summary.get("across_suppliers"))
    if not with_supplier:
        return label
    return _("{label}, {exposure}").format(label=label, exposure=exposure_words(assessment, _=_))


def indicator_name(indicator_id: str, title: str) -> str:
    """A finding's name: "DS-04 Supplier-hosted government workloads", or the id alone where
    the framework gives no short title (format 1)."""
    return f"{indicator_id} {title}" if title else indicator_id


def supplier_view_words(summary: dict[str, Any], *, _: Translate = untranslated) -> str:
    """The heading of a comparison between supplier states: the supplier profile view (one
    country) or, for several countries, what it is compared on; "" for one supplier state."""
    if not summary.get("across_suppliers"):
        return ""
    exposures = "; ".join(dict.fromkeys(exposure_words(a, _=_)
                                        for a in summary["assessments"]))
    n = summary["common_indicators"]
    if summary.get("supplier_profile"):
        return _("Supplier profile, side by side on the {n} supplier-symmetric items: "
                 "{exposures}").format(exposures=exposures, n=n)
    return _("Supplier states side by side, on the {n} supplier-symmetric items: "
             "{exposures}").format(exposures=exposures, n=n)


def supplier_view_reason(summary: dict[str, Any], *, _: Translate = untranslated) -> str:
    """Why the comparison has no change between supplier states, or why the supplier profile
    view is not offered for these assessments."""
    if summary.get("supplier_profile"):
        return _("No change is computed between supplier states, and items that exist for "
                 "one supplier only are left out, so that none can make another supplier look "
                 "safer.")
    if summary.get("across_suppliers"):
        return _("The supplier profile view is for the assessments of one country against "
                 "different supplier states; these are assessments of several countries. "
                 "They are compared on the supplier-symmetric items only, with no change "
                 "between supplier states.")
    return _("Supplier profile view not offered: it lays the assessments of one country "
             "against two or more supplier states side by side, and these all measure "
             "{exposure}."
             ).format(exposure=exposure_words(summary["assessments"][0], _=_))


def signed(value: float | None, places: int = 1) -> str:
    """"+3.6", "−3.6", "0.0" (a true minus sign); "" for none."""
    if value is None:
        return ""
    text = f"{abs(value):.{places}f}"
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else f"{0:.{places}f}")


def score_words(value: float | None, *, _: Translate = untranslated) -> str:
    return _("no score") if value is None else f"{value:.1f}"


def range_words(low: float | None, high: float | None, *, _: Translate = untranslated) -> str:
    if low is None or high is None:
        return _("no range")
    return f"{low:.1f}–{high:.1f}"


def verdict_words(figures: dict[str, Any], *, _: Translate = untranslated) -> str:
    """"High", "at least Elevated, at most High", each followed by ", provisional" when the
    coverage is below 0.70; "no score" when nothing applies."""
    text = words_of(figures, _=_)
    if text is None:
        return _("no score")
    if figures.get("provisional"):
        return _("{verdict}, provisional").format(verdict=text)
    return text


def figures_words(figures: dict[str, Any], *, _: Translate = untranslated) -> str:
    """The verdict first, the point score labelled: "at least Elevated, at most High (score of
    the answered indicators 73.1)"."""
    if figures.get("score") is None:
        return _("{verdict} (no score)").format(verdict=verdict_words(figures, _=_))
    return _("{verdict} (score of the answered indicators {score})").format(
        verdict=verdict_words(figures, _=_), score=score_words(figures["score"], _=_))


def assessment_words(assessment: dict[str, Any], *, across: bool = False,
                     _: Translate = untranslated) -> str:
    """An assessment's own verdict and score, and beside it (labelled) its figures on the
    common indicators when it was compared on them; between supplier states (``across``)
    only its figures on the supplier-symmetric items (its own count items of one supplier)."""
    if across:
        return _("on the supplier-symmetric items: {figures}").format(
            figures=figures_words(compared_overall(assessment), _=_))
    own = figures_words(assessment["overall"], _=_)
    basis = assessment.get("common_basis")
    if basis is None:
        return own
    return _("own, as stored: {own}; on the common indicators: {common}").format(
        own=own, common=figures_words(basis, _=_))


def change_words(change: float | None, is_established: bool | None, *,
                 _: Translate = untranslated) -> str:
    """"+3.6 (not established)", "+10.2 (established)"; "" when there is no change to state
    (one of the two has no score)."""
    if change is None:
        return ""
    if is_established is False:
        return _("{change} (not established)").format(change=signed(change))
    if is_established:
        return _("{change} (established)").format(change=signed(change))
    return signed(change)


def _answer_words(level: Any, *, _: Translate) -> str:
    """An answer in a table cell: "2", "2–3", "unknown", "unanswered", "not applicable"."""
    if level is None:
        return _("unanswered")
    if isinstance(level, list):
        return f"{level[0]}–{level[1]}"
    if level == AnswerState.UNKNOWN.value:
        return _("unknown")
    if level == AnswerState.NOT_APPLICABLE.value:
        return _("not applicable")
    return str(level)


def _scored(level: Any) -> bool:
    return isinstance(level, int | list)


def _points_words(value: float | int) -> str:
    text = f"{abs(value):g}"
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


def indicator_change_words(row: dict[str, Any], *, _: Translate = untranslated) -> str:
    """An indicator's change from the first to the last assessment: its points when both
    count; "newly answered (was unknown)"; "now unknown (was answered)"; "unknown" when it is
    unknown in both. An unknown is never called "not answered"."""
    first, last = row["levels"][0], row["levels"][-1]
    if _scored(first) and _scored(last):
        return _points_words(row["delta_points"])
    if _scored(last):
        if first == AnswerState.UNKNOWN.value:
            return _("newly answered (was unknown)")
        if first == AnswerState.NOT_APPLICABLE.value:
            return _("newly answered (was not applicable)")
        return _("newly answered (was unanswered)")
    if _scored(first):
        if last == AnswerState.UNKNOWN.value:
            return _("now unknown (was answered)")
        if last == AnswerState.NOT_APPLICABLE.value:
            return _("now not applicable (was answered)")
        return _("now unanswered (was answered)")
    if first == last:
        return _answer_words(first, _=_)
    return _("{before} → {after}").format(before=_answer_words(first, _=_),
                                         after=_answer_words(last, _=_))


def headline_rows(summary: dict[str, Any]) -> int:
    """How many rows of the table are about the overall exposure (they come first)."""
    if summary.get("across_suppliers"):
        return 3
    return 5 if summary.get("on_common_indicators") else 3


def comparison_rows(summary: dict[str, Any], *, indicators: bool = True,
                    _: Translate = untranslated) -> list[list[str]]:
    """The comparison table (page, CSV, brief): a header, the overall exposure (verdict,
    score of the answered indicators, range; on a common basis each assessment's own verdict
    and score first, then the compared ones labelled "on the common indicators"), one row per
    dimension and, with ``indicators``, one per indicator (named by its short title), and the
    change column. Between supplier states: the figures on the supplier-symmetric items only,
    labelled so, each column naming its supplier, and no change column."""
    assessments = summary["assessments"]
    deltas = summary["deltas"]
    common = bool(summary.get("on_common_indicators"))
    across = bool(summary.get("across_suppliers"))

    def change(cell: str) -> list[str]:  # no change column between supplier states
        return [] if across else [cell]

    header = [_("item"), *[assessment_label(summary, a, _=_) for a in assessments],
              *change(_("change (last − first)"))]
    rows = [header]
    if common and not across:  # between suppliers its own figures count one-supplier items
        rows.append([_("Overall exposure, own (as stored): verdict"),
                     *[verdict_words(a["overall"], _=_) for a in assessments], *change("")])
        rows.append([_("Overall exposure, own (as stored): score of the answered indicators"),
                     *[score_words(a["overall"]["score"], _=_) for a in assessments],
                     *change("")])
    if across:
        labels = (_("Overall exposure on the supplier-symmetric items: verdict"),
                  _("Overall exposure on the supplier-symmetric items: score of the answered "
                    "indicators (ranges at their middle)"),
                  _("Overall exposure on the supplier-symmetric items: range (low–high)"))
    elif common:
        labels = (_("Overall exposure on the common indicators: verdict"),
                  _("Overall exposure on the common indicators: score of the answered "
                    "indicators (ranges at their middle)"),
                  _("Overall exposure on the common indicators: range (low–high)"))
    else:
        labels = (_("Overall exposure: verdict"),
                  _("Overall exposure: score of the answered indicators (ranges at their "
                    "middle)"),
                  _("Overall exposure: range (low–high)"))
    compared = [compared_overall(a) for a in assessments]
    narrowed = (summary["what_changed"] or {}).get("range_narrowed")
    width = ("" if narrowed is None or deltas["overall"] is None
             else _("narrowed") if narrowed else "")
    rows.append([labels[0], *[verdict_words(o, _=_) for o in compared], *change("")])
    rows.append([labels[1], *[score_words(o["score"], _=_) for o in compared],
                 *change(change_words(deltas["overall"], deltas["established"]["overall"],
                                      _=_))])
    rows.append([labels[2], *[range_words(o["low"], o["high"], _=_) for o in compared],
                 *change(width)])
    dimensions = [{d["id"]: d for d in compared_dimensions(a)} for a in assessments]
    for dim in compared_dimensions(assessments[0]):
        name = f"{dim['id']} {dim['name']}"
        if across:
            name = _("{dimension} on the supplier-symmetric items").format(dimension=name)
        elif common:
            name = _("{dimension} on the common indicators").format(dimension=name)
        cells = []
        for figures in dimensions:
            d = figures.get(dim["id"])
            cells.append("" if d is None else _("not applicable") if d["coverage"] is None
                         else score_words(d["score"], _=_))
        rows.append([name, *cells,
                     *change(change_words(deltas["dimensions"].get(dim["id"]),
                                          deltas["established"]["dimensions"].get(dim["id"]),
                                          _=_))])
    if indicators:
        for item in deltas["indicators"]:
            rows.append([indicator_name(item["indicator"], item.get("title", "")),
                         *[_answer_words(v, _=_) for v in item["levels"]],
                         *([] if across else [indicator_change_words(item, _=_)])])
    return rows


# ---- what changed, in words ------------------------------------------------------------------


def _one_answer(level: Any, *, _: Translate) -> str:
    """"level 2", "levels 2–3" (a range): the words of domain/describe.py."""
    if isinstance(level, list):
        return describe_state(AnswerState.RANGE, (level[0], level[1]), _=_)
    return describe_state(AnswerState.ANSWERED, level, _=_)


def _label(summary: dict[str, Any], side: str) -> str:
    label: str = summary["assessments"][0 if side == "from" else -1]["label"]
    return label


def contribution_name(c: dict[str, Any], summary: dict[str, Any]) -> str:
    """What a line is about: the indicator, the dimension ("IE Infrastructure"), or nothing
    (the re-weighting of the dimensions)."""
    if c["indicator"]:
        return indicator_name(str(c["indicator"]), c.get("title") or "")
    if c["kind"] == "dimension":
        names = {d["id"]: d["name"] for a in summary["assessments"] for d in a["dimensions"]}
        return f"{c['dimension']} {names.get(c['dimension'], '')}".strip()
    return ""


def contribution_words(c: dict[str, Any], summary: dict[str, Any], *,
                       _: Translate = untranslated) -> str:
    """What happened: "answer changed: level 2 → level 3", "newly answered (was unknown):
    level 2", "now unknown (was level 0)", "dimension scored only in Kenya, 2025-01-01",
    "weights of the other dimensions re-balanced"."""
    kind = c["kind"]
    if kind == "reweighting":
        return _("weights of the other dimensions re-balanced")
    if kind == "dimension":
        return _("dimension scored only in {label}").format(
            label=_label(summary, c["scored_in"] or "to"))
    before, after = c["state_from"], c["state_to"]
    if kind == "changed":
        return _("answer changed: {before} → {after}").format(
            before=_one_answer(c["level_from"], _=_), after=_one_answer(c["level_to"], _=_))
    if kind == "new":
        now = _one_answer(c["level_to"], _=_)
        if before == AnswerState.UNKNOWN.value:
            return _("newly answered (was unknown): {now}").format(now=now)
        if before == AnswerState.NOT_APPLICABLE.value:
            return _("newly answered (was not applicable): {now}").format(now=now)
        return _("newly answered (was unanswered): {now}").format(now=now)
    was = _one_answer(c["level_from"], _=_)
    if after == AnswerState.UNKNOWN.value:
        return _("now unknown (was {before})").format(before=was)
    if after == AnswerState.NOT_APPLICABLE.value:
        return _("now not applicable (was {before})").format(before=was)
    return _("now unanswered (was {before})").format(before=was)


def shown_contributions(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines worth a reader's eye: every one that moves the change (exactly or as
    displayed), and a dimension scored in only one when there is no change to be part of."""
    if summary["what_changed"] is None:  # between supplier states: no change
        return []
    return [c for c in summary["what_changed"]["contributions"]
            if c["points"] or c["displayed_points"] or c["points"] is None]


def contribution_line(c: dict[str, Any], summary: dict[str, Any], *,
                      _: Translate = untranslated) -> str:
    """One line as the page and the command line print it: "+6.3  GA-01  now unknown (was
    level 0)"."""
    parts = [signed(c["displayed_points"]), contribution_name(c, summary),
             contribution_words(c, summary, _=_)]
    text = "  ".join(part for part in parts if part)
    if c["carried_over"]:
        text = _("{line} (carried over, not yet reviewed)").format(line=text)
    return text


def change_headline(summary: dict[str, Any], *, _: Translate = untranslated) -> str:
    """"What changed from A to B: 73.1 → 76.7, +3.6 points"; on a common basis "…, on the
    common indicators: …"; with "no score" in place of a missing score and no change; ""
    between supplier states (nothing is computed as a change between them)."""
    changed = summary["what_changed"]
    if changed is None:  # between supplier states: no change
        return ""
    a, b = _label(summary, "from"), _label(summary, "to")
    before = score_words(changed["score_from"], _=_)
    after = score_words(changed["score_to"], _=_)
    change = changed["displayed_change"]
    if summary.get("on_common_indicators"):
        if change is None:
            return _("What changed from {a} to {b}, on the common indicators: {before} → "
                     "{after}").format(a=a, b=b, before=before, after=after)
        return _("What changed from {a} to {b}, on the common indicators: {before} → "
                 "{after}, {change} points").format(a=a, b=b, before=before, after=after,
                                                    change=signed(change))
    if change is None:
        return _("What changed from {a} to {b}: {before} → {after}").format(
            a=a, b=b, before=before, after=after)
    return _("What changed from {a} to {b}: {before} → {after}, {change} points").format(
        a=a, b=b, before=before, after=after, change=signed(change))


def established_words(summary: dict[str, Any], *, _: Translate = untranslated) -> str:
    """Whether the change is established, and why; "" when no change is stated."""
    changed = summary["what_changed"]
    if changed is None or changed["displayed_change"] is None or changed["established"] is None:
        return ""
    ranges = {"a": range_words(*changed["range_from"], _=_),
              "b": range_words(*changed["range_to"], _=_)}
    if changed["established"]:
        return _("The change is established: the ranges {a} and {b} do not overlap.").format(
            **ranges)
    return _("The change is not established: the ranges {a} and {b} overlap, so the "
             "unknowns could make the two equal or reverse them.").format(**ranges)


def range_change_words(summary: dict[str, Any], *, _: Translate = untranslated) -> str:
    """"The range narrowed from 56.3–77.1 to 66.7–79.2." ("" unless it narrowed)."""
    changed = summary["what_changed"]
    if changed is None or not changed.get("range_narrowed"):
        return ""
    return _("The range narrowed from {a} to {b}.").format(
        a=range_words(*changed["range_from"], _=_), b=range_words(*changed["range_to"], _=_))
