"""How ``aibri show`` presents an assessment (JSON for scripts, text for people), and how any
command prints user text to a terminal and takes it from the command line."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..domain.answer_sources import read_sources
from ..domain.answers import AnswerState
from ..domain.bands import Band, band_name
from ..domain.details import set_aside
from ..domain.options import triggered_options
from ..domain.robustness import Robustness
from ..domain.robustness_text import robustness_sentence
from ..domain.summary import assessment_summary
from ..domain.suppliers import exposure_to, perspective_words
from ..domain.verdict import threshold_answer, words_of
from ..i18n import _
from ..services.records import AssessmentRecord
from .terminal import for_terminal


def threshold_json(record: AssessmentRecord, threshold: Band | None) -> dict[str, Any] | None:
    """The library's decision threshold and its answer from the overall range: {"band":
    "High", "answer": "yes" | "no" | "open"}; None when the library sets none."""
    if threshold is None:
        return None
    o = record.score.overall
    return {"band": threshold.label,
            "answer": threshold_answer(o.low, o.high, Fraction(threshold.lower))}


def show_json(record: AssessmentRecord, threshold: Band | None = None) -> dict[str, Any]:
    summary = assessment_summary(record.framework, record.score, rules=record.scoring_rules)
    options = triggered_options(record.framework, record.answers, record.score, record.modules)
    enabled = record.framework.enabled_dimensions(record.modules)
    answers = []
    for dimension in enabled:
        for indicator in dimension.indicators:
            answer = record.answers.get(indicator.id)
            state = answer.state if answer is not None else AnswerState.UNANSWERED
            answers.append({
                "indicator": indicator.id,
                "level": answer.level if answer is not None else None,
                "range": ([answer.level_low, answer.level_high]
                          if answer is not None and state is AnswerState.RANGE else None),
                "state": state.value,
                "confidence": answer.confidence.value if answer and answer.confidence else None,
                "evidence": answer.evidence if answer is not None else "",
                "sources": [{"publisher": s.publisher, "title": s.title, "date": s.date,
                             "url": s.url, "accessed": s.accessed, "note": s.note}
                            for s in read_sources(answer.sources if answer else "")],
                "na_reason": (answer.na_reason or None) if answer is not None else None,
                "carried_over": bool(answer and answer.carried_over),
                "as_of": answer.as_of.isoformat() if answer and answer.as_of else None,
            })
    return {
        "id": record.id,
        "revision": record.revision,
        "country": {"code": record.country.code, "name": record.country.name,
                    "region": record.country.region},
        "title": record.title,
        "status": record.status,
        "reviewed_by": record.reviewed_by,  # the sign-off (null: not signed off)
        "finalised_at": record.finalised_at.isoformat() if record.finalised_at else None,
        "marking": record.marking,
        "as_of": record.as_of.isoformat(),
        "framework": {"id": record.framework.id, "version": record.framework.version,
                      "hash": record.framework.content_hash},
        "supplier": None if record.supplier is None else {
            "id": record.supplier.id, "name": record.supplier.name.get(),
            "version": record.supplier.version, "hash": record.supplier.content_hash},
        "exposure_to": exposure_to(record.supplier, _=_),
        "perspective": record.perspective,
        "modules": sorted(record.modules),
        # answers of optional modules turned off: kept, not counted ({module: answered items})
        "set_aside": set_aside(record.framework, record.answers, record.modules),
        "assessor": record.assessor,
        "scoring_rules": record.scoring_rules,
        "overall": summary["overall"],
        "threshold": threshold_json(record, threshold),
        "residual": summary["residual"],
        "dimensions": summary["dimensions"],
        "red_flags": summary["red_flags"],
        "critical_not_applicable": summary["critical_not_applicable"],
        "robustness": record.robustness().to_json(),
        "policy_options": [{"id": t.option.id, "indicator": t.indicator_id, "level": t.level,
                            "points": round(float(t.points), 1),
                            "title": t.option.title.get()} for t in options],
        "answers": answers,
    }


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _verdict(figures: dict[str, Any]) -> str:
    """A figure's verdict in words ("High"; "at least Elevated, at most High")."""
    return words_of(figures, _=_) or _("no score")


def _threshold_line(threshold: dict[str, Any]) -> str:
    """"Is exposure High or above? — open: the unknowns allow either." (or yes, no)."""
    answers = {"yes": _("yes"), "no": _("no"),
               "open": _("open: the unknowns allow either")}
    return _("{question} — {answer}.").format(
        question=_("Is exposure {band} or above?").format(
            band=band_name(threshold["band"], _=_)),
        answer=answers.get(threshold["answer"], _("no answer: nothing applicable is scored")))


