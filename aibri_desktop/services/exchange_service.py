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

from sqlalchemy import Table, delete, insert, select

from .. import __version__
from ..domain.answers import Answer, AnswerState, Confidence
from ..domain.framework import Framework
from ..domain.judgements import Judgements
from ..domain.robustness import robustness
from ..exchange.aibri_file import (
    MAX_ASSESSMENTS,
    MAX_FILE_BYTES,
    ExchangeError,
    dependency_order,
    read_exchange,
    write_exchange,
)
from ..exchange.csv_export import answers_csv, scores_csv
from ..storage.checksums import sealer
from ..storage.database import Database
from ..storage.models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    Country,
    FrameworkRecord,
    IssuedBrief,
)
from ..storage.types import utcnow
from .assessments import AssessmentService
from .changes import Change, ChangeKind
from .conversions import answer_fields, format_modules, parse_modules, rescore
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


def _locked_here(row: Assessment) -> bool:
    """Final and archived assessments are locked: an import never replaces them."""
    return row.status in ("final", "archived")


class ExchangeService:
    def __init__(self, database: Database, catalog: FrameworkCatalog,
                 assessments: AssessmentService) -> None:
        self._db = database
        self._catalog = catalog
        self._assessments = assessments
        self.before_import: BeforeImport | None = None  # the verified-backup hook

    # ---- export ----------------------------------------------------------------------------

    def _collect(self, ids: list[str]) -> tuple[list[dict[str, Any]], dict[str, str]]:
        items: list[dict[str, Any]] = []
        frameworks: dict[str, str] = {}
        with self._db.session() as session:
            for assessment_id in ids:
                row = session.get(Assessment, assessment_id)
                if row is None:
                    raise InvalidInputError(f"No assessment has the id {assessment_id}.")
                record = session.get(FrameworkRecord, row.framework_hash)
                assert record is not None
                frameworks[row.framework_hash] = record.content
                answers = session.scalars(select(AnswerRow).where(
                    AnswerRow.assessment_id == row.id).order_by(AnswerRow.indicator_id)).all()
                history = session.scalars(select(AnswerHistoryRow).where(
                    AnswerHistoryRow.assessment_id == row.id).order_by(AnswerHistoryRow.id))
                briefs = session.scalars(select(IssuedBrief).where(
                    IssuedBrief.assessment_id == row.id).order_by(IssuedBrief.id))
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
                    "answers": [{
                        "indicator": a.indicator_id, "state": a.state, "level": a.level,
                        "confidence": a.confidence, "na_reason": a.na_reason,
                        "evidence": a.evidence, "sources": a.sources,
                        "as_of": a.as_of.isoformat() if a.as_of else None,
                        "carried_over": a.carried_over} for a in answers],
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
                })
        return items, frameworks

    def export(self, ids: Iterable[str], target: Path) -> Change:
        ids = list(dict.fromkeys(ids))
        if not ids:
            raise InvalidInputError("Choose at least one assessment to export.")
        if len(ids) > MAX_ASSESSMENTS:
            raise InvalidInputError(
                f"{len(ids):,} assessments are chosen; at most {MAX_ASSESSMENTS:,} fit in one "
                ".aibri file. Split the export into several files.")
        items, frameworks = self._collect(ids)
        markings = sorted({i["marking"] for i in items if i["marking"]})
        data = write_exchange(items, frameworks, app_version=__version__, created=utcnow(),
                              markings=markings)
        write_user_file(target, data)
        return Change(ChangeKind.BULK, summary=f"Exported {len(items)} assessment(s) to "
                      f"{target} ({len(data) / 1024:.0f} KB).", details={"path": target})

    def export_csv(self, ids: Iterable[str], answers_target: Path, scores_target: Path
                   ) -> Change:
        ids = list(dict.fromkeys(ids))
        answer_rows: list[dict[str, Any]] = []
        score_rows: list[dict[str, Any]] = []
        markings: set[str] = set()
        for assessment_id in ids:
            record = self._assessments.load(assessment_id)
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
                                        "sources": a.sources if a else "",
                                        "answer_as_of": a.as_of.isoformat() if a and a.as_of
                                        else None,
                                        "carried_over": a.carried_over if a else False})
            from ..domain.summary import assessment_summary

            summary = assessment_summary(record.framework, record.score)
            o = summary["overall"]
            score_rows.append({**base, "overall_score": o["score"], "band": o["band"],
                               "low": o["low"], "high": o["high"], "coverage": o["coverage"],
                               "provisional": o["provisional"],
                               "residual": summary["residual"]["score"] if summary["residual"]
                               else None,
                               "red_flags": " ".join(f"{f['indicator']}:{f['kind']}"
                                                     for f in summary["red_flags"])})
        ordered = sorted(markings)
        write_user_file(answers_target, answers_csv(answer_rows, ordered))
        write_user_file(scores_target, scores_csv(score_rows, ordered))
        return Change(ChangeKind.BULK, summary=f"Wrote {len(answer_rows)} answer rows to "
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
                    progress: Callable[[int, int], None] | None = None) -> Change:
        exchange = self.read(path)
        plan = self._plan(exchange, on_conflict, path)
        if plan.older and not allow_older:
            raise InvalidInputError(
                f"{len(plan.older)} assessment(s) in the file are older revisions of ones in "
                f"this database (e.g. “{plan.older[0]}”); replacing would lose newer work. "
                "Nothing was imported. Allow it explicitly to replace them anyway.")
        if self.before_import is not None:
            self.before_import()
        imported: list[str] = []
        now = utcnow()
        total = len(exchange.assessments)
        ordered = dependency_order(exchange.assessments)
        # The scoring and robustness of every assessment (most of an import's time) are done
        # before the write transaction opens, so the database is locked only while rows are
        # written. Progress counts both halves; Cancel in either writes nothing.
        prepared: list[_Prepared] = []
        for n, item in enumerate(ordered):
            framework = exchange.frameworks[item["framework_hash"]][1]
            prepared.append(_prepare(item, framework))
            if progress is not None:
                progress(n + 1, 2 * total)
        with self._db.session() as session:
            for content_hash, (text, framework) in exchange.frameworks.items():
                if session.get(FrameworkRecord, content_hash) is None:
                    self._catalog.ensure_stored(session, framework, origin="imported", text=text)
            # file id -> the id it is stored under (a copy gets a new one): a follow-up in
            # the file links to what its predecessor became here
            stored_as: dict[str, str] = {}
            for n, (item, ready) in enumerate(zip(ordered, prepared, strict=True)):
                existing = session.get(Assessment, item["id"])
                target_id = item["id"]
                title = item["title"]
                followers: list[Assessment] = []
                entries: list[IssuedBrief] = []
                if existing is not None:
                    if on_conflict == "skip" or (on_conflict == "replace"
                                                 and _locked_here(existing)):
                        # a final or archived assessment here is signed off: never replaced
                        stored_as[item["id"]] = item["id"]
                        continue
                    if on_conflict == "replace":
                        # the database's own follow-ups of the replaced one keep their link,
                        # and its register entries their assessment (the delete sets both to
                        # NULL behind the ORM's back)
                        followers = list(session.scalars(select(Assessment).where(
                            Assessment.predecessor_id == existing.id,
                            Assessment.id != existing.id)))
                        entries = list(session.scalars(select(IssuedBrief).where(
                            IssuedBrief.assessment_id == existing.id)))
                        session.execute(delete(Assessment).where(Assessment.id == existing.id))
                        session.flush()
                        for follower in followers:
                            session.expire(follower, ["predecessor_id"])
                        for entry in entries:
                            session.expire(entry, ["assessment_id"])
                    else:
                        target_id = str(uuid.uuid4())
                        title = f"{title} (imported copy)"[:300]
                predecessor = item["predecessor_id"]
                if predecessor is not None:
                    predecessor = stored_as.get(predecessor) or (
                        predecessor if session.get(Assessment, predecessor) is not None
                        else None)
                self._insert(session, item, ready, target_id, title, predecessor, now)
                for follower in followers:
                    follower.predecessor_id = target_id
                for entry in entries:
                    entry.assessment_id = target_id
                self._register(session, item["briefs"], target_id)
                stored_as[item["id"]] = target_id
                imported.append(target_id)
                if progress is not None:
                    progress(total + n + 1, 2 * total)
        skipped = total - len(imported) - len(plan.kept)
        return Change(ChangeKind.BULK, tuple(imported), scores_changed=True,
                      summary=f"Imported {len(imported)} assessment(s) from {path.name}"
                              + (f"; {skipped} already here were skipped" if skipped else "")
                              + (f"; {len(plan.unlinked)} without the link to a predecessor "
                                 "that is neither in the file nor here" if plan.unlinked
                                 else "") + "."
                              + "".join(f"\n{line}." for line in plan.kept),
                      details={"kept": plan.kept})

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

    def _insert(self, session: Any, item: dict[str, Any], ready: _Prepared, target_id: str,
                title: str, predecessor: str | None, now: datetime) -> None:
        """Add one assessment; ``predecessor`` is already stored (or None)."""
        framework, modules, answers = ready.framework, ready.modules, ready.answers
        scores, stored_robustness, judgements = ready.scores, ready.robustness, ready.judgements
        session.add(Assessment(
            id=target_id, revision=item["revision"], country_code=item["country_code"],
            title=title, assessor=item["assessor"], as_of=date.fromisoformat(item["as_of"]),
            status=item["status"], marking=item["marking"], framework_id=framework.id,
            framework_version=framework.version, framework_hash=framework.content_hash,
            modules=format_modules(modules), predecessor_id=predecessor,
            created_at=_moment(item["created_at"]), updated_at=now,
            robustness=stored_robustness, judgements=judgements,
            reviewed_by=item["reviewed_by"],
            finalised_at=_moment(item["finalised_at"]) if item["finalised_at"] else None,
            deleted_at=_moment(item["deleted_at"]) if item["deleted_at"] else None, **scores))
        session.flush()
        # answers and history in one statement each (Core, no ORM bookkeeping): the write
        # transaction is what other writers wait for. Core bypasses the ORM hook that seals
        # rows, so each answer gets its checksum here, as the demo's bulk insert does.
        seal = sealer(session)
        rows = []
        for answer in answers.values():
            row = {"assessment_id": target_id, "indicator_id": answer.indicator_id,
                   "updated_at": now, **answer_fields(answer)}
            row["checksum"] = seal(AnswerRow, row) if seal else None
            rows.append(row)
        connection = session.connection()
        if rows:
            connection.execute(insert(_table(AnswerRow)), rows)
        history = [{"assessment_id": target_id, "indicator_id": h["indicator"],
                    "changed_at": _moment(h["changed_at"]), "changed_by": h["changed_by"],
                    "old_value": json.dumps(h["old"], ensure_ascii=False, sort_keys=True),
                    "new_value": json.dumps(h["new"], ensure_ascii=False, sort_keys=True)}
                   for h in item["history"]]
        for entry in history:
            entry["checksum"] = seal(AnswerHistoryRow, entry) if seal else None
        if history:
            connection.execute(insert(_table(AnswerHistoryRow)), history)


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """What an import computes for one assessment before the write transaction opens."""
    framework: Framework
    modules: frozenset[str]
    answers: dict[str, Answer]
    scores: dict[str, Any]
    robustness: str | None
    judgements: str | None


def _prepare(item: dict[str, Any], framework: Framework) -> _Prepared:
    modules = frozenset(item["modules"])
    answers: dict[str, Answer] = {}
    for a in item["answers"]:
        answers[a["indicator"]] = Answer(
            indicator_id=a["indicator"], state=AnswerState(a["state"]), level=a["level"],
            confidence=Confidence(a["confidence"]) if a["confidence"] else None,
            na_reason=a["na_reason"] or None, evidence=a["evidence"],
            sources=a["sources"],
            as_of=date.fromisoformat(a["as_of"]) if a["as_of"] else None,
            carried_over=a["carried_over"])
    _, scores = rescore(framework, answers, modules)
    stored_robustness = None
    if item["status"] == "final" or item["finalised_at"] is not None:
        # stored at sign-off, and kept when archived afterwards
        stored_robustness = json.dumps(robustness(framework, answers, modules).to_json())
    judgements = None
    if item["judgements"] is not None:
        judgements = json.dumps(Judgements.from_json(item["judgements"]).to_json(),
                                ensure_ascii=False, sort_keys=True)
    return _Prepared(framework, modules, answers, scores, stored_robustness, judgements)


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)

