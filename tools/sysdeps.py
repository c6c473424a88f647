"""Find and install the system libraries Qt needs, by file (stdlib only).

A development and build tool, not part of the app: run by ``make`` before the virtual
environment exists (``python3 tools/sysdeps.py --ensure venv offscreen``). A library is looked
for by its file name (``ldconfig -p``), never by package name, because distributions rename
packages (Debian 13: ``libglib2.0-0t64``). Only what is missing is installed: with apt-get as
root, with ``sudo -n`` otherwise, and with one clear message naming the packages where neither
works.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

# group -> [(library file or check, candidate packages in order of preference)]
REQUIREMENTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "venv": [("python:ensurepip", ("python3-venv",))],
    "offscreen": [
        ("libglib-2.0.so.0", ("libglib2.0-0t64", "libglib2.0-0")),
        ("libGL.so.1", ("libgl1",)),
        ("libEGL.so.1", ("libegl1",)),
        ("libxkbcommon.so.0", ("libxkbcommon0",)),
        ("libfreetype.so.6", ("libfreetype6",)),
        ("libfontconfig.so.1", ("libfontconfig1",)),
        ("libdbus-1.so.3", ("libdbus-1-3",)),
        ("font:any", ("fonts-dejavu-core",)),
    ],
    # A real X11 window: everything Qt's xcb platform plugin and its GL integrations load.
    "window": [
        ("libxkbcommon-x11.so.0", ("libxkbcommon-x11-0",)),
        ("libxcb-cursor.so.0", ("libxcb-cursor0",)),
        ("libxcb-icccm.so.4", ("libxcb-icccm4",)),
        ("libxcb-keysyms.so.1", ("libxcb-keysyms1",)),
        ("libxcb-shape.so.0", ("libxcb-shape0",)),
        ("libxcb-image.so.0", ("libxcb-image0",)),
        ("libxcb-util.so.1", ("libxcb-util1",)),
        ("libxcb-render-util.so.0", ("libxcb-render-util0",)),
        ("libxcb-render.so.0", ("libxcb-render0",)),
        ("libxcb-randr.so.0", ("libxcb-randr0",)),
        ("libxcb-shm.so.0", ("libxcb-shm0",)),
        ("libxcb-sync.so.1", ("libxcb-sync1",)),
        ("libxcb-xfixes.so.0", ("libxcb-xfixes0",)),
        ("libxcb-xkb.so.1", ("libxcb-xkb1",)),
        ("libxcb-glx.so.0", ("libxcb-glx0",)),
        ("libX11-xcb.so.1", ("libx11-xcb1",)),
    ],
    # A Wayland window: Qt's wayland platform plugin and its shell and EGL integrations.
    "wayland": [
        ("libwayland-client.so.0", ("libwayland-client0",)),
        ("libwayland-cursor.so.0", ("libwayland-cursor0",)),
        ("libwayland-egl.so.1", ("libwayland-egl1",)),
    ],
    # a brief's pages as images (make docs-brief) and its text (the tests read what it says)
    "pdf-pages": [("bin:pdftoppm", ("poppler-utils",)), ("bin:pdftotext", ("poppler-utils",))],
    # the Word brief's pages as Word users see them: LibreOffice converts it to PDF
    "docx-pages": [("bin:soffice", ("libreoffice-writer-nogui", "libreoffice-writer"))],
    # a real X server for the tests and the frozen smoke test that need one
    "xvfb": [("bin:Xvfb", ("xvfb",)), ("bin:xvfb-run", ("xvfb",)), ("bin:xauth", ("xauth",))],
    # a headless Wayland compositor for the frozen smoke test's Wayland check
    "weston": [("bin:weston", ("weston",))],
    # a real PostgreSQL server for the team-mode tests (Debian's, started by the test harness
    # as an unprivileged user on a private socket; its binaries are not on PATH)
    "postgres": [("postgres:initdb", ("postgresql",))],
}


def _shared_libraries() -> set[str]:
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        try:
            out = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True,
                                 check=False)
        except FileNotFoundError:
            return set()
    return {line.split()[0] for line in out.stdout.splitlines()[1:] if line.strip()}


def _has_font() -> bool:
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        base = Path(folder)
        if base.is_dir() and any(base.rglob("*.ttf")):
            return True
    return False


def _present(check: str, libraries: set[str]) -> bool:
    if check == "python:ensurepip":
        probe = subprocess.run([sys.executable, "-c", "import ensurepip, venv"],
                               capture_output=True, check=False)
        return probe.returncode == 0
    if check == "font:any":
        return _has_font()
    if check == "postgres:initdb":
        return any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or bool(
            shutil.which("initdb"))
    if check.startswith("bin:"):
        return shutil.which(check[4:]) is not None
    return check in libraries


def missing(groups: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    libraries = _shared_libraries()
    return [(check, pkgs) for group in groups for check, pkgs in REQUIREMENTS[group]
            if not _present(check, libraries)]


def _apt_prefix() -> list[str] | None:
    if shutil.which("apt-get") is None:
        return None
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True,
                                               check=False).returncode == 0:
        return ["sudo", "-n"]
    return None


def _available(prefix: list[str], package: str) -> bool:
    result = subprocess.run([*prefix, "apt-cache", "show", package], capture_output=True,
                            check=False)
    return result.returncode == 0 and bool(result.stdout.strip())


def ensure(groups: list[str]) -> int:
    needed = missing(groups)
    if not needed:
        return 0
    prefix = _apt_prefix()
    names = sorted({pkgs[-1] for _check, pkgs in needed})
    if prefix is None:
        sys.stderr.write(
            "AIBRI Desktop needs system packages that are missing and cannot be installed "
            "without administrator rights: " + " ".join(names) + "\n"
            "Install them (e.g. 'sudo apt-get install " + " ".join(names) + "') and run "
            "the command again.\n"
        )
        return 1
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("Installing missing system packages for: " + ", ".join(c for c, _p in needed),
          flush=True)
    subprocess.run([*prefix, "apt-get", "update", "-qq"], check=False, env=env)
    chosen = []
    for _check, candidates in needed:
        pick = next((p for p in candidates if _available(prefix, p)), candidates[-1])
        chosen.append(pick)
    result = subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
         *sorted(set(chosen))], env=env, check=False)
    if result.returncode != 0:
        sys.stderr.write("Installing " + " ".join(sorted(set(chosen))) + " failed.\n")
        return result.returncode
    still = missing(groups)
    if still:
        sys.stderr.write("Still missing after installation: "
                         + ", ".join(c for c, _p in still) + "\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--ensure", nargs="+", choices=sorted(REQUIREMENTS), default=[])
    parser.add_argument("--check", nargs="+", choices=sorted(REQUIREMENTS), default=[])
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11):  # noqa: UP036 - run by the system python3, maybe older
        sys.stderr.write("AIBRI Desktop needs Python 3.11 or newer; this is "
                         f"{sys.version.split()[0]}.\n")
        return 1
    if args.check:
        gaps = missing(args.check)
        for check, pkgs in gaps:
            print(f"missing: {check} (package {pkgs[-1]})")
        return 1 if gaps else 0
    return ensure(args.ensure)


if __name__ == "__main__":
    sys.exit(main())