def show_text(record: AssessmentRecord, threshold: Band | None = None) -> str:
    data = show_json(record, threshold)
    o = data["overall"]
    lines = [
        f"{record.title}",
        f"{record.country.name} ({record.country.code}) · {_('as of')} {data['as_of']} · "
        f"{record.status} · {record.framework.label} · {data['exposure_to']}"
        + (f" · {view}" if (view := perspective_words(record.perspective, _=_)) else ""),
    ]
    if record.marking:
        lines.append(f"{_('Marking')}: {record.marking}")
    if record.assessor:
        lines.append(f"{_('Assessor')}: {record.assessor}")
    if data["set_aside"]:
        lines.append(_("Set aside (a module turned off; kept, not counted): {held}").format(
            held=", ".join(f"{module} {count}" for module, count in data["set_aside"].items())))
    provisional = f" ({_('provisional')})" if o["provisional"] else ""
    # the verdict leads; the point score is the score of the answered indicators
    lines.append(
        f"{_('Overall exposure')}: {_verdict(o)}{provisional} · "
        f"{_('score of the answered indicators (ranges at their middle)')} {_fmt(o['score'])}"
        f" · {_('range')} {_fmt(o['low'])}–{_fmt(o['high'])} · {_('coverage')} "
        f"{_pct(o['coverage'])}")
    if data["scoring_rules"] == 1:
        lines.append("  " + _("Figures under scoring rules version 1, as signed off: {score} "
                              "{band}; under version 2: {verdict}.").format(
            score=_fmt(o["score"]), band=o["band"] or "–", verdict=_verdict(o)))
    if o["must_answer"]:
        lines.append("  " + _("The band cannot settle unless at least these are answered: "
                              "{ids}.").format(ids=", ".join(o["must_answer"])))
    if data["threshold"]:
        lines.append(_threshold_line(data["threshold"]))
    if data["residual"]:
        r = data["residual"]
        prov = f" ({_('provisional')})" if r["provisional"] else ""
        lines.append(f"{_('Residual exposure')}: {_verdict(r)}{prov} · {_('score')} "
                     f"{_fmt(r['score'])} · {_('range')} {_fmt(r['low'])}–{_fmt(r['high'])} "
                     f"(m = {r['mitigation_factor']})")
    for d in data["dimensions"]:
        prov = f" ({_('provisional')})" if d["provisional"] else ""
        verdict = _verdict(d) if d["kind"] == "exposure" else _("capacity")
        lines.append(f"  {d['id']}  {d['name']:<28} {verdict}{prov} · {_('score')} "
                     f"{_fmt(d['score'])} · {_('range')} {_fmt(d['low'])}–{_fmt(d['high'])} · "
                     f"{_('coverage')} {_pct(d['coverage'])}")
    kinds = {"red": _("red flag"), "provisional": _("provisional red flag"),
             "possible": _("possible red flag")}
    for flag in data["red_flags"]:
        lines.append(f"  ! {kinds[flag['kind']]}: {flag['indicator']} — {flag['text']}")
    for indicator in data["critical_not_applicable"]:
        lines.append(f"  · {_('critical indicator marked not applicable')}: {indicator}")
    lines.append(_("Robustness: {sentence}").format(sentence=robustness_sentence(
        Robustness.from_json(data["robustness"]), stored=record.stored_robustness is not None,
        _=_)))
    return "\n".join(for_terminal(line) for line in lines)


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: wide (CJK) characters take two, combining marks
    none."""
    import unicodedata

    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def aligned_table(rows: list[list[str]], *, first: int = 34, widest: int = 22,
                  gap: str = "  ") -> list[str]:
    """Rows as lines of aligned columns: each column as wide as its widest cell (at most
    ``first`` for the first column, ``widest`` for the others; a longer cell wraps onto more
    lines within its column, indented), so every value sits under its heading whatever the
    lengths of the names."""
    import textwrap

    if not rows:
        return []
    count = max(len(row) for row in rows)
    rows = [list(row) + [""] * (count - len(row)) for row in rows]
    # a wrapped cell's later lines hang two spaces in, so a row's continuation never reads
    # as the next row
    wrapped = [[textwrap.wrap(cell, first if n == 0 else widest, break_on_hyphens=False,
                              subsequent_indent="  ") or [""]
                for n, cell in enumerate(row)] for row in rows]
    widths = [max(display_width(line) for row in wrapped for line in row[n])
              for n in range(count)]
    lines = []
    for row in wrapped:
        for k in range(max(len(cell) for cell in row)):
            parts = [(cell[k] if k < len(cell) else "") for cell in row]
            lines.append(gap.join(part + " " * (widths[n] - display_width(part))
                                  for n, part in enumerate(parts)).rstrip())
    return lines
