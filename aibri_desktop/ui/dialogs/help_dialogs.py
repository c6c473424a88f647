"""Help: the offline user guide, the keyboard shortcuts, and About with versions and licences."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ... import APP_NAME, __version__
from ...domain.framework import Framework
from ...paths import resources_dir


class GuideDialog(QDialog):
    def __init__(self, anchor: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("AIBRI Desktop — User guide"))
        self.resize(860, 680)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("User guide"))
        guide = resources_dir() / "help" / "en" / "guide.html"
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide)))
        if anchor:
            self.browser.scrollToAnchor(anchor)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class MethodologyDialog(QDialog):
    """How a score is built, with the worked example and the effective weights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("AIBRI Desktop — Methodology"))
        self.resize(900, 700)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Methodology"))
        text = (resources_dir() / "help" / "en" / "methodology.md").read_text(encoding="utf-8")
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    """The shortcuts as the window actually has them, so the list cannot go stale."""

    def __init__(self, actions: list[QAction], extra: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(620, 560)
        rows = [(a.text().replace("&", "").rstrip("…"), a.shortcut().toString(
            QKeySequence.SequenceFormat.NativeText)) for a in actions if not a.shortcut().isEmpty()]
        rows += extra
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        rows = []
        for r in range(self.table.rowCount()):
            name, keys = self.table.item(r, 0), self.table.item(r, 1)
            rows.append((name.text() if name else "", keys.text() if keys else ""))
        return rows


class AboutDialog(QDialog):
    def __init__(self, frameworks: list[Framework], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About AIBRI Desktop"))
        lines = "".join(f"<li>{fw.name.get()} — {fw.version} "
                        f"(<code>{fw.content_hash[:12]}</code>)</li>" for fw in frameworks)
        text = QLabel(self.tr(
            "<h2>{app} {version}</h2>"
            "<p>Assess a country's exposure to the AI Belt and Road: data sovereignty, "
            "technology dependency and governance alignment. It measures exposure and "
            "concentration, never approval of any partner.</p>"
            "<p>Works offline; it makes no network connection of its own.</p>"
            "<p><b>Frameworks</b></p><ul>{frameworks}</ul>"
            "<p>Built with Qt (PySide6), pyqtgraph, SQLAlchemy, Alembic and ReportLab.</p>"
        ).format(app=APP_NAME, version=__version__, frameworks=lines), self)
        text.setWordWrap(True)
        text.setObjectName("aboutText")
        self.text = text
        licences = QPushButton(self.tr("Third-party licences…"), self)
        licences.clicked.connect(self.show_licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(licences, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)

    def show_licences(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Third-party licences"))
        view = QPlainTextEdit(dialog)
        view.setReadOnly(True)
        view.setTabChangesFocus(True)  # read-only, it took Tab and kept the focus
        view.setAccessibleName(self.tr("Third-party licences"))
        view.setPlainText((resources_dir() / "licenses" / "THIRD-PARTY.txt")
                          .read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(760, 600)
        dialog.show()
        return dialog
