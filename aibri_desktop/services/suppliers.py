"""Which supplier profiles exist: the bundled ones (checked at start) and any a ministry adds."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.framework import Framework, version_key
from ..domain.supplier_file import (
    SupplierProfileError,
    load_supplier_file,
    loads_supplier_profile,
)
from ..domain.suppliers import SupplierProfile, render
from ..paths import bundled_supplier_files
from ..storage.models import SupplierProfileRecord
from ..storage.types import utcnow
from .errors import InvalidInputError, NotFoundError

DEFAULT_SUPPLIER = "CN"  # the product's subject: the PRC's AI Belt and Road


class SupplierCatalog:
    """Supplier profiles by code and by content hash, and frameworks rendered for them.

    Bundled profiles are validated when the catalog is made, like bundled frameworks, so a
    broken file stops the app at start rather than in front of an analyst.
    """

    def __init__(self, bundled: list[Path] | None = None) -> None:
        files = bundled_supplier_files() if bundled is None else bundled
        self._bundled = [load_supplier_file(path) for path in files]
        self._texts = {p.content_hash: path.read_text(encoding="utf-8")
                       for p, path in zip(self._bundled, files, strict=True)}
        self._by_hash: dict[str, SupplierProfile] = {p.content_hash: p for p in self._bundled}
        self._rendered: dict[tuple[str, str], Framework] = {}

    @property
    def bundled(self) -> list[SupplierProfile]:
        return list(self._bundled)

    def profiles(self) -> list[SupplierProfile]:
        """Every profile known, bundled first, then those added, in the order added."""
        return list(self._by_hash.values())

    def default(self) -> SupplierProfile:
        """The People's Republic of China (newest bundled version)."""
        return self.get(DEFAULT_SUPPLIER)

    def get(self, code: str) -> SupplierProfile:
        """The newest profile of a supplier state, by ISO 3166 alpha-2 or alpha-3 code, in any
        case ("cn", "CHN")."""
        wanted = _alpha_2(code.strip())
        found = [p for p in self._by_hash.values() if p.id == wanted]
        if not found:
            known = ", ".join(sorted({p.id for p in self._by_hash.values()}))
            raise NotFoundError(f"There is no supplier profile for '{code}' (there are: "
                                f"{known}).")
        return max(found, key=lambda p: version_key(p.version))

    def by_hash(self, content_hash: str) -> SupplierProfile:
        profile = self._by_hash.get(content_hash)
        if profile is None:
            raise NotFoundError(f"Supplier profile {content_hash[:12]} is not available.")
        return profile

    def text_of(self, content_hash: str) -> str | None:
        return self._texts.get(content_hash)

    def add_text(self, text: str, *, origin: str) -> SupplierProfile:
        """Validate a ministry's own profile and make it available (idempotent). A different
        profile under an id and version that already exist is refused, so that an assessment's
        supplier stays traceable."""
        try:
            profile = loads_supplier_profile(text, origin=origin)
        except SupplierProfileError as exc:
            raise InvalidInputError(str(exc)) from None
        if profile.content_hash in self._by_hash:
            return self._by_hash[profile.content_hash]
        if any((p.id, p.version) == (profile.id, profile.version)
               for p in self._by_hash.values()):
            raise InvalidInputError(
                f"A different supplier profile {profile.label} already exists. Give your copy "
                "a new version number, so assessments stay traceable.")
        self._by_hash[profile.content_hash] = profile
        self._texts[profile.content_hash] = text
        return profile

    def add_file(self, path: Path) -> SupplierProfile:
        try:
            load_supplier_file(path)  # the file's own one-line reason if it is not readable
        except SupplierProfileError as exc:
            raise InvalidInputError(str(exc)) from None
        return self.add_text(path.read_text(encoding="utf-8-sig"), origin=str(path))

    def ensure_stored(self, session: Session, profile: SupplierProfile, *,
                      origin: str = "bundled") -> None:
        """Keep the whole profile in the database the first time an assessment uses it."""
        if session.get(SupplierProfileRecord, profile.content_hash) is not None:
            return
        content = self._texts.get(profile.content_hash)
        if content is None:
            raise NotFoundError(f"The text of supplier profile {profile.label} is not "
                                "available.")
        session.add(SupplierProfileRecord(
            content_hash=profile.content_hash, supplier_id=profile.id, version=profile.version,
            content=content, origin=origin, added_at=utcnow()))
        session.flush()

    def stored(self, session: Session, content_hash: str) -> SupplierProfile:
        """The profile an assessment names: known here, or read from the database (a profile
        that came with an import or that a ministry added on another computer)."""
        known = self._by_hash.get(content_hash)
        if known is not None:
            return known
        record = session.get(SupplierProfileRecord, content_hash)
        if record is None:
            raise NotFoundError(f"Supplier profile {content_hash[:12]} is not in this database.")
        profile = loads_supplier_profile(record.content, origin=f"{record.supplier_id} "
                                         f"{record.version} (stored)")
        self._by_hash[content_hash] = profile
        self._texts[content_hash] = record.content
        return profile

    def load_stored(self, session: Session) -> None:
        """Know every profile the library holds (added by a ministry, or imported), so that
        ``get`` by code finds the newest of them too."""
        for content_hash in session.scalars(select(SupplierProfileRecord.content_hash)):
            self.stored(session, content_hash)

    def render(self, framework: Framework, profile: SupplierProfile) -> Framework:
        """``framework`` as read for ``profile``, kept by (framework hash, profile hash)."""
        if framework.format < 2:
            return framework
        key = (framework.content_hash, profile.content_hash)
        rendered = self._rendered.get(key)
        if rendered is None:
            rendered = self._rendered[key] = render(framework, profile)
        return rendered


def _alpha_2(code: str) -> str:
    code = code.upper()
    if len(code) == 3:
        from .countries import country_index

        for country in country_index().search(code, limit=5):
            if country.alpha_3 == code:
                return country.code
    return code
