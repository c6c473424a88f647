"""The use cases wired to one open database: :class:`Services`, built from injected parts;
nothing here is a module-level singleton."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from .. import paths
from ..domain.countries import CountryIndex
from ..domain.roles import Role
from ..storage import checksums
from ..storage.database import BeforeMigration, Database, open_database, resolve_url
from ..storage.keys import load_or_create
from ..storage.server import is_server
from ..storage.sqlite_files import DatabaseError
from .assessments import AssessmentService
from .briefs import BriefService, ComparisonBriefService
from .compare import CompareService
from .countries import country_index
from .demo import DemoService
from .exchange_service import ExchangeService
from .framework_service import FrameworkService
from .frameworks import FrameworkCatalog
from .library_settings import LibrarySettingsService
from .reference import ReferenceService
from .rules_upgrade import bring_up_to_scoring_rules
from .safety import SafetyService
from .setup import sync_countries
from .suppliers import SupplierCatalog


@dataclass
class Services:
    database: Database
    frameworks: FrameworkCatalog
    countries: CountryIndex
    assessments: AssessmentService
    demo: DemoService
    framework_files: FrameworkService
    briefs: BriefService
    compare: CompareService
    compare_briefs: ComparisonBriefService
    exchange: ExchangeService
    safety: SafetyService
    library: LibrarySettingsService  # settings of the library itself (decision threshold)
    suppliers: SupplierCatalog  # supplier profiles: whose exposure a format-2 framework measures
    reference: ReferenceService  # reference data: its approval and the suggestions it makes
    countries_rewritten: bool = False  # the open rewrote the country list (names changed)

    @classmethod
    def open(cls, spec: str | Path, *, before_migration: BeforeMigration | None = None,
             frameworks: FrameworkCatalog | None = None,
             suppliers: SupplierCatalog | None = None, read_only: bool = False) -> Services:
        """Open the database (migrating if needed) and wire the use cases to it."""
        # a server library keeps its own key (storage/server.py); a laptop's is this user's
        key = None if is_server(resolve_url(spec)[0]) else load_or_create(
            paths.user_config_dir())
        database = open_database(spec, before_migration=before_migration or _backup_first,
                                 read_only=read_only, seal_key=key)
        rewritten = False
        try:
            catalog = frameworks or FrameworkCatalog()
            supplier_catalog = suppliers or SupplierCatalog()  # bundled ones checked at start
            countries = country_index()
            if not read_only and database.role in (Role.SINGLE, Role.OWNER):
                with database.session(write=True) as session:
                    rewritten = sync_countries(session, countries)
                    checksums.bring_up_to_rule(session, database.upgraded_from)
                    checksums.seal_new_tables(session, database.upgraded_from)
                    bring_up_to_scoring_rules(session, lambda h: catalog.get(session, h))
            with database.session() as session:  # a ministry's own and imported profiles
                supplier_catalog.load_stored(session)
        except SQLAlchemyDatabaseError as exc:
            database.close()
            raise DatabaseError(
                f"{database.path or database.url} is damaged ({exc.orig}). Nothing was changed; "
                "restore the newest verified backup (aibri backups, aibri restore).") from None
        except BaseException:
            database.close()
            raise
        assessments = AssessmentService(database, catalog, countries,
                                        suppliers=supplier_catalog)
        library = LibrarySettingsService(database)
        reference = ReferenceService(database, assessments)
        services = cls(database, catalog, countries, assessments,
                   DemoService(database, catalog, countries, supplier_catalog),
                   FrameworkService(database, catalog, supplier_catalog),
                   BriefService(assessments, database, library=library, reference=reference),
                   CompareService(assessments), ComparisonBriefService(library=library),
                   ExchangeService(database, catalog, assessments),
                   SafetyService(database, exporter=lambda moment: ExchangeService(
                       moment, catalog, assessments)),
                   library, supplier_catalog, reference, rewritten)
        services.reference.before_import = (
            (lambda: services.safety.backup("before-reference-import")) if database.path
            else None)
        services.exchange.before_import = (
            (lambda: services.safety.backup("before-import")) if database.path else None)
        services.assessments.after_purge = (
            (lambda: services.safety.backup("after-purge")) if database.path else None)
        return services

    def close(self) -> None:
        self.database.close()


def _backup_first(path: Path, old: int, new: int) -> None:
    """The forced, verified backup before a schema upgrade."""
    from ..storage.backup import make_backup

    make_backup(path, f"before-upgrade-{old}-to-{new}")
