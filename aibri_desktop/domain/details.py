"""An assessment's details (title, as-of date, marking, assessor, perspective, modules): what
may change after creation, what a change does to the scores, and how the history words it.

The supplier state and the framework stay as created (a follow-up carries to another framework
version). Turning an optional module off keeps its answers: they are set aside, not counted,
and count again when the module is turned back on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from .answers import Answer, AnswerState
from .bands import band_name
from .framework import Framework
from .scoring import AssessmentScore, score_assessment
from .translate import Translate, untranslated
from .verdict import Verdict, verdict_of

MAX_TITLE = 300
MAX_MARKING = 120
MAX_ASSESSOR = 200
PERSPECTIVES = ("inside", "outside")  # the analyst's own country, or another one
DETAIL_FIELDS = ("title", "as_of", "marking", "assessor", "perspective", "modules")


class DetailsError(ValueError):
    """Details that cannot be saved (an empty title, an unknown module…), in one sentence."""


@dataclass(frozen=True)
class Details:
    """The editable facts of an assessment."""

    title: str
    as_of: date
    marking: str = ""
    assessor: str = ""
    perspective: str | None = None  # inside | outside | None (not recorded)
    modules: frozenset[str] = frozenset()

    def changed(self, **given: Any) -> Details:
        """These details with ``given`` fields replaced, cleaned and checked."""
        unknown = set(given) - set(DETAIL_FIELDS)
        if unknown:
            raise DetailsError(f"{sorted(unknown)[0]} is not a detail of an assessment.")
        if "title" in given:
            given["title"] = clean_title(given["title"])
        for name, limit in (("marking", MAX_MARKING), ("assessor", MAX_ASSESSOR)):
            if name in given:
                given[name] = " ".join(str(given[name] or "").split())
                if len(given[name]) > limit:
                    raise DetailsError(f"The {name} is longer than {limit} characters.")
        if "perspective" in given:
            given["perspective"] = given["perspective"] or None
            if given["perspective"] not in (None, *PERSPECTIVES):
                raise DetailsError(f"'{given['perspective']}' is not a perspective (inside or "
                                   "outside).")
        if "modules" in given:
            given["modules"] = frozenset(given["modules"])
        if "as_of" in given and not isinstance(given["as_of"], date):
            raise DetailsError("The as-of date must be a date (YYYY-MM-DD).")
        return replace(self, **given)

    def differences(self, other: Details) -> list[tuple[str, Any, Any]]:
        """(field, this value, the other's) for each field that differs, in DETAIL_FIELDS order."""
        return [(f.name, getattr(self, f.name), getattr(other, f.name)) for f in fields(self)
                if getattr(self, f.name) != getattr(other, f.name)]


def clean_title(title: str) -> str:
    title = " ".join(str(title or "").split())
    if not title:
        raise DetailsError("An assessment needs a title.")
    if len(title) > MAX_TITLE:
        raise DetailsError(f"The title is longer than {MAX_TITLE} characters.")
    return title


def check_modules(framework: Framework, modules: frozenset[str]) -> None:
    unknown = modules - set(framework.optional_dimension_ids)
    if unknown:
        raise DetailsError(
            f"{', '.join(sorted(unknown))} is not an optional module of {framework.label}.")


def set_aside(framework: Framework, answers: Mapping[str, Answer],
              modules: frozenset[str]) -> dict[str, int]:
    """Per optional module that is off: how many of its items hold an answer (kept, not
    counted until the module is on again). Modules without any are left out."""
    counts: dict[str, int] = {}
    for dimension in framework.dimensions:
        if not dimension.optional or dimension.id in modules:
            continue
        held = sum(1 for indicator in dimension.indicators
                   if (a := answers.get(indicator.id)) is not None
                   and a.state is not AnswerState.UNANSWERED)
        if held:
            counts[dimension.id] = held
    return counts


@dataclass(frozen=True)
class ModulesEffect:
    """What a change of modules does: the overall score and verdict before and after, and
    the answers set aside after it."""

    before: AssessmentScore
    after: AssessmentScore
    set_aside: dict[str, int]

    @property
    def verdicts(self) -> tuple[Verdict | None, Verdict | None]:
        return (verdict_of(self.before.overall.low, self.before.overall.high),
                verdict_of(self.after.overall.low, self.after.overall.high))


def modules_effect(framework: Framework, answers: Mapping[str, Answer],
                   before: frozenset[str], after: frozenset[str]) -> ModulesEffect:
    return ModulesEffect(score_assessment(framework, answers, before),
                         score_assessment(framework, answers, after),
                         set_aside(framework, answers, after))


def effect_words(effect: ModulesEffect, framework: Framework, *, language: str = "en",
                 _: Translate = untranslated) -> str:
    """One or two sentences for the dialog and the command line: the overall score and
    verdict before → after, and what is set aside."""
    def figure(score: AssessmentScore) -> str:
        value = score.overall.score
        return _("no score") if value is None else f"{float(value):.1f}"

    def verdict(v: Verdict | None) -> str:
        if v is None:
            return _("no verdict")
        if v.settled:
            return band_name(v.lowest.label, _=_)
        return _("at least {low}, at most {high}").format(
            low=band_name(v.lowest.label, _=_), high=band_name(v.highest.label, _=_))

    old, new = effect.verdicts
    parts = [_("Overall exposure {old} ({old_verdict}) → {new} ({new_verdict}).").format(
        old=figure(effect.before), old_verdict=verdict(old), new=figure(effect.after),
        new_verdict=verdict(new))]
    if effect.set_aside:
        held = "; ".join(
            _("{module} ({count} of {total} items answered)").format(
                module=framework.dimension(m).name.get(language), count=n,
                total=len(framework.dimension(m).indicators))
            for m, n in effect.set_aside.items())
        parts.append(_("Set aside while off, kept but not counted (turn the module on again "
                       "to restore them): {held}.").format(held=held))
    return " ".join(parts)


def value_words(name: str, value: Any, *, _: Translate = untranslated) -> str:
    """A detail's value as the history shows it."""
    if name == "modules":
        return ", ".join(sorted(value)) if value else _("none")
    if name == "perspective":
        return {"inside": _("inside view"), "outside": _("outside-in view")}.get(
            value, _("not recorded"))
    if name == "as_of":
        return value.isoformat() if isinstance(value, date) else str(value)
    return str(value) if value else _("(empty)")


def field_words(name: str, *, _: Translate = untranslated) -> str:
    return {"title": _("Title"), "as_of": _("As of"), "marking": _("Marking"),
            "assessor": _("Assessor"), "perspective": _("Perspective"),
            "modules": _("Modules")}[name]


def change_words(changes: list[tuple[str, Any, Any]], *, _: Translate = untranslated) -> str:
    """"Title: A → B; As of: 2026-01-01 → 2026-03-01"."""
    return "; ".join(f"{field_words(n, _=_)}: {value_words(n, old, _=_)} → "
                     f"{value_words(n, new, _=_)}" for n, old, new in changes)


def to_json(name: str, value: Any) -> Any:
    """A detail's value as the history row stores it."""
    if name == "modules":
        return sorted(value)
    if name == "as_of":
        return value.isoformat()
    return value


def from_json(name: str, value: Any) -> Any:
    if name == "modules":
        return frozenset(value or ())
    if name == "as_of":
        return date.fromisoformat(value)
    return value
