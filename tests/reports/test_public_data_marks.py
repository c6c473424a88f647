"""A brief marks the answers accepted from public data and names the dataset behind them."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from helpers.services import open_services


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def test_the_brief_marks_answers_from_public_data_and_names_the_dataset(
        services: Services, tmp_path: Path) -> None:
    kenya = services.assessments.create(country_code="KE", title="Kenya 2026",
                                        as_of=date(2026, 11, 1),
                                        modules=frozenset({"MC"})).assessment_id
    services.assessments.answer(assessment_id=kenya, indicator_id="DS-02", who="t",
                                state="answered", level=2, evidence="Own reading.")
    services.reference.approve("Amina Odhiambo")
    services.reference.accept(kenya, ["MC-03"], "analyst")
    data = services.briefs.data(kenya)
    assert data.reference.startswith("reference data 2026.11.28, approved by Amina Odhiambo")
    accepted, own = data.row("MC-03"), data.row("DS-02")
    assert accepted is not None and own is not None
    mark = accepted.public_data
    assert mark == ("public data: ITU Global Cybersecurity Index 2024: tier, ITU; World Bank "
                    "Data360, 2024-09 (reconstructed, stale)")
    assert own.public_data == ""  # the analyst's own answer is not marked
    target = tmp_path / "kenya.pdf"
    services.briefs.write(kenya, target, evidence=True)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Accepted from public data: ITU Global Cybersecurity Index 2024" in flat
    assert "Some answers were accepted from public data: reference data 2026.11.28" in flat
