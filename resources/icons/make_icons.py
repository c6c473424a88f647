"""Render aibri.svg to the PNG sizes desktops use, and to aibri.ico (Windows) and
aibri.icns (macOS) for build.spec. Run after editing the SVG:

    .venv/bin/python resources/icons/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "aibri.svg"))
    if not renderer.isValid():
        print("aibri.svg could not be read", file=sys.stderr)
        return 1
    images = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        images[size] = image
        if not image.save(str(HERE / f"aibri-{size}.png")):
            print(f"could not write aibri-{size}.png", file=sys.stderr)
            return 1
    # Qt's ICO and ICNS writers take the largest suitable image and add its own sizes.
    for name, size in (("aibri.ico", 256), ("aibri.icns", 512)):
        if not images[size].save(str(HERE / name)):
            print(f"could not write {name}", file=sys.stderr)
            return 1
    print(f"wrote {len(SIZES)} PNG sizes, aibri.ico and aibri.icns to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
