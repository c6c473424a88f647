"""What a brief says, assembled from domain objects into plain data (easy to test, no layout)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from ..domain.answer_sources import cited as cited_sources
from ..domain.answers import Answer, AnswerState
from ..domain.bands import Band
from ..domain.drivers import drivers
from ..domain.framework import CAPACITY, EXPOSURE, Framework
from ..domain.judgements import Judgements, OptionChoice
from ..domain.options import triggered_options
from ..domain.robustness import Robustness
from ..domain.scoring import AssessmentScore
from ..domain.summary import assessment_summary
from ..domain.suppliers import SupplierProfile, exposure_to
from ..domain.verdict import threshold_answer
from ..i18n import _
from ..palette import dimension_colours


def state_words(answer: Answer | None) -> str:
    """An answer that is not a level, in words: an unknown is never called unanswered."""
    state = answer.state if answer is not None else AnswerState.UNANSWERED
    if state is AnswerState.RANGE and answer is not None:
        return _("Between level {low} and level {high}").format(low=answer.level_low,
                                                                high=answer.level_high)
    if state is AnswerState.UNKNOWN:
        return _("Unknown")
    if state is AnswerState.NOT_APPLICABLE:
        return _("Not applicable")
    return _("Not yet answered")


@dataclass(frozen=True)
class BriefRow:
    indicator_id: str
    question: str
    answer: str  # "3 — description", "Between level 1 and level 3", Unknown, Not applicable…
    level: int | None
    state: str
    confidence: str
    evidence: str
    sources: str
    na_reason: str
    as_of: str
    critical: bool
    weight: str
    level_low: int | None = None  # a range answer: between level_low and level_high
    level_high: int | None = None
    short_title: str = ""  # format 2: the indicator's short title, for findings
    answerable_from: tuple[str, ...] = ()  # format 2: which sources can answer it
    # the answer was accepted from public data: which lists, their status and dates
    public_data: str = ""


@dataclass(frozen=True)
class BriefDimension:
    id: str
    name: str
    kind: str
    # score, band, low, high, coverage, provisional, verdict (docs/scoring.md, "The verdict"):
    # band is None whenever the verdict is open, so the briefs lead with the verdict
    figures: dict[str, Any]
    rows: tuple[BriefRow, ...]
    answered: int
    unknown: int
    unanswered: int
    not_applicable: int
    na_weight_share: float
    comment: str = ""
    ranged: int = 0  # range answers ("between level a and level b")

    @property
    def left_out(self) -> bool:
        """An exposure dimension whose every indicator is not applicable: it takes no part
        in the overall exposure, and the brief names it."""
        return self.kind == EXPOSURE and self.figures.get("low") is None


@dataclass(frozen=True)
class BriefData:
    country: str
    country_code: str
    region: str
    title: str
    as_of: date
    marking: str
    framework_name: str
    framework_label: str
    framework_hash: str
    mitigation_factor: float
    modules: tuple[str, ...]
    overall: dict[str, Any]
    residual: dict[str, Any] | None
    dimensions: tuple[BriefDimension, ...]
    red_flags: tuple[dict[str, str], ...]
    critical_not_applicable: tuple[tuple[str, str], ...]
    drivers: tuple[tuple[str, str, float, str], ...]  # id, question, points, dimension id
    options: tuple[dict[str, Any], ...]
    robustness: Robustness | None
    generated_at: datetime
    app_version: str
    assessor: str = ""  # only when the user asks for names
    judgements: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default_factory=tuple)
    # written although rows of the assessment fail their checksums: said on every page
    unverified: bool = False
    robustness_stored: bool = False  # the figures stored when it was marked final
    # each dimension's colour (palette.dimension_colours): the same as on screen
    dimension_colours: dict[str, str] = field(default_factory=dict)
    # the version of docs/scoring.md the figures follow: 1 for a final assessment kept as
    # signed off (its figures printed as then, with the version-2 verdict beside them)
    scoring_rules: int = 2
    # the library's decision threshold and its answer: {"band": "High", "lower": 60.0,
    # "answer": "yes" | "no" | "open" | None}; None when the library sets none
    threshold: dict[str, Any] | None = None
    # format 2: what is measured ("exposure to the United States"), by which supplier profile,
    # and from where the analyst sits ("inside", "outside" or None: not recorded). A format-1
    # brief leaves them empty and reads as it always did.
    framework_format: int = 1
    exposure: str = ""
    supplier_label: str = ""  # "US 1.0.0"
    supplier_hash: str = ""
    perspective: str | None = None
    # answers accepted from reference data: the dataset version(s) and their approval
    reference: str = ""
    # the sign-off as recorded: draft, final or archived, by whom and when (None: not signed)
    status: str = "draft"
    reviewed_by: str | None = None
    finalised_at: datetime | None = None
    paper: str = "a4"  # or "letter": the library's setting (services/library_settings.py)

    @property
    def left_out(self) -> tuple[BriefDimension, ...]:
        """Exposure dimensions left out of the overall exposure: every indicator N/A."""
        return tuple(x for x in self.dimensions if x.left_out)

    def row(self, indicator_id: str) -> BriefRow | None:
        for dimension in self.dimensions:
            for row in dimension.rows:
                if row.indicator_id == indicator_id:
                    return row
        return None


def assemble(*, framework: Framework, answers: Mapping[str, Answer], modules: frozenset[str],
             score: AssessmentScore, robustness: Robustness | None, country: str,
             country_code: str, region: str, title: str, as_of: date, marking: str,
             generated_at: datetime, app_version: str, assessor: str = "",
             judgements: Judgements | None = None, robustness_stored: bool = False,
             scoring_rules: int = 2, threshold: Band | None = None,
             supplier: SupplierProfile | None = None, perspective: str | None = None,
             public_data: Mapping[str, str] | None = None, reference: str = "",
             status: str = "draft", reviewed_by: str | None = None,
             finalised_at: datetime | None = None, paper: str = "a4") -> BriefData:
    judgements = judgements or Judgements()
    summary = assessment_summary(framework, score)
    by_id = {d["id"]: d for d in summary["dimensions"]}
    dimensions = []
    for dim_score in score.dimensions:
        dimension = framework.dimension(dim_score.dimension_id)
        rows = []
        for indicator in dimension.indicators:
            answer = answers.get(indicator.id)
            state = answer.state if answer else AnswerState.UNANSWERED
            if state is AnswerState.ANSWERED and answer is not None and answer.level is not None:
                text = f"{answer.level} — {indicator.levels[answer.level].get()}"
            else:
                text = state_words(answer)
            rows.append(BriefRow(
                indicator_id=indicator.id, question=indicator.question.get(), answer=text,
                level=answer.level if answer else None, state=state.value,
                confidence=_(answer.confidence.value.capitalize())
                if answer and answer.confidence else "–",
                evidence=answer.evidence if answer else "",
                sources=cited_sources(answer.sources) if answer else "",
                na_reason=(answer.na_reason or "") if answer else "",
                as_of=answer.as_of.isoformat() if answer and answer.as_of else "",
                critical=indicator.critical, weight=str(indicator.weight),
                level_low=answer.level_low if answer else None,
                level_high=answer.level_high if answer else None,
                short_title=indicator.short_title.get() if indicator.short_title else "",
                answerable_from=indicator.answerable_from,
                public_data=(public_data or {}).get(indicator.id, "")))
        total = dim_score.applicable_weight + dim_score.na_weight
        dimensions.append(BriefDimension(
            id=dimension.id, name=dimension.name.get(), kind=dimension.kind,
            figures=by_id[dimension.id], rows=tuple(rows), answered=dim_score.answered,
            unknown=dim_score.unknown, unanswered=dim_score.unanswered,
            not_applicable=dim_score.not_applicable,
            na_weight_share=float(dim_score.na_weight / total) if total else 0.0,
            comment=judgements.comments.get(dimension.id, ""), ranged=dim_score.ranged))
    found = drivers(framework, answers, score, modules)
    options = triggered_options(framework, answers, score, modules)
    cited: dict[str, None] = {}
    for t in options:
        for source_id in t.option.sources:
            cited[framework.source(source_id).citation()] = None
    return BriefData(
        country=country, country_code=country_code, region=region, title=title, as_of=as_of,
        marking=marking, framework_name=framework.name.get(), framework_label=framework.label,
        framework_hash=framework.content_hash, mitigation_factor=float(framework.mitigation_factor),
        modules=tuple(sorted(modules)), overall=summary["overall"], residual=summary["residual"],
        dimensions=tuple(dimensions),
        # state: a possible flag is worded apart for an unknown and a not-yet-answered one
        red_flags=tuple({"indicator": f["indicator"], "kind": f["kind"], "text": f["text"],
                         "state": _state(answers.get(f["indicator"]))}
                        for f in summary["red_flags"]),
        critical_not_applicable=tuple((i, framework.indicator(i).question.get())
                                      for i in summary["critical_not_applicable"]),
        drivers=tuple((d.indicator_id, framework.indicator(d.indicator_id).question.get(),
                       float(d.points), d.dimension_id) for d in found if d.points > 0),
        options=tuple(_option(t, framework, judgements) for t in options
                      if judgements.options.get(t.option.id, OptionChoice()).choice != "drop"),
        robustness=robustness, generated_at=generated_at, app_version=app_version,
        assessor=assessor, judgements=judgements.key, sources=tuple(cited),
        robustness_stored=robustness_stored, dimension_colours=dimension_colours(framework),
        scoring_rules=scoring_rules, threshold=None if threshold is None else {
            "band": threshold.label, "lower": float(threshold.lower),
            "answer": threshold_answer(score.overall.low, score.overall.high,
                                       Fraction(threshold.lower))},
        framework_format=framework.format,
        exposure=exposure_to(supplier, _=_) if framework.format >= 2 else "",
        supplier_label=supplier.label if supplier is not None else "",
        supplier_hash=supplier.content_hash if supplier is not None else "",
        reference=reference, status=status, reviewed_by=reviewed_by,
        finalised_at=finalised_at, paper=paper,
        perspective=perspective if framework.format >= 2 else None)


def _state(answer: Answer | None) -> str:
    return (answer.state if answer is not None else AnswerState.UNANSWERED).value


def _option(t: Any, framework: Framework, judgements: Judgements) -> dict[str, Any]:
    choice = judgements.options.get(t.option.id, OptionChoice())
    reworded = choice.choice == "reword"
    return {"id": t.option.id, "indicator": t.indicator_id, "level": t.level,
            "points": float(t.points),
            "title": choice.text if reworded else t.option.title.get(),
            "rationale": (_("Reworded by the analyst; the framework's option: {title}").format(
                title=t.option.title.get())) if reworded else t.option.rationale.get(),
            "capacity": framework.dimension(t.dimension_id).kind == CAPACITY,
            "analyst": reworded, "audience": t.option.audience}
