"""Text pasted from Word carries vertical tabs and form feeds, and an imported file may carry
NUL and other C0 controls that XML 1.0 cannot hold. Briefs (DOCX and PDF metadata) and CSV
exports are written without them and without error."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from pypdf import PdfReader

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.judgements import Judgements
from aibri_desktop.domain.plain_text import xml_safe
from aibri_desktop.services import Services
from helpers.services import open_services

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
C0 = re.compile("[\x00-\x1f]")


@pytest.fixture
def hostile(tmp_path: Path):
    """An assessment whose title, marking, assessor, evidence, sources, N/A reason, key
    judgement and dimension comment all hold controls that XML 1.0 cannot hold."""
    services = open_services(tmp_path)
    created = services.assessments.create(
        country_code="FR", title="Pasted\x00title\x08here", as_of=date(2026, 1, 1),
        assessor="Ana\x0bLyst\x01", marking="SECRET\x0bNOFORN\x0c//\x1bX")
    assessment_id = created.assessment_id
    record = services.assessments.load(assessment_id)
    dimension = record.framework.enabled_dimensions(record.modules)[0]
    first, second = (i.id for i in dimension.indicators[:2])
    services.assessments.answer(assessment_id=assessment_id, indicator_id=first, who="tester",
                                state=AnswerState.ANSWERED, level=3,
                                evidence="From Word\x0bline two\x0cpage two\x00end",
                                sources="Report\x0b2025\x02")
    services.assessments.answer(assessment_id=assessment_id, indicator_id=second, who="tester",
                                state=AnswerState.NOT_APPLICABLE,
                                na_reason="Not\x0bhere\x0c\x07")
    services.assessments.set_judgements(assessment_id=assessment_id, judgements=Judgements(
        key=("Key\x0bjudgement\x00",), comments={dimension.id: "Comment\x0cwith\x0bbreaks"}))
    yield services, assessment_id
    services.close()


def test_xml_safe_keeps_tab_newline_and_real_text() -> None:
    text = "a\tb\nc\rd é 中 😀 \u200f"
    assert xml_safe(text) == text
    assert xml_safe("a\x0bb\x0c\x00\ud800\ufffe\uffff") == "a b" + " " * 5


def test_docx_brief_with_controls_is_written_and_opens(hostile: tuple[Services, str],
                                                       tmp_path: Path) -> None:
    services, assessment_id = hostile
    target = tmp_path / "brief.docx"
    services.briefs.write(assessment_id, target, evidence=True, include_assessor=True)
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(archive.read(name))  # well-formed XML
                assert not NOT_XML.search(archive.read(name).decode("utf-8")), name
    document = Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Pasted title here" in text
    assert "From Word line two page two end" in text  # the evidence annex
    assert "Not here" in text and "Not applicable: Not here" in cells
    assert "Key judgement" in text and "Comment with breaks" in text
    assert "Ana Lyst" in cells
    assert "SECRET NOFORN" in document.sections[0].header.paragraphs[0].text
    properties = document.core_properties
    for value in (properties.title, properties.author, properties.keywords):
        assert value and not C0.search(value), value


def test_pdf_brief_with_controls_has_clean_metadata(hostile: tuple[Services, str],
                                                    tmp_path: Path) -> None:
    services, assessment_id = hostile
    target = tmp_path / "brief.pdf"
    services.briefs.write(assessment_id, target, evidence=True, include_assessor=True)
    metadata = PdfReader(target).metadata
    assert metadata is not None
    values = {key: str(value) for key, value in metadata.items()}
    assert values["/Title"].endswith("Pasted title here")
    assert values["/Author"] == "Ana Lyst"
    assert "SECRET NOFORN" in values["/Keywords"]
    for key, value in values.items():
        assert not C0.search(value), (key, value)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "line two" in text and "Not" in text


def test_csv_export_with_controls(hostile: tuple[Services, str], tmp_path: Path) -> None:
    services, assessment_id = hostile
    answers, scores = tmp_path / "answers.csv", tmp_path / "scores.csv"
    services.exchange.export_csv([assessment_id], answers, scores)
    for path in (answers, scores):
        content = path.read_bytes().decode("utf-8-sig")
        assert not NOT_XML.search(content), path.name
        rows = list(csv.reader(io.StringIO(content, newline="")))
        assert "SECRET NOFORN" in rows[0][0]
        assert any("Pasted title here" in row for row in rows[2:])
    text = answers.read_text(encoding="utf-8-sig")
    assert "From Word line two page two end" in text and "Not here" in text


def test_the_quick_check_for_cjk_and_right_to_left_text_misses_no_character() -> None:
    """A brief checks each text once for characters that need the CJK font or the
    right-to-left notice; a character it missed would print as garbage."""
    import unicodedata

    from aibri_desktop.reports import text

    missed = [hex(code) for code in range(0x110000)
              if (text.is_cjk(chr(code)) or unicodedata.bidirectional(chr(code)) in ("R", "AL"))
              and not text._MAYBE_SPECIAL.match(chr(code))]
    assert missed == []
    assert text._runs("Kenya — “cloud” 中国 data") == [
        ("latin", "Kenya — “cloud” "), ("cjk", "中国"), ("latin", " data")]
