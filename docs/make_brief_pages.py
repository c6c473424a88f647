"""Write a sample country brief and render its pages to docs/brief/ (pdftoppm -r 70), and the
same brief as a Word document through LibreOffice where it installs (word-NN.png).

    make docs-brief

The sample is a fictional country from the demo data with every module on, so the residual,
the capacity dimension and the evidence annex all show.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET = ROOT / "docs" / "brief"


def main() -> None:
    from aibri_desktop.services import Services

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: run `make docs-brief`, which installs it")
    with tempfile.TemporaryDirectory() as folder:
        services = Services.open(Path(folder) / "sample.sqlite3")
        services.demo.generate(count=6, seed=2026)
        rows = services.assessments.list_summaries()
        with_modules = next(r for r in rows if services.assessments.load(r.id).modules)
        pdf = TARGET / "sample-brief.pdf"
        TARGET.mkdir(parents=True, exist_ok=True)
        for old in TARGET.glob("page-*.png"):
            old.unlink()
        services.briefs.write(with_modules.id, pdf, evidence=True)
        docx = Path(folder) / "sample-brief.docx"
        services.briefs.write(with_modules.id, docx, evidence=True)
        services.close()
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(TARGET / "page")],
                       check=True)
        print(f"wrote {pdf.relative_to(ROOT)} and {len(list(TARGET.glob('page-*.png')))} pages")
        _word_pages(docx, Path(folder))


def _word_pages(docx: Path, folder: Path) -> None:
    """The Word brief's pages as Word users see them, through LibreOffice (headless) where it
    is installed: docs/brief/word-NN.png."""
    for old in TARGET.glob("word-*.png"):
        old.unlink()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("LibreOffice is not installed: the Word brief's pages were not rendered "
              "(`python3 tools/sysdeps.py --ensure docx-pages` installs it)")
        return
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/office",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)], check=True,
                   capture_output=True, timeout=300)
    converted = folder / (docx.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(converted), str(TARGET / "word")],
                   check=True)
    print(f"rendered the Word brief through LibreOffice: "
          f"{len(list(TARGET.glob('word-*.png')))} pages in {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
