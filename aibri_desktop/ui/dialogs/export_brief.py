"""Options for a country brief: where, which annexes, names or not, the marking."""

from __future__ import annotations

from dataclasses import dataclass
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

from ..settings import AppSettings
from .new_assessment import MARKINGS


@dataclass(frozen=True)
class BriefOptions:
    path: Path
    evidence: bool
    include_assessor: bool
    marking: str
    open_after: bool
    recipient: str = ""


class ExportBriefDialog(QDialog):
    def __init__(self, suggested_name: str, marking: str, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export country brief"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self._settings = settings
        folder = Path(settings.recent("brief_folder", str(Path.home())))
        self.path = QLineEdit(str(folder / suggested_name), self)
        self.path.setAccessibleName(self.tr("PDF file"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.evidence = QCheckBox(self.tr("Add the annex with every answer's evidence and "
                                          "sources"), self)
        self.assessor = QCheckBox(self.tr("Name the assessor (off: no names in the brief or its "
                                          "metadata)"), self)
        self.assessor.setChecked(False)
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(marking)
        self.recipient = QLineEdit(self)
        self.recipient.setAccessibleName(self.tr("Recipient (for the register)"))
        self.recipient.setPlaceholderText(self.tr("Optional: who receives it (kept in the "
                                                  "register of issued briefs)"))
        self.open_after = QCheckBox(self.tr("Open the PDF when it is written"), self)
        self.open_after.setChecked(settings.open_pdf_after_export)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Marking"), self.marking)
        form.addRow(self.tr("Annex"), self.evidence)
        form.addRow(self.tr("Names"), self.assessor)
        form.addRow(self.tr("Recipient"), self.recipient)
        form.addRow("", self.open_after)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Export"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.options: BriefOptions | None = None

    @classmethod
    def ask(cls, suggested_name: str, marking: str, settings: AppSettings,
            parent: QWidget | None = None) -> BriefOptions | None:
        dialog = cls(suggested_name, marking, settings, parent)
        return dialog.options if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export country brief"), self.path.text(),
            self.tr("PDF (*.pdf);;Editable Word document (*.docx)"))
        if path:
            self.path.setText(path)

    def _accept(self) -> None:
        text = self.path.text().strip()
        path = Path(text).expanduser()
        if not text or path.suffix.lower() not in (".pdf", ".docx"):
            self.error.setText(self.tr("Give a file name ending in .pdf (or .docx for an "
                                       "editable document)."))
        elif not path.parent.is_dir():
            self.error.setText(self.tr("The folder {folder} does not exist.").format(
                folder=path.parent))
        else:
            self.options = BriefOptions(path, self.evidence.isChecked(),
                                        self.assessor.isChecked(),
                                        self.marking.currentText().strip(),
                                        self.open_after.isChecked(),
                                        self.recipient.text().strip())
            self._settings.set_recent("brief_folder", str(path.parent))
            self.accept()
            return
        self.error.show()
