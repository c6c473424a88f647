from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from helpers.services import create_reference_assessment, database_argument, open_services


def test_brief_command(aibri, tmp_path: Path) -> None:
    services = open_services(tmp_path)
    assessment_id = create_reference_assessment(services)
    services.close()
    db = database_argument(tmp_path)
    out = tmp_path / "brief.pdf"
    result = aibri("--db", db, "brief", assessment_id[:8], "--out", str(out), "--evidence",
                   "--marking", "SECRET//TEST")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote the brief {out}")
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert all("SECRET//TEST" in text for text in pages)
    assert any("Annex: evidence and sources of every answer" in text for text in pages)
    for args, message in ((["--out", str(tmp_path / "b.txt")], "must name a .pdf file"),
                          (["--out", str(tmp_path / "no" / "b.pdf")], "does not exist")):
        bad = aibri("--db", db, "brief", assessment_id[:8], *args)
        assert bad.returncode == 1 and message in bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1
