"""Add or edit one source of an answer: publisher, title, date, address, accessed, note — the
fields every source in the app has (framework sources and supplier-profile entries alike)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.answer_sources import MAX_FIELD, SourceError, make_source
from ...domain.framework import Source
from ..style import set_tone


class SourceDialog(QDialog):
    def __init__(self, source: Source | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit source") if source else self.tr("Add source"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.source: Source | None = None

        def field(name: str, placeholder: str, value: str | None) -> QLineEdit:
            edit = QLineEdit(value or "", self)
            edit.setAccessibleName(name)
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(MAX_FIELD)
            return edit

        self.publisher = field(self.tr("Publisher"), self.tr("e.g. Ministry of Digital Economy"),
                               source.publisher if source else "")
        self.title_edit = field(self.tr("Title"), self.tr("The document, page or dataset"),
                                source.title if source else "")
        self.date = field(self.tr("Date"), self.tr("YYYY, YYYY-MM or YYYY-MM-DD"),
                          source.date if source else "")
        self.address = field(self.tr("Address"), self.tr("https://… or doi:… (optional)"),
                             source.url if source else "")
        self.accessed = field(self.tr("Accessed"), self.tr("YYYY-MM-DD"),
                              source.accessed if source else "")
        self.today = QPushButton(self.tr("T&oday"), self)
        self.today.setAccessibleName(self.tr("Accessed today"))
        self.today.clicked.connect(
            lambda: self.accessed.setText(QDate.currentDate().toString("yyyy-MM-dd")))
        self.accessed.setToolTip(self.tr("The day you read an online source"))
        self.note = field(self.tr("Note"), self.tr("Page, section or what it shows (optional)"),
                          source.note if source else "")
        self.error = QLabel(self)
        self.error.setObjectName("sourceError")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Publisher"), self.publisher)
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("&Date"), self.date)
        form.addRow(self.tr("A&ddress"), self.address)
        accessed_row = QWidget(self)
        accessed_layout = QHBoxLayout(accessed_row)
        accessed_layout.setContentsMargins(0, 0, 0, 0)
        accessed_layout.addWidget(self.accessed, 1)
        accessed_layout.addWidget(self.today)
        form.addRow(self.tr("&Accessed"), accessed_row)
        form.addRow(self.tr("&Note"), self.note)
        for edit in (self.publisher, self.title_edit, self.date, self.address, self.note):
            label = form.labelForField(edit)
            if isinstance(label, QLabel):
                label.setBuddy(edit)
        label = form.labelForField(accessed_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.accessed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.title_edit if source else self.publisher).setFocus()

    @classmethod
    def ask(cls, source: Source | None = None, parent: QWidget | None = None) -> Source | None:
        dialog = cls(source, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.source
        return None

    def try_accept(self) -> None:
        """Accept a complete source; otherwise say what is wrong and keep the dialog open."""
        try:
            self.source = make_source(
                publisher=self.publisher.text(), title=self.title_edit.text(),
                date=self.date.text(), url=self.address.text(), accessed=self.accessed.text(),
                note=self.note.text())
        except SourceError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
