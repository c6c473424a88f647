"""Fixtures for the .aibri exchange tests: a valid exported file and an empty target database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aibri_desktop.cli.presenters import show_json
from aibri_desktop.services import Services
from helpers.services import create_reference_assessment, open_services


class Exported:
    """A real .aibri file, and what the database it came from showed of each assessment in it
    (``aibri show --json``): an import that reads the file back must show the same.

    A plain class, not a dataclass: Hypothesis prints a dataclass field by field in a failure
    report, and these fields are some 230 KB (its warning about that hid the failure)."""

    def __init__(self, path: Path, data: bytes, shown: dict[str, dict[str, Any]]) -> None:
        self.path, self.data, self.shown = path, data, shown

    def __repr__(self) -> str:
        return f"<exported {self.path.name}: {len(self.data):,} bytes, {len(self.shown)} shown>"


def export_everything(services: Services, path: Path) -> bytes:
    """Export every assessment of ``services`` (live and deleted) to ``path``; its bytes."""
    ids = [s.id for s in services.assessments.list_summaries(deleted=None)]
    services.exchange.export(ids, path)
    return path.read_bytes()


def build_valid_file(folder: Path) -> Exported:
    """In ``folder``: a database with the reference assessment and three demo assessments (a
    draft among them with a range answer), all exported to ``folder / "valid.aibri"``."""
    (folder / "src").mkdir()
    services = open_services(folder / "src")
    try:
        create_reference_assessment(services)
        services.demo.generate(count=3, seed=4)
        draft = next(s.id for s in services.assessments.list_summaries() if s.status == "draft"
                     and s.title != "Reference fixture")
        services.assessments.answer(assessment_id=draft, indicator_id="DS-01", who="tester",
                                    state="range", level_low=1, level_high=3)
        path = folder / "valid.aibri"
        data = export_everything(services, path)
        shown = {s.id: show_json(services.assessments.load(s.id))
                 for s in services.assessments.list_summaries(deleted=None)}
    finally:
        services.close()
    return Exported(path, data, shown)


@pytest.fixture
def valid_file(tmp_path: Path) -> tuple[Path, bytes]:
    """A real .aibri file: the reference assessment and three demo assessments."""
    built = build_valid_file(tmp_path)
    return built.path, built.data


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Services]:
    """Open services on a separate, empty database."""
    (tmp_path / "dst").mkdir()
    services = open_services(tmp_path / "dst")
    yield services
    services.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """A file like ``valid_file``'s, built once per test module (for the parametrized matrix
    and the property tests, which must not rebuild a database each time)."""
    return build_valid_file(tmp_path_factory.mktemp("valid"))


@pytest.fixture(scope="module")
def valid_data(exported: Exported) -> bytes:
    return exported.data
