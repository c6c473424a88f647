"""The register of issued briefs: what left the app, when, marked how, with the file's SHA-256."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import ServiceError

if TYPE_CHECKING:
    from ...services.briefs import BriefService

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("issued_at", "format", "marking", "recipient", "issued_by", "file_name", "sha256")


class RegisterModel(QAbstractTableModel):
    def __init__(self, rows: list[dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._headers = [self.tr("Issued"), self.tr("Format"), self.tr("Marking"),
                         self.tr("Recipient"), self.tr("By"), self.tr("File"),
                         self.tr("SHA-256")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][COLUMNS[index.column()]]
        return None


class RegisterDialog(QDialog):
    def __init__(self, briefs: BriefService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register of issued briefs"))
        self.resize(1000, 480)
        self._briefs = briefs
        self.model = RegisterModel(briefs.register(), self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        # the file's path and its SHA-256 shortened in the middle ("/home/…/brief-2.pdf"),
        # whole in their tooltips, so that every column shows at 1024 pixels and a large font
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        longest = self.table.fontMetrics().averageCharWidth() * 16
        for column in (COLUMNS.index("file_name"), COLUMNS.index("sha256")):
            header.resizeSection(column, max(header.sectionSizeFromContents(column).width(),
                                             min(header.sectionSize(column), longest)))
        header.setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Issued briefs, newest first"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.message = QLabel(self)
        export = QPushButton(self.tr("Export as CSV…"), self)
        export.clicked.connect(self._export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def export_csv(self, path: Path) -> None:
        try:
            self.message.setText(self._briefs.register_csv(path).summary)
        except ServiceError as exc:
            self.message.setText(str(exc))

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the register"),
                                              "brief-register.csv", "CSV (*.csv)")
        if path:
            self.export_csv(Path(path))
