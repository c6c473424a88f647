"""Assessment → Details…: the title, as-of date, marking, assessor, perspective and modules of
an assessment, changed after creation (the same service as ``aibri edit``).

The supplier state and the framework are shown, not changed: they stay as created (a
follow-up carries an assessment to a newer framework version). Turning a module off keeps its
answers set aside; the dialog says, before anything is saved, what the change does to the
overall score and verdict. Nothing of a final or archived assessment can change: the dialog
then only shows the details and their history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.details import (
    MAX_ASSESSOR,
    MAX_TITLE,
    Details,
    DetailsError,
    change_words,
    effect_words,
    modules_effect,
    set_aside,
)
from ...domain.locks import lock_reason
from ...services.records import AssessmentRecord, DetailChange
from ..style import set_tone
from ..widgets.date_field import as_of_field
from .new_assessment import marking_field


def _tr(text: str) -> str:
    return QCoreApplication.translate("Details", text)


class DetailsDialog(QDialog):
    """``record``: the assessment as shown; ``history``: its earlier changes of details."""

    def __init__(self, record: AssessmentRecord, history: list[DetailChange],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Details of “{title}”").format(title=record.title))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self._record = record
        self.details: Details | None = None  # what to save, once accepted
        framework = record.framework
        locked = lock_reason(record.status, record.deleted, record.title, action="details",
                             _=_tr)

        self.title_edit = QLineEdit(record.title, self)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setCursorPosition(0)  # a long title shows its start
        self.as_of = as_of_field(
            QDate(record.as_of.year, record.as_of.month, record.as_of.day), self)
        self.marking = marking_field(record.marking, self)
        self.assessor = QLineEdit(record.assessor, self)
        self.assessor.setMaxLength(MAX_ASSESSOR)
        self.assessor.setAccessibleName(self.tr("Assessor"))
        self.perspective = QComboBox(self)
        self.perspective.setAccessibleName(self.tr("Perspective"))
        self._perspectives: list[str | None] = [None, "inside", "outside"]
        self.perspective.addItems([self.tr("Not recorded"),
                                   self.tr("Inside view (your own country)"),
                                   self.tr("Outside-in view (another country)")])
        self.perspective.setCurrentIndex(self._perspectives.index(record.perspective))
        self.modules: dict[str, QCheckBox] = {}
        modules_box = QVBoxLayout()
        modules_box.setSpacing(2)
        for dimension_id in framework.optional_dimension_ids:
            box = QCheckBox(framework.dimension(dimension_id).name.get(), self)
            box.setChecked(dimension_id in record.modules)
            box.toggled.connect(self._show_effect)
            self.modules[dimension_id] = box
            modules_box.addWidget(box)
        self.effect = QLabel(self)
        self.effect.setObjectName("modulesEffect")
        self.effect.setWordWrap(True)
        set_tone(self.effect, "quiet")
        modules_box.addWidget(self.effect)
        fixed = QLabel(self)
        fixed.setObjectName("fixedDetails")
        fixed.setWordWrap(True)
        set_tone(fixed, "quiet")
        supplier = (record.supplier.name.get() if record.supplier is not None
                    else self.tr("named by the framework"))
        fixed.setText(self.tr(
            "Country: {country}. Supplier state: {supplier}. Framework: {framework}. These "
            "stay as created; a follow-up carries an assessment to a newer framework "
            "version.").format(country=record.country.name, supplier=supplier,
                               framework=framework.label))
        self.error = QLabel(self)
        self.error.setObjectName("detailsError")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        self.error.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("As &of"), self.as_of)
        form.addRow(self.tr("&Marking"), self.marking)
        form.addRow(self.tr("A&ssessor"), self.assessor)
        form.addRow(self.tr("&Perspective"), self.perspective)
        if self.modules:
            form.addRow(self.tr("Optional modules"), modules_box)

        self.history = QListWidget(self)
        self.history.setAccessibleName(self.tr("Changes to the details"))
        self.history.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        for change in reversed(history):
            when = change.changed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            words = change_words([(change.field, change.old_value, change.new_value)], _=_tr)
            self.history.addItem(f"{when} · {change.changed_by} · {words}")
        if not history:
            self.history.addItem(self.tr("No change since the assessment was created."))

        self.lock = QLabel(locked, self)
        self.lock.setObjectName("detailsLocked")
        self.lock.setWordWrap(True)
        set_tone(self.lock, "warning")
        self.lock.setVisible(bool(locked))

        buttons = (QDialogButtonBox.StandardButton.Close if locked else
                   QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons = QDialogButtonBox(buttons, self)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock)
        layout.addLayout(form)
        layout.addWidget(fixed)
        history_label = QLabel(self.tr("&History of the details"), self)
        history_label.setBuddy(self.history)
        layout.addWidget(history_label)
        layout.addWidget(self.history)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if locked:
            for widget in (self.title_edit, self.as_of, self.marking, self.assessor,
                           self.perspective, *self.modules.values()):
                widget.setEnabled(False)
        self._show_effect()
        if parent is not None:  # never larger than the window it opens over (a small screen,
            # a large font): the history list gives way, and scrolls
            self.resize(self.sizeHint().boundedTo(parent.window().size() * 0.95))

    @classmethod
    def ask(cls, record: AssessmentRecord, history: list[DetailChange],
            parent: QWidget | None = None) -> Details | None:
        """The details to save (None: cancelled, or nothing changed)."""
        dialog = cls(record, history, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.details is not None \
                and dialog.details != record.details:
            return dialog.details
        return None

    def chosen_modules(self) -> frozenset[str]:
        return frozenset(m for m, box in self.modules.items() if box.isChecked())

    def given(self) -> dict[str, Any]:
        value = self.as_of.date()
        return {"title": self.title_edit.text(),
                "as_of": date(value.year(), value.month(), value.day()),
                "marking": self.marking.currentText(), "assessor": self.assessor.text(),
                "perspective": self._perspectives[self.perspective.currentIndex()],
                "modules": self.chosen_modules()}

    def _show_effect(self) -> None:
        """What the modules chosen do to the scores, before anything is saved; and what is set
        aside (kept, not counted) while a module is off."""
        record = self._record
        chosen = self.chosen_modules()
        if chosen == record.modules:
            held = set_aside(record.framework, record.answers, chosen)
            self.effect.setText(self.tr(
                "Answers set aside while their module is off: {held}. Turn the module on to "
                "count them again.").format(held=", ".join(
                    f"{record.framework.dimension(m).name.get()} ({n})"
                    for m, n in held.items())) if held else "")
            self.effect.setVisible(bool(held))
            return
        effect = modules_effect(record.framework, record.answers, record.modules, chosen)
        self.effect.setText(effect_words(effect, record.framework, _=_tr))
        self.effect.setVisible(True)

    def _try_accept(self) -> None:
        try:
            self.details = self._record.details.changed(**self.given())
        except DetailsError as exc:
            self.error.setText(_tr(str(exc)))
            self.error.show()
            return
        self.accept()
