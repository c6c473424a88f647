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
    monkeypatch.setattr(Messages, "confirm",
                        classmethod(lambda cls, parent, title, text, action: (
                            seen.append(("confirm", text)) or True)))
    monkeypatch.setattr(Messages, "error",
                        classmethod(lambda cls, parent, title, text: seen.append(("error", text))))
    monkeypatch.setattr(Messages, "info",
                        classmethod(lambda cls, parent, title, text: seen.append(("info", text))))
    return seen


@pytest.fixture
def window(qtbot, services: Services, settings: AppSettings, messages) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = make_window(qtbot, services, settings)
    yield main
    main.close()
