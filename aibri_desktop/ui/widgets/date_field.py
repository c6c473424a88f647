"""A date field that is one stop on the Tab key, as every other field is.

Qt's date edit takes Tab to move between its year, month and day, and while it shows its
special value ("Not set") it takes Tab and does nothing with it: the keyboard could not leave
the field forwards. Here Tab and Shift+Tab always go to the next or previous control; Left and
Right move between the parts of the date and Up and Down change the part under the cursor.

A field with a special value ("Not set") goes back to it when its text is deleted: Qt would
put the last date back.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget


class DateField(QDateEdit):
    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._unset_if_empty()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._unset_if_empty()
        super().keyPressEvent(event)

    def _unset_if_empty(self) -> None:
        if self.specialValueText() and not self.text().strip():
            self.setDate(self.minimumDate())


def as_of_field(day: QDate, parent: QWidget) -> DateField:
    """The as-of date field of the dialogs that make or edit an assessment (new, follow-up,
    details): ISO dates, a calendar, its name for screen readers."""
    field = DateField(day, parent)
    field.setCalendarPopup(True)
    field.setDisplayFormat("yyyy-MM-dd")
    field.setAccessibleName(QCoreApplication.translate("DateField", "As-of date"))
    return field
