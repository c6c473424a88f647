"""Analyst judgement in the brief, sign-off records, and the register of issued briefs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from aibri_desktop.domain.judgements import JudgementError, Judgements, OptionChoice
from aibri_desktop.services.errors import InvalidInputError, LockedError
from helpers.services import create_reference_assessment, open_services, recorded


def test_judgements_appear_in_the_brief_as_the_analysts_view(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    judgements = Judgements(
        key=("Hosting is concentrated in one provider.", "Exit has never been tested."),
        comments={"TD": "Compute is the weakest point <b>today</b>."},
        options={"TD-01-a": OptionChoice("reword", "Audit the national compute pool first"),
                 "DS-01-a": OptionChoice("drop")})
    services.assessments.set_judgements(assessment_id=assessment_id, judgements=judgements)
    record = services.assessments.load(assessment_id)
    assert record.judgements == judgements
    target = tmp_path / "judged.pdf"
    services.briefs.write(assessment_id, target)
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    summary = PdfReader(target).pages[1].extract_text()
    assert "Key judgements (the analyst's view)" in summary
    assert "1. Hosting is concentrated in one provider." in summary
    assert "Audit the national compute pool first [analyst's wording]" in summary
    assert "Reference option for DS-01" not in text, "a dropped option is left out"
    assert "Analyst's comment" in text and "Compute is the weakest point <b>today</b>." in text
    services.close()


def test_sign_off_records_who_and_when_and_locks(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.assessments.mark_final(assessment_ids=[assessment_id], who="reviewer.r")
    record = services.assessments.load(assessment_id)
    assert record.reviewed_by == recorded("reviewer.r") and record.finalised_at is not None
    assert record.stored_robustness is not None
    with pytest.raises(LockedError, match="final"):
        services.assessments.set_judgements(assessment_id=assessment_id,
                                            judgements=Judgements(key=("late",)))
    with pytest.raises(JudgementError, match="At most 5"):
        Judgements(key=tuple(str(n) for n in range(6)))
    assert services.safety.check().ok
    services.close()


def test_the_register_records_the_sha256_of_each_brief(tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    target = tmp_path / "issued.pdf"
    services.briefs.write(assessment_id, target, recipient="Minister's office", who="ana")
    (entry,) = services.briefs.register()
    assert entry["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert (entry["format"], entry["marking"], entry["recipient"], entry["issued_by"]) == (
        "pdf", "REFERENCE", "Minister's office", recorded("ana"))
    services.briefs.register_csv(tmp_path / "register.csv")
    lines = (tmp_path / "register.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("issued_at,format,marking,file_name,sha256")
    assert entry["sha256"] in lines[1]
    services.close()


def test_the_marking_travels_in_the_exchange_manifest(tmp_path: Path) -> None:
    import json
    import zipfile

    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.exchange.export([assessment_id], tmp_path / "x.aibri")
    manifest = json.loads(zipfile.ZipFile(tmp_path / "x.aibri").read("manifest.json"))
    assert manifest["markings"] == ["REFERENCE"]
    services.close()


@pytest.mark.parametrize(("judgements", "named"), [
    (Judgements(comments={"XX": "A comment on a dimension the framework does not have"}), "XX"),
    (Judgements(options={"TD-99-z": OptionChoice("drop")}), "TD-99-z"),
])
def test_a_judgement_on_what_the_framework_lacks_is_refused(
        tmp_path: Path, judgements: Judgements, named: str) -> None:
    """Such a judgement would travel in an export that its own import refuses."""
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    with pytest.raises(InvalidInputError, match=f"^{named} is not a dimension or policy option"):
        services.assessments.set_judgements(assessment_id=assessment_id, judgements=judgements)
    assert services.assessments.load(assessment_id).judgements == Judgements()
    services.exchange.export([assessment_id], tmp_path / "x.aibri")
    other = open_services(tmp_path, "other.sqlite3")
    other.exchange.import_file(tmp_path / "x.aibri")
    other.close()
    services.close()
