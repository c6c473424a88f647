"""`aibri --smoke-test` and `aibri screenshots` as CI and a reviewer run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from displays import DisplayUnavailable, xvfb  # tools/ is not a package


def _run(*args: str, tmp_path: Path, display: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AIBRI_DATA_DIR": str(tmp_path / "d"),
           "XDG_RUNTIME_DIR": str(tmp_path), **(display or {})}
    return subprocess.run([sys.executable, "-m", "aibri_desktop", *args], capture_output=True,
                          text=True, env=env, timeout=180, check=False)


def test_smoke_test_opens_every_page_and_exits_0(tmp_path: Path) -> None:
    result = _run("--smoke-test", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "smoke test passed on the offscreen platform: 6 sample assessments")
    # its pages add follow-ups and a real country (Kenya, for suggestions) to the 6 samples
    assert "started again on 11 saved: rows shown after" in result.stdout, \
        "the start a user gets on a saved library (rows first, services behind) is exercised"
    assert result.stderr == "", "nothing unexpected on stderr"
    assert not (tmp_path / "d").exists(), "the smoke test must not touch the user's data"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 (xcb) is Linux's display")
def test_the_window_opens_on_a_real_x_server(tmp_path: Path) -> None:
    """What a Linux desktop does: the xcb platform plugin on a real X server (Xvfb), which
    fails (exit 134) when one of the X libraries Qt needs is missing."""
    try:
        with xvfb() as display:
            result = _run("--smoke-test", tmp_path=tmp_path, display=display)
    except DisplayUnavailable as why:
        pytest.fail(f"no real X server for this test: {why}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke test passed on the xcb platform: 6 sample"), \
        result.stdout
    assert result.stderr == "", "nothing unexpected on stderr"


def test_screenshots_are_written_and_not_blank(tmp_path: Path) -> None:
    """Light at two of its sizes, and high contrast at one (all of them, as `make
    screenshots` writes, take a minute and a half): the themes and sizes are those of
    test_the_screenshots_cover_every_theme_and_size."""
    target = tmp_path / "shots"
    result = _run("screenshots", str(target), "--theme", "light", "--size", "1280x800",
                  "--size", "1024x768-150", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in target.glob("*.png"))
    assert result.stdout.startswith(f"wrote {len(names)} screenshots to {target}")
    assert not (target / "dark").exists() and not (target / "high-contrast").exists()
    for page in ("welcome", "library", "new-assessment", "settings", "guide", "about"):
        assert f"{page}.png" in names and f"{page}-1024x768-150.png" in names
    library = QImage(str(target / "library.png"))
    assert (library.width(), library.height()) == (1280, 800)
    small = QImage(str(target / "library-1024x768-150.png"))
    assert (small.width(), small.height()) == (1024, 768)
    colours = {library.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20, "a blank or nearly blank screenshot"

    result = _run("screenshots", str(target), "--theme", "high-contrast", "--size", "1280x800",
                  tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    contrast = sorted(p.name for p in (target / "high-contrast").glob("*.png"))
    assert contrast == [name for name in names if "-1024x768" not in name]
    library = QImage(str(target / "high-contrast" / "library.png"))
    assert QColor(library.pixel(700, 600)).name() == "#000000", "white on black"


def test_the_screenshots_cover_every_theme_and_size(tmp_path: Path) -> None:
    from aibri_desktop.ui.smoke import shot_plan

    assert [(theme, folder.relative_to(tmp_path).as_posix(), size)
            for theme, folder, size in shot_plan(tmp_path)] == [
        ("light", ".", "1280x800"), ("light", ".", "1024x768"), ("light", ".", "1024x768-150"),
        ("dark", "dark", "1280x800"), ("dark", "dark", "1024x768"),
        ("dark", "dark", "1024x768-150"), ("high-contrast", "high-contrast", "1280x800"),
        ("high-contrast", "high-contrast", "1024x768"),
        ("high-contrast", "high-contrast", "1024x768-150")]
    assert [size for _t, _f, size in shot_plan(tmp_path, ["dark"], ["1024x768"])] == [
        "1024x768"]


def test_the_application_carries_its_icon_in_every_size(qapp: object) -> None:
    from aibri_desktop.ui.app import _icon

    sizes = {(s.width(), s.height()) for s in _icon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
