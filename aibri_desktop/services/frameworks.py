"""Which frameworks exist: the bundled ones, and every one an assessment was made with."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.framework import Framework, version_key
from ..domain.framework_file import load_framework_file, loads_framework
from ..paths import bundled_framework_files
from ..storage.models import FrameworkRecord
from ..storage.types import utcnow
from .errors import NotFoundError


class FrameworkCatalog:
    """Bundled frameworks are validated at start; stored ones are parsed once and cached."""

    def __init__(self, bundled: list[Path] | None = None) -> None:
        files = bundled_framework_files() if bundled is None else bundled
        self._bundled = [load_framework_file(path) for path in files]
        self._texts = {f.content_hash: path.read_text(encoding="utf-8")
                       for f, path in zip(self._bundled, files, strict=True)}
        self._cache: dict[str, Framework] = {f.content_hash: f for f in self._bundled}
        self._paths = {f.content_hash: path for f, path in zip(self._bundled, files, strict=True)}

    @property
    def bundled(self) -> list[Framework]:
        return list(self._bundled)

    def default(self) -> Framework:
        """The newest bundled framework."""
        return max(self._bundled, key=lambda f: version_key(f.version))

    def default_path(self) -> Path:
        """The file of :meth:`default`."""
        return self._paths[self.default().content_hash]

    def ensure_stored(self, session: Session, framework: Framework, *, origin: str = "bundled",
                      text: str | None = None) -> None:
        """Keep the whole framework in the database the first time an assessment uses it."""
        if session.get(FrameworkRecord, framework.content_hash) is not None:
            return
        content = text if text is not None else self._texts.get(framework.content_hash)
        if content is None:
            raise NotFoundError(f"The text of framework {framework.label} is not available.")
        session.add(FrameworkRecord(
            content_hash=framework.content_hash, framework_id=framework.id,
            version=framework.version, content=content, origin=origin, added_at=utcnow(),
        ))
        session.flush()  # no ORM relationship orders this insert before the assessment's
        self._cache[framework.content_hash] = framework

    def add_text(self, session: Session, text: str, *, origin: str) -> Framework:
        """Validate a framework given as text and store it; returns it (idempotent)."""
        framework = loads_framework(text, origin=origin)
        self._texts.setdefault(framework.content_hash, text)
        self.ensure_stored(session, framework, origin="user", text=text)
        return framework

    def text_of(self, content_hash: str) -> str | None:
        return self._texts.get(content_hash)

    def get(self, session: Session, content_hash: str) -> Framework:
        cached = self._cache.get(content_hash)
        if cached is not None:
            return cached
        record = session.get(FrameworkRecord, content_hash)
        if record is None:
            raise NotFoundError(f"Framework {content_hash[:12]} is not in this database.")
        framework = loads_framework(record.content, origin=f"{record.framework_id} "
                                    f"{record.version} (stored)")
        self._cache[content_hash] = framework
        return framework

    def stored(self, session: Session) -> list[tuple[str, str, str, str]]:
        """(hash, id, version, origin) of every framework in the database."""
        rows = session.execute(select(FrameworkRecord.content_hash, FrameworkRecord.framework_id,
                                      FrameworkRecord.version, FrameworkRecord.origin))
        return [tuple(r) for r in rows]  # type: ignore[misc]
