"""resources/ and db/ reach an installed (non-editable) wheel under the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_carries_resources_and_migrations_under_the_package(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(ROOT)],
        check=True, capture_output=True,
    )
    wheel = next((tmp_path / "wheel").glob("aibri_desktop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("aibri_desktop/_resources/frameworks/") for n in names)
    assert "aibri_desktop/_db/env.py" in names
    assert any(n.startswith("aibri_desktop/_db/versions/0001") for n in names)
    assert not any(n.startswith(("resources/", "db/")) for n in names), "nothing at top level"

    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import aibri_desktop.paths as p\n"
        "print(p.resources_dir()); print(p.migrations_dir())\n"
        "print(len(p.bundled_framework_files()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env={"PYTHONPATH": str(target),
                                                        "PATH": "/usr/bin:/bin"})
    resources, migrations, count = out.stdout.split()
    assert Path(resources) == target / "aibri_desktop" / "_resources"
    assert Path(migrations) == target / "aibri_desktop" / "_db"
    assert int(count) >= 1
