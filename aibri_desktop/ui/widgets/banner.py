"""The classification marking of the open assessment, always in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ..style import MARKING_BACKGROUND, MARKING_TEXT
from .elided_label import ElidedLabel


class MarkingBanner(ElidedLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("markingBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"QLabel#markingBanner {{ background: {MARKING_BACKGROUND}; "
                           f"color: {MARKING_TEXT}; font-weight: 700; padding: 4px; "
                           "letter-spacing: 1px; }")
        self.setAccessibleName(self.tr("Classification marking"))
        self.hide()

    def show_marking(self, marking: str, title: str) -> None:
        shown = marking.strip() or self.tr("NO CLASSIFICATION MARKING")
        self.setText(f"{shown}  ·  {title}")
        self.setToolTip(f"{shown}\n{title}")
        self.show()

    def clear_marking(self) -> None:
        self.setText("")
        self.hide()
