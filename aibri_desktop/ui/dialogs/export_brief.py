"""Options for a country brief: PDF or Word, where, which annexes, names or not, the marking."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
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
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..settings import AppSettings
from ..style import set_tone
from .new_assessment import MARKINGS

PDF, DOCX = ".pdf", ".docx"


@dataclass(frozen=True)
class BriefOptions:
    path: Path
    evidence: bool
    include_assessor: bool
    marking: str
    open_after: bool
    recipient: str = ""


def _with_suffix(text: str, suffix: str) -> str:
    """The file name with the chosen format's suffix in place of the other's (a name with
    neither is left as typed: the check on Export says what it needs)."""
    for known in (PDF, DOCX):
        if text.lower().endswith(known):
            return text[: -len(known)] + suffix
    return text


class ExportBriefDialog(QDialog):
    def __init__(self, suggested_name: str, marking: str, settings: AppSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export country brief"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self._settings = settings
        # the format: a choice in view, the last one used first
        self.pdf = QRadioButton(self.tr("&PDF (to read and print)"), self)
        self.word = QRadioButton(self.tr("&Word document (DOCX, editable)"), self)
        self.pdf.setAccessibleName(self.tr("PDF"))
        self.word.setAccessibleName(self.tr("Word document (DOCX)"))
        self.formats = QButtonGroup(self)
        self.formats.addButton(self.pdf)
        self.formats.addButton(self.word)
        formats = QHBoxLayout()
        formats.addWidget(self.pdf)
        formats.addWidget(self.word)
        formats.addStretch(1)
        word_first = settings.recent("brief_format", PDF) == DOCX
        folder = Path(settings.recent("brief_folder", str(Path.home())))
        self.path = QLineEdit(str(folder / _with_suffix(suggested_name,
                                                        DOCX if word_first else PDF)), self)
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
        self.open_after = QCheckBox(self)
        self.open_after.setChecked(settings.open_pdf_after_export)
        self.error = QLabel(self)
        set_tone(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Format"), formats)
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
        (self.word if word_first else self.pdf).setChecked(True)
        self._show_format()
        self.formats.buttonToggled.connect(self._format_chosen)
        self.path.textChanged.connect(self._path_typed)

    @classmethod
    def ask(cls, suggested_name: str, marking: str, settings: AppSettings,
            parent: QWidget | None = None) -> BriefOptions | None:
        dialog = cls(suggested_name, marking, settings, parent)
        return dialog.options if dialog.exec() == QDialog.DialogCode.Accepted else None

    def suffix(self) -> str:
        """The chosen format's file suffix: ".pdf" or ".docx"."""
        return DOCX if self.word.isChecked() else PDF

    def _show_format(self) -> None:
        """The words that name the format follow the choice: never "PDF" for a Word file."""
        if self.word.isChecked():
            self.path.setAccessibleName(self.tr("Word document (DOCX) file"))
            self.open_after.setText(self.tr("Open the Word document when it is written"))
        else:
            self.path.setAccessibleName(self.tr("PDF file"))
            self.open_after.setText(self.tr("Open the PDF when it is written"))

    def _format_chosen(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        text = _with_suffix(self.path.text(), self.suffix())
        if text != self.path.text():
            self.path.setText(text)
        self._show_format()

    def _path_typed(self, text: str) -> None:
        """A name typed or browsed to with the other format's suffix chooses that format."""
        lowered = text.strip().lower()
        if lowered.endswith(DOCX) and not self.word.isChecked():
            self.word.setChecked(True)
        elif lowered.endswith(PDF) and not self.pdf.isChecked():
            self.pdf.setChecked(True)

    def _browse(self) -> None:
        pdf, word = self.tr("PDF (*.pdf)"), self.tr("Word document (*.docx)")
        filters = [word, pdf] if self.word.isChecked() else [pdf, word]
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export country brief"), self.path.text(), ";;".join(filters))
        if path:
            if Path(path).suffix.lower() not in (PDF, DOCX):  # the filter's format
                path += DOCX if chosen == word else PDF
            self.path.setText(path)

    def _accept(self) -> None:
        text = self.path.text().strip()
        path = Path(text).expanduser()
        if not text or path.suffix.lower() not in (PDF, DOCX):
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
            self._settings.set_recent("brief_format", path.suffix.lower())
            self.accept()
            return
        self.error.show()
