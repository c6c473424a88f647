"""The pieces a Linux desktop and PyInstaller need: the .desktop entry, the icon in every
size it names, `make install-desktop` into a private data folder, and the frozen smoke test's
own behaviour. (The frozen app itself is built and smoke-tested by .ci/run after make test.)"""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class _CaseSensitive(configparser.ConfigParser):
    """A .desktop file's keys are case-sensitive."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _entry(path: Path) -> configparser.SectionProxy:
    parser = _CaseSensitive(interpolation=None, strict=True)
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_every_icon_size_exists_and_is_that_size() -> None:
    assert (ICONS / "aibri.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in SIZES:
        assert _png_size(ICONS / f"aibri-{size}.png") == (size, size)
    assert (ICONS / "aibri.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # Windows icon
    assert (ICONS / "aibri.icns").read_bytes()[:4] == b"icns"  # macOS icon


def test_desktop_entry_names_the_app_and_its_icon() -> None:
    entry = _entry(ROOT / "resources" / "desktop" / "aibri.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "AIBRI Desktop"
    assert entry["Icon"] == "aibri"
    assert entry["Terminal"] == "false"
    assert entry["Exec"] == '"@EXEC@"'
    assert entry["Categories"].endswith(";")


def test_install_desktop_puts_entry_and_icons_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    subprocess.run(["make", "-s", "install-desktop"], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True)
    entry = _entry(data / "applications" / "aibri.desktop")
    executable = Path(entry["Exec"].strip('"'))
    assert executable.is_file() and os.access(executable, os.X_OK)
    assert entry["TryExec"] == str(executable)
    for size in SIZES:
        installed = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "aibri.png"
        assert _png_size(installed) == (size, size)
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "aibri.svg").is_file()

    subprocess.run(["make", "-s", "uninstall-desktop"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    assert not (data / "applications" / "aibri.desktop").exists()
    assert not list((data / "icons").rglob("aibri.*"))


def test_frozen_smoke_test_says_clearly_when_there_is_no_build(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "smoke-frozen"),
                             str(tmp_path / "aibri")], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"no frozen app at {tmp_path / 'aibri'}: "
                                     "run `make dist` first")


def test_build_spec_reads_name_and_version_from_the_package() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    compile(spec, "build.spec", "exec")  # it is Python; a syntax error would stop every build
    assert 'PROJECT["scripts"]' in spec and "__version__" in spec
    assert '"PySide6.QtOpenGL"' not in spec, "pyqtgraph needs QtOpenGL"
