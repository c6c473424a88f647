"""The country brief PDF, read back as a minister's office would: text, pages, fonts, safety."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.services import Services
from aibri_desktop.services.errors import ServiceError
from helpers import reference
from helpers.services import create_reference_assessment, open_services

HOSTILE = ("<img src='http://example.invalid/x.png'/> <font color=\"red\">loud</font> & more; "
           "Côte d'Ivoire, Türkiye, Ελλάδα, Россия, 中华人民共和国, שלום עולם")


@pytest.fixture
def services(tmp_path: Path):
    opened = open_services(tmp_path)
    yield opened
    opened.close()


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _reference_brief(services: Services, tmp_path: Path, **options: Any) -> Path:
    assessment_id = create_reference_assessment(services)
    target = tmp_path / "reference.pdf"
    services.briefs.write(assessment_id, target, **options)
    return target


def test_reference_figures_in_the_text(services: Services, tmp_path: Path) -> None:
    pages = _text(_reference_brief(services, tmp_path, marking="RESTRICTED — TEST"))
    summary = " ".join(pages[1].split())
    want = reference.expected()
    o, r = want["overall"], want["residual"]
    assert "Executive summary" in summary
    # the verdict leads; it is open, so the point score is not on this page
    assert "Overall exposure at least Elevated, at most High" in summary
    assert o["score"] not in summary and r["score"] not in summary
    assert f"Range {o['low']}–{o['high']}" in summary
    assert f"coverage {float(o['coverage']) * 100:.1f} %" in summary
    assert "The band cannot settle unless at least this one is answered: TD-03." in summary
    assert ("Residual exposure after mitigation capacity: at least Elevated, at most High, "
            "provisional") in summary
    assert f"range {r['low']}–{r['high']}" in summary
    assert summary.index("Red flag — DS-01") < summary.index("Provisional red flag") < \
        summary.index("Possible red flag (not yet answered) — TD-03")
    assert "TD-01" in summary and "TD-03" in summary
    assert "Critical indicator marked not applicable — DS-04" in summary
    everything = " ".join(" ".join(pages).split())
    for dim_id, name, words in (
            ("DS", "Data sovereignty", "at least High, at most Severe"),
            ("TD", "Technology dependency", "at least Elevated, at most Severe, provisional"),
            ("GA", "Governance alignment", "Elevated")):
        d = want["dimensions"][dim_id]
        assert f"{dim_id} — {name}: {words}" in everything
        assert f"Score of the answered indicators (ranges at their middle) {d['score']} · " \
               f"Range {d['low']}–{d['high']}" in everything
    assert "MC — Mitigation capacity: capacity 75.0 (higher = more capacity; no band), " \
        "provisional" in everything
    # the point score: in the scores table, under its own label
    assert f"Overall exposure at least Elevated, at most High Elevated High {o['score']}" \
        in everything


def test_marking_numbering_and_metadata(services: Services, tmp_path: Path) -> None:
    path = _reference_brief(services, tmp_path, marking="RESTRICTED — TEST", evidence=True)
    pages = _text(path)
    assert len(pages) >= 5
    for number, text in enumerate(pages, 1):
        assert text.count("RESTRICTED — TEST") >= 2, f"marking top and bottom on page {number}"
        assert f"Page {number} of {len(pages)}" in text
    meta = PdfReader(path).metadata
    assert meta is not None
    assert meta.title == "Country brief: Republic of Avalon — Reference fixture"
    assert "Republic of Avalon" in (meta.subject or "")
    assert meta.creator == "AIBRI Desktop 0.1.0"
    assert not meta.author, "no author unless the user asks for names"


def test_author_only_when_asked(services: Services, tmp_path: Path) -> None:
    change = services.assessments.create(country_code="KE", title="Named", assessor="A. Analyst",
                                         as_of=date(2026, 1, 1))
    services.briefs.write(change.assessment_id, tmp_path / "named.pdf", include_assessor=True)
    services.briefs.write(change.assessment_id, tmp_path / "anon.pdf")
    metadata = PdfReader(tmp_path / "named.pdf").metadata
    assert metadata is not None and metadata.author == "A. Analyst"
    assert "A. Analyst" in _text(tmp_path / "named.pdf")[0]
    assert "A. Analyst" not in "".join(_text(tmp_path / "anon.pdf"))


def test_fonts_embedded_and_no_bitmaps(services: Services, tmp_path: Path) -> None:
    reader = PdfReader(_reference_brief(services, tmp_path, evidence=True))
    fonts = 0
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        for reference_ in resources.get("/Font", {}).values():
            font = reference_.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, font.get("/BaseFont")
            assert "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} not embedded"
            fonts += 1
        for xobject in resources.get("/XObject", {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image", "charts must be vector"
    assert fonts > 0


def test_markup_and_mixed_scripts_appear_literally(services: Services, tmp_path: Path) -> None:
    change = services.assessments.create(country_code="CI", title="Abidjan <b>review</b> & co",
                                         as_of=date(2026, 1, 1))
    services.assessments.answer(assessment_id=change.assessment_id, indicator_id="DS-01",
                                who="t", state=AnswerState.ANSWERED, level=2,
                                evidence=HOSTILE, sources="<a href='x'>link</a>")
    target = tmp_path / "hostile.pdf"
    services.briefs.write(change.assessment_id, target, evidence=True)
    text = "\n".join(_text(target))
    assert "Côte d'Ivoire" in text
    assert "Abidjan <b>review</b> & co" in text
    assert "<img src='http://example.invalid/x.png'/>" in text
    assert '<font color="red">loud</font> & more;' in text
    assert "<a href='x'>link</a>" in text
    for word in ("Türkiye", "Ελλάδα", "Россия", "中华人民共和国"):
        assert word in text, word
    assert "right-to-left text, 9 characters" in text
    assert "■" not in text


def test_an_unwritable_target_leaves_the_earlier_file(services: Services, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assessment_id = create_reference_assessment(services)
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"the earlier brief")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ServiceError, match=r"No space left on device.*earlier file"):
        services.briefs.write(assessment_id, target)
    assert target.read_bytes() == b"the earlier brief"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == \
        ["brief.pdf"]
    with pytest.raises(ServiceError, match="does not exist"):
        services.briefs.write(assessment_id, tmp_path / "missing" / "b.pdf")


def test_every_page_renders_and_is_not_blank(services: Services, tmp_path: Path) -> None:
    path = _reference_brief(services, tmp_path, evidence=True)
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            image = pdf[index].render(scale=0.5).to_pil().convert("L")
            low, high = image.getextrema()
            assert high - low > 100, f"page {index + 1} looks blank"
    finally:
        pdf.close()


def test_the_executive_summary_stays_one_page(services: Services, tmp_path: Path) -> None:
    """Everything at its longest: every indicator at 4 with low confidence, all modules."""
    framework = services.frameworks.default()
    change = services.assessments.create(
        country_code="XA", title="Longest content " + "very long title " * 6,
        as_of=date(2026, 1, 1), modules=framework.optional_dimension_ids)
    for indicator in framework.indicators():
        level = 0 if indicator.dimension_id == "MC" else 4
        services.assessments.answer(assessment_id=change.assessment_id,
                                    indicator_id=indicator.id, who="t",
                                    state=AnswerState.ANSWERED, level=level, confidence="low",
                                    evidence="x " * 400)
    target = tmp_path / "longest.pdf"
    services.briefs.write(change.assessment_id, target, evidence=True)
    pages = _text(target)
    assert "Executive summary" in pages[1]
    assert "How robust is the band?" in pages[1]
    assert pages[2].lstrip().splitlines()[1].startswith("Dimensions at a glance") or \
        "Dimensions at a glance" in pages[2]
    assert "Executive summary" not in pages[2]


def test_a_new_brief_is_for_its_owner_only(services: Services, tmp_path: Path) -> None:
    """Briefs are confidential: a new one is 0600 whatever the umask (README, "Where the data
    live"); one written over a file the user already had keeps that file's mode."""
    assessment_id = create_reference_assessment(services)
    target = tmp_path / "perm.pdf"
    umask = os.umask(0o022)
    try:
        services.briefs.write(assessment_id, target)
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o600
