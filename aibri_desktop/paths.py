"""Where bundled resources, migrations and user data live.

The one place that knows the three layouts the app runs from: a PyInstaller bundle
(``sys._MEIPASS``), an installed wheel (``aibri_desktop/_resources`` and ``_db`` inside the
package, see ``pyproject.toml``), and a development checkout (``resources/`` and ``db/`` beside
the package). Nothing else in the code builds paths to bundled files.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


class MissingResourceError(RuntimeError):
    """A bundled folder is missing: the installation is incomplete."""


def _candidates(packaged: str, checkout: str) -> list[Path]:
    found: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        found.append(Path(bundle) / "aibri_desktop" / packaged)
    found.append(_PACKAGE_DIR / packaged)
    found.append(_PACKAGE_DIR.parent / checkout)
    return found


def _first_existing(packaged: str, checkout: str, marker: str) -> Path:
    for candidate in _candidates(packaged, checkout):
        if (candidate / marker).exists():
            return candidate
    raise MissingResourceError(
        f"AIBRI Desktop is incompletely installed: the folder '{packaged}' was not found "
        f"(looked in {', '.join(str(c) for c in _candidates(packaged, checkout))})."
    )


@cache
def resources_dir() -> Path:
    """The bundled ``resources`` folder (frameworks, countries, fonts, icons, translations)."""
    return _first_existing("_resources", "resources", "frameworks")


@cache
def migrations_dir() -> Path:
    """The Alembic environment (``env.py`` and ``versions/``) shipped with the app."""
    return _first_existing("_db", "db", "env.py")


def frameworks_dir() -> Path:
    return resources_dir() / "frameworks"


def bundled_framework_files() -> list[Path]:
    """Framework files shipped with the app, in a stable order."""
    return sorted(frameworks_dir().glob("*.json"))


def countries_dir() -> Path:
    return resources_dir() / "countries"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def user_data_dir() -> Path:
    """Per-user data folder; ``AIBRI_DATA_DIR`` overrides it (tests, portable installs)."""
    override = os.environ.get("AIBRI_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("aibri-desktop", appauthor=False)


def user_config_dir() -> Path:
    """Per-user configuration folder (holds the checksum key); ``AIBRI_CONFIG_DIR`` overrides
    it. Kept apart from the data folder so that a copied library does not carry its key."""
    override = os.environ.get("AIBRI_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("aibri-desktop", appauthor=False)


def default_database_path() -> Path:
    return user_data_dir() / "aibri.sqlite3"
