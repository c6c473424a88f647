"""GUI test fixtures: a fresh database and settings file per test, the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from aibri_desktop.services import Services
from aibri_desktop.ui.dialogs.messages import Messages
from aibri_desktop.ui.main_window import MainWindow
from aibri_desktop.ui.settings import AppSettings
from helpers.ui import make_window


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    opened = Services.open(tmp_path / "ui.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes never block: confirmations say yes, errors are recorded."""
    seen: list[tuple[str, str]] = []

    def confirm(cls, parent, title, text: str, action) -> bool:
        seen.append(("confirm", text))
        return True

    def error(cls, parent, title, text: str) -> None:
        seen.append(("error", text))

    def info(cls, parent, title, text: str) -> None:
        seen.append(("info", text))

    monkeypatch.setattr(Messages, "confirm", classmethod(confirm))
    monkeypatch.setattr(Messages, "error", classmethod(error))
    monkeypatch.setattr(Messages, "info", classmethod(info))
    return seen


@pytest.fixture
def window(qtbot, services: Services, settings: AppSettings, messages) -> Iterator[MainWindow]:
    main = make_window(qtbot, services, settings)
    yield main
    main.close()
