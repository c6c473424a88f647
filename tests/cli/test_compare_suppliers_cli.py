"""`aibri compare` of one country against two supplier states: the supplier profile, on the
supplier-symmetric items only, with no change between them; and across framework versions,
the common indicators labelled so."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from helpers.services import database_argument, open_services

LEVELS = {"DS-01": 3, "DS-04": 2, "TD-01": 3, "TD-09": 0, "GA-06": 2}


def _create(services: Services, version: str, supplier: str | None, levels: dict[str, int],
            as_of: date) -> str:
    framework = next(f for f in services.frameworks.bundled if f.version == version)
    change = services.assessments.create(
        country_code="KE", title=f"Kenya {supplier}", as_of=as_of, framework=framework,
        supplier=services.suppliers.get(supplier) if supplier else None,
        perspective="outside" if supplier else None)
    for indicator, level in levels.items():
        services.assessments.answer(assessment_id=change.assessment_id, indicator_id=indicator,
                                    who="t", state=AnswerState.ANSWERED, level=level)
    return change.assessment_id


def _setup(tmp_path: Path) -> tuple[str, dict[str, str]]:
    services = open_services(tmp_path)
    ids = {
        "CN": _create(services, "2.0.0", "CN", LEVELS, date(2026, 1, 1)),
        # TD-09 exists for one supplier's lenders only: at 4 it must not make the PRC safer
        "US": _create(services, "2.0.0", "US", {**LEVELS, "TD-09": 4}, date(2026, 2, 1)),
        "v1": _create(services, "1.1.0", None, {"DS-01": 2, "DS-02": 1, "DS-04": 1},
                      date(2025, 1, 1)),
    }
    services.close()
    return database_argument(tmp_path), ids


def _headings(table: list[str]) -> list[str]:
    """The column headings of an aligned table whose headings wrap within their columns: the
    lines before the first row, cut at the first line's column starts."""
    starts = [0] + [m.end() for m in re.finditer(r" {2,}", table[0].rstrip())]
    block = [table[0]]
    for line in table[1:]:
        if line[:1].strip():  # a row's label starts in the first column
            break
        block.append(line)
    columns = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else None
        columns.append(" ".join(line[start:end].strip() for line in block
                                if line[start:end].strip()))
    return columns


def _labels(lines: list[str]) -> list[str]:
    """The first column of an aligned table, each wrapped label joined back (its later lines
    hang two spaces in)."""
    width = next(m.end() for m in re.finditer(r" {2,}", lines[0].rstrip()))
    labels: list[str] = []
    for line in lines:
        cell = line[:width].rstrip()
        if line.startswith("  ") and labels and cell.strip():
            labels[-1] += " " + cell.strip()
        elif cell:
            labels.append(cell.strip())
    return labels


def test_the_supplier_profile_of_one_country(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    shown = aibri("--db", db, "compare", ids["CN"][:8], ids["US"][:8])
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Supplier profile, side by side on the 35 supplier-symmetric "
                               "items: exposure to the People's Republic of China; exposure "
                               "to the United States")
    headings = _headings(lines[2:])
    assert headings[1] == "Kenya, 2026-01-01, exposure to the People's Republic of China"
    assert headings[2] == "Kenya, 2026-02-01, exposure to the United States"
    assert len(headings) == 3  # no change column
    assert "What changed" not in shown.stdout and "established" not in shown.stdout
    assert "No change is computed between supplier states" in shown.stdout

    data = json.loads(aibri("--db", db, "compare", ids["CN"][:8], ids["US"][:8],
                            "--json").stdout)
    assert data["supplier_profile"] and data["what_changed"] is None
    assert [a["supplier"]["id"] for a in data["assessments"]] == ["CN", "US"]
    assert [a["exposure"] for a in data["assessments"]] == [
        "exposure to the People's Republic of China", "exposure to the United States"]
    compared = [r["indicator"] for r in data["deltas"]["indicators"]]
    assert "TD-09" not in compared and "TD-09" in data["not_symmetric"]
    assert "DS-04" in compared and len(compared) == 35


def test_the_comparison_brief_includes_the_supplier_profile(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    pdf = tmp_path / "profile.pdf"
    result = aibri("--db", db, "compare", ids["CN"][:8], ids["US"][:8], "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "SUPPLIER PROFILE BRIEF · ONE COUNTRY, SEVERAL SUPPLIER STATES Kenya, 2026-01-01 " \
        "to 2026-02-01" in text  # the country and period, never "2 assessments"
    assert "brief: 2 assessments" not in text
    assert "Supplier profile, side by side on the 35 supplier-symmetric items" in text
    assert "Kenya, 2026-02-01, exposure to the United States" in text
    assert "DS-04 Supplier-hosted government workloads 2 2" in text  # a finding, by title
    assert "What changed" not in text and "Change" not in text
    assert "Not supplier-symmetric, so left out of every view across supplier states: " \
        "TD-09." in text


def test_across_versions_only_the_common_indicators_labelled(aibri, tmp_path: Path) -> None:
    db, ids = _setup(tmp_path)
    data = json.loads(aibri("--db", db, "compare", ids["v1"][:8], ids["CN"][:8],
                            "--json").stdout)
    assert not data["across_suppliers"] and data["on_common_indicators"]
    compared = {r["indicator"] for r in data["deltas"]["indicators"]}
    assert "DS-01" not in compared and "DS-01" in data["changed_between_versions"]
    assert "DS-02" in compared and "DS-11" not in compared  # DS-11 is new in 2.0
    assert any("Different framework versions (aibri 1.1.0, aibri 2.0.0): compared on their "
               in w for w in data["warnings"])
    shown = aibri("--db", db, "compare", ids["v1"][:8], ids["CN"][:8]).stdout
    assert "Overall exposure on the common indicators: verdict" in _labels(shown.splitlines())
    assert "What changed from Kenya, 2025-01-01 to Kenya, 2026-01-01, on the common " \
        "indicators" in shown
