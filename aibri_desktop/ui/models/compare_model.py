"""The comparison table: overall, dimensions and indicators, one column per assessment and the
change, rises and falls marked by sign as well as colour."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..style import tone_colour

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RISE = "error"  # the palette's tones (ui/style.py): they follow the theme
FALL = "info"


def _number(text: str) -> float | None:
    cleaned = text.replace("−", "-").replace("+", "").split(" ")[0].split("–")[0]
    try:
        return float(cleaned)
    except ValueError:
        return None


class CompareTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self._rows: list[list[str]] = []
        self._emphasised = 1

    def set_rows(self, rows: list[list[str]], emphasised: int = 1) -> None:
        """The header and the rows; the first ``emphasised`` rows (the overall exposure) are
        bold."""
        self.beginResetModel()
        self._header = rows[0] if rows else []
        self._rows = rows[1:] if rows else []
        self._emphasised = emphasised
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._header[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        last = index.column() == len(self._header) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == SORT_ROLE:
            if index.column() == 0:
                return index.row()  # the table's own order: overall, dimensions, indicators
            value = _number(text)
            return -1e9 if value is None else value
        if role == Qt.ItemDataRole.ForegroundRole and last and text:
            if text.startswith("+"):
                return tone_colour(RISE)
            if text.startswith("−"):
                return tone_colour(FALL)
        if role == Qt.ItemDataRole.FontRole and index.row() < self._emphasised:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and last and text:
            return self.tr("Rise: more exposure") if text.startswith("+") else (
                self.tr("Fall: less exposure") if text.startswith("−") else None)
        return None
