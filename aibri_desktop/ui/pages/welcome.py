"""What an empty database shows: the two ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..style import set_tone


class WelcomePanel(QWidget):
    new_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Welcome to AIBRI Desktop"), self)
        title.setObjectName("welcomeTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr(
            "Assess a country's exposure to the AI Belt and Road — data sovereignty, technology "
            "dependency and governance alignment — score it transparently, and compare saved "
            "assessments. Everything stays on this computer."), self)
        intro.setWordWrap(True)
        new = QPushButton(self.tr("New assessment…"), self)
        new.setDefault(True)
        new.setMinimumHeight(36)
        new.clicked.connect(self.new_requested)
        samples = QPushButton(self.tr("Load sample assessments"), self)
        samples.setMinimumHeight(36)
        samples.clicked.connect(self.samples_requested)
        self.new_button, self.samples_button = new, samples
        note = QLabel(self.tr(
            "Samples describe fictional countries such as the Republic of Avalon (codes XA–XZ) "
            "with invented answers. They are marked “DEMO — FICTIONAL DATA” and can be deleted "
            "at any time."), self)
        note.setWordWrap(True)
        set_tone(note, "muted")

        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(samples)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(intro)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(note)
        column.addStretch(2)
        box = QWidget(self)
        box.setFixedWidth(min(self.fontMetrics().averageCharWidth() * 72, 900))
        box.setLayout(column)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)
