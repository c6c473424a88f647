"""Comparing saved assessments: alignment on common indicators, deltas, "what changed"
(docs/scoring.md, section 8: exact), the displayed change and its rounded contributions,
whether a change is established, and a time series for one country.

Assessments that measure exposure to different supplier states are compared on the
supplier-symmetric items only, and never by "what changed": an item that exists for one
supplier only (its policy banks' lending, say) must not make another look safer. Assessments on
different versions of a framework are compared on the indicators both versions share, less
those the newer version says it changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .answers import Answer, AnswerState
from .bands import round1
from .framework import EXPOSURE, Framework
from .scoring import AssessmentScore, score_assessment
from .verdict import largest_remainder

_25 = Fraction(25)


@dataclass(frozen=True)
class Compared:
    """One assessment as the comparison needs it."""

    id: str
    label: str
    country_code: str
    as_of: date
    framework: Framework
    answers: Mapping[str, Answer]
    modules: frozenset[str]
    score: AssessmentScore | None = None  # its own score (the record's); computed when None
    # the supplier state it measures exposure to (ISO 3166 alpha-2; a format-1 assessment's
    # is the one its texts name) and that state's name ("" when not known)
    supplier_id: str = ""
    supplier_name: str = ""


@dataclass(frozen=True)
class Alignment:
    items: tuple[Compared, ...]
    common: tuple[str, ...]  # indicator ids compared, in framework order
    left_out: dict[str, tuple[str, ...]]  # assessment id -> indicator ids not compared
    scores: tuple[AssessmentScore, ...]  # each rescored on the common indicators when needed
    framework: Framework  # the first assessment's framework, restricted to ``common``
    warnings: tuple[str, ...]
    # each assessment's own score (its framework, its modules): what it says on its own
    own_scores: tuple[AssessmentScore, ...] = ()
    on_common_basis: bool = False  # the frameworks or modules differ: ``scores`` are rescored
    # they measure exposure to different supplier states: compared on the supplier-symmetric
    # items only, and never by "what changed"
    across_suppliers: bool = False
    not_symmetric: tuple[str, ...] = ()  # indicators left out as not supplier-symmetric
    changed_between_versions: tuple[str, ...] = ()  # left out: the newer version changed them

    def own_score(self, index: int) -> AssessmentScore:
        return self.own_scores[index] if self.own_scores else self.scores[index]

    def rescored(self, index: int) -> bool:
        """Whether assessment ``index``'s compared figures are not its own: something of it
        was left out, or scoring it with the first's framework changed its figures."""
        if not self.on_common_basis:
            return False
        own, compared = self.own_score(index), self.scores[index]
        return bool(self.left_out.get(self.items[index].id)) or (
            own.overall != compared.overall or own.dimensions != compared.dimensions)


@dataclass(frozen=True)
class Contribution:
    """One line of "what changed": an indicator, or a dimension scored in only one."""

    dimension_id: str
    indicator_id: str | None
    kind: str  # changed | new | dropped | dimension | reweighting
    # contribution to the overall change; None for a dimension line when A or B has no
    # overall score (there is no change for it to be part of)
    points: Fraction | None
    dimension_points: Fraction | None  # contribution to the dimension's change
    level_a: int | None
    level_b: int | None
    carried_over: bool  # B's answer was carried over and not yet reviewed
    state_a: AnswerState | None = None  # the indicator's answer states (None: a dimension line)
    state_b: AnswerState | None = None
    range_a: tuple[int, int] | None = None  # a range answer's two levels
    range_b: tuple[int, int] | None = None
    scored_in: str | None = None  # a dimension line: "a" or "b", the one that scores it


@dataclass(frozen=True)
class WhatChanged:
    overall_a: Fraction | None
    overall_b: Fraction | None
    dimension_changes: dict[str, tuple[Fraction | None, Fraction | None]]
    contributions: tuple[Contribution, ...]  # largest absolute first

    @property
    def overall_change(self) -> Fraction | None:
        if self.overall_a is None or self.overall_b is None:
            return None
        return self.overall_b - self.overall_a


def _restricted(framework: Framework, keep: set[str]) -> Framework:
    dimensions = tuple(
        replace(d, indicators=tuple(i for i in d.indicators if i.id in keep))
        for d in framework.dimensions)
    return replace(framework, dimensions=tuple(d for d in dimensions if d.indicators))


def changed_between_versions(frameworks: Sequence[Framework], ids: set[str]) -> set[str]:
    """The indicators of ``ids`` that mean something else in two of ``frameworks``: where one
    framework is the version after another (its ``previous_version``), an indicator it does
    not mark as continuing the same id unchanged. Frameworks that do not say (format 1)
    compare by id."""
    changed: set[str] = set()
    for newer in frameworks:
        if newer.previous_version is None or not any(
                f.id == newer.id and f.version == newer.previous_version for f in frameworks):
            continue
        for indicator_id in ids:
            previous = newer.indicator(indicator_id).previous \
                if newer.has_indicator(indicator_id) else None
            if previous is None or previous.id != indicator_id or not previous.unchanged:
                changed.add(indicator_id)
    return changed


