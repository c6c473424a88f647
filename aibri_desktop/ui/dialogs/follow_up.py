"""Duplicate as follow-up: its title, as-of date and framework version.

A follow-up keeps the assessment's framework version, or carries it to a newer version of the
same framework (1.1.0 → 2.0.0). The dialog says what carries over before anything is made:
on the same version every answer, marked for review; on a newer one only the answers of the
items it left unchanged, while changed and split items start unanswered with the old answer
shown beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.details import MAX_TITLE
from ...domain.framework import Framework, version_key
from ...services.summaries import AssessmentSummary
from ..style import set_tone
from ..widgets.date_field import as_of_field


@dataclass(frozen=True)
class FollowUpRequest:
    title: str | None  # None: each keeps its title with "(follow-up)" (several chosen)
    as_of: date
    framework: Framework | None  # None: each keeps its framework version


class FollowUpDialog(QDialog):
    """``sources``: the assessments chosen in the library (one or more)."""

    def __init__(self, sources: list[AssessmentSummary], frameworks: list[Framework],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Duplicate as follow-up"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self.request: FollowUpRequest | None = None
        self._sources = sources
        single = len(sources) == 1

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(self.tr("A new draft of “{title}”, seeded from its answers.").format(
            title=sources[0].title) if single else self.tr(
            "A new draft of each of the {n} assessments chosen, seeded from its answers.")
            .format(n=len(sources)))
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.setMaxLength(MAX_TITLE)
        if single:
            self.title_edit.setText(self.tr("{title} (follow-up)").format(
                title=sources[0].title)[:MAX_TITLE])
            self.title_edit.setCursorPosition(0)  # the title's start in view, not its end
        else:
            self.title_edit.setEnabled(False)
            self.title_edit.setPlaceholderText(self.tr("Each: its title with “(follow-up)”"))
        self.title_error = QLabel(self)
        set_tone(self.title_error, "error")
        self.title_error.hide()
        self.as_of = as_of_field(QDate.currentDate(), self)
        self.framework = QComboBox(self)
        self.framework.setAccessibleName(self.tr("Framework version"))
        self._targets: list[Framework | None] = [None, *newer_versions(sources, frameworks)]
        for target in self._targets:
            self.framework.addItem(self._version_words(target))
        self.framework.setEnabled(len(self._targets) > 1)
        self.carries = QLabel(self)
        self.carries.setObjectName("carriesOver")
        self.carries.setWordWrap(True)
        set_tone(self.carries, "quiet")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        title_column = QVBoxLayout()
        title_column.setSpacing(2)
        title_column.addWidget(self.title_edit)
        title_column.addWidget(self.title_error)
        form.addRow(self.tr("&Title"), title_column)
        form.addRow(self.tr("As &of"), self.as_of)
        form.addRow(self.tr("&Framework"), self.framework)
        form.addRow("", self.carries)
        buddy = form.labelForField(title_column)  # a widget's row label has it already
        if isinstance(buddy, QLabel):
            buddy.setBuddy(self.title_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Create follow-up") if single else self.tr("Create follow-ups"))
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.framework.currentIndexChanged.connect(self._show_what_carries)
        self._show_what_carries()

    @classmethod
    def ask(cls, sources: list[AssessmentSummary], frameworks: list[Framework],
            parent: QWidget | None = None) -> FollowUpRequest | None:
        dialog = cls(sources, frameworks, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.request
        return None

    def selected_framework(self) -> Framework | None:
        return self._targets[max(self.framework.currentIndex(), 0)]

    def select_version(self, version: str) -> bool:
        """Choose a newer version by its number (False: not offered)."""
        for position, target in enumerate(self._targets):
            if target is not None and target.version == version:
                self.framework.setCurrentIndex(position)
                return True
        return False

    def _version_words(self, target: Framework | None) -> str:
        if target is not None:
            return self.tr("Carry to {label}: {name}").format(label=target.label,
                                                              name=target.name.get())
        labels = {f"{s.framework_id} {s.framework_version}" for s in self._sources}
        if len(labels) == 1:
            return self.tr("Keep {label} (its current version)").format(label=labels.pop())
        return self.tr("Keep each one's current version")

    def _show_what_carries(self) -> None:
        self.carries.setText(self._what_carries())
        layout = self.layout()
        if self.isVisible() and layout is not None:  # a longer text: the dialog grows
            layout.activate()
            needed = self.heightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def _what_carries(self) -> str:
        target = self.selected_framework()
        if target is None:
            return self.tr("Every answer carries over, marked “carried over, not yet "
                           "reviewed”.")
        changed = self.tr("Changed and split items start unanswered, with the old answer shown "
                          "beside them.")
        if not target.previous_version:
            return self.tr("Unchanged items carry their answers over, to review. {changed}"
                           ).format(changed=changed)
        unchanged = sum(1 for i in target.indicators()
                        if i.previous is not None and i.previous.unchanged)
        return self.tr("{n} of the {total} items are unchanged since {version}: their answers "
                       "carry over, to review. {changed}").format(
            n=unchanged, total=sum(1 for _ in target.indicators()),
            version=target.previous_version, changed=changed)

    def _try_accept(self) -> None:
        title: str | None = None
        if len(self._sources) == 1:
            title = " ".join(self.title_edit.text().split())
            if not title:
                self.title_error.setText(self.tr("A title is needed."))
                self.title_error.show()
                self.title_edit.setFocus()
                return
        value = self.as_of.date()
        self.request = FollowUpRequest(title=title,
                                       as_of=date(value.year(), value.month(), value.day()),
                                       framework=self.selected_framework())
        self.accept()


def newer_versions(sources: list[AssessmentSummary],
                   frameworks: list[Framework]) -> list[Framework]:
    """The versions every chosen assessment can be carried to: of their framework, newer than
    the oldest of them and not older than any (oldest first)."""
    ids = {s.framework_id for s in sources}
    if len(ids) != 1:
        return []
    (framework_id,) = ids
    keys = [version_key(s.framework_version) for s in sources]
    found = [f for f in frameworks if f.id == framework_id
             and version_key(f.version) > min(keys) and version_key(f.version) >= max(keys)]
    return sorted(found, key=lambda f: version_key(f.version))
