"""Message boxes behind class methods, so tests can replace them and never block on a modal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
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


class ConflictDialog:
    """What to do with assessments that are already in this database."""

    @classmethod
    def ask(cls, parent: QWidget | None, count: int) -> str | None:
        tr = QCoreApplication.translate
        box = QMessageBox(QMessageBox.Icon.Question, tr("ConflictDialog", "Already here"),
                          tr("ConflictDialog", "{n} assessment(s) in the file are already in "
                             "this database. Skip them, replace them with the file's version, "
                             "or import copies?").format(n=count),
                          QMessageBox.StandardButton.Cancel, parent)
        choices: dict[object, str] = {}
        for key, text in (("skip", tr("ConflictDialog", "Skip")),
                          ("replace", tr("ConflictDialog", "Replace")),
                          ("copy", tr("ConflictDialog", "Import copies"))):
            choices[box.addButton(text, QMessageBox.ButtonRole.AcceptRole)] = key
        box.exec()
        return choices.get(box.clickedButton())
