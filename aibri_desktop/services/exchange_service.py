"""Export and import of .aibri files, and CSV export.

An import is validated completely before anything is written, then applied in one transaction
after a verified backup; scores are recomputed from the answers, never taken from the file.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select

from .. import __version__
from ..domain.answer_sources import cited
from ..domain.answers import Answer, AnswerState, Confidence
from ..domain.framework import Framework
from ..domain.judgements import Judgements
from ..domain.locks import lock_reason
from ..domain.robustness import robustness
from ..domain.roles import Action
from ..domain.scoring import SCORING_RULES
from ..domain.suppliers import SupplierProfile
from ..domain.verdict import words_of
from ..exchange.aibri_file import (
    MAX_ASSESSMENTS,
    MAX_FILE_BYTES,
    ExchangeError,
    dependency_order,
    read_exchange,
    write_exchange,
)
from ..exchange.csv_export import answers_csv, scores_csv
from ..i18n import _ as translate
from ..storage.bulk import BulkInsert, bulk_cache, prepare_insert, table_of
from ..storage.checksums import Sealer
from ..storage.database import Database
from ..storage.locks import maintenance
from ..storage.models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    Country,
    DetailHistoryRow,
    FrameworkRecord,
    IssuedBrief,
    SuggestionDecision,
    SupplierProfileRecord,
)
from ..storage.types import utcnow
from .assessments import AssessmentService
from .changes import Change, ChangeKind, FileWritten, Imported
from .conversions import answer_fields, format_modules, parse_modules, rescore, rules_of
from .errors import InvalidInputError
from .files import write_user_file
from .frameworks import FrameworkCatalog

CONFLICTS = ("skip", "replace", "copy")
BeforeImport = Callable[[], object]


@dataclass(frozen=True)
class ImportPlan:
    new: int
    replaced: int
    copied: int
    skipped: int
    older: list[str]  # titles whose incoming revision is older than the stored one
    # titles whose predecessor is neither in the file nor here: imported without the link
    unlinked: list[str]
    # one line for each assessment `replace` leaves alone because it is signed off here
    # (final or archived): "skipped: <title> is final (signed off by X on D); use ..."
    kept: list[str] = dataclasses.field(default_factory=list)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _optional_iso(value: datetime | None) -> str | None:
    return None if value is None else _iso(value)


def kept_line(row: Assessment) -> str:
    """Why ``replace`` leaves an assessment here alone: it is signed off (final or archived)."""
    if row.finalised_at is not None:
        signed = (f"signed off by {row.reviewed_by or 'an unrecorded reviewer'} on "
                  f"{row.finalised_at.astimezone(UTC).date().isoformat()}")
    else:
        signed = "marked final before sign-offs were recorded"
    title = row.title if len(row.title) <= 80 else row.title[:79] + "…"
    return (f"skipped: {title} is {row.status} ({signed}); use --on-conflict copy to import "
            "it as a copy")


LOCKED = ("final", "archived")  # signed off: an import never replaces them


def _locked_here(row: Assessment) -> bool:
    """Final and archived assessments are locked: an import never replaces them."""
    return row.status in LOCKED


class ExchangeService:
    def __init__(self, database: Database, catalog: FrameworkCatalog,
                 assessments: AssessmentService) -> None:
        self._db = database
        self._catalog = catalog
        self._assessments = assessments
        self.before_import: BeforeImport | None = None  # the verified-backup hook

    # ---- export ----------------------------------------------------------------------------

    def _collect(self, ids: list[str]
                 ) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
        items: list[dict[str, Any]] = []
        frameworks: dict[str, str] = {}
        suppliers: dict[str, str] = {}
        with self._db.session() as session:
            for assessment_id in ids:
                row = session.get(Assessment, assessment_id)
                if row is None:
                    raise InvalidInputError(f"No assessment has the id {assessment_id}.")
                record = session.get(FrameworkRecord, row.framework_hash)
                assert record is not None
                frameworks[row.framework_hash] = record.content
                if row.supplier_hash is not None:
                    profile = session.get(SupplierProfileRecord, row.supplier_hash)
                    assert profile is not None, row.supplier_hash
                    suppliers[row.supplier_hash] = profile.content
                answers = session.scalars(select(AnswerRow).where(
                    AnswerRow.assessment_id == row.id).order_by(AnswerRow.indicator_id)).all()
                history = session.scalars(select(AnswerHistoryRow).where(
                    AnswerHistoryRow.assessment_id == row.id).order_by(AnswerHistoryRow.id))
                briefs = session.scalars(select(IssuedBrief).where(
                    IssuedBrief.assessment_id == row.id).order_by(IssuedBrief.id))
                details = session.scalars(select(DetailHistoryRow).where(
                    DetailHistoryRow.assessment_id == row.id).order_by(DetailHistoryRow.id))
                decisions = session.scalars(select(SuggestionDecision).where(
                    SuggestionDecision.assessment_id == row.id).order_by(
                    SuggestionDecision.indicator_id))
                reviewer = row.reviewed_by
                if reviewer is None and row.finalised_at is not None:
                    reviewer = "unknown"  # as the app records a reviewer it cannot name
                items.append({
                    "id": row.id, "revision": row.revision, "country_code": row.country_code,
                    "title": row.title, "assessor": row.assessor,
                    "as_of": row.as_of.isoformat(), "status": row.status,
                    "marking": row.marking, "framework_hash": row.framework_hash,
                    "modules": sorted(parse_modules(row.modules)),
                    "predecessor_id": row.predecessor_id,
                    "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at),
                    "robustness": json.loads(row.robustness) if row.robustness else None,
                    "scoring_rules": rules_of(row),
                    "supplier_hash": row.supplier_hash, "perspective": row.perspective,
                    "answers": [{
                        "indicator": a.indicator_id, "state": a.state, "level": a.level,
                        "confidence": a.confidence, "na_reason": a.na_reason,
                        "evidence": a.evidence, "sources": a.sources,
                        "as_of": a.as_of.isoformat() if a.as_of else None,
                        "carried_over": a.carried_over, "level_low": a.level_low,
                        "level_high": a.level_high} for a in answers],
                    "history": [{"indicator": h.indicator_id, "changed_at": _iso(h.changed_at),
                                 "changed_by": h.changed_by, "old": json.loads(h.old_value),
                                 "new": json.loads(h.new_value)} for h in history],
                    "reviewed_by": reviewer, "finalised_at": _optional_iso(row.finalised_at),
                    "judgements": json.loads(row.judgements) if row.judgements else None,
                    "deleted_at": _optional_iso(row.deleted_at),
                    "briefs": [{"issued_at": _iso(b.issued_at), "format": b.format,
                                "marking": b.marking, "file_name": b.file_name,
                                "sha256": b.sha256, "recipient": b.recipient,
                                "issued_by": b.issued_by} for b in briefs],
                    "suggestions": [{"indicator": d.indicator_id, "decision": d.decision,
                                     "dataset_version": d.dataset_version,
                                     "dataset_hash": d.dataset_hash, "by": d.by,
                                     "at": _iso(d.at)} for d in decisions],
                    "details_history": [{"field": h.field, "changed_at": _iso(h.changed_at),
                                         "changed_by": h.changed_by,
                                         "old": json.loads(h.old_value),
                                         "new": json.loads(h.new_value)} for h in details],
                })
        return items, frameworks, suppliers

    def export(self, ids: Iterable[str], target: Path, *, include_deleted: bool = False
               ) -> Change[FileWritten]:
        """Write the assessments to an .aibri file. A deleted one is refused unless
        ``include_deleted`` (it then travels marked deleted)."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise InvalidInputError("Choose at least one assessment to export.")
        if len(ids) > MAX_ASSESSMENTS:
            raise InvalidInputError(
                f"{len(ids):,} assessments are chosen; at most {MAX_ASSESSMENTS:,} fit in one "
                ".aibri file. Split the export into several files.")
        items, frameworks, suppliers = self._collect(ids)
        deleted = [i for i in items if i["deleted_at"]]
        if deleted and not include_deleted:
            more = (f" {len(deleted) - 1} more of those chosen are deleted too."
                    if len(deleted) > 1 else "")
            raise InvalidInputError(
                lock_reason(deleted[0]["status"], True, deleted[0]["title"], action="export",
                            _=translate) + more + " Or include deleted assessments explicitly "
                "(aibri export --include-deleted): they travel marked deleted. Nothing was "
                "written.")
        markings = sorted({i["marking"] for i in items if i["marking"]})
        data = write_exchange(items, frameworks, app_version=__version__, created=utcnow(),
                              markings=markings, suppliers=suppliers)
        write_user_file(target, data)
        return Change(ChangeKind.FILE, summary=f"Exported {len(items)} assessment(s) to "
                      f"{target} ({len(data) / 1024:.0f} KB).", payload=FileWritten(target))

    def export_csv(self, ids: Iterable[str], answers_target: Path, scores_target: Path
                   ) -> Change[None]:
        ids = list(dict.fromkeys(ids))
        answer_rows: list[dict[str, Any]] = []
        score_rows: list[dict[str, Any]] = []
        markings: set[str] = set()
        for assessment_id in ids:
            record = self._assessments.load(assessment_id)
            if record.deleted:
                raise InvalidInputError(lock_reason(record.status, True, record.title,
                                                    action="export", _=translate)
                                        + " Nothing was written.")
            if record.marking:
                markings.add(record.marking)
            base = {"assessment_id": record.id, "country_code": record.country.code,
                    "country": record.country.name, "title": record.title,
                    "as_of": record.as_of.isoformat(), "status": record.status,
                    "framework": record.framework.label}
            for dimension in record.framework.enabled_dimensions(record.modules):
                for indicator in dimension.indicators:
                    a = record.answers.get(indicator.id)
                    answer_rows.append({**base, "dimension": dimension.id,
                                        "indicator": indicator.id,
                                        "state": a.state.value if a else "unanswered",
                                        "level": a.level if a else None,
                                        "confidence": a.confidence.value if a and a.confidence
                                        else None, "na_reason": a.na_reason if a else None,
                                        "evidence": a.evidence if a else "",
                                        "sources": cited(a.sources) if a else "",
                                        "answer_as_of": a.as_of.isoformat() if a and a.as_of
                                        else None,
                                        "carried_over": a.carried_over if a else False,
                                        "level_low": a.level_low if a else None,
                                        "level_high": a.level_high if a else None})
            from ..domain.summary import assessment_summary

            summary = assessment_summary(record.framework, record.score,
                                         rules=record.scoring_rules)
            o = summary["overall"]
            r = summary["residual"]
            score_rows.append({**base, "scoring_rules": record.scoring_rules,
                               "verdict": words_of(o, _=translate),
                               "residual_verdict": words_of(r, _=translate),
                               "overall_score": o["score"], "band": o["band"],
                               "low": o["low"], "high": o["high"], "coverage": o["coverage"],
                               "provisional": o["provisional"],
                               "residual": summary["residual"]["score"] if summary["residual"]
                               else None,
                               "red_flags": " ".join(f"{f['indicator']}:{f['kind']}"
                                                     for f in summary["red_flags"])})
        ordered = sorted(markings)
        write_user_file(answers_target, answers_csv(answer_rows, ordered))
        write_user_file(scores_target, scores_csv(score_rows, ordered))
        return Change(ChangeKind.FILE, summary=f"Wrote {len(answer_rows)} answer rows to "
                      f"{answers_target} and {len(score_rows)} score rows to {scores_target}.")

    # ---- import ----------------------------------------------------------------------------

    def read(self, path: Path) -> Any:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InvalidInputError(f"{path}: the file is larger than "
                                        f"{MAX_FILE_BYTES // 2**20} MB")
            data = path.read_bytes()
        except FileNotFoundError:
            raise InvalidInputError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise InvalidInputError(f"{path}: is a folder, not an .aibri file") from None
        except OSError as exc:
            raise InvalidInputError(f"{path}: cannot be read ({exc.strerror})") from None
        try:
            return read_exchange(data)
        except ExchangeError as exc:
            raise InvalidInputError(f"{path}: {exc}") from None

    def plan(self, path: Path, on_conflict: str) -> ImportPlan:
        exchange = self.read(path)
        return self._plan(exchange, on_conflict, path)

    def plans(self, path: Path, policies: Iterable[str]) -> dict[str, ImportPlan]:
        """The file's plan under each conflict policy, reading and validating it once: the
        window asks for "skip" and "replace" in one pass behind it, before its questions."""
        exchange = self.read(path)
        return {policy: self._plan(exchange, policy, path) for policy in policies}

    def _plan(self, exchange: Any, on_conflict: str, path: Path) -> ImportPlan:
        if on_conflict not in CONFLICTS:
            raise InvalidInputError(f"--on-conflict must be one of {', '.join(CONFLICTS)}")
        ids = [a["id"] for a in exchange.assessments]
        outside = {a["predecessor_id"] for a in exchange.assessments
                   if a["predecessor_id"] is not None} - set(ids)
        with self._db.session() as session:
            existing = {r.id: r for r in session.scalars(
                select(Assessment).where(Assessment.id.in_(ids)))}
            codes = {c for (c,) in session.execute(select(Country.code))}
            here = set(session.scalars(select(Assessment.id).where(
                Assessment.id.in_(outside))))
            self._check_frameworks(session, exchange, path)
        for n, item in enumerate(exchange.assessments):
            if item["country_code"] not in codes:
                raise InvalidInputError(f"{path}: assessments.json: [{n}].country_code: "
                                        f"'{item['country_code']}' is not a known country")
        new = sum(1 for i in ids if i not in existing)
        clash = [a for a in exchange.assessments if a["id"] in existing]
        kept: list[str] = []
        if on_conflict == "replace":
            kept = [kept_line(existing[a["id"]]) for a in clash
                    if _locked_here(existing[a["id"]])]
            clash = [a for a in clash if not _locked_here(existing[a["id"]])]
        older = [a["title"] for a in clash if on_conflict == "replace"
                 and a["revision"] < existing[a["id"]].revision]
        unlinked = [a["title"] for a in exchange.assessments
                    if a["predecessor_id"] in outside and a["predecessor_id"] not in here]
        return ImportPlan(new=new, replaced=len(clash) if on_conflict == "replace" else 0,
                          copied=len(clash) if on_conflict == "copy" else 0,
                          skipped=len(clash) if on_conflict == "skip" else len(kept),
                          older=older, unlinked=unlinked, kept=kept)

    def _check_frameworks(self, session: Any, exchange: Any, path: Path) -> None:
        """A framework new here may not take the id and version of a different one that is
        bundled or stored (as `aibri framework add` refuses it): two different "aibri 1.1.0"
        would make every assessment's framework ambiguous."""
        known = {(f.id, f.version, f.content_hash) for f in self._catalog.bundled}
        known |= {(framework_id, version, content_hash) for content_hash, framework_id, version, _o
                  in self._catalog.stored(session)}
        hashes = {content_hash for _i, _v, content_hash in known}
        for content_hash, (_text, framework) in exchange.frameworks.items():
            if content_hash in hashes:
                continue
            if any((i, v) == (framework.id, framework.version) for i, v, _h in known):
                raise InvalidInputError(
                    f"{path}: frameworks/{content_hash}.json: a different framework "
                    f"{framework.label} already exists here (same id and version, other "
                    "content); nothing was imported. The framework must get its own id or a "
                    "new version number.")

    def import_file(self, path: Path, *, on_conflict: str = "skip", allow_older: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> Change[Imported]:
        self._db.require(Action.EDIT)
        exchange = self.read(path)
        plan = self._plan(exchange, on_conflict, path)
        if plan.replaced:  # replacing deletes the stored assessment with its history
            self._db.require(Action.MAINTAIN)
        if plan.older and not allow_older:
            raise InvalidInputError(
                f"{len(plan.older)} assessment(s) in the file are older revisions of ones in "
                f"this database (e.g. “{plan.older[0]}”); replacing would lose newer work. "
                "Nothing was imported. Allow it explicitly to replace them anyway.")
        with maintenance(self._db.path if on_conflict == "replace" else None,
                         "An import that replaces assessments"):
            return self._import(exchange, plan, path, on_conflict, progress)

    def _import(self, exchange: Any, plan: ImportPlan, path: Path, on_conflict: str,
                progress: Callable[[int, int], None] | None) -> Change[Imported]:
        if self.before_import is not None:
            self.before_import()
        now = utcnow()
        total = len(exchange.assessments)
        ordered = dependency_order(exchange.assessments)
        # Everything that does not depend on the database's state at the moment of writing
        # (scores, robustness of signed-off work, the rows and their checksums) is done before
        # the write transaction opens, so another writer waits only while rows are inserted.
        # Progress counts both halves; Cancel in either writes nothing.
        prepared: list[_Prepared] = []
        for n, item in enumerate(ordered):
            framework = exchange.frameworks[item["framework_hash"]][1]
            supplier = (exchange.suppliers[item["supplier_hash"]][1]
                        if item["supplier_hash"] is not None else None)
            prepared.append(_prepare(item, framework, now, supplier))
            if progress is not None:
                progress(n + 1, 2 * total)
        ids = {item["id"] for item in ordered} | {
            item["predecessor_id"] for item in ordered if item["predecessor_id"]}
        copies = {item["id"]: str(uuid.uuid4()) for item in ordered}
        seal = self._db.sealer()
        with self._db.session() as session:
            layout = _lay_out(ordered, prepared, _snapshot(session, ids), on_conflict, copies,
                              seal, self._db.engine)
        with self._db.session(write=True) as session:
            for content_hash, (text, framework) in exchange.frameworks.items():
                if session.get(FrameworkRecord, content_hash) is None:
                    self._catalog.ensure_stored(session, framework, origin="imported", text=text)
            for content_hash, (text, profile) in exchange.suppliers.items():
                if session.get(SupplierProfileRecord, content_hash) is None:
                    session.add(SupplierProfileRecord(
                        content_hash=content_hash, supplier_id=profile.id,
                        version=profile.version, content=text, origin="imported",
                        added_at=now))
                    session.flush()
            here = _snapshot(session, ids)  # read under the write lock: nobody changes it now
            if here != layout.snapshot:  # another writer changed them since: lay out again
                layout = _lay_out(ordered, prepared, here, on_conflict, copies, seal,
                                  self._db.engine)
            self._write(session, layout, set(copies), total, progress)
        imported = [row["id"] for row in layout.assessments]
        skipped = total - len(imported) - len(plan.kept)
        return Change(ChangeKind.BULK, tuple(imported), scores_changed=True,
                      summary=f"Imported {len(imported)} assessment(s) from {path.name}"
                              + (f"; {skipped} already here were skipped" if skipped else "")
                              + (f"; {len(plan.unlinked)} without the link to a predecessor "
                                 "that is neither in the file nor here" if plan.unlinked
                                 else "") + "."
                              + "".join(f"\n{line}." for line in plan.kept),
                      payload=Imported(len(imported), skipped, len(plan.unlinked),
                                       tuple(plan.kept)))

    def _write(self, session: Any, layout: _Layout, file_ids: set[str], total: int,
               progress: Callable[[int, int], None] | None) -> None:
        """Insert the laid-out rows: a few statements of many rows each (Core, no ORM
        bookkeeping), in the file's dependency order so a predecessor is always there first."""
        # a replaced assessment's own follow-ups (not in the file) keep their link, and its
        # register entries their assessment: the delete sets both to NULL behind the ORM's back
        followers = list(session.scalars(select(Assessment).where(
            Assessment.predecessor_id.in_(layout.replaced),
            Assessment.id.not_in(file_ids)))) if layout.replaced else []
        entries = list(session.scalars(select(IssuedBrief).where(
            IssuedBrief.assessment_id.in_(layout.replaced)))) if layout.replaced else []
        links = [(f, f.predecessor_id) for f in followers]
        owners = [(e, e.assessment_id) for e in entries]
        connection = session.connection()
        if layout.replaced:
            connection.execute(delete(Assessment).where(Assessment.id.in_(layout.replaced)))
            for follower, _ in links:
                session.expire(follower, ["predecessor_id"])
            for entry, _ in owners:
                session.expire(entry, ["assessment_id"])
        rows = layout.assessments
        with bulk_cache(connection):
            for n, statements in enumerate(layout.chunks):
                for statement in statements:
                    statement.run(connection)
                if progress is not None:
                    progress(total + min(len(rows), (n + 1) * _CHUNK) * total // len(rows),
                             2 * total)
        for follower, target in links:
            follower.predecessor_id = target  # the id it had: the replacement has it too
        for entry, target in owners:
            entry.assessment_id = target
        for briefs, target_id in layout.registers:
            self._register(session, briefs, target_id)
        prepare_insert(self._db.engine, table_of(SuggestionDecision),
                       layout.decisions).run(connection)
        prepare_insert(self._db.engine, table_of(DetailHistoryRow),
                       layout.details).run(connection)
        if progress is not None and not rows:
            progress(2 * total, 2 * total)

    @staticmethod
    def _register(session: Any, briefs: list[dict[str, Any]], target_id: str) -> None:
        """Enter the file's issued briefs in the register, each once: an entry already here
        (the same brief: time, file, SHA-256 and the rest) is not entered again."""
        for b in briefs:
            issued_at = _moment(b["issued_at"])
            if session.scalar(select(IssuedBrief.id).where(
                    IssuedBrief.issued_at == issued_at, IssuedBrief.format == b["format"],
                    IssuedBrief.marking == b["marking"],
                    IssuedBrief.file_name == b["file_name"], IssuedBrief.sha256 == b["sha256"],
                    IssuedBrief.recipient == b["recipient"],
                    IssuedBrief.issued_by == b["issued_by"]).limit(1)) is not None:
                continue
            session.add(IssuedBrief(assessment_id=target_id, issued_at=issued_at,
                                    format=b["format"], marking=b["marking"],
                                    file_name=b["file_name"], sha256=b["sha256"],
                                    recipient=b["recipient"], issued_by=b["issued_by"]))


_CHUNK = 200  # assessments per insert statement (their answers and history follow each)


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """What an import computes for one assessment before the write transaction opens."""
    row: dict[str, Any]  # the assessment's columns but id, title, predecessor and checksum
    answers: list[dict[str, Any]]  # answer rows without assessment_id and checksum
    history: list[dict[str, Any]]  # history rows likewise


def _prepare(item: dict[str, Any], framework: Framework, now: datetime,
             supplier: SupplierProfile | None = None) -> _Prepared:
    modules = frozenset(item["modules"])
    answers: dict[str, Answer] = {}
    for a in item["answers"]:
        answers[a["indicator"]] = Answer(
            indicator_id=a["indicator"], state=AnswerState(a["state"]), level=a["level"],
            confidence=Confidence(a["confidence"]) if a["confidence"] else None,
            na_reason=a["na_reason"] or None, evidence=a["evidence"],
            sources=a["sources"],
            as_of=date.fromisoformat(a["as_of"]) if a["as_of"] else None,
            carried_over=a["carried_over"], level_low=a["level_low"],
            level_high=a["level_high"])
    _, scores = rescore(framework, answers, modules)
    stored_robustness = None
    if item["status"] == "final" or item["finalised_at"] is not None:
        # stored at sign-off, and kept when archived afterwards
        stored_robustness = json.dumps(robustness(framework, answers, modules).to_json())
    judgements = None
    if item["judgements"] is not None:
        judgements = json.dumps(Judgements.from_json(item["judgements"]).to_json(),
                                ensure_ascii=False, sort_keys=True)
    row = {
        "revision": item["revision"], "country_code": item["country_code"],
        "assessor": item["assessor"], "as_of": date.fromisoformat(item["as_of"]),
        "status": item["status"], "marking": item["marking"], "framework_id": framework.id,
        "framework_version": framework.version, "framework_hash": framework.content_hash,
        "modules": format_modules(modules), "created_at": _moment(item["created_at"]),
        "updated_at": now, "robustness": stored_robustness, "judgements": judgements,
        "reviewed_by": item["reviewed_by"],
        "finalised_at": _moment(item["finalised_at"]) if item["finalised_at"] else None,
        "deleted_at": _moment(item["deleted_at"]) if item["deleted_at"] else None,
        # a file of an older app carries no rules version: its drafts are scored under this
        # one's rules, its final assessments keep the version-1 figures they were signed on
        "scoring_rules": item.get("scoring_rules") or (
            SCORING_RULES if item["status"] == "draft" else 1),
        "supplier_id": supplier.id if supplier is not None else None,
        "supplier_version": supplier.version if supplier is not None else None,
        "supplier_hash": supplier.content_hash if supplier is not None else None,
        "perspective": item.get("perspective"), **scores}
    answer_rows = [{"indicator_id": answer.indicator_id, "updated_at": now,
                    **answer_fields(answer)} for answer in answers.values()]
    history = [{"indicator_id": h["indicator"], "changed_at": _moment(h["changed_at"]),
                "changed_by": h["changed_by"],
                "old_value": json.dumps(h["old"], ensure_ascii=False, sort_keys=True),
                "new_value": json.dumps(h["new"], ensure_ascii=False, sort_keys=True)}
               for h in item["history"]]
    return _Prepared(row, answer_rows, history)


@dataclass
class _Layout:
    """What the write will do, decided from which of the file's (and linked) ids exist here."""
    snapshot: dict[str, str]  # id -> status of those that exist
    replaced: list[str] = dataclasses.field(default_factory=list)
    assessments: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    answers: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)  # each's
    history: list[list[dict[str, Any]]] = dataclasses.field(default_factory=list)  # each's
    chunks: list[tuple[BulkInsert, ...]] = dataclasses.field(default_factory=list)
    registers: list[tuple[list[dict[str, Any]], str]] = dataclasses.field(default_factory=list)
    decisions: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # with checksums
    details: list[dict[str, Any]] = dataclasses.field(default_factory=list)  # likewise