def not_symmetric(frameworks: Sequence[Framework], ids: set[str]) -> set[str]:
    """The indicators of ``ids`` that some framework marks as not supplier-symmetric (format 2
    says; format 1 does not, and its items are judged by the format-2 frameworks beside it)."""
    return {i for i in ids for f in frameworks
            if f.format >= 2 and f.has_indicator(i) and not f.indicator(i).supplier_symmetric}


def suppliers_of(items: Sequence[Compared]) -> list[str]:
    """The supplier states the assessments measure exposure to, in order of appearance."""
    return list(dict.fromkeys(c.supplier_id for c in items))


def align(items: Sequence[Compared]) -> Alignment:
    """Line up 2..N assessments. Different frameworks compare on their common indicators;
    different supplier states on their supplier-symmetric ones."""
    if len(items) < 2:
        raise ValueError("a comparison needs at least two assessments")
    enabled = [{i.id for d in c.framework.enabled_dimensions(c.modules) for i in d.indicators}
               for c in items]
    common_set = set.intersection(*enabled)
    frameworks = [c.framework for c in items]
    changed = changed_between_versions(frameworks, common_set)
    common_set -= changed
    across = len(suppliers_of(items)) > 1
    dropped = not_symmetric(frameworks, common_set) if across else set()
    common_set -= dropped
    same_framework = len({c.framework.content_hash for c in items}) == 1
    same_modules = len({c.modules for c in items}) == 1
    warnings: list[str] = []
    if not same_framework:
        labels = sorted({c.framework.label for c in items})
        text = ("Different framework versions (" + ", ".join(labels) + "): compared on their "
                f"{len(common_set) + len(dropped)} common indicators")
        if changed:
            text += f"; {len(changed)} that the newer version changed are left out"
        warnings.append(text + ".")
    if not same_modules:
        warnings.append("The assessments use different optional modules; only the "
                        "indicators they share are compared.")
    first = items[0].framework
    common = tuple(i.id for i in first.indicators() if i.id in common_set)
    left_out = {c.id: tuple(sorted(e - common_set)) for c, e in zip(items, enabled, strict=True)}
    own = tuple(c.score or score_assessment(c.framework, c.answers, c.modules) for c in items)
    on_common_basis = not (same_framework and same_modules) or bool(changed) or across
    if not on_common_basis:
        scores = own
        framework = first
    else:
        framework = _restricted(first, common_set)
        modules = frozenset.intersection(*[c.modules for c in items])
        scores = tuple(score_assessment(framework, {k: v for k, v in c.answers.items()
                                                    if k in common_set}, modules)
                       for c in items)
    return Alignment(tuple(items), common, left_out, scores, framework, tuple(warnings),
                     own_scores=own, on_common_basis=on_common_basis, across_suppliers=across,
                     not_symmetric=tuple(sorted(dropped)),
                     changed_between_versions=tuple(sorted(changed)))


def _value(answer: Answer | None) -> Fraction | None:
    """An answer's points in the score: its level, or a range at its middle (None: not
    counted in the score)."""
    if answer is None:
        return None
    if answer.state is AnswerState.ANSWERED and answer.level is not None:
        return _25 * answer.level
    if (answer.state is AnswerState.RANGE and answer.level_low is not None
            and answer.level_high is not None):
        return _25 * Fraction(answer.level_low + answer.level_high, 2)
    return None


def _state(answer: Answer | None) -> AnswerState:
    return AnswerState.UNANSWERED if answer is None else answer.state


def _levels(answer: Answer | None) -> tuple[int | None, tuple[int, int] | None]:
    if answer is None:
        return None, None
    if (answer.state is AnswerState.RANGE and answer.level_low is not None
            and answer.level_high is not None):
        return None, (answer.level_low, answer.level_high)
    return (answer.level if answer.state is AnswerState.ANSWERED else None), None


