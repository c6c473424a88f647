"""The New assessment dialog: every field checked, problems explained beside the field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.countries import Country, CountryIndex
from ...domain.framework import Framework
from ..settings import AppSettings
from ..widgets.country_field import CountryField

MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "RESTRICTED", "CONFIDENTIAL", "SECRET",
            "UNCLASSIFIED")
MAX_TITLE = 300
MAX_MARKING = 120


@dataclass(frozen=True)
class NewAssessmentRequest:
    country: Country
    title: str
    assessor: str
    as_of: date
    marking: str
    framework: Framework
    modules: frozenset[str]


class NewAssessmentDialog(QDialog):
    def __init__(self, countries: CountryIndex, frameworks: list[Framework],
                 settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New assessment"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 78)
        self._settings = settings
        self._frameworks = frameworks
        self._module_boxes: dict[str, QCheckBox] = {}
        self.request: NewAssessmentRequest | None = None

        self.country = CountryField(countries, self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(MAX_TITLE + 50)
        self.assessor = QLineEdit(settings.recent("assessor"), self)
        self.assessor.setAccessibleName(self.tr("Assessor"))
        self.assessor.setPlaceholderText(self.tr("Optional; shown in briefs only if you ask"))
        self.as_of = QDateEdit(QDate.currentDate(), self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setAccessibleName(self.tr("As-of date"))
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(settings.default_marking)
        self.marking.setAccessibleName(self.tr("Classification marking"))
        self.framework = QComboBox(self)
        self.framework.setAccessibleName(self.tr("Framework version"))
        for fw in frameworks:
            self.framework.addItem(self.tr("{name}, version {version}").format(
                name=fw.name.get(), version=fw.version), fw.content_hash)
        self.modules_box = QVBoxLayout()
        self.modules_note = QLabel(self)
        self.modules_note.setWordWrap(True)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, field in (
            ("country", self.tr("&Country"), self.country),
            ("title", self.tr("&Title"), self.title_edit),
            ("assessor", self.tr("&Assessor"), self.assessor),
            ("as_of", self.tr("As &of"), self.as_of),
            ("marking", self.tr("&Marking"), self.marking),
            ("framework", self.tr("&Framework"), self.framework),
        ):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            error = QLabel(self)
            error.setObjectName(f"error_{key}")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
            self.errors[key] = error
            form.addRow(label, column)
            buddy = form.labelForField(column)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(field)
        modules_column = QVBoxLayout()
        modules_column.addLayout(self.modules_box)
        modules_column.addWidget(self.modules_note)
        form.addRow(self.tr("Optional modules"), modules_column)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Create"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.country.country_changed.connect(self._country_changed)
        self._framework_changed()
        recent = settings.recent("framework")
        position = self.framework.findData(recent)
        if position >= 0:
            self.framework.setCurrentIndex(position)

    @classmethod
    def ask(cls, countries: CountryIndex, frameworks: list[Framework], settings: AppSettings,
            parent: QWidget | None = None) -> NewAssessmentRequest | None:
        dialog = cls(countries, frameworks, settings, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request
        return None

    def selected_framework(self) -> Framework:
        content_hash = self.framework.currentData()
        return next(f for f in self._frameworks if f.content_hash == content_hash)

    def _framework_changed(self) -> None:
        for box in self._module_boxes.values():
            self.modules_box.removeWidget(box)
            box.deleteLater()
        self._module_boxes.clear()
        if not self._frameworks:
            return
        framework = self.selected_framework()
        for dimension in framework.dimensions:
            if dimension.optional:
                box = QCheckBox(f"{dimension.name.get()} ({dimension.id})", self)
                self.modules_box.addWidget(box)
                self._module_boxes[dimension.id] = box
        self.modules_note.setText(
            "" if self._module_boxes else self.tr("This framework version has no optional "
                                                  "modules."))
        self.modules_note.setVisible(not self._module_boxes)

    def _country_changed(self, country: Country | None) -> None:
        if country is not None and not self.title_edit.text().strip():
            self.title_edit.setPlaceholderText(
                self.tr("e.g. {country} exposure assessment {year}").format(
                    country=country.name, year=QDate.currentDate().year()))

    def _show_error(self, key: str, text: str) -> None:
        self.errors[key].setText(text)
        self.errors[key].setVisible(bool(text))

    def validate(self) -> bool:
        ok = True
        country = self.country.country()
        if country is None:
            ok = False
            self._show_error("country", self.tr("Choose a country from the list.") if
                             self.country.text().strip() else self.tr("A country is needed."))
        else:
            self._show_error("country", "")
        title = " ".join(self.title_edit.text().split())
        if not title:
            ok = False
            self._show_error("title", self.tr("A title is needed."))
        elif len(title) > MAX_TITLE:
            ok = False
            self._show_error("title", self.tr("At most {n} characters.").format(n=MAX_TITLE))
        else:
            self._show_error("title", "")
        marking = self.marking.currentText().strip()
        if len(marking) > MAX_MARKING:
            ok = False
            self._show_error("marking", self.tr("At most {n} characters.").format(n=MAX_MARKING))
        else:
            self._show_error("marking", "")
        if not self.as_of.date().isValid():
            ok = False
            self._show_error("as_of", self.tr("Enter a valid date."))
        else:
            self._show_error("as_of", "")
        if not self._frameworks:
            ok = False
            self._show_error("framework", self.tr("No framework is available."))
        return ok

    def _try_accept(self) -> None:
        if not self.validate():
            first = next(k for k, label in self.errors.items() if not label.isHidden())
            {"country": self.country, "title": self.title_edit, "marking": self.marking,
             "as_of": self.as_of, "framework": self.framework,
             "assessor": self.assessor}[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        country = self.country.country()
        assert country is not None
        framework = self.selected_framework()
        self.request = NewAssessmentRequest(
            country=country, title=" ".join(self.title_edit.text().split()),
            assessor=self.assessor.text().strip(), as_of=_python_date(self.as_of.date()),
            marking=self.marking.currentText().strip(), framework=framework,
            modules=frozenset(k for k, box in self._module_boxes.items() if box.isChecked()))
        self._settings.set_recent("assessor", self.request.assessor)
        self._settings.set_recent("framework", framework.content_hash)
        self.accept()


def _python_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
