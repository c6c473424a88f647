"""Reference data in use: the dataset and its rules, the ministry's approval, and the
suggestions for an assessment with what the analyst did with each.

The shipped dataset starts unapproved. Until a named approver accepts a dataset version
(recorded with the date in the library log), suggestions are listed but cannot be accepted.
Accepting writes the answer through :meth:`AssessmentService.answer`, like any answer (its
history says who accepted it); rejecting is recorded and the suggestion is not offered again
while the dataset is the same. Nothing is ever filled in without the analyst's action.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import select

from .. import paths
from ..domain.answer_sources import write_sources
from ..domain.framework import Framework, Source, version_key
from ..domain.reference import (
    Offered,
    ReferenceDataset,
    ReferenceError,
    RuleSet,
    Suggestion,
    loads_dataset,
    loads_rules,
    suggestions,
)
from ..domain.roles import Action
from ..storage.database import Database
from ..storage.models import LibraryLogRow, Meta, SuggestionDecision
from ..storage.types import utcnow
from .assessments import AssessmentService
from .changes import AnswerSaved, Change, ChangeKind
from .errors import InvalidInputError, NotFoundError

APPROVAL_KEY = "reference_approval"
DATASET_KEY = "reference_dataset"  # a newer dataset a ministry carried in (its whole text)
MAX_WHO = 200
MAX_FILE = 5 * 1024 * 1024  # a dataset file larger than this is refused before it is read


@dataclass(frozen=True)
class Approval:
    version: str
    content_hash: str
    by: str
    at: str  # ISO date and time


def reference_dir() -> Path:
    return paths.resources_dir() / "reference"


@cache
def bundled_dataset() -> ReferenceDataset:
    """The shipped dataset, checked whole (ISO codes against pycountry)."""
    path = reference_dir() / "aibri-reference.json"
    return loads_dataset(path.read_text(encoding="utf-8"), known_countries=_ISO3,
                         origin=path.name)


@cache
def bundled_rules() -> tuple[RuleSet, ...]:
    dataset = bundled_dataset()
    return tuple(loads_rules(path.read_text(encoding="utf-8"), dataset, origin=path.name)
                 for path in sorted(reference_dir().glob("rules-*.json")))


class ReferenceService:
    def __init__(self, database: Database, assessments: AssessmentService, *,
                 clock: Callable[[], datetime] = utcnow,
                 today: Callable[[], date] = date.today) -> None:
        self._db = database
        self._assessments = assessments
        self._clock = clock
        self._today = today
        self._imported: tuple[str, ReferenceDataset] | None = None  # (text, parsed)
        self.before_import: Callable[[], object] | None = None  # the verified backup first

    # ---- the dataset and its approval -------------------------------------------------------

    def dataset(self) -> ReferenceDataset:
        """The dataset in use: the newest a ministry imported into this library, else the one
        shipped with the app."""
        try:
            bundled = bundled_dataset()
        except (OSError, ReferenceError) as exc:
            raise InvalidInputError(f"The reference data cannot be read: {exc}") from None
        with self._db.session() as session:
            row = session.get(Meta, DATASET_KEY)
            text = row.value if row is not None else None
        if text is None:
            return bundled
        if self._imported is None or self._imported[0] != text:
            try:
                parsed = loads_dataset(text, known_countries=_ISO3, origin="imported dataset")
            except ReferenceError:
                return bundled  # a damaged stored copy: the shipped one, never a guess
            self._imported = (text, parsed)
        imported = self._imported[1]
        return imported if _newer(imported, bundled) else bundled

    def rules_checked(self, dataset: ReferenceDataset) -> None:
        """Every shipped rule finds its lists in the dataset (else one message)."""
        for path in sorted(reference_dir().glob("rules-*.json")):
            try:
                loads_rules(path.read_text(encoding="utf-8"), dataset, origin=path.name)
            except ReferenceError as exc:
                raise InvalidInputError(f"The dataset lacks what the app's rules need ({exc}); "
                                        "nothing was changed.") from None

    def import_file(self, path: Path) -> Change[None]:
        """Take a newer dataset a ministry carried in: checked whole (size, encoding, schema,
        ISO codes, dates, duplicates, the lists the rules need) before anything changes, then
        a verified backup, then kept in the library. It starts unapproved."""
        self._db.require(Action.SETTINGS)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InvalidInputError(f"{path.name} cannot be read ({exc.strerror}); nothing "
                                    "was changed.") from None
        if size > MAX_FILE:
            raise InvalidInputError(f"{path.name} is {size / 1024 / 1024:.1f} MB; a reference "
                                    f"dataset is at most {MAX_FILE // 1024 // 1024} MB. Nothing "
                                    "was changed.")
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInputError(f"{path.name} is not UTF-8 text; nothing was "
                                    "changed.") from None
        except OSError as exc:
            raise InvalidInputError(f"{path.name} cannot be read ({exc.strerror}); nothing "
                                    "was changed.") from None
        try:
            dataset = loads_dataset(text, known_countries=_ISO3, origin=path.name)
        except ReferenceError as exc:
            raise InvalidInputError(f"{exc}. Nothing was changed.") from None
        except RecursionError:
            raise InvalidInputError(f"{path.name} is nested too deeply to be a reference "
                                    "dataset; nothing was changed.") from None
        self.rules_checked(dataset)
        current = self.dataset()
        if dataset.content_hash == current.content_hash:
            return Change(ChangeKind.LIBRARY, summary=f"Reference data {dataset.version} is "
                          "already the one in use; nothing was changed.")
        if not _newer(dataset, current):
            raise InvalidInputError(
                f"{path.name} holds reference data {dataset.version} of {dataset.date}, not "
                f"newer than {current.version} of {current.date} in use; nothing was changed.")
        if self.before_import is not None:
            self.before_import()
        with self._db.session(write=True) as session:
            row = session.get(Meta, DATASET_KEY)
            if row is None:
                session.add(Meta(key=DATASET_KEY, value=text))
            else:
                row.value = text
            session.add(LibraryLogRow(at=self._clock(), by="-", event="reference-imported",
                                      detail=f"reference data {dataset.version} "
                                             f"({dataset.content_hash[:12]}) from {path.name}"))
        return Change(ChangeKind.LIBRARY, summary=(
            f"Imported reference data {dataset.version} of {dataset.date} "
            f"({len(dataset.lists)} lists, {sum(len(x.facts) for x in dataset.lists)} facts). "
            "It is not approved yet: suggestions cannot be accepted until the approver "
            "accepts it."))

    def export_text(self) -> str:
        """The dataset in use, as a file (what ``aibri reference export`` writes)."""
        dataset = self.dataset()
        with self._db.session() as session:
            row = session.get(Meta, DATASET_KEY)
        if row is not None and self._imported is not None and \
                self._imported[1].content_hash == dataset.content_hash:
            return row.value
        return (reference_dir() / "aibri-reference.json").read_text(encoding="utf-8")

    def approval(self) -> Approval | None:
        """The approval of the dataset in use; None when it is not approved (an approval of
        another version does not count)."""
        dataset = self.dataset()
        with self._db.session() as session:
            row = session.get(Meta, APPROVAL_KEY)
        if row is None:
            return None
        try:
            raw = json.loads(row.value)
            approval = Approval(raw["version"], raw["hash"], raw["by"], raw["at"])
        except (ValueError, KeyError, TypeError):
            return None
        return approval if approval.content_hash == dataset.content_hash else None

    def approve(self, by: str) -> Change[None]:
        """A named approver accepts the dataset in use for suggestions (recorded with the date
        in the library log)."""
        self._db.require(Action.SETTINGS)
        who = " ".join(self._db.author(by).split())
        if not who:
            raise InvalidInputError("Approving reference data needs the approver's name; "
                                    "nothing was changed.")
        dataset = self.dataset()
        if self.approval() is not None:
            return Change(ChangeKind.LIBRARY, summary=f"Reference data {dataset.version} is "
                          "already approved; nothing was changed.")
        at = self._clock()
        value = json.dumps({"version": dataset.version, "hash": dataset.content_hash,
                            "by": who[:MAX_WHO], "at": at.isoformat(timespec="seconds")})
        with self._db.session(write=True) as session:
            row = session.get(Meta, APPROVAL_KEY)
            if row is None:
                session.add(Meta(key=APPROVAL_KEY, value=value))
            else:
                row.value = value
            session.add(LibraryLogRow(at=at, by=who[:MAX_WHO], event="reference-approved",
                                      detail=f"reference data {dataset.version} "
                                             f"({dataset.content_hash[:12]}) approved"))
        return Change(ChangeKind.LIBRARY, summary=f"Reference data {dataset.version} approved "
                      f"by {who}; its suggestions can now be accepted.")

    # ---- suggestions ------------------------------------------------------------------------

    def rules_for(self, framework: Framework) -> RuleSet | None:
        return next((r for r in bundled_rules() if (r.framework_id, r.framework_version)
                     == (framework.id, framework.version)), None)

    def offered(self, assessment_id: str) -> list[Offered]:
        """The suggestions for an assessment's country and supplier, with their status."""
        record = self._assessments.load(assessment_id)
        dataset = self.dataset()
        rules = self.rules_for(record.framework)
        country = record.country.alpha_3
        if rules is None or not country:
            return []  # no rules for this framework, or a fictional country (no facts)
        supplier = record.supplier.id if record.supplier is not None else "CN"
        enabled = {i.id for d in record.framework.enabled_dimensions(record.modules)
                   for i in d.indicators}  # a module turned off gets no suggestion
        found = [s for s in suggestions(dataset, rules, record.framework, country, supplier,
                                        self._today()) if s.indicator in enabled]
        decisions = self._decisions(assessment_id)
        offered = []
        for suggestion in found:
            decision = decisions.get(suggestion.indicator)
            if decision is None or (decision.decision == "rejected"
                                    and decision.dataset_hash != dataset.content_hash):
                offered.append(Offered(suggestion, "new"))
            else:
                offer = Offered(suggestion, decision.decision,
                                newer_data=decision.decision == "accepted"
                                and decision.dataset_hash != dataset.content_hash)
                offered.append(offer.given(record.answers.get(suggestion.indicator)))
        return offered

    def accept(self, assessment_id: str, indicator_ids: Iterable[str], who: str
               ) -> list[Change[AnswerSaved]]:
        """Fill each suggested answer (level or range, evidence, sources, as-of date,
        confidence) through the answer service. Refused before approval, for an indicator
        with no suggestion, and for one already decided."""
        self._db.require(Action.EDIT)
        approval = self.approval()
        dataset = self.dataset()
        if approval is None:
            raise InvalidInputError(f"Reference data {dataset.version} is not approved: ask "
                                    "the ministry's approver (aibri reference approve --by "
                                    "NAME); nothing was changed.")
        wanted = [i.strip().upper() for i in indicator_ids if i.strip()]
        by_indicator = {o.suggestion.indicator: o for o in self.offered(assessment_id)}
        for indicator in wanted:
            offer = by_indicator.get(indicator)
            if offer is None:
                raise NotFoundError(f"No suggestion for {indicator}; nothing was changed.")
            if offer.status != "new":
                raise InvalidInputError(f"The suggestion for {indicator} was already "
                                        f"{offer.status}; nothing was changed.")
        changes = []
        for indicator in wanted:
            suggestion = by_indicator[indicator].suggestion
            fields = answer_fields(suggestion, dataset)
            changes.append(self._assessments.answer(
                assessment_id=assessment_id, indicator_id=indicator,
                who=f"{self._db.author(who)} (accepted suggestion)", **fields))
            self._decide(assessment_id, indicator, "accepted", dataset, who)
        return changes

    def public_data_marks(self, assessment_id: str) -> tuple[dict[str, str], str]:
        """For a brief: per answer accepted from public data, which lists (status, date)
        it came from; and the dataset version(s) with their approval ("" when none)."""
        offers = {o.suggestion.indicator: o for o in self.offered(assessment_id)}
        # an accepted answer undone or cleared since is no longer from public data
        decisions = {i: d for i, d in self._decisions(assessment_id).items()
                     if d.decision == "accepted" and (i not in offers
                                                      or offers[i].status == "accepted")}
        if not decisions:
            return {}, ""
        dataset = self.dataset()
        marks = {}
        for indicator, decision in decisions.items():
            offer = offers.get(indicator)
            if offer is not None and decision.dataset_hash == dataset.content_hash:
                suggestion = offer.suggestion
                lists = "; ".join(
                    f"{reference.name.get()}, {reference.source.publisher}, {fact.as_of} "
                    f"({reference.status}{', stale' if stale else ''})"
                    for (reference, fact), stale in zip(suggestion.facts, suggestion.stale,
                                                        strict=True))
                marks[indicator] = (f"public data, then changed by the analyst: {lists}"
                                    if offer.changed else f"public data: {lists}")
            else:
                marks[indicator] = f"public data: reference data {decision.dataset_version}"
        versions = sorted({d.dataset_version for d in decisions.values()})
        approval = self.approval()
        text = f"reference data {', '.join(versions)}"
        if approval is not None and approval.version in versions:
            text += f", approved by {approval.by} on {approval.at[:10]}"
        return marks, text

    def count_for(self, country_alpha3: str, framework: Framework, supplier_id: str | None,
                  modules: frozenset[str] = frozenset()) -> int:
        """How many items of the core dimensions and the chosen modules public data can
        suggest answers to for a country, before an assessment exists (the New-assessment
        dialog says so)."""
        rules = self.rules_for(framework)
        if rules is None or not country_alpha3:
            return 0
        enabled = {i.id for d in framework.enabled_dimensions(modules) for i in d.indicators}
        return sum(1 for s in suggestions(self.dataset(), rules, framework, country_alpha3,
                                          supplier_id or "CN", self._today())
                   if s.indicator in enabled)

    def supplier_gaps(self, assessment_id: str) -> dict[str, str]:
        """Items whose only reference data is about another supplier state than the
        assessment's: per indicator, what to tell the analyst ("no reference data for this
        supplier")."""
        record = self._assessments.load(assessment_id)
        rules = self.rules_for(record.framework)
        if rules is None or not record.country.alpha_3:
            return {}
        supplier = record.supplier.id if record.supplier is not None else "CN"
        dataset = self.dataset()
        gaps = {}
        for rule in rules.rules:
            if rule.supplier is None or rule.supplier == supplier:
                continue
            names = ", ".join(dataset.list(x).name.get() for x in rule.lists)
            gaps[rule.indicator] = (f"No reference data for this supplier: {names} covers "
                                    f"supplier state {rule.supplier} only.")
        return gaps

    def accept_one(self, assessment_id: str, indicator_id: str, who: str
                   ) -> Change[AnswerSaved]:
        """Accept one suggestion (the window's Accept): its answer's change."""
        (change,) = self.accept(assessment_id, [indicator_id], who)
        return change

    def reject_one(self, assessment_id: str, indicator_id: str, who: str) -> Change[None]:
        """Reject one suggestion (the window's Reject)."""
        self.reject(assessment_id, [indicator_id], who)
        return Change(ChangeKind.LIBRARY, summary=f"{indicator_id.strip().upper()}: the "
                      "suggestion from public data was rejected; it is not offered again "
                      "while the dataset is the same.")

    def reject(self, assessment_id: str, indicator_ids: Iterable[str], who: str) -> int:
        self._db.require(Action.EDIT)
        dataset = self.dataset()
        wanted = [i.strip().upper() for i in indicator_ids if i.strip()]
        by_indicator = {o.suggestion.indicator: o for o in self.offered(assessment_id)}
        for indicator in wanted:
            if indicator not in by_indicator:
                raise NotFoundError(f"No suggestion for {indicator}; nothing was changed.")
            if by_indicator[indicator].status != "new":
                raise InvalidInputError(f"The suggestion for {indicator} was already "
                                        f"{by_indicator[indicator].status}; nothing was "
                                        "changed.")
        for indicator in wanted:
            self._decide(assessment_id, indicator, "rejected", dataset, who)
        return len(wanted)

    # ---- internals --------------------------------------------------------------------------

    def _decisions(self, assessment_id: str) -> dict[str, SuggestionDecision]:
        with self._db.session() as session:
            return {d.indicator_id: d for d in session.scalars(select(SuggestionDecision).where(
                SuggestionDecision.assessment_id == assessment_id))}

    def _decide(self, assessment_id: str, indicator: str, decision: str,
                dataset: ReferenceDataset, who: str) -> None:
        with self._db.session(write=True) as session:
            row = session.get(SuggestionDecision, (assessment_id, indicator))
            if row is None:
                row = SuggestionDecision(assessment_id=assessment_id, indicator_id=indicator)
                session.add(row)
            row.decision = decision
            row.dataset_version = dataset.version
            row.dataset_hash = dataset.content_hash
            row.by = " ".join(self._db.author(who).split())[:MAX_WHO] or "unknown"
            row.at = self._clock()


_ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)


def _newer(one: ReferenceDataset, other: ReferenceDataset) -> bool:
    """Dated later, or the same date and a later version."""
    return (one.date, version_key(one.version)) > (other.date, version_key(other.version))


def answer_fields(suggestion: Suggestion, dataset: ReferenceDataset) -> dict[str, Any]:
    """What accepting a suggestion writes: the level or range, the facts as evidence, each
    fact's source, the newest fact's date as the as-of date, and the rule's confidence (none
    for a range, which already says how sure it is)."""
    lines = [fact_line(reference.name.get(), fact.value, fact.as_of, reference.status, stale)
             for (reference, fact), stale in zip(suggestion.facts, suggestion.stale,
                                                 strict=True)]
    evidence = (f"Public data (reference data {dataset.version}): " + "; ".join(lines) + ". "
                + suggestion.rationale.get())
    sources: list[Source] = []
    for reference, _fact in suggestion.facts:
        if reference.source not in sources:
            sources.append(reference.source)
    fields: dict[str, Any] = {"evidence": evidence, "sources": write_sources(sources),
                                 "as_of": _as_date(suggestion.as_of)}
    if suggestion.level is not None:
        fields.update(state="answered", level=suggestion.level,
                      confidence=suggestion.confidence)
    else:
        fields.update(state="range", level_low=suggestion.low, level_high=suggestion.high)
    return fields


def fact_line(list_name: str, value: object, as_of: str, status: str, stale: bool) -> str:
    return (f"{list_name}: {value} (as of {as_of}, {status}"
            + (", stale" if stale else "") + ")")


def _as_date(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
