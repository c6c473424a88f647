"""A brief is never written silently from rows that fail their checksums: refused with one line,
or, when asked for explicitly, marked UNVERIFIED on every page (PDF and DOCX)."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

from pypdf import PdfReader

from helpers.services import create_reference_assessment, open_services


def _tampered(tmp_path: Path) -> tuple[Path, str]:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    services.close()
    assert path is not None
    con = sqlite3.connect(path)
    with con:  # a level raised by hand: the figures a minister would read change
        con.execute("UPDATE answers SET level = 4 WHERE assessment_id = ? "
                    "AND indicator_id = 'GA-01'", (assessment_id,))
    con.close()
    return path, assessment_id


def test_a_brief_of_a_tampered_assessment_is_refused(aibri, tmp_path: Path) -> None:
    path, assessment_id = _tampered(tmp_path)
    for kind in ("pdf", "docx"):
        target = tmp_path / f"brief.{kind}"
        result = aibri("--db", str(path), "brief", assessment_id[:8], "--out", str(target))
        assert result.returncode != 0
        assert "not written" in result.stderr and "GA-01" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert not target.exists(), "nothing written"
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM issued_briefs").fetchone()[0] == 0, \
        "nothing entered in the register"
    con.close()


def test_allowed_explicitly_every_page_says_unverified(aibri, tmp_path: Path) -> None:
    path, assessment_id = _tampered(tmp_path)
    pdf = tmp_path / "brief.pdf"
    result = aibri("--db", str(path), "brief", assessment_id[:8], "--out", str(pdf),
                   "--allow-unverified")
    assert result.returncode == 0, result.stderr
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    assert len(pages) > 3
    for number, page in enumerate(pages, 1):
        assert "UNVERIFIED" in page.extract_text(), f"page {number} does not say it"
    docx = tmp_path / "brief.docx"
    result = aibri("--db", str(path), "brief", assessment_id[:8], "--out", str(docx),
                   "--allow-unverified")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(docx) as document:
        headers = [document.read(n).decode() for n in document.namelist()
                   if n.startswith("word/header")]
    assert headers and all("UNVERIFIED" in h for h in headers)


def test_a_verified_assessment_has_no_notice(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    path = services.database.path
    services.close()
    pdf = tmp_path / "brief.pdf"
    result = aibri("--db", str(path), "brief", assessment_id[:8], "--out", str(pdf))
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "UNVERIFIED" not in text
