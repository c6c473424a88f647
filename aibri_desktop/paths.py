"""Where bundled resources, migrations and user data live.

The one place that knows the three layouts the app runs from: a PyInstaller bundle
(``sys._MEIPASS``), an installed wheel (``aibri_desktop/_resources`` and ``_db`` inside the
package, see ``pyproject.toml``), and a development checkout (``resources/`` and ``db/`` beside
the package). Nothing else in the code builds paths to bundled files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


def suppliers_dir() -> Path:
    return frameworks_dir() / "suppliers"


def bundled_supplier_files() -> list[Path]:
    """Supplier profiles shipped with the app (one per supplier state), in a stable order."""
    return sorted(suppliers_dir().glob("*.json"))


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


# Owner-only at rest: what the app makes (the data folder, databases with their -wal and -shm,
# backups, the lock file, the error log, briefs, exports and CSVs) is readable by its user
# only. An existing file or folder someone else made keeps its mode (see ``private_folder``).
OWNER_FILE_MODE = 0o600
OWNER_FOLDER_MODE = 0o700


def private_folder(folder: Path, *, tighten: bool = False) -> Path:
    """Make ``folder`` and any missing folders above it owner-only (0700).

    A folder that already exists keeps its mode, unless ``tighten`` is given (for folders
    that are the app's own, such as a database's backups) or it is the default user data
    folder: then its group and other permissions are removed. A folder the user named (an
    ``AIBRI_DATA_DIR``, the folder of a database kept elsewhere) is never changed.
    """
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=OWNER_FOLDER_MODE)
        except FileExistsError:
            continue  # made at the same moment by another copy: theirs counts
        _chmod_quietly(path, OWNER_FOLDER_MODE)  # exact, whatever the umask
    if not missing and (tighten or _is_default_data_folder(folder)):
        tighten_to_owner(folder)
    return folder


def tighten_to_owner(path: Path) -> None:
    """Remove group and other permissions from a file or folder of ours (quietly: a file
    system without Unix permissions keeps what it has)."""
    if sys.platform == "win32":
        return
    try:
        status = os.lstat(path)
        if status.st_uid == os.getuid() and status.st_mode & 0o077:
            os.chmod(path, status.st_mode & 0o700)
    except OSError:
        pass


def new_private_file(path: Path) -> bool:
    """Create ``path`` empty and owner-only (0600), with its missing folders (0700), unless
    something is there already. True when it was made."""
    private_folder(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE_MODE)
    except FileExistsError:
        return False
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, OWNER_FILE_MODE)  # exact, whatever the umask
    finally:
        os.close(descriptor)
    return True


@contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside the block get no group or other permissions (for
    files made by code that takes no mode, such as Qt's lock file)."""
    previous = os.umask(0o077)
    os.umask(previous | 0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _is_default_data_folder(folder: Path) -> bool:
    if os.environ.get("AIBRI_DATA_DIR"):
        return False
    try:
        return folder.absolute() == user_data_dir().absolute()
    except Exception:  # platformdirs cannot name it: nothing to tighten
        return False


def _chmod_quietly(path: Path, mode: int) -> None:
    with suppress(OSError):
        os.chmod(path, mode)


def bundled_lineage_files() -> list[Path]:
    """Which item of an earlier framework version each new item was split from
    (:mod:`aibri_desktop.domain.lineage`)."""
    return sorted((frameworks_dir() / "lineage").glob("*.json"))
