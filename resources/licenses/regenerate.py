"""Generate resources/licenses/THIRD-PARTY.txt and README.md from the installed venv.

Run after the runtime dependencies change:
    .venv/bin/python resources/licenses/regenerate.py resources/licenses
Where a distribution ships no licence file (PySide6-Essentials, shiboken6), the full text of
the licence it names is taken from Debian's /usr/share/common-licenses.
"""
import importlib.metadata as m
from pathlib import Path
import sys

OUT = Path(sys.argv[1])
PACKAGES = [
    ("PySide6-Essentials", True), ("shiboken6", True), ("pyqtgraph", True), ("numpy", True),
    ("SQLAlchemy", True), ("alembic", True), ("Mako", True), ("MarkupSafe", True),
    ("reportlab", True), ("pillow", False), ("charset-normalizer", False), ("pycountry", True),
    ("platformdirs", True), ("typing_extensions", True), ("greenlet", False),
]
# Extra licence files shipped inside a package that are not named LICENSE*/COPYING*
EXTRA_KEYWORDS = ("licen", "copying")


def licence_name(md):
    expr = md.get("License-Expression")
    if expr:
        return expr.strip()
    lic = (md.get("License") or "").strip()
    if lic and "\n" not in lic and len(lic) < 120:
        return lic
    classifiers = [c.split("::")[-1].strip() for c in (md.get_all("Classifier") or [])
                   if c.startswith("License ::")]
    if lic:
        first = lic.splitlines()[0].strip()
        return first
    return ", ".join(classifiers) or "UNKNOWN"


def project_url(md):
    url = md.get("Home-page")
    urls = md.get_all("Project-URL") or []
    for key in ("homepage", "source", "repository"):
        for u in urls:
            label, _, link = u.partition(",")
            if label.strip().lower() == key:
                return link.strip()
    if url:
        return url
    return urls[0].partition(",")[2].strip() if urls else "(no URL in metadata)"


def licence_files(dist):
    found, seen = [], set()
    files = list(dist.files or [])
    # 1. dist-info/licenses/* first, then LICENSE*/COPYING* and other licence texts in the package
    primary = [f for f in files if ".dist-info/licenses/" in str(f)]
    others = [f for f in files if f not in primary
              and any(k in str(f).split("/")[-1].lower() for k in EXTRA_KEYWORDS)
              and not str(f).endswith((".so", ".pyc", ".py", ".dll", ".dylib", ".pyd"))]
    for f in primary + others:
        text = Path(f.locate()).read_bytes().decode("utf-8", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        key = "\n".join(line.rstrip() for line in text.splitlines()).strip()
        if key in seen:
            continue
        seen.add(key)
        found.append((str(f), text))
    return found


rows, sections, missing_text, not_installed = [], [], [], []
for name, _required in PACKAGES:
    try:
        dist = m.distribution(name)
    except m.PackageNotFoundError:
        not_installed.append(name)
        continue
    md = dist.metadata
    shown = md["Name"]
    lic = licence_name(md)
    rows.append((shown, dist.version, lic))
    files = licence_files(dist)
    bar = "=" * 78
    head = [bar, f"{shown} {dist.version}", f"Licence: {lic}", f"Project: {project_url(md)}", bar, ""]
    body = []
    common = Path("/usr/share/common-licenses")
    if not files and "LGPL-3.0" in lic and (common / "LGPL-3").exists():
        files = [("GNU Lesser General Public License v3 (the licence chosen for AIBRI Desktop's "
                  "use of this component)", (common / "LGPL-3").read_text(encoding="utf-8")),
                 ("GNU General Public License v3 (referenced by the LGPL v3)",
                  (common / "GPL-3").read_text(encoding="utf-8"))]
    if not files:
        missing_text.append(shown)
        body.append("The installed distribution contains no licence file. The licence named above")
        body.append("applies; its full text is published by the project at the address above.")
        body.append("")
    for path, text in files:
        body.append(f"--- {path} ---")
        body.append("")
        body.append(text)
        body.append("")
    sections.append("\n".join(head + body))

header = (
    "AIBRI Desktop includes the following third-party software. Each component is "
    "distributed under its own licence, reproduced below as it is shipped in the "
    "component's installed distribution (name, version, licence and project address "
    "from the package metadata, then the full licence texts). Where a distribution "
    "contains no licence file, its licence name and project address are given instead. "
    "Copyright in each component remains with its authors."
)
import textwrap
parts = [textwrap.fill(header, 78), ""]
parts.append("Components:")
for n, v, l in rows:
    parts.append(f"  - {n} {v} ({l})")
if not_installed:
    parts.append("")
    parts.append("Not installed in this build and therefore not shipped: " + ", ".join(not_installed) + ".")
parts.append("")
parts.append("")
parts.append("\n\n".join(sections))
(OUT / "THIRD-PARTY.txt").write_text("\n".join(parts).rstrip("\n") + "\n", encoding="utf-8")

md_lines = [
    "# Third-party licences",
    "",
    "Runtime third-party software shipped with AIBRI Desktop. The full licence texts are in",
    "[`THIRD-PARTY.txt`](THIRD-PARTY.txt).",
    "",
    "| package | version | licence |",
    "|---|---|---|",
]
for n, v, l in rows:
    md_lines.append(f"| {n} | {v} | {l.replace('|', '/')} |")
md_lines += [
    "",
    "This list and `THIRD-PARTY.txt` are generated from the installed distributions in the",
    "project's `.venv` (package metadata and the licence files each distribution ships). They",
    "are regenerated whenever the runtime dependencies or their versions change.",
]
if not_installed:
    md_lines.insert(-4, "")
    md_lines.insert(-4, "Not installed in this build, so not shipped: " + ", ".join(not_installed) + ".")
(OUT / "README.md").write_text("\n".join(md_lines) + "\n", encoding="utf-8")
print("rows", rows)
print("missing licence text:", missing_text)
print("not installed:", not_installed)
