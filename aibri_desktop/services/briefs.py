"""Writing country briefs: one, or many with progress and cancel. Always atomically."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from .. import __version__
from ..domain.locks import lock_reason
from ..i18n import _ as translate
from ..reports.model import BriefData, assemble
from ..storage.checksums import assessment_failures, key_state
from ..storage.database import Database
from ..storage.models import IssuedBrief
from ..storage.types import utcnow
from .assessments import AssessmentService
from .changes import Change, ChangeKind, FileWritten
from .compare import Comparison
from .errors import DatabaseError, ServiceError
from .filenames import suggested_filename
from .files import write_user_file
from .library_settings import LibrarySettingsService
from .reference import ReferenceService

Progress = Callable[[int, int], None]


class BriefService:
    def __init__(self, assessments: AssessmentService, database: Database | None = None,
                 clock: Callable[[], datetime] = utcnow, *,
                 library: LibrarySettingsService | None = None,
                 reference: ReferenceService | None = None) -> None:
        self._assessments = assessments
        self._reference = reference  # which answers came from public data
        self._db = database
        self._clock = clock
        self._library = library  # the library's decision threshold, stated when set

    def data(self, assessment_id: str, *, marking: str | None = None,
             include_assessor: bool = False) -> BriefData:
        record = self._assessments.load(assessment_id)
        marks, reference = (self._reference.public_data_marks(assessment_id)
                            if self._reference is not None else ({}, ""))
        return assemble(
            framework=record.framework, answers=record.answers, modules=record.modules,
            score=record.score, robustness=record.robustness(),
            robustness_stored=record.stored_robustness is not None, country=record.country.name,
            country_code=record.country.code, region=record.country.region, title=record.title,
            as_of=record.as_of, marking=record.marking if marking is None else marking,
            generated_at=self._clock(), app_version=__version__,
            assessor=record.assessor if include_assessor else "",
            judgements=record.judgements, scoring_rules=record.scoring_rules,
            threshold=self._library.threshold() if self._library is not None else None,
            supplier=record.supplier, perspective=record.perspective, public_data=marks,
            reference=reference, status=record.status, reviewed_by=record.reviewed_by,
            finalised_at=record.finalised_at,
            paper=self._library.paper() if self._library is not None else "a4")

    def write(self, assessment_id: str, target: Path, *, evidence: bool = False,
              marking: str | None = None, include_assessor: bool = False,
              recipient: str = "", who: str = "", allow_unverified: bool = False
              ) -> Change[FileWritten]:
        """A PDF brief, or an editable DOCX one when ``target`` ends in .docx.

        Refused when rows of the assessment fail their checksums (a minister must not read
        figures changed outside the app), unless ``allow_unverified``: then every page says
        so."""
        record = self._assessments.load(assessment_id)
        if record.deleted:
            raise ServiceError(lock_reason(record.status, True, record.title, action="brief",
                                           _=translate) + " Nothing was written.")
        failures = self.unverified_rows(assessment_id)
        if failures and not allow_unverified and self._sealed_elsewhere():
            raise ServiceError(
                "The brief was not written: this library was sealed on another computer, so "
                "its rows cannot be verified here. If you trust this copy, adopt it (aibri "
                "check --adopt, or File → Adopt this library… in the app), or write the brief "
                "marked UNVERIFIED on every page with --allow-unverified.")
        if failures and not allow_unverified:
            raise ServiceError(
                f"The brief was not written: {len(failures)} row(s) of this assessment do not "
                f"match their checksums ({', '.join(failures[:3])}), so its figures may have "
                "been changed outside AIBRI Desktop. Restore a verified backup (aibri backups), "
                "or write it marked UNVERIFIED on every page with --allow-unverified.")
        data = self.data(assessment_id, marking=marking, include_assessor=include_assessor)
        if failures:
            data = replace(data, unverified=True)
        if target.suffix.lower() == ".docx":
            from ..reports.docx_brief import render_docx_brief

            pdf = render_docx_brief(data, evidence_annex=evidence)
            kind = "docx"
        else:
            from ..reports.country_brief import render_country_brief

            pdf = render_country_brief(data, evidence_annex=evidence)
            kind = "pdf"
        self._write_registered(assessment_id, kind, data.marking, target, pdf, recipient, who)
        return Change(ChangeKind.FILE, summary=f"Wrote the brief {target} "
                      f"({len(pdf) / 1024:.0f} KB).", payload=FileWritten(target))

    def write_requests(self, assessment_id: str, target: Path, *,
                       marking: str | None = None) -> Change[FileWritten]:
        """The evidence request list of an assessment's open items: PDF, DOCX or CSV by the
        file's suffix, with the classification marking."""
        from ..domain.requests import evidence_requests
        from ..domain.verdict import words_of
        from ..reports.requests_doc import RequestsMeta, holders_words

        record = self._assessments.load(assessment_id)
        requests = evidence_requests(record.framework, dict(record.answers), record.score)
        if not requests:
            raise ServiceError(f"“{record.title}” has no open item: every indicator is "
                               "answered. Nothing was written.")
        summary = assemble(
            framework=record.framework, answers=record.answers, modules=record.modules,
            score=record.score, robustness=None, country=record.country.name,
            country_code=record.country.code, region=record.country.region,
            title=record.title, as_of=record.as_of, marking=record.marking,
            generated_at=self._clock(), app_version=__version__, supplier=record.supplier,
            perspective=record.perspective)
        meta = RequestsMeta(
            country=record.country.name, title=record.title, as_of=record.as_of.isoformat(),
            exposure=summary.exposure, marking=record.marking if marking is None else marking,
            verdict=words_of(summary.overall, _=translate) or translate("not yet scored"),
            generated_at=self._clock(), app_version=__version__)
        suffix = target.suffix.lower()
        if suffix == ".csv":
            from ..exchange.csv_export import requests_csv

            data = requests_csv([[r.indicator_id, r.title, "yes" if r.must else "no",
                                  r.evidence, holders_words(r.holders), r.state, float(r.share)]
                                 for r in requests], [meta.marking])
        elif suffix == ".docx":
            from ..reports.requests_doc import render_requests_docx

            data = render_requests_docx(meta, requests)
        elif suffix == ".pdf":
            from ..reports.requests_doc import render_requests_pdf

            data = render_requests_pdf(meta, requests)
        else:
            raise ServiceError(f"Nothing was written to {target}: the evidence request list "
                               "is written as .pdf, .docx or .csv.")
        write_user_file(target, data)
        must = sum(1 for r in requests if r.must)
        return Change(ChangeKind.FILE, summary=f"Wrote the evidence requests {target}: "
                      f"{len(requests)} open items, {must} to answer before the verdict can "
                      f"settle ({len(data) / 1024:.0f} KB).", payload=FileWritten(target))

    def unverified_rows(self, assessment_id: str) -> list[str]:
        """The rows of the assessment that fail their checksums, in words ([]: all verified)."""
        if self._db is None:
            return []
        with self._db.session() as session:
            return assessment_failures(session, assessment_id)

    def _sealed_elsewhere(self) -> bool:
        if self._db is None:
            return False
        with self._db.session() as session:
            return key_state(session).sealed_elsewhere

    def _write_registered(self, assessment_id: str | None, kind: str, marking: str,
                          target: Path, data: bytes, recipient: str, who: str) -> None:
        """Write the file and enter it in the register together: the entry is made first, in
        a transaction that commits only once the file is written. A refused entry (read-only
        database, full disk) writes no file; a failed file enters nothing; only a commit that
        fails after the file is written leaves a file without its entry, and says so."""
        if self._db is None:
            write_user_file(target, data)
            return
        target = target.expanduser().absolute()  # the register keeps where it went
        written = False
        try:
            with self._db.session(write=True) as session:
                session.add(IssuedBrief(assessment_id=assessment_id, issued_at=self._clock(),
                                        format=kind, marking=marking, file_name=str(target),
                                        sha256=hashlib.sha256(data).hexdigest(),
                                        recipient=recipient.strip()[:200],
                                        issued_by=self._db.author(who)))
                session.flush()
                write_user_file(target, data)
                written = True
        except DatabaseError as exc:
            if written:
                raise ServiceError(
                    f"The brief was written to {target}, but it could not be entered in the "
                    f"register of issued briefs ({str(exc).rstrip('.')}). Write it again once "
                    "the database can be written, so that the register holds it.") from None
            raise ServiceError(f"The brief was not written: {str(exc).rstrip('.')}; no file "
                               "was written and the register is unchanged.") from None

    def register(self) -> list[dict[str, str]]:
        """Every brief issued from this database, newest first."""
        if self._db is None:
            return []
        with self._db.session() as session:
            rows = session.scalars(select(IssuedBrief).order_by(IssuedBrief.id.desc())).all()
            return [{"issued_at": r.issued_at.isoformat(timespec="seconds"),
                     "format": r.format, "marking": r.marking, "file_name": r.file_name,
                     "sha256": r.sha256, "recipient": r.recipient, "issued_by": r.issued_by,
                     "assessment_id": r.assessment_id or ""} for r in rows]

    def register_csv(self, target: Path) -> Change[None]:
        import csv
        import io

        from ..exchange.csv_export import safe_row

        rows = self.register()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = ["issued_at", "format", "marking", "file_name", "sha256", "recipient",
                   "issued_by", "assessment_id"]
        writer.writerow(columns)
        writer.writerows([safe_row(r[c] for c in columns) for r in rows])
        write_user_file(target, buffer.getvalue().encode("utf-8-sig"))
        return Change(ChangeKind.FILE, summary=f"Wrote the register ({len(rows)} briefs) to "
                      f"{target}.")

    def write_many(self, assessment_ids: Iterable[str], folder: Path, *,
                   evidence: bool = False, progress: Progress | None = None,
                   who: str = "") -> list[Path]:
        """One brief per assessment into ``folder``, each entered in the register as issued
        by ``who``."""
        ids = list(assessment_ids)
        written: list[Path] = []
        for n, assessment_id in enumerate(ids):
            record = self._assessments.load(assessment_id)
            target = _unique(folder / suggested_filename(record), written)
            self.write(assessment_id, target, evidence=evidence, who=who)
            written.append(target)
            if progress is not None:
                progress(n + 1, len(ids))
        return written


def _unique(path: Path, taken: list[Path]) -> Path:
    candidate, n = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate



class ComparisonBriefService:
    """The comparison brief PDF; the marking is every distinct marking of the assessments."""

    def __init__(self, clock: Callable[[], datetime] = utcnow,
                 library: LibrarySettingsService | None = None) -> None:
        self._clock = clock
        self._library = library

    def write(self, comparison: Comparison, target: Path) -> Change[FileWritten]:
        from ..reports.comparison_brief import render_comparison_brief

        markings = list(dict.fromkeys(r.marking for r in comparison.records if r.marking))
        pdf = render_comparison_brief(comparison.summary, marking=" / ".join(markings),
                                      app_version=__version__, generated_at=self._clock(),
                                      alignment=comparison.alignment,
                                      paper=self._library.paper() if self._library is not None
                                      else "a4")
        write_user_file(target, pdf)
        return Change(ChangeKind.FILE, summary=f"Wrote the comparison brief {target} "
                      f"({len(pdf) / 1024:.0f} KB).", payload=FileWritten(target))
