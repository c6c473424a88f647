"""The frozen app that `make dist` builds: its size unpacked and packed, and its start to the
main window shown (targets: 200 MB unpacked, 1 s to the window).

It measures an existing build (dist/aibri/ unless --dist names another); without one it says
so in one line and reports nothing. Sizes are the sum of the regular files' sizes (links not
followed; the bundle links a few libraries to others inside it) in MB of 2^20 bytes (MiB), as
demo_scale.py and start_window.py count theirs and as `du -sh` shows the folder. The tarball is
dist/aibri-*.tar.gz beside the folder (the newest, if several).

The start is timed by the frozen app itself, from outside: with AIBRI_REPORT_START=1 it
prints "window shown X s after the process started" once the window's first paint (the
library's rows, or the welcome panel of an empty library) has ended, read from /proc as
start_window.py reads its own (so the bootloader, unpacking and interpreter start count too),
and quits. Each run is a new process with a fresh config folder, a temporary home, offscreen,
either on a new, empty data folder (a first start: the window shows, the new library is made
behind it) or, with --db, on a saved library (the start a user makes every day).

    .venv/bin/python benchmarks/frozen_app.py [--dist dist/aibri] [--runs 5] [--db LIBRARY]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from figures import report

ROOT = Path(__file__).resolve().parents[1]
MB = 2**20
WINDOW_SHOWN = re.compile(r"window shown ([\d.]+) s after the process started")


def folder_size(folder: Path) -> int:
    """Bytes in the regular files under ``folder``; links are neither followed nor counted."""
    total = 0
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(directory, name)
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def tarball(dist: Path) -> Path | None:
    """The newest dist/aibri-*.tar.gz beside the folder, or None."""
    found = sorted(dist.parent.glob(f"{dist.name}-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def start_seconds(app: Path, database: Path | None = None) -> float:
    """One start of the frozen app to its window shown, on fresh folders, offscreen."""
    with tempfile.TemporaryDirectory(prefix="aibri-frozen-bench-") as name:
        folder = Path(name)
        for sub in ("runtime", "data", "config"):
            (folder / sub).mkdir(mode=0o700)
        # the user's environment, less anything that could point at a Python installation
        # or at another database, settings or Qt platform
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "AIBRI_"))}
        env.update({"HOME": str(folder), "XDG_RUNTIME_DIR": str(folder / "runtime"),
                    "XDG_DATA_HOME": str(folder / "xdg-data"),
                    "XDG_CONFIG_HOME": str(folder / "xdg-config"),
                    "XDG_CACHE_HOME": str(folder / "xdg-cache"),
                    "AIBRI_DATA_DIR": str(folder / "data"),
                    "AIBRI_CONFIG_DIR": str(folder / "config"),
                    "AIBRI_REPORT_START": "1", "QT_QPA_PLATFORM": "offscreen"})
        if sys.platform.startswith("linux"):
            env["PATH"] = "/usr/bin:/bin"  # not the project's .venv/bin
        command = [str(app), *(["--db", str(database)] if database else [])]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                                check=False)
    found = WINDOW_SHOWN.search(result.stdout)
    if result.returncode != 0 or found is None:
        print(f"the frozen app did not start (exit {result.returncode}):\n"
              f"{result.stdout[-2000:]}{result.stderr[-4000:]}", file=sys.stderr)
        raise SystemExit(1)
    return float(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist" / "aibri",
                        help="the frozen app's folder (default: dist/aibri)")
    parser.add_argument("--runs", type=int, default=5, help="starts (default 5; 0: sizes only)")
    parser.add_argument("--db", type=Path, help="also time starts on this saved library")
    args = parser.parse_args()
    dist = args.dist.resolve()
    app = dist / ("aibri.exe" if sys.platform == "win32" else "aibri")
    if not app.is_file():
        print(f"no frozen app at {dist}: build it first: make dist")
        return 0

    size = folder_size(dist) / MB
    print(f"frozen app unpacked: {size:.1f} MB (MiB; {size * MB / 1e6:.1f} million bytes) "
          f"(target <= 200 MB)")
    report("frozen_size", size, "MB")
    packed = tarball(dist)
    if packed is not None:
        packed_size = packed.stat().st_size / MB
        print(f"frozen app tarball {packed.name}: {packed_size:.1f} MB (MiB)")
        report("frozen_tarball", packed_size, "MB")
    else:
        print(f"no {dist.name}-*.tar.gz beside {dist}: tarball not measured")

    if args.runs < 1:
        return 0
    starts = [start_seconds(app) for _ in range(args.runs)]
    print(f"frozen app start to main window, first start (new data folder, offscreen): "
          f"median {statistics.median(starts):.2f} s of "
          f"{', '.join(f'{s:.2f}' for s in starts)} (target <= 1 s)")
    report("frozen_start", starts, "s")
    if args.db:
        saved = [start_seconds(app, args.db.absolute()) for _ in range(args.runs)]
        print(f"frozen app start to main window, saved library {args.db.name} (offscreen): "
              f"median {statistics.median(saved):.2f} s of "
              f"{', '.join(f'{s:.2f}' for s in saved)} (target <= 1 s)")
        report("frozen_start_saved", saved, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
