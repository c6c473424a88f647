"""The assessment use cases: create, answer, follow up, finalise, archive, delete, restore, load.

Each mutation runs in one transaction and returns a :class:`Change`. An answer change writes the
answer, one history row and the assessment's stored scores together, so a list never shows a
score that disagrees with the answers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import paths
from ..domain.answer_sources import SourceError, check_sources_text
from ..domain.answers import (
    ANSWER_FIELDS,
    NO_CONFIDENCE,
    Answer,
    AnswerError,
    AnswerState,
    Confidence,
)
from ..domain.countries import CountryIndex
from ..domain.describe import describe_answer, describe_change, describe_state
from ..domain.details import (
    MAX_TITLE,
    PERSPECTIVES,
    Details,
    DetailsError,
    change_words,
    check_modules,
    clean_title,
)
from ..domain.details import from_json as details_from_json
from ..domain.details import to_json as details_json
from ..domain.framework import Framework, version_key
from ..domain.judgements import Judgements
from ..domain.lineage import Lineage, loads_lineage
from ..domain.locks import lock_reason, transition_refusal
from ..domain.robustness import Robustness, robustness
from ..domain.roles import Action
from ..domain.scoring import SCORING_RULES, score_assessment
from ..domain.suppliers import SupplierProfile
from ..i18n import _ as translate
from ..storage.database import WRITE_UNIT, Database
from ..storage.locks import maintenance
from ..storage.models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    Country,
    DetailHistoryRow,
    IssuedBrief,
    LibraryLogRow,
)
from ..storage.types import utcnow
from .changes import (
    AnswerSaved,
    Change,
    ChangeKind,
    DetailsSaved,
    FollowUpMade,
    JudgementsSaved,
    StatusChanged,
)
from .conversions import (
    ANSWER_COLUMNS,
    answer_fields,
    answer_from_row,
    answer_json,
    format_modules,
    parse_modules,
    rescore,
    rules_of,
)
from .errors import ChangedSinceError, InvalidInputError, LockedError, NotFoundError
from .frameworks import FrameworkCatalog
from .records import AssessmentRecord, DetailChange
from .summaries import AssessmentSummary, summary_from_row
from .suppliers import DEFAULT_SUPPLIER, SupplierCatalog

_UNSET: Any = object()
# ANSWER_FIELDS (the saved fields of an answer) lives in domain/answers.py, the wording of locks
# and changes in domain/locks.py and domain/describe.py; still importable from here:
__all__ = ["ANSWER_FIELDS", "MAX_TITLE", "PERSPECTIVES", "AssessmentService",
           "describe_answer", "describe_state"]
MAX_TEXT = 100_000


class AssessmentService:
    def __init__(self, database: Database, catalog: FrameworkCatalog, countries: CountryIndex,
                 *, suppliers: SupplierCatalog | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._db = database
        self._catalog = catalog
        self._suppliers = suppliers or SupplierCatalog()
        self._countries = countries
        self._clock = clock
        self.after_purge: Callable[[], object] | None = None  # the hub's verified backup

    # ---- reading ---------------------------------------------------------------------------

    def resolve_id(self, text: str) -> str:
        """A full UUID from a unique prefix of at least four characters."""
        prefix = text.strip().lower()
        if len(prefix) < 4:
            raise InvalidInputError(f"'{text}' is too short to name an assessment "
                                    "(give at least 4 characters of its id).")
        with self._db.session() as session:
            found = session.scalars(
                select(Assessment.id).where(Assessment.id.like(prefix.replace("%", "") + "%"))
                .limit(3)).all()
        if not found:
            raise NotFoundError(f"No assessment has an id starting with '{text}'.")
        if len(found) > 1:
            raise InvalidInputError(f"'{text}' matches several assessments; give more of the id.")
        return found[0]

    def list_summaries(self, *, deleted: bool | None = False,
                       ids: Iterable[str] | None = None) -> list[AssessmentSummary]:
        """Library rows from the stored scores; answers are never loaded.

        ``deleted``: False = live assessments, True = deleted ones, None = both.
        """
        query = (
            select(Assessment.id, Assessment.country_code, Country.name, Country.region,
                   Country.alt_names, Assessment.title, Assessment.status,
                   Assessment.framework_id, Assessment.framework_version,
                   Assessment.overall_score, Assessment.overall_band, Assessment.coverage,
                   Assessment.provisional, Assessment.red_flags, Assessment.as_of,
                   Assessment.updated_at, Assessment.deleted_at, Assessment.overall_low,
                   Assessment.overall_high)
            .join(Country, Country.code == Assessment.country_code)
            .order_by(Assessment.updated_at.desc())
        )
        if deleted is not None:
            query = query.where(Assessment.deleted_at.is_not(None) if deleted
                                else Assessment.deleted_at.is_(None))
        if ids is not None:
            query = query.where(Assessment.id.in_(list(ids)))
        with self._db.session() as session:
            rows = session.execute(query).all()
        return [summary_from_row(tuple(row)) for row in rows]

    def frameworks(self) -> list[Framework]:
        """Frameworks a new assessment can use: the bundled ones and the ministry's own."""
        with self._db.session() as session:
            stored = [self._catalog.get(session, h) for h, _i, _v, origin
                      in self._catalog.stored(session) if origin != "bundled"]
        found = {f.content_hash: f for f in [*self._catalog.bundled, *stored]}
        return sorted(found.values(), key=lambda f: (f.id != "aibri", f.id, f.version))

    def markings(self, assessment_ids: Iterable[str]) -> set[str]:
        """The markings of these assessments, in one query (no record is loaded)."""
        ids = list(dict.fromkeys(assessment_ids))
        found: set[str] = set()
        with self._db.session() as session:
            for start in range(0, len(ids), 500):
                found.update(session.scalars(select(Assessment.marking).where(
                    Assessment.id.in_(ids[start:start + 500]))))
        return found

    def count(self) -> int:
        with self._db.session() as session:
            return int(session.scalar(select(func.count()).select_from(Assessment)
                                      .where(Assessment.deleted_at.is_(None))) or 0)

    def change_counter(self) -> int:
        """The library's change counter: it moves with every committed write, from any
        window or command (see :meth:`Database.change_counter`)."""
        return self._db.change_counter()

    def revision(self, assessment_id: str) -> int | None:
        """The assessment's revision (it moves with every change of it); None once it is
        gone (purged, or replaced by a restore that does not hold it)."""
        with self._db.session() as session:
            return session.scalar(select(Assessment.revision).where(
                Assessment.id == assessment_id))

    def load(self, assessment_id: str) -> AssessmentRecord:
        with self._db.session() as session:
            row = self._get(session, assessment_id)
            return self._record(session, row)

    # ---- creating --------------------------------------------------------------------------

    def create(self, *, country_code: str, title: str, as_of: date, assessor: str = "",
               marking: str = "", framework: Framework | None = None,
               modules: Iterable[str] = (), supplier: SupplierProfile | None = None,
               perspective: str | None = None) -> Change[None]:
        """A new draft. A format-2 framework measures exposure to a supplier state (the default
        profile unless one is given); a format-1 framework names the PRC itself and takes no
        profile. ``perspective``: "inside" (the analyst's own country) or "outside"."""
        self._db.require(Action.EDIT)
        framework = framework or self._catalog.default()
        country = self._countries.get(country_code)
        if country is None:
            raise InvalidInputError(f"'{country_code}' is not a known country code.")
        if perspective is not None and perspective not in PERSPECTIVES:
            raise InvalidInputError(f"'{perspective}' is not a perspective (inside or outside).")
        if framework.format < 2:
            if supplier is not None and supplier.id != DEFAULT_SUPPLIER:
                raise InvalidInputError(
                    f"{framework.label} is written for the PRC only; choose a framework of "
                    "version 2 or later to assess exposure to another supplier state.")
            supplier = None
        else:
            supplier = supplier or self._suppliers.default()
        title = _clean_title(title)
        modules = frozenset(modules)
        try:
            check_modules(framework, modules)
        except DetailsError as exc:
            raise InvalidInputError(str(exc)) from None
        now = self._clock()
        new_id = str(uuid.uuid4())
        with self._db.session(write=True) as session:
            self._catalog.ensure_stored(session, framework)
            if supplier is not None:
                self._suppliers.ensure_stored(session, supplier)
            _, scores = rescore(framework, {}, modules)
            session.add(Assessment(
                id=new_id, revision=1, country_code=country.code, title=title,
                assessor=assessor.strip(), as_of=as_of, status="draft", marking=marking.strip(),
                framework_id=framework.id, framework_version=framework.version,
                framework_hash=framework.content_hash, modules=format_modules(modules),
                created_at=now, updated_at=now, perspective=perspective,
                **_supplier_fields(supplier), **scores,
            ))
        return Change(ChangeKind.CREATED, (new_id,), scores_changed=True,
                      summary=f"Created “{title}” ({country.name}).")

    # ---- answering -------------------------------------------------------------------------

    def answer(self, *, assessment_id: str, indicator_id: str, who: str,
               state: AnswerState | str = _UNSET, level: int | None = _UNSET,
               confidence: Confidence | str | None = _UNSET, na_reason: str | None = _UNSET,
               evidence: str = _UNSET, sources: str = _UNSET, as_of: date | None = _UNSET,
               carried_over: bool = _UNSET, level_low: int | None = _UNSET,
               level_high: int | None = _UNSET,
               expected: dict[str, Any] | None = None,
               expected_revision: int | None = None) -> Change[AnswerSaved]:
        """Change one answer; fields not given keep their value. One transaction.

        ``expected`` (undo and redo): the answer's saved fields as this caller last saw them.
        If someone else (the command line, another window) has changed the answer since, the
        change is refused and nothing is written: an undo never reverts their work.
        ``expected_revision`` (``aibri answer --if-revision``): the whole assessment must still
        be at this revision, else nothing is written and the refusal says who changed what."""
        self._db.require(Action.EDIT)
        given = {k: v for k, v in {
            "state": state, "level": level, "confidence": confidence, "na_reason": na_reason,
            "evidence": evidence, "sources": sources, "as_of": as_of,
            "carried_over": carried_over, "level_low": level_low,
            "level_high": level_high}.items() if v is not _UNSET}
        with self._db.session(write=True) as session:
            row = self._get(session, assessment_id)
            self._check_unlocked(row)
            if expected_revision is not None and row.revision != expected_revision:
                raise ChangedSinceError(self._revision_moved(session, row, expected_revision))
            framework = self._framework_of(session, row)
            if not framework.has_indicator(indicator_id):
                raise InvalidInputError(
                    f"{indicator_id} is not an indicator of {framework.label}.")
            modules = parse_modules(row.modules)
            dim = framework.indicator(indicator_id).dimension_id
            if framework.dimension(dim).optional and dim not in modules:
                raise InvalidInputError(
                    f"{indicator_id} belongs to the module {dim}, which this assessment "
                    "does not use.")
            answer_rows = {a.indicator_id: a for a in session.scalars(
                select(AnswerRow).where(AnswerRow.assessment_id == row.id))}
            current_row = answer_rows.get(indicator_id)
            old = answer_from_row(current_row) if current_row is not None else None
            if expected is not None and _updated(Answer(indicator_id), {
                    **expected, "carried_over": expected.get("carried_over", False)}) != (
                    old or Answer(indicator_id)):
                raise ChangedSinceError(self._changed_since(session, row.id, indicator_id))
            new = _updated(old or Answer(indicator_id), given)
            if new == old or (old is None and new == Answer(indicator_id)):
                return Change(ChangeKind.ANSWERED, summary=f"{indicator_id}: nothing changed.")
            now = self._clock()
            if current_row is None:
                current_row = AnswerRow(assessment_id=row.id, indicator_id=indicator_id,
                                        updated_at=now, **answer_fields(new))
                session.add(current_row)
                answer_rows[indicator_id] = current_row
            else:
                for key, value in answer_fields(new).items():
                    setattr(current_row, key, value)
                current_row.updated_at = now
            session.add(AnswerHistoryRow(
                assessment_id=row.id, indicator_id=indicator_id, changed_at=now,
                changed_by=self._db.author(who), old_value=answer_json(old),
                new_value=answer_json(new)))
            answers = {k: answer_from_row(v) for k, v in answer_rows.items()}
            answers[indicator_id] = new
            score, scores = rescore(framework, answers, modules)
            scores_changed = _score_fields_differ(row, scores)
            for key, value in scores.items():
                setattr(row, key, value)
            row.updated_at = now
            row.revision += 1
        return Change(ChangeKind.ANSWERED, (row.id,), (indicator_id,),
                      scores_changed=scores_changed, summary=_describe(indicator_id, old, new),
                      payload=AnswerSaved(new, old, score, row.revision))

    @staticmethod
    def _revision_moved(session: Session, row: Assessment, expected: int) -> str:
        """Why a change made on revision ``expected`` is refused: the newest change, by whom
        and when."""
        last = session.execute(
            select(AnswerHistoryRow.indicator_id, AnswerHistoryRow.changed_by,
                   AnswerHistoryRow.changed_at)
            .where(AnswerHistoryRow.assessment_id == row.id)
            .order_by(AnswerHistoryRow.id.desc()).limit(1)).first()
        detail = session.execute(
            select(DetailHistoryRow.field, DetailHistoryRow.changed_by,
                   DetailHistoryRow.changed_at)
            .where(DetailHistoryRow.assessment_id == row.id)
            .order_by(DetailHistoryRow.id.desc()).limit(1)).first()
        newest = max((x for x in (last, detail) if x is not None), key=lambda x: x[2],
                     default=None)
        what = (f"; the newest change: {newest[0]} by {newest[1]} at "
                f"{newest[2].astimezone().strftime('%Y-%m-%d %H:%M:%S')}"
                if newest is not None else "")
        return (f"“{row.title}” is at revision {row.revision}, not {expected}: it was changed "
                f"since{what}. Nothing was changed; read it again (aibri show) and decide.")

    @staticmethod
    def _changed_since(session: Session, assessment_id: str, indicator_id: str) -> str:
        last = session.execute(select(AnswerHistoryRow.changed_by, AnswerHistoryRow.changed_at)
                               .where(AnswerHistoryRow.assessment_id == assessment_id,
                                      AnswerHistoryRow.indicator_id == indicator_id)
                               .order_by(AnswerHistoryRow.id.desc()).limit(1)).first()
        if last is None:
            return translate("{indicator} was changed elsewhere since; saving would overwrite "
                             "that change, so nothing was changed.").format(
                                 indicator=indicator_id)
        return translate("{indicator} was changed elsewhere since by {who} at {time}; saving "
                         "would overwrite that change, so nothing was changed.").format(
                             indicator=indicator_id, who=last[0],
                             time=last[1].astimezone().strftime("%H:%M:%S"))

    # ---- details ---------------------------------------------------------------------------

    def edit_details(self, *, assessment_id: str, who: str, expected: Details | None = None,
                     **given: Any) -> Change[DetailsSaved]:
        """Change an assessment's details (title, as_of, marking, assessor, perspective,
        modules); those not given keep their value. A draft only: nothing of a final or
        archived assessment changes. Each changed field writes one history row; a change of
        modules rescores (a module turned off keeps its answers, set aside). One transaction.

        ``expected`` (undo and redo): the details as this caller last saw them; if they were
        changed elsewhere since, nothing is written."""
        self._db.require(Action.EDIT)
        with self._db.session(write=True) as session:
            row = self._get(session, assessment_id)
            reason = lock_reason(row.status, row.deleted_at is not None, row.title,
                                 action="details", _=translate)
            if reason:
                raise LockedError(reason)
            before = Details(title=row.title, as_of=row.as_of, marking=row.marking,
                             assessor=row.assessor, perspective=row.perspective,
                             modules=parse_modules(row.modules))
            if expected is not None and expected != before:
                raise ChangedSinceError(
                    f"The details of “{row.title}” were changed elsewhere since you opened "
                    "them; nothing was changed. The stored details are shown now.")
            framework = self._framework_of(session, row)
            try:
                after = before.changed(**given)
                check_modules(framework, after.modules)
            except DetailsError as exc:
                raise InvalidInputError(f"{exc} Nothing was changed.") from None
            changes = before.differences(after)
            if not changes:
                return Change(ChangeKind.DETAILS,
                              summary=f"“{row.title}”: the details are unchanged.")
            now = self._clock()
            for name, old, new in changes:
                session.add(DetailHistoryRow(
                    assessment_id=row.id, field=name, changed_at=now,
                    changed_by=self._db.author(who),
                    old_value=json.dumps(details_json(name, old), ensure_ascii=False),
                    new_value=json.dumps(details_json(name, new), ensure_ascii=False)))
            row.title, row.as_of, row.marking = after.title, after.as_of, after.marking
            row.assessor, row.perspective = after.assessor, after.perspective
            answers = {a.indicator_id: answer_from_row(a) for a in session.execute(
                select(*ANSWER_COLUMNS).where(AnswerRow.assessment_id == row.id))}
            scores_changed = False
            if after.modules != before.modules:
                row.modules = format_modules(after.modules)
                score, scores = rescore(framework, answers, after.modules)
                scores_changed = _score_fields_differ(row, scores)
                for key, value in scores.items():
                    setattr(row, key, value)
            else:
                score = score_assessment(framework, answers, after.modules)
            row.updated_at = now
            row.revision += 1
        return Change(ChangeKind.DETAILS, (row.id,), scores_changed=scores_changed,
                      summary=translate("Details of “{title}” saved: {changes}.").format(
                          title=after.title, changes=change_words(changes, _=translate)),
                      payload=DetailsSaved(before, after, score, row.revision))

    def detail_history(self, assessment_id: str) -> list[DetailChange]:
        """Every change of the assessment's details, oldest first."""
        with self._db.session() as session:
            self._get(session, assessment_id)
            return [DetailChange(h.field, h.changed_at, h.changed_by,
                                 details_from_json(h.field, json.loads(h.old_value)),
                                 details_from_json(h.field, json.loads(h.new_value)))
                    for h in session.scalars(select(DetailHistoryRow).where(
                        DetailHistoryRow.assessment_id == assessment_id).order_by(
                        DetailHistoryRow.id))]

    # ---- lifecycle -------------------------------------------------------------------------

    def duplicate_as_follow_up(self, *, assessment_id: str, who: str, title: str | None = None,
                               as_of: date | None = None, framework: Framework | None = None
                               ) -> Change[FollowUpMade]:
        """A new draft seeded from an earlier assessment; its answers are marked carried over.

        ``framework``: a newer version of the same framework to carry the assessment to. Then
        only the answers of items the new version marks unchanged carry over (for the same
        supplier state); changed and split items start unanswered, and
        :meth:`earlier_answers` gives the old answer to show beside them."""
        self._db.require(Action.EDIT)
        now = self._clock()
        new_id = str(uuid.uuid4())
        with self._db.session(write=True) as session:
            source = self._get(session, assessment_id)
            old_framework = self._framework_of(session, source)
            target = old_framework if framework is None else framework
            if target.id != old_framework.id:
                raise InvalidInputError(
                    f"A follow-up continues the same framework: {target.label} is not a "
                    f"version of {old_framework.id}.")
            if version_key(target.version) < version_key(old_framework.version):
                raise InvalidInputError(
                    f"A follow-up cannot go back from {old_framework.label} to {target.label}.")
            same = target.content_hash == old_framework.content_hash
            supplier = self.supplier_of(session, source)
            # a format-1 framework's texts name the PRC: its answers are about that supplier
            old_supplier = supplier.id if supplier is not None else DEFAULT_SUPPLIER
            if not same:
                self._catalog.ensure_stored(session, target)
                if target.format >= 2 and supplier is None:
                    supplier = self._suppliers.default()  # version 1 named the PRC itself
                if supplier is not None:
                    self._suppliers.ensure_stored(session, supplier)
                    target = self._suppliers.render(target, supplier)
            new_supplier = supplier.id if supplier is not None else DEFAULT_SUPPLIER
            modules = parse_modules(source.modules) & set(target.optional_dimension_ids)
            old_answers = {row.indicator_id: answer_from_row(row) for row in session.scalars(
                select(AnswerRow).where(AnswerRow.assessment_id == source.id))}
            copied: dict[str, Answer] = {}
            for indicator in target.indicators():
                if same:
                    old_id: str | None = indicator.id
                elif indicator.previous is not None and indicator.previous.unchanged and (
                        old_supplier == new_supplier or not indicator.supplier_specific):
                    old_id = indicator.previous.id
                else:
                    old_id = None
                answer = old_answers.get(old_id) if old_id is not None else None
                if answer is None or answer.state is AnswerState.UNANSWERED:
                    continue
                copied[indicator.id] = replace(
                    answer, indicator_id=indicator.id, carried_over=True,
                    # an unknown of an older version kept one
                    confidence=None if answer.state.value in NO_CONFIDENCE else answer.confidence)
            _, scores = rescore(target, copied, modules)
            new_title = _clean_title(title or f"{source.title} (follow-up)")
            session.add(Assessment(
                id=new_id, revision=1, country_code=source.country_code, title=new_title,
                assessor=source.assessor, as_of=as_of or now.date(), status="draft",
                marking=source.marking, framework_id=target.id,
                framework_version=target.version, framework_hash=target.content_hash,
                modules=format_modules(modules), predecessor_id=source.id,
                perspective=source.perspective, created_at=now, updated_at=now,
                **_supplier_fields(supplier), **scores))
            session.flush()
            for answer in copied.values():
                session.add(AnswerRow(assessment_id=new_id, indicator_id=answer.indicator_id,
                                      updated_at=now, **answer_fields(answer)))
                session.add(AnswerHistoryRow(
                    assessment_id=new_id, indicator_id=answer.indicator_id, changed_at=now,
                    changed_by=self._db.author(who), old_value="{}", new_value=answer_json(answer)))
        moved = "" if same else f" on {target.label}"
        return Change(ChangeKind.CREATED, (new_id,), tuple(copied), scores_changed=True,
                      summary=f"Created follow-up “{new_title}”{moved} with {len(copied)} "
                              "carried-over answers to review.",
                      payload=FollowUpMade(source.id, len(copied)))

    def earlier_answers(self, assessment_id: str) -> dict[str, tuple[str, Answer, bool]]:
        """For a follow-up on a newer framework version: per item that did not carry over, the
        predecessor's answer to the item it continues or, for a new half of a split item, to
        the item it was split from (its id, the answer, and whether it was a split), shown for
        reference. Empty when the predecessor used the same framework or is gone."""
        with self._db.session() as session:
            row = self._get(session, assessment_id)
            if row.predecessor_id is None:
                return {}
            before = session.get(Assessment, row.predecessor_id)
            if before is None or before.framework_hash == row.framework_hash:
                return {}
            framework = self._framework_of(session, row)
            earlier_version = before.framework_version
            old = {a.indicator_id: answer_from_row(a) for a in session.scalars(
                select(AnswerRow).where(AnswerRow.assessment_id == before.id))}
            current = {a.indicator_id for a in session.scalars(
                select(AnswerRow).where(AnswerRow.assessment_id == row.id))}
        splits = {new_id: split.earlier_id for lineage in bundled_lineages()
                  if lineage.applies_to(framework) and lineage.from_version == earlier_version
                  for new_id, split in lineage.split_from.items()}
        found: dict[str, tuple[str, Answer, bool]] = {}
        for indicator in framework.indicators():
            if indicator.id in current:
                continue
            previous = indicator.previous
            earlier_id = previous.id if previous is not None else splits.get(indicator.id)
            if earlier_id is None:
                continue
            answer = old.get(earlier_id)
            if answer is not None and answer.state is not AnswerState.UNANSWERED:
                found[indicator.id] = (earlier_id, answer, previous is None)
        return found

    def mark_final(self, *, assessment_ids: Iterable[str], who: str = "") -> Change[StatusChanged]:
        """Sign-off: records who reviewed it and when, locks the answers, stores robustness."""
        self._db.require(Action.SIGN)
        return self._set_status(assessment_ids, "final", allowed_from=("draft",), who=who)

    def archive(self, *, assessment_ids: Iterable[str]) -> Change[StatusChanged]:
        self._db.require(Action.SIGN)
        return self._set_status(assessment_ids, "archived", allowed_from=("draft", "final"))

    def delete(self, *, assessment_ids: Iterable[str]) -> Change[StatusChanged]:
        """Soft delete: the assessments move to the 'Deleted' view and can be restored."""
        return self._set_deleted(assessment_ids, deleted=True)

    def restore(self, *, assessment_ids: Iterable[str]) -> Change[StatusChanged]:
        return self._set_deleted(assessment_ids, deleted=False)

    def rescore_to_current_rules(self, *, assessment_id: str, who: str
                                 ) -> Change[StatusChanged]:
        """A reviewer moves a final (or archived) assessment kept on scoring rules version 1
        to the current version: its stored figures and robustness are recomputed from the
        same answers, and the library log records who did it and what the headline was.
        Nothing else changes a signed-off assessment's figures (docs/scoring.md)."""
        self._db.require(Action.SIGN)
        who = self._db.author(who)
        if not who.strip():
            raise InvalidInputError("Rescoring a signed-off assessment needs the reviewer's "
                                    "name.")
        now = self._clock()
        with self._db.session(write=True) as session:
            row = self._get(session, assessment_id, include_deleted=False)
            rules = rules_of(row)
            if rules >= SCORING_RULES:
                raise InvalidInputError(
                    f"“{row.title}” is already scored under version {SCORING_RULES} of the "
                    "scoring rules; nothing was changed.")
            record = self._record(session, row)
            before = (f"{row.overall_score:.1f} {row.overall_band or ''}".strip()
                      if row.overall_score is not None else "no score")
            _, scores = rescore(record.framework, record.answers, record.modules)
            for key, value in scores.items():
                setattr(row, key, value)
            if row.robustness is not None:
                row.robustness = json.dumps(robustness(
                    record.framework, record.answers, record.modules).to_json())
            row.scoring_rules = SCORING_RULES
            row.updated_at = now
            row.revision += 1
            session.add(LibraryLogRow(at=now, by=who.strip(), event="rescored", detail=(
                f"assessment {row.id} (“{row.title[:80]}”): scoring rules 1 → "
                f"{SCORING_RULES}; stored figures were {before}")))
        return Change(ChangeKind.STATUS, (assessment_id,), scores_changed=True,
                      summary=f"“{row.title}” is now scored under version {SCORING_RULES} of "
                              "the scoring rules; the library log records it.",
                      payload=StatusChanged(row.status, deleted=False))

    # ---- helpers ---------------------------------------------------------------------------

    def _set_status(self, ids: Iterable[str], status: str, *, allowed_from: tuple[str, ...],
                    who: str = "") -> Change[StatusChanged]:
        ids = tuple(dict.fromkeys(ids))
        now = self._clock()
        with self._db.session(write=True) as session:
            rows = [self._get(session, i) for i in ids]
            for row in rows:
                if row.deleted_at is not None:
                    raise LockedError(lock_reason(row.status, True, row.title, action="status",
                                                  _=translate))
                if row.status not in allowed_from and row.status != status:
                    raise LockedError(transition_refusal(row.title, row.status, status,
                                                         _=translate))
            changed = [row for row in rows if row.status != status]
            for row in changed:
                if status == "final":
                    row.reviewed_by = self._db.author(who) or None
                    row.finalised_at = now
                    record = self._record(session, row)
                    row.robustness = json.dumps(
                        robustness(record.framework, record.answers, record.modules).to_json())
                row.status = status
                row.updated_at = now
                row.revision += 1
        word = {"final": "marked final", "archived": "archived"}[status]
        summary = f"{len(changed)} assessment(s) {word}."
        if len(changed) < len(rows):  # say why the others did not change
            summary += f" {len(rows) - len(changed)} already {status}: unchanged" + (
                ", their sign-off as recorded." if status == "final" else ".")
        return Change(ChangeKind.STATUS, tuple(r.id for r in changed), summary=summary,
                      payload=StatusChanged(status, deleted=False))

    def _set_deleted(self, ids: Iterable[str], *, deleted: bool) -> Change[StatusChanged]:
        self._db.require(Action.EDIT)
        ids = tuple(dict.fromkeys(ids))
        now = self._clock()
        with self._db.session(write=True) as session:
            rows = [self._get(session, i, include_deleted=True) for i in ids]
            changed = [r for r in rows if (r.deleted_at is not None) != deleted]
            for row in changed:
                row.deleted_at = now if deleted else None
                row.updated_at = now
                row.revision += 1
        kind = ChangeKind.DELETED if deleted else ChangeKind.RESTORED
        word = "deleted (recoverable from Deleted)" if deleted else "restored"
        return Change(kind, tuple(r.id for r in changed),
                      summary=f"{len(changed)} assessment(s) {word}.",
                      payload=StatusChanged(None, deleted=deleted))

    def purge(self, *, assessment_ids: Iterable[str], who: str) -> Change[None]:
        """Remove deleted assessments for good: their rows, answers and answer history.
        Follow-ups lose the link to them; the register keeps its entries of briefs that left
        (without the link); the library log records the purge (ids, not titles). Then the
        database file is compacted so that their text is gone from it. Only deleted
        assessments are purged: delete first, then purge."""
        self._db.require(Action.MAINTAIN)
        ids = tuple(dict.fromkeys(assessment_ids))
        if not ids:
            raise InvalidInputError("Choose at least one deleted assessment to purge.")
        now = self._clock()
        with maintenance(self._db.path, "Purging"), self._db.session(write=True) as session:
            rows = [self._get(session, i) for i in ids]
            live = [r for r in rows if r.deleted_at is None]
            if live:
                raise InvalidInputError(
                    f"“{live[0].title}” is not deleted; delete it first. Purge removes "
                    "deleted assessments for good.")
            for entry in session.scalars(select(IssuedBrief).where(
                    IssuedBrief.assessment_id.in_(ids))):
                entry.assessment_id = None  # through the ORM: the entry is sealed again
            for follower in session.scalars(select(Assessment).where(
                    Assessment.predecessor_id.in_(ids), Assessment.id.not_in(ids))):
                follower.predecessor_id = None
            session.flush()
            for row in rows:
                session.delete(row)  # answers and history go with it (ON DELETE CASCADE)
            session.add(LibraryLogRow(at=now, by=self._db.author(who), event="purged", detail=(
                f"{len(rows)} deleted assessment(s) removed for good: {', '.join(ids)}")))
        self._db.compact()
        if self.after_purge is not None:
            self.after_purge()  # a verified backup that no longer holds them
        return Change(ChangeKind.BULK, ids, summary=(
            f"Purged {len(rows)} assessment(s): their answers, history and text are gone "
            "from this database and its newest backup. Backups made before still hold them."))

    def _get(self, session: Session, assessment_id: str, *, include_deleted: bool = True
             ) -> Assessment:
        """The assessment's row; in a write unit read FOR UPDATE (see ``WRITE_UNIT``): a
        second writer of the same assessment on a server waits for the first to commit, then
        reads what it wrote, so no change is computed from answers another just replaced."""
        row = session.get(Assessment, assessment_id,
                          with_for_update=True if session.info.get(WRITE_UNIT) else None)
        if row is None or (row.deleted_at is not None and not include_deleted):
            raise NotFoundError(f"No assessment has the id {assessment_id}.")
        return row

    @staticmethod
    def _check_unlocked(row: Assessment) -> None:
        reason = lock_reason(row.status, row.deleted_at is not None, row.title, _=translate)
        if reason:
            raise LockedError(reason)

    def _framework_of(self, session: Session, row: Assessment) -> Framework:
        """The assessment's framework as its analyst reads it: a format-2 framework with its
        supplier profile's names filled in."""
        framework = self._catalog.get(session, row.framework_hash)
        if framework.format < 2:
            return framework
        # a format-2 assessment without a recorded supplier (none is made so; a hand-edited
        # file could hold one) reads as the default: never with a placeholder left
        profile = (self._suppliers.default() if row.supplier_hash is None
                   else self._suppliers.stored(session, row.supplier_hash))
        return self._suppliers.render(framework, profile)

    def supplier_of(self, session: Session, row: Assessment) -> SupplierProfile | None:
        return None if row.supplier_hash is None else self._suppliers.stored(
            session, row.supplier_hash)

    def _record(self, session: Session, row: Assessment) -> AssessmentRecord:
        framework = self._framework_of(session, row)
        answers = {a.indicator_id: answer_from_row(a) for a in session.execute(
            select(*ANSWER_COLUMNS).where(AnswerRow.assessment_id == row.id))}
        modules = parse_modules(row.modules)
        score = score_assessment(framework, answers, modules)  # the row's columns: not needed
        country = self._countries.get(row.country_code)
        assert country is not None, row.country_code
        stored = Robustness.from_json(json.loads(row.robustness)) if row.robustness else None
        return AssessmentRecord(
            id=row.id, revision=row.revision, country=country, title=row.title,
            assessor=row.assessor, as_of=row.as_of, status=row.status, marking=row.marking,
            framework=framework, modules=modules, predecessor_id=row.predecessor_id,
            created_at=row.created_at, updated_at=row.updated_at,
            deleted=row.deleted_at is not None, answers=answers, score=score,
            stored_robustness=stored,
            judgements=Judgements.from_json(json.loads(row.judgements)) if row.judgements
            else Judgements(), reviewed_by=row.reviewed_by, finalised_at=row.finalised_at,
            scoring_rules=rules_of(row), supplier=self.supplier_of(session, row),
            perspective=row.perspective)

    def set_judgements(self, *, assessment_id: str, judgements: Judgements,
                       expected: Judgements | None = None) -> Change[JudgementsSaved]:
        """Replace the analyst's judgement (a draft only: a final assessment is signed off).

        ``expected``: the judgement as this caller last saw it. If it was changed elsewhere
        since (the command line, another window), nothing is written: the caller is told and
        shown the stored one, never overwrites it unseen."""
        self._db.require(Action.EDIT)
        with self._db.session(write=True) as session:
            row = self._get(session, assessment_id)
            self._check_unlocked(row)
            stored = (Judgements.from_json(json.loads(row.judgements)) if row.judgements
                      else Judgements())
            if expected is not None and stored.to_json() != expected.to_json():
                raise ChangedSinceError(
                    f"The judgement of “{row.title}” was changed elsewhere since you opened "
                    "it; nothing was changed. The stored judgement is shown now.")
            # only the framework's own dimensions and options: anything else would travel in
            # an export that its own import refuses
            framework = self._framework_of(session, row)
            unknown = sorted({*judgements.comments} - {d.id for d in framework.dimensions}) + \
                sorted({*judgements.options} - {o.id for i in framework.indicators()
                                                for o in i.options})
            if unknown:
                raise InvalidInputError(f"{unknown[0]} is not a dimension or policy option of "
                                        f"{framework.label}; the judgement was not saved.")
            text = json.dumps(judgements.to_json(), ensure_ascii=False, sort_keys=True)
            if (row.judgements or json.dumps(Judgements().to_json(), sort_keys=True)) == text:
                return Change(ChangeKind.JUDGED, summary="Judgement: nothing changed.")
            row.judgements = text
            row.updated_at = self._clock()
            row.revision += 1
        return Change(ChangeKind.JUDGED, (assessment_id,), summary="Judgement saved.",
                      payload=JudgementsSaved(judgements, row.revision))


