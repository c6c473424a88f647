"""Building services on a fresh database per test, and the reference assessment in it."""

from __future__ import annotations

import atexit
import os
from datetime import date
from pathlib import Path

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.framework import Framework
from aibri_desktop.services import Services
from helpers import reference
from helpers.pgserver import PostgresServer

# The engine the service tests run on: the SQLite file by default; with
# AIBRI_TEST_ENGINE=postgresql (the Makefile's second pass) a database of its own on a real
# PostgreSQL server for each folder and name, the same one when the test opens it again.
ENGINE = os.environ.get("AIBRI_TEST_ENGINE", "sqlite")
_SERVER: list[PostgresServer] = []
_DATABASES: dict[Path, str] = {}


def on_server() -> bool:
    return ENGINE == "postgresql"


def open_services(folder: Path, name: str = "aibri.sqlite3") -> Services:
    if not on_server():
        return Services.open(folder / name)
    key = (folder / name).absolute()
    if key not in _DATABASES:
        if not _SERVER:
            _SERVER.append(PostgresServer.start())
            atexit.register(_SERVER[0].stop)
        folder.mkdir(parents=True, exist_ok=True)
        _DATABASES[key] = _SERVER[0].new_database()
    return Services.open(_DATABASES[key])


def add_reference_framework(services: Services) -> Framework:
    with services.database.session() as session:
        return services.frameworks.add_text(
            session, reference.FRAMEWORK_FILE.read_text(encoding="utf-8"), origin="reference")


def create_reference_assessment(services: Services, *, answered: bool = True,
                                case: str = "") -> str:
    """An assessment of the reference framework (XA, MC enabled), answered as the fixture's
    case (``""``, ``"_v2"`` or ``"_v2_settled"``: see helpers.reference.CASES)."""
    framework = add_reference_framework(services)
    change = services.assessments.create(
        country_code="XA", title="Reference fixture", as_of=date(2026, 11, 1),
        framework=framework, modules=reference.modules(case), marking="REFERENCE")
    if answered:
        for record in reference.answer_records(case):
            if record["indicator"].startswith("IE-"):
                continue  # IE is not enabled in this assessment
            low, high = record.get("range") or (None, None)
            services.assessments.answer(
                assessment_id=change.assessment_id, indicator_id=record["indicator"],
                who="tester", state=AnswerState(record["state"]), level=record.get("level"),
                confidence=record.get("confidence"), na_reason=record.get("na_reason"),
                evidence=record.get("evidence", ""), level_low=low, level_high=high)
    return change.assessment_id


def database_argument(folder: Path, name: str = "aibri.sqlite3") -> str:
    """What ``aibri --db`` takes for the database :func:`open_services` opens for this folder
    and name: the file's path, or the server database's URL."""
    if not on_server():
        return str(folder / name)
    key = (folder / name).absolute()
    if key not in _DATABASES:
        open_services(folder, name).close()
    return _DATABASES[key]


def recorded(who: str) -> str:
    """The name a change made as ``who`` is recorded under: on a laptop the name given; on a
    server the connected login, whatever name the caller passed (storage Database.author)."""
    if not on_server():
        return who
    if not _SERVER:
        _SERVER.append(PostgresServer.start())
        atexit.register(_SERVER[0].stop)
    return _SERVER[0].user


def named_option(option: str, name: str) -> list[str]:
    """A --who/--by/--reviewer NAME for a command: given on a laptop's file; left out on a
    server, where the connected login is recorded and another name is refused."""
    return [] if on_server() else [option, name]
