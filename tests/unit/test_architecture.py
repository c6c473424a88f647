"""The rooms of the code: domain/ is plain Python (no Qt, no SQL), checked in a fresh process."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import aibri_desktop.domain

FORBIDDEN = ("PySide6", "pyqtgraph", "sqlalchemy", "alembic", "reportlab")


def test_domain_imports_neither_qt_nor_sqlalchemy() -> None:
    modules = [m.name for m in pkgutil.walk_packages(aibri_desktop.domain.__path__,
                                                    "aibri_desktop.domain.")]
    assert len(modules) >= 5
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"domain pulled in: {out.stdout.strip()}"


def test_importing_the_package_is_cheap() -> None:
    """`aibri --version` and the CLI must not pay for Qt or SQLAlchemy at import."""
    code = ("import sys, aibri_desktop.cli\n"
            f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
