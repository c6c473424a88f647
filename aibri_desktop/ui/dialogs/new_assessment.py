"""The New assessment dialog: every field checked, problems explained beside the field.

Besides the country and framework it asks what is measured and from where: the supplier state
(exposure to whom; a format-1 framework names the PRC itself, so the choice is then fixed) and
the perspective (inside view: the analyst's own country; outside-in view: another country),
which decides whose policy options the brief leads with. The perspective is asked, never
guessed: the last one chosen is offered again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.countries import Country, CountryIndex
from ...domain.details import MAX_MARKING, MAX_TITLE
from ...domain.framework import Framework, version_key
from ...domain.suppliers import SupplierProfile
from ..settings import AppSettings
from ..style import set_tone
from ..widgets.country_field import CountryField
from ..widgets.date_field import as_of_field

if TYPE_CHECKING:  # the window is shown before SQLAlchemy, which the catalog's module loads
    from ...services.suppliers import SupplierCatalog

def marking_field(current: str, parent: QWidget) -> QComboBox:
    """The classification marking of the dialogs that make or edit an assessment: the usual
    markings offered, any other typed (at most MAX_MARKING characters)."""
    field = QComboBox(parent)
    field.setEditable(True)
    field.addItems(MARKINGS)
    field.setCurrentText(current)
    field.setAccessibleName(QCoreApplication.translate("NewAssessmentDialog",
                                                       "Classification marking"))
    line = field.lineEdit()
    if line is not None:
        line.setMaxLength(MAX_MARKING + 50)  # a longer one is refused with a message
    return field


MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "RESTRICTED", "CONFIDENTIAL", "SECRET",
            "UNCLASSIFIED")


@dataclass(frozen=True)
class NewAssessmentRequest:
    country: Country
    title: str
    assessor: str
    as_of: date
    marking: str
    framework: Framework
    modules: frozenset[str]
    supplier: SupplierProfile | None  # None: the framework names its supplier (format 1)
    perspective: str  # "inside" or "outside"


# how many items public data suggests answers to: (country alpha-3, framework, supplier id,
# the optional modules chosen)
SuggestionCount = Callable[[str, Framework, str | None, frozenset[str]], int]


class NewAssessmentDialog(QDialog):
    """``suppliers``: the supplier profiles to offer, the default first."""

    def __init__(self, countries: CountryIndex, frameworks: list[Framework],
                 settings: AppSettings, parent: QWidget | None = None, *,
                 suppliers: list[SupplierProfile],
                 count_suggestions: SuggestionCount | None = None) -> None:
        super().__init__(parent)
        self._count_suggestions = count_suggestions
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
        self.as_of = as_of_field(QDate.currentDate(), self)
        self.marking = marking_field(settings.default_marking, self)
        self.framework = QComboBox(self)
        self.framework.setAccessibleName(self.tr("Framework version"))
        for fw in frameworks:
            self.framework.addItem(self.tr("{name}, version {version}").format(
                name=fw.name.get(), version=fw.version), fw.content_hash)
        self._suppliers = suppliers
        self.supplier = QComboBox(self)
        self.supplier.setAccessibleName(self.tr("Supplier state"))
        self.supplier.setToolTip(self.tr("The state whose AI infrastructure, finance and "
                                         "governance the assessment measures exposure to"))
        for profile in suppliers:
            self.supplier.addItem(self.tr("{name} ({code})").format(
                name=_capitalised(profile.name.get()), code=profile.id), profile.content_hash)
        self.suggestions_note = QLabel(self)
        self.suggestions_note.setObjectName("suggestionsNote")
        self.suggestions_note.setWordWrap(True)
        set_tone(self.suggestions_note, "info")
        self.suggestions_note.hide()
        self.supplier_note = QLabel(self)
        self.supplier_note.setObjectName("supplierNote")
        self.supplier_note.setWordWrap(True)
        set_tone(self.supplier_note, "muted")
        self.inside = QRadioButton(self.tr("&Inside view: our own country (its government's "
                                           "records can be read)"), self)
        self.outside = QRadioButton(self.tr("O&utside-in view: another country (mostly "
                                            "public sources)"), self)
        self.inside.setAccessibleName(self.tr("Inside view: our own country"))
        self.outside.setAccessibleName(self.tr("Outside-in view: another country"))
        recent_view = settings.recent("perspective")
        for button, value in ((self.inside, "inside"), (self.outside, "outside")):
            button.setChecked(value == recent_view)
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
            ("supplier", self.tr("&Supplier state"), self.supplier),
            ("perspective", self.tr("Perspective"), self.inside),
        ):
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            if key == "supplier":
                column.addWidget(self.supplier_note)
            elif key == "country":
                column.addWidget(self.suggestions_note)
            elif key == "perspective":
                column.addWidget(self.outside)
            error = QLabel(self)
            error.setObjectName(f"error_{key}")
            set_tone(error, "error")
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
            self.errors[key] = error
            form.addRow(label, column)
            buddy = form.labelForField(column)
            if isinstance(buddy, QLabel) and key != "perspective":  # radio buttons: own keys
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

        # the framework chosen last time, else the newest version of the first one (AIBRI)
        position = self.framework.findData(settings.recent("framework"))
        if position < 0 and frameworks:
            newest = max((f for f in frameworks if f.id == frameworks[0].id),
                         key=lambda f: version_key(f.version))
            position = self.framework.findData(newest.content_hash)
        self.framework.setCurrentIndex(max(position, 0))
        self.framework.currentIndexChanged.connect(self._framework_changed)
        self.country.country_changed.connect(self._country_changed)
        self.framework.currentIndexChanged.connect(lambda _i: self._show_suggestion_count())
        self.supplier.currentIndexChanged.connect(lambda _i: self._show_suggestion_count())
        self._framework_changed()

    @classmethod
    def ask(cls, countries: CountryIndex, frameworks: list[Framework], settings: AppSettings,
            parent: QWidget | None = None, *,
            suppliers: list[SupplierProfile],
            count_suggestions: SuggestionCount | None = None) -> NewAssessmentRequest | None:
        dialog = cls(countries, frameworks, settings, parent, suppliers=suppliers,
                     count_suggestions=count_suggestions)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request
        return None

    def selected_framework(self) -> Framework:
        content_hash = self.framework.currentData()
        return next(f for f in self._frameworks if f.content_hash == content_hash)

    def selected_supplier(self) -> SupplierProfile | None:
        """The supplier state chosen; None for a format-1 framework, which names the PRC."""
        if not self._frameworks or self.selected_framework().format < 2:
            return None
        content_hash = self.supplier.currentData()
        return next((p for p in self._suppliers if p.content_hash == content_hash), None)

    def selected_perspective(self) -> str | None:
        if self.inside.isChecked():
            return "inside"
        return "outside" if self.outside.isChecked() else None

    def _framework_changed(self) -> None:
        self._show_supplier_choice()
        for box in self._module_boxes.values():
            self.modules_box.removeWidget(box)
            box.hide()  # gone at once, not only when the event loop deletes it
            box.deleteLater()
        self._module_boxes.clear()
        if not self._frameworks:
            return
        framework = self.selected_framework()
        previous: QWidget = self.outside  # Tab reaches the modules where they are shown
        for dimension in framework.dimensions:
            if dimension.optional:
                box = QCheckBox(f"{dimension.name.get()} ({dimension.id})", self)
                self.modules_box.addWidget(box)
                self._module_boxes[dimension.id] = box
                box.toggled.connect(lambda _on: self._show_suggestion_count())
                QWidget.setTabOrder(previous, box)
                previous = box
        self.modules_note.setText(
            "" if self._module_boxes else self.tr("This framework version has no optional "
                                                  "modules."))
        self.modules_note.setVisible(not self._module_boxes)

    def _show_supplier_choice(self) -> None:
        """A format-1 framework is written for the PRC: the choice is fixed, and says why."""
        fixed = bool(self._frameworks) and self.selected_framework().format < 2
        if fixed:
            self.supplier.setCurrentIndex(0)  # the default profile: the PRC
        self.supplier.setEnabled(not fixed and self.supplier.count() > 1)
        self.supplier_note.setText(self.tr(
            "This framework version is written for the People's Republic of China; choose "
            "version 2 or later to assess exposure to another state.") if fixed else "")
        self.supplier_note.setVisible(fixed)

    def _show_suggestion_count(self) -> None:
        """For a real country: how many suggestions from public data will wait for review."""
        country = self.country.country()
        count = 0
        if self._count_suggestions is not None and country is not None and country.alpha_3 \
                and self._frameworks:
            supplier = self.selected_supplier()
            modules = frozenset(k for k, box in self._module_boxes.items() if box.isChecked())
            count = self._count_suggestions(country.alpha_3, self.selected_framework(),
                                            supplier.id if supplier is not None else None,
                                            modules)
        self.suggestions_note.setText(self.tr(
            "◆ Public data suggests answers to {n} item(s) for {country}: you review each in "
            "the questionnaire; nothing is filled in by itself.").format(
            n=count, country=country.name if country is not None else "") if count else "")
        self.suggestions_note.setVisible(bool(count))

    def _country_changed(self, country: Country | None) -> None:
        self._show_suggestion_count()
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
        if self.selected_perspective() is None:
            ok = False
            self._show_error("perspective", self.tr(
                "Choose whose view this is: it decides which policy options the brief leads "
                "with."))
        else:
            self._show_error("perspective", "")
        return ok

    def _try_accept(self) -> None:
        if not self.validate():
            first = next(k for k, label in self.errors.items() if not label.isHidden())
            fields: dict[str, QWidget] = {
                "country": self.country, "title": self.title_edit, "marking": self.marking,
                "as_of": self.as_of, "framework": self.framework, "supplier": self.supplier,
                "perspective": self.inside, "assessor": self.assessor}
            fields[first].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        country = self.country.country()
        assert country is not None
        framework = self.selected_framework()
        perspective = self.selected_perspective()
        assert perspective is not None
        self.request = NewAssessmentRequest(
            country=country, title=" ".join(self.title_edit.text().split()),
            assessor=self.assessor.text().strip(), as_of=_python_date(self.as_of.date()),
            marking=self.marking.currentText().strip(), framework=framework,
            modules=frozenset(k for k, box in self._module_boxes.items() if box.isChecked()),
            supplier=self.selected_supplier(), perspective=perspective)
        self._settings.set_recent("assessor", self.request.assessor)
        self._settings.set_recent("perspective", perspective)
        self._settings.set_recent("framework", framework.content_hash)
        self.accept()


def _python_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def supplier_choices(catalog: SupplierCatalog) -> list[SupplierProfile]:
    """The supplier states to offer: the newest profile of each, the default (the PRC) first."""
    default = catalog.default()
    codes = dict.fromkeys(p.id for p in catalog.profiles() if p.id != default.id)
    return [default, *(catalog.get(code) for code in codes)]


def _capitalised(name: str) -> str:
    """A name as a list item starts: "The United States" (profiles write "the United States"
    for use inside a sentence)."""
    return name[:1].upper() + name[1:]
