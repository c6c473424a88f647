"""Settings: where the database lives, the default marking, what happens after an export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.location import location_warning
from ..settings import AppSettings
from .new_assessment import MARKINGS


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, current_database: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 84)
        self._settings = settings
        self._current = current_database

        self.database = QLineEdit(settings.database_path or current_database, self)
        self.database.setAccessibleName(self.tr("Database file"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.database, 1)
        row.addWidget(browse)
        self.database_note = QLabel(self)
        self.database_note.setWordWrap(True)
        self.database_warning = QLabel(self)
        self.database_warning.setObjectName("databaseWarning")
        self.database_warning.setWordWrap(True)
        self.database_warning.setStyleSheet("color: #b3261e;")
        self.database.textChanged.connect(self._check_database)

        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(settings.default_marking)
        self.marking.setAccessibleName(self.tr("Default classification marking"))
        self.open_pdf = QCheckBox(self.tr("Open PDF briefs in the system viewer after export"),
                                  self)
        self.open_pdf.setChecked(settings.open_pdf_after_export)

        form = QFormLayout()
        database_column = QVBoxLayout()
        database_column.addLayout(row)
        database_column.addWidget(self.database_note)
        database_column.addWidget(self.database_warning)
        form.addRow(self.tr("Database"), database_column)
        form.addRow(self.tr("Default marking"), self.marking)
        form.addRow(self.tr("After export"), self.open_pdf)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._check_database()

    @classmethod
    def ask(cls, settings: AppSettings, current_database: str,
            parent: QWidget | None = None) -> bool:
        return cls(settings, current_database, parent).exec() == QDialog.DialogCode.Accepted

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Choose a database file"), self.database.text(),
            self.tr("AIBRI databases (*.sqlite3);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.database.setText(path)

    def _check_database(self) -> None:
        text = self.database.text().strip()
        changed = bool(text) and text != self._current
        self.database_note.setText(
            self.tr("Takes effect the next time AIBRI Desktop starts.") if changed
            else self.tr("In use now."))
        warning = location_warning(Path(text)) if text and "://" not in text else None
        self.database_warning.setText(self.tr("Warning: {text}").format(text=warning)
                                      if warning else "")
        self.database_warning.setVisible(bool(warning))

    def _save(self) -> None:
        text = self.database.text().strip()
        from ...paths import default_database_path

        self._settings.database_path = "" if text == str(default_database_path()) else text
        self._settings.default_marking = self.marking.currentText().strip()
        self._settings.open_pdf_after_export = self.open_pdf.isChecked()
        self._settings.sync()
        self.accept()