def what_changed(alignment: Alignment, a: int = 0, b: int = -1) -> WhatChanged:
    """Decompose the change from assessment ``a`` to ``b`` exactly (docs/scoring.md, section 8).
    Refused between supplier states: their assessments are laid side by side, not subtracted."""
    if alignment.across_suppliers:
        raise ValueError("no change is computed between assessments of different supplier "
                         "states")
    item_a, item_b = alignment.items[a], alignment.items[b]
    score_a, score_b = alignment.scores[a], alignment.scores[b]
    framework = alignment.framework
    dims_a = {d.dimension_id: d for d in score_a.exposure_dimensions if d.score is not None}
    dims_b = {d.dimension_id: d for d in score_b.exposure_dimensions if d.score is not None}
    v = {d.id: d.weight for d in framework.dimensions}
    total_a = sum((v[d] for d in dims_a), Fraction(0))
    total_b = sum((v[d] for d in dims_b), Fraction(0))
    lines: list[Contribution] = []
    changes: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    for dimension in framework.dimensions:
        if dimension.kind != EXPOSURE:
            continue
        da, db = dims_a.get(dimension.id), dims_b.get(dimension.id)
        if da is None and db is None:
            continue
        changes[dimension.id] = (da.score if da else None, db.score if db else None)
        if da is None or db is None:
            # a dimension scored in only one: its own line, and only a part of a change when
            # both have an overall score (else there is "no score", not a change of −100)
            both = score_a.overall.score is not None and score_b.overall.score is not None
            points: Fraction | None = None
            if both and db is not None and db.score is not None:
                points = v[dimension.id] * db.score / total_b
            elif both and da is not None and da.score is not None:
                points = -(v[dimension.id] * da.score / total_a)
            lines.append(Contribution(dimension.id, None, "dimension", points, None, None, None,
                                      False, scored_in="b" if db is not None else "a"))
            continue
        assert da.score is not None and db.score is not None
        share = v[dimension.id] / total_b
        w_b = db.answered_weight
        for indicator in dimension.indicators:
            answer_a = item_a.answers.get(indicator.id)
            answer_b = item_b.answers.get(indicator.id)
            xa, xb = _value(answer_a), _value(answer_b)
            if xa is not None and xb is not None:
                if xa == xb:
                    continue
                part, kind = indicator.weight * (xb - xa) / w_b, "changed"
            elif xb is not None:
                part, kind = indicator.weight * (xb - da.score) / w_b, "new"
            elif xa is not None:
                part, kind = -indicator.weight * (xa - da.score) / w_b, "dropped"
            else:
                continue
            (level_a, range_a), (level_b, range_b) = _levels(answer_a), _levels(answer_b)
            lines.append(Contribution(
                dimension.id, indicator.id, kind, share * part, part, level_a, level_b,
                bool(answer_b and answer_b.carried_over), _state(answer_a), _state(answer_b),
                range_a, range_b))
    overall_a, overall_b = score_a.overall.score, score_b.overall.score
    if overall_a is not None and overall_b is not None:
        remainder = overall_b - overall_a - sum((c.points or Fraction(0) for c in lines),
                                                Fraction(0))
        if remainder:  # which dimensions are scored changed: their weights shifted
            lines.append(Contribution("", None, "reweighting", remainder, None, None, None,
                                      False))
    lines.sort(key=lambda c: (-abs(c.points or Fraction(0)), c.dimension_id,
                              c.indicator_id or ""))
    return WhatChanged(overall_a, overall_b, changes, tuple(lines))


def displayed_change(before: Fraction | None, after: Fraction | None) -> Decimal | None:
    """The change printed beside two displayed scores: the difference of the displayed
    (rounded) values, so that a reader's own subtraction agrees; None without both."""
    if before is None or after is None:
        return None
    return round1(after) - round1(before)


def displayed_points(changed: WhatChanged) -> list[Decimal | None]:
    """Each contribution rounded to one decimal by the largest remainder, so that the
    displayed ones add up to the displayed change (in the order of ``contributions``); all
    None when there is no change (A or B has no overall score)."""
    target = displayed_change(changed.overall_a, changed.overall_b)
    if target is None:
        return [None] * len(changed.contributions)
    exact = [c.points or Fraction(0) for c in changed.contributions]
    return list(largest_remainder(exact, target))


def ranges_overlap(low_a: Fraction | None, high_a: Fraction | None, low_b: Fraction | None,
                   high_b: Fraction | None) -> bool | None:
    """Whether two rounded ranges [low, high] overlap (touching counts: the two could be
    equal); None when either has no range."""
    if low_a is None or high_a is None or low_b is None or high_b is None:
        return None
    return round1(low_a) <= round1(high_b) and round1(low_b) <= round1(high_a)


def established(low_a: Fraction | None, high_a: Fraction | None, low_b: Fraction | None,
                high_b: Fraction | None) -> bool | None:
    """A change is established only when the two rounded ranges do not overlap: otherwise
    the unknowns could make the two equal or reverse them. None without both ranges."""
    overlap = ranges_overlap(low_a, high_a, low_b, high_b)
    return None if overlap is None else not overlap


def range_narrowed(low_a: Fraction | None, high_a: Fraction | None, low_b: Fraction | None,
                   high_b: Fraction | None) -> bool | None:
    """Whether B's rounded range is narrower than A's; None without both ranges."""
    if low_a is None or high_a is None or low_b is None or high_b is None:
        return None
    return round1(high_b) - round1(low_b) < round1(high_a) - round1(low_a)


@dataclass(frozen=True)
class TrendPoint:
    assessment_id: str
    as_of: date
    overall: Fraction | None
    low: Fraction | None
    high: Fraction | None


def time_series(alignment: Alignment) -> dict[str, list[TrendPoint]]:
    """Per country, its assessments' overall exposure by as-of date."""
    series: dict[str, list[TrendPoint]] = {}
    for item, score in zip(alignment.items, alignment.scores, strict=True):
        o = score.overall
        series.setdefault(item.country_code, []).append(
            TrendPoint(item.id, item.as_of, o.score, o.low, o.high))
    for points in series.values():
        points.sort(key=lambda p: (p.as_of, p.assessment_id))
    return series
