"""A ministry's own frameworks: check, add, list. Adding never touches existing assessments:
each keeps the framework version and content hash it was made with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..domain.framework import Framework
from ..domain.framework_file import FrameworkError, completeness_problems, load_framework_file
from ..domain.roles import Action
from ..domain.suppliers import SupplierProfile
from ..storage.database import Database
from ..storage.models import FrameworkRecord, SupplierProfileRecord
from .changes import Change, ChangeKind, FrameworkAdded
from .errors import InvalidInputError
from .frameworks import FrameworkCatalog
from .suppliers import SupplierCatalog


@dataclass(frozen=True)
class FrameworkEntry:
    framework: Framework
    origin: str  # bundled | user | imported


def check_framework_file(path: Path) -> Framework:
    """Validate a file as a framework offered for new assessments; raise FrameworkError."""
    framework = load_framework_file(path)
    problems = completeness_problems(framework)
    if problems:
        raise FrameworkError(str(path), "", problems[0] + (
            f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return framework


class FrameworkService:
    def __init__(self, database: Database, catalog: FrameworkCatalog,
                 suppliers: SupplierCatalog | None = None) -> None:
        self._db = database
        self._catalog = catalog
        self._suppliers = suppliers or SupplierCatalog()

    def add_supplier_file(self, path: Path) -> Change[None]:
        """Validate a ministry's own supplier profile and keep it in the library, so that
        every user of the library can assess exposure to that state (idempotent). A different
        profile under an id and version that exist is refused."""
        self._db.require(Action.EDIT)
        with self._db.session(write=True) as session:
            for record in session.scalars(select(SupplierProfileRecord)):
                self._suppliers.stored(session, record.content_hash)  # known before comparing
            profile = self._suppliers.add_file(path)  # refuses another profile's id+version
            if session.get(SupplierProfileRecord, profile.content_hash) is not None or any(
                    p.content_hash == profile.content_hash for p in self._suppliers.bundled):
                return Change(ChangeKind.BULK,
                              summary=f"Supplier profile {profile.label} is already there.")
            self._suppliers.ensure_stored(session, profile, origin="user")
        return Change(ChangeKind.BULK, summary=f"Added supplier profile {profile.label} "
                      f"({profile.content_hash[:12]}); new assessments can measure exposure "
                      f"to {profile.name.get()}.")

    def supplier_profiles(self) -> list[tuple[SupplierProfile, str]]:
        """Every supplier profile new assessments can use, with its origin (bundled, user,
        imported)."""
        with self._db.session() as session:
            origins = {r.content_hash: r.origin for r in session.scalars(
                select(SupplierProfileRecord))}
            for content_hash in origins:
                self._suppliers.stored(session, content_hash)
        bundled = {p.content_hash for p in self._suppliers.bundled}
        return [(p, "bundled" if p.content_hash in bundled else origins.get(p.content_hash,
                                                                             "user"))
                for p in self._suppliers.profiles()]

    def add_file(self, path: Path) -> Change[FrameworkAdded]:
        self._db.require(Action.EDIT)
        try:
            framework = check_framework_file(path)
        except FrameworkError as exc:
            raise InvalidInputError(str(exc)) from None
        text = path.read_text(encoding="utf-8-sig")
        with self._db.session(write=True) as session:
            same_label = session.scalars(select(FrameworkRecord).where(
                FrameworkRecord.framework_id == framework.id,
                FrameworkRecord.version == framework.version)).all()
            bundled = [f for f in self._catalog.bundled
                       if (f.id, f.version) == (framework.id, framework.version)]
            if any(r.content_hash != framework.content_hash for r in same_label) or any(
                    f.content_hash != framework.content_hash for f in bundled):
                raise InvalidInputError(
                    f"A different framework {framework.label} already exists. Give your copy "
                    "its own id or a new version number, so assessments stay traceable.")
            if any(r.content_hash == framework.content_hash for r in same_label) or bundled:
                return Change(ChangeKind.BULK, summary=f"{framework.label} is already there.")
            self._catalog.add_text(session, text, origin=str(path))
        return Change(ChangeKind.BULK, summary=f"Added framework {framework.label} "
                      f"({framework.content_hash[:12]}); new assessments can use it.",
                      payload=FrameworkAdded(framework))

    def entries(self) -> list[FrameworkEntry]:
        with self._db.session() as session:
            stored = {h: origin for h, _i, _v, origin in self._catalog.stored(session)}
            user = [self._catalog.get(session, h) for h, origin in stored.items()
                    if origin != "bundled"]
        entries = [FrameworkEntry(f, "bundled") for f in self._catalog.bundled]
        entries += [FrameworkEntry(f, stored[f.content_hash]) for f in user
                    if f.content_hash not in {e.framework.content_hash for e in entries}]
        return entries

    def bundled_text(self, framework: Framework) -> str:
        text = self._catalog.text_of(framework.content_hash)
        if text is None:
            raise InvalidInputError(f"The text of {framework.label} is not available.")
        return text