def _snapshot(session: Any, ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        found.update((row_id, status) for row_id, status in session.execute(
            select(Assessment.id, Assessment.status).where(
                Assessment.id.in_(listed[start:start + 500]))))
    return found


def _lay_out(ordered: list[dict[str, Any]], prepared: list[_Prepared],
             snapshot: dict[str, str], on_conflict: str, copies: dict[str, str],
             seal: Sealer | None, engine: Engine) -> _Layout:
    """The rows to write, with their checksums: skip what the conflict rule skips (and every
    signed-off assessment here), replace or copy the rest, link follow-ups to what their
    predecessor became."""
    layout = _Layout(dict(snapshot))
    stored_as: dict[str, str] = {}  # file id -> the id it is stored under here
    for item, ready in zip(ordered, prepared, strict=True):
        target_id, title = item["id"], item["title"]
        status = snapshot.get(item["id"])
        if status is not None:
            if on_conflict == "skip" or (on_conflict == "replace" and status in LOCKED):
                stored_as[item["id"]] = item["id"]
                continue
            if on_conflict == "replace":
                layout.replaced.append(item["id"])
            else:
                target_id = copies[item["id"]]
                title = f"{title} (imported copy)"[:300]
        predecessor = item["predecessor_id"]
        if predecessor is not None:
            predecessor = stored_as.get(predecessor) or (
                predecessor if predecessor in snapshot else None)
        row = {**ready.row, "id": target_id, "title": title, "predecessor_id": predecessor}
        row["checksum"] = seal(Assessment, row) if seal else None
        layout.assessments.append(row)
        answers, history = [], []
        for answer in ready.answers:
            values = {**answer, "assessment_id": target_id}
            values["checksum"] = seal(AnswerRow, values) if seal else None
            answers.append(values)
        for entry in ready.history:
            values = {**entry, "assessment_id": target_id}
            values["checksum"] = seal(AnswerHistoryRow, values) if seal else None
            history.append(values)
        layout.answers.append(answers)
        layout.history.append(history)
        layout.registers.append((item["briefs"], target_id))
        for entry in item["suggestions"]:
            values = {"assessment_id": target_id, "indicator_id": entry["indicator"],
                      "decision": entry["decision"],
                      "dataset_version": entry["dataset_version"],
                      "dataset_hash": entry["dataset_hash"], "by": entry["by"],
                      "at": _moment(entry["at"])}
            values["checksum"] = seal(SuggestionDecision, values) if seal else None
            layout.decisions.append(values)
        for entry in item["details_history"]:
            values = {"assessment_id": target_id, "field": entry["field"],
                      "changed_at": _moment(entry["changed_at"]),
                      "changed_by": entry["changed_by"],
                      "old_value": json.dumps(entry["old"], ensure_ascii=False),
                      "new_value": json.dumps(entry["new"], ensure_ascii=False)}
            values["checksum"] = seal(DetailHistoryRow, values) if seal else None
            layout.details.append(values)
        stored_as[item["id"]] = target_id
    # the statements, parameters converted, in chunks: a predecessor's chunk comes first
    for start in range(0, len(layout.assessments), _CHUNK):
        end = start + _CHUNK
        layout.chunks.append((
            prepare_insert(engine, table_of(Assessment), layout.assessments[start:end]),
            prepare_insert(engine, table_of(AnswerRow),
                           [a for rows in layout.answers[start:end] for a in rows]),
            prepare_insert(engine, table_of(AnswerHistoryRow),
                           [h for rows in layout.history[start:end] for h in rows])))
    return layout


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)

