"""The sources of an answer as a list a user adds to, edits and removes from.

Each source has the fields of the one source type (publisher, title, date, address, accessed,
note). Sources typed before they had fields show as titles and are kept exactly as they were
until the analyst changes the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.answer_sources import citation, read_sources, write_sources
from ...domain.framework import Source
from ..dialogs.source_dialog import SourceDialog


class SourcesEditor(QWidget):
    changed = Signal()  # the analyst added, edited or removed a source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sources: list[Source] = []
        self._text = ""
        self._read_only = False
        self.setAccessibleName(self.tr("Sources"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Sources"))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # rewrapped on resize
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(lambda _item: self.edit_current())
        self.list.currentRowChanged.connect(lambda _row: self._sync_buttons())
        self.add_button = QPushButton(self.tr("Add source…"), self)
        self.add_button.clicked.connect(self.add_new)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setAccessibleName(self.tr("Edit the chosen source"))
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the chosen source"))
        self.remove_button.clicked.connect(self.remove_current)
        self.list.installEventFilter(self)  # Delete removes the chosen source
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.list)
        self._sync_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete:
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    # ---- what the answer keeps -------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Show an answer's sources (its stored text), without announcing a change."""
        self._text = text
        self._sources = list(read_sources(text))
        self._show()

    def text(self) -> str:
        """The text the answer keeps: as loaded until the list changes."""
        return self._text

    def sources(self) -> list[Source]:
        return list(self._sources)

    def setReadOnly(self, read_only: bool) -> None:
        self._read_only = read_only
        self._sync_buttons()

    # ---- changing the list -----------------------------------------------------------------

    def add_source(self, source: Source) -> None:
        self._sources.append(source)
        self._changed(len(self._sources) - 1)

    def replace_source(self, row: int, source: Source) -> None:
        self._sources[row] = source
        self._changed(row)

    def remove_source(self, row: int) -> None:
        del self._sources[row]
        self._changed(min(row, len(self._sources) - 1))

    def add_new(self) -> None:
        if self._read_only:
            return
        source = SourceDialog.ask(None, self)
        if source is not None:
            self.add_source(source)

    def edit_current(self) -> None:
        row = self.list.currentRow()
        if self._read_only or not 0 <= row < len(self._sources):
            return
        source = SourceDialog.ask(self._sources[row], self)
        if source is not None:
            self.replace_source(row, source)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not self._read_only and 0 <= row < len(self._sources):
            self.remove_source(row)

    # ---- internals -------------------------------------------------------------------------

    def _changed(self, current: int) -> None:
        self._text = write_sources(self._sources)
        self._show()
        if 0 <= current < self.list.count():
            self.list.setCurrentRow(current)
        self.changed.emit()

    def _show(self) -> None:
        self.list.clear()
        for source in self._sources:
            item = QListWidgetItem(citation(source))
            item.setToolTip(citation(source))
            self.list.addItem(item)
        if not self._sources:
            self.list.setToolTip(self.tr("No sources yet: Add source… records the publisher, "
                                         "title and date of a document."))
        else:
            self.list.setToolTip("")
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        chosen = 0 <= self.list.currentRow() < len(self._sources)
        self.add_button.setEnabled(not self._read_only)
        self.edit_button.setEnabled(not self._read_only and chosen)
        self.remove_button.setEnabled(not self._read_only and chosen)
