"""The classification marking of the open assessment, always in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ..style import MARKING_BACKGROUND


class MarkingBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markingBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"QLabel#markingBanner {{ background: {MARKING_BACKGROUND}; "
                           "color: white; font-weight: 700; padding: 4px; "
                           "letter-spacing: 1px; }")
        self.setAccessibleName(self.tr("Classification marking"))
        self.hide()

    def show_marking(self, marking: str, title: str) -> None:
        shown = marking.strip() or self.tr("NO CLASSIFICATION MARKING")
        self.setText(f"{shown}  ·  {title}")
        self.setToolTip(self.tr("Classification marking of the open assessment"))
        self.show()

    def clear_marking(self) -> None:
        self.setText("")
        self.hide()
