"""Writing country briefs: one, or many with progress and cancel. Always atomically."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from .. import __version__
from ..reports.model import BriefData, assemble
from ..storage.types import utcnow
from .assessments import AssessmentService
from .changes import Change, ChangeKind
from .compare import Comparison
from .errors import ServiceError
from .files import write_bytes_atomically
from .records import AssessmentRecord

Progress = Callable[[int, int], None]


def suggested_filename(record: AssessmentRecord, *, marking: str | None = None,
                       suffix: str = ".pdf") -> str:
    """Marking first, so a classified file says so in any folder listing."""
    parts = [marking if marking is not None else record.marking, record.country.name,
             record.title, record.as_of.isoformat()]
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return (text[:150] or "brief") + suffix


class BriefService:
    def __init__(self, assessments: AssessmentService,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._assessments = assessments
        self._clock = clock

    def data(self, assessment_id: str, *, marking: str | None = None,
             include_assessor: bool = False) -> BriefData:
        from ..domain.robustness import robustness

        record = self._assessments.load(assessment_id)
        robust = record.stored_robustness or robustness(record.framework, record.answers,
                                                        record.modules)
        return assemble(
            framework=record.framework, answers=record.answers, modules=record.modules,
            score=record.score, robustness=robust, country=record.country.name,
            country_code=record.country.code, region=record.country.region, title=record.title,
            as_of=record.as_of, marking=record.marking if marking is None else marking,
            generated_at=self._clock(), app_version=__version__,
            assessor=record.assessor if include_assessor else "")

    def write(self, assessment_id: str, target: Path, *, evidence: bool = False,
              marking: str | None = None, include_assessor: bool = False) -> Change:
        from ..reports.country_brief import render_country_brief

        data = self.data(assessment_id, marking=marking, include_assessor=include_assessor)
        pdf = render_country_brief(data, evidence_annex=evidence)
        _write(target, pdf)
        return Change(ChangeKind.BULK, summary=f"Wrote the brief {target} "
                      f"({len(pdf) / 1024:.0f} KB).", details={"path": target,
                                                                "bytes": len(pdf)})

    def write_many(self, assessment_ids: Iterable[str], folder: Path, *,
                   evidence: bool = False, progress: Progress | None = None) -> list[Path]:
        ids = list(assessment_ids)
        written: list[Path] = []
        for n, assessment_id in enumerate(ids):
            record = self._assessments.load(assessment_id)
            target = _unique(folder / suggested_filename(record), written)
            self.write(assessment_id, target, evidence=evidence)
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


def _write(target: Path, data: bytes) -> None:
    if target.is_dir():
        raise ServiceError(f"{target} is a folder; choose a file name for the brief.")
    if not target.parent.is_dir():
        raise ServiceError(f"The folder {target.parent} does not exist.")
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise ServiceError(f"Could not write {target} ({exc.strerror or exc}). Nothing was "
                           "written; an earlier file of that name is unchanged.") from None


class ComparisonBriefService:
    """The comparison brief PDF; the marking is every distinct marking of the assessments."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self._clock = clock

    def write(self, comparison: Comparison, target: Path) -> Change:
        from ..reports.comparison_brief import render_comparison_brief

        markings = list(dict.fromkeys(r.marking for r in comparison.records if r.marking))
        pdf = render_comparison_brief(comparison.summary, marking=" / ".join(markings),
                                      app_version=__version__, generated_at=self._clock())
        _write(target, pdf)
        return Change(ChangeKind.BULK, summary=f"Wrote the comparison brief {target} "
                      f"({len(pdf) / 1024:.0f} KB).", details={"path": target})
