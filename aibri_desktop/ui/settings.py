"""The user's preferences, kept with QSettings; tests inject a private file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class AppSettings:
    """Typed access to QSettings. One instance is passed to whoever needs it."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    @classmethod
    def at(cls, path: Path) -> AppSettings:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @classmethod
    def user(cls) -> AppSettings:
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                             "AIBRI", "AIBRI Desktop"))

    def sync(self) -> None:
        self._s.sync()

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return str(value) if value is not None else default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    # -- preferences shown in the Settings dialog --
    @property
    def database_path(self) -> str:
        """The database to open at the next start; empty = the default location."""
        return self._str("database/path")

    @database_path.setter
    def database_path(self, value: str) -> None:
        self._s.setValue("database/path", value)

    @property
    def default_marking(self) -> str:
        return self._str("output/default_marking", "OFFICIAL")

    @default_marking.setter
    def default_marking(self, value: str) -> None:
        self._s.setValue("output/default_marking", value)

    @property
    def open_pdf_after_export(self) -> bool:
        return self._bool("output/open_pdf_after_export", True)

    @open_pdf_after_export.setter
    def open_pdf_after_export(self, value: bool) -> None:
        self._s.setValue("output/open_pdf_after_export", value)

    @property
    def theme(self) -> str:
        """The look: "system" (the default: the platform's), "light", "dark" or
        "high-contrast" (ui/theme.py's Theme values)."""
        return self._str("appearance/theme", "system")

    @theme.setter
    def theme(self, value: str) -> None:
        self._s.setValue("appearance/theme", value)

    # -- window state and recent choices --
    def geometry(self, name: str) -> QByteArray | None:
        value = self._s.value(f"window/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, name: str, value: QByteArray) -> None:
        self._s.setValue(f"window/{name}", value)

    def recent(self, name: str, default: str = "") -> str:
        return self._str(f"recent/{name}", default)

    def set_recent(self, name: str, value: str) -> None:
        self._s.setValue(f"recent/{name}", value)
