"""Message boxes behind class methods, so tests can replace them and never block on a modal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Messages:
    @classmethod
    def confirm(cls, parent: QWidget | None, title: str, text: str, *, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Cancel, parent)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

    @classmethod
    def error(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    @classmethod
    def info(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


class FolderDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, start: str) -> Path | None:
        folder = QFileDialog.getExistingDirectory(parent, title, start)
        return Path(folder) if folder else None