def _supplier_fields(supplier: SupplierProfile | None) -> dict[str, str | None]:
    """An assessment row's supplier columns (all None for a format-1 framework)."""
    if supplier is None:
        return {"supplier_id": None, "supplier_version": None, "supplier_hash": None}
    return {"supplier_id": supplier.id, "supplier_version": supplier.version,
            "supplier_hash": supplier.content_hash}


def _clean_title(title: str) -> str:
    try:
        return clean_title(title)
    except DetailsError as exc:
        raise InvalidInputError(str(exc)) from None


def _updated(current: Answer, given: dict[str, Any]) -> Answer:
    values = {name: getattr(current, name) for name in ANSWER_FIELDS}
    values.update(given)
    state = AnswerState(values["state"])
    ranged = ("level_low", "level_high")
    if "level" in given and given["level"] is not None and "state" not in given:
        state = AnswerState.ANSWERED
    if any(given.get(name) is not None for name in ranged) and "state" not in given:
        state = AnswerState.RANGE
    if state is not AnswerState.ANSWERED and "level" not in given:
        values["level"] = None  # a level belongs to an answered indicator only
    if state is not AnswerState.RANGE and not any(name in given for name in ranged):
        values["level_low"] = values["level_high"] = None  # and two levels to a range
    if state.value in NO_CONFIDENCE:
        if given.get("confidence"):
            kind = "an unknown" if state is AnswerState.UNKNOWN else "a range"
            raise InvalidInputError(f"{current.indicator_id}: {kind} answer carries no "
                                    "confidence level; nothing was changed.")
        values["confidence"] = None  # an unknown has no level to be sure of
    if "carried_over" not in given:
        values["carried_over"] = False  # any edit of a carried-over answer reviews it
    for text_field in ("evidence", "sources", "na_reason"):
        if values[text_field] is not None and len(values[text_field]) > MAX_TEXT:
            raise InvalidInputError(f"The {text_field.replace('_', ' ')} is longer than "
                                    f"{MAX_TEXT:,} characters.")
    try:
        check_sources_text(values["sources"] or "")
    except SourceError as exc:
        raise InvalidInputError(f"{current.indicator_id}: {exc} Nothing was changed.") from None
    try:
        return Answer(
            indicator_id=current.indicator_id, state=state, level=values["level"],
            confidence=Confidence(values["confidence"]) if values["confidence"] else None,
            na_reason=values["na_reason"] or None, evidence=values["evidence"] or "",
            sources=values["sources"] or "", as_of=values["as_of"],
            carried_over=bool(values["carried_over"]),
            level_low=values["level_low"], level_high=values["level_high"],
        )
    except (AnswerError, ValueError) as exc:
        raise InvalidInputError(str(exc)) from None


def _score_fields_differ(row: Assessment, scores: dict[str, Any]) -> bool:
    return any(getattr(row, key) != value for key, value in scores.items())


# describe_state and describe_answer (imported above from domain/describe.py) stay importable
# from here.


def _describe(indicator_id: str, old: Answer | None, new: Answer) -> str:
    """The status line of a saved answer: "DS-03 level 2 → 3. Saved."."""
    return describe_change(indicator_id, old, new, saved=True, _=translate)


@cache
def bundled_lineages() -> tuple[Lineage, ...]:
    """The shipped lineage files (which new item was split from which earlier one)."""
    return tuple(loads_lineage(path.read_text(encoding="utf-8"), path.name)
                 for path in paths.bundled_lineage_files())
