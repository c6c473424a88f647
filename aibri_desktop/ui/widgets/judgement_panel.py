"""The analyst's judgement, edited beside the figures: key judgements, a comment per dimension
and a keep/drop/reword choice per triggered option. Saved after a short pause, undoable."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.judgements import MAX_KEY, Judgements, OptionChoice
from ..style import set_tone
from .elided_combo import ElidedComboBox

PAUSE_MS = 800


class JudgementPanel(QWidget):
    changed = Signal(object)  # Judgements, after the pause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._options: list[tuple[str, str]] = []  # (option id, framework title)
        self._comments: dict[str, str] = {}
        self._choices: dict[str, OptionChoice] = {}
        self.saved_label = QLabel(self)
        intro = QLabel(self.tr("Your view, shown in the brief as the analyst's judgement beside "
                               "the computed figures."), self)
        intro.setWordWrap(True)
        set_tone(intro, "muted")
        self.key_edits = []
        form = QFormLayout()
        for n in range(MAX_KEY):
            edit = QLineEdit(self)
            edit.setAccessibleName(self.tr("Key judgement {n}").format(n=n + 1))
            edit.setPlaceholderText(self.tr("Key judgement {n}").format(n=n + 1))
            edit.textEdited.connect(self._edited)
            self.key_edits.append(edit)
            form.addRow(f"{n + 1}.", edit)
        self.dimension = ElidedComboBox(self)  # long names end in "…", whole on hover
        self.dimension.setAccessibleName(self.tr("Dimension to comment on"))
        self.dimension.currentIndexChanged.connect(self._show_comment)
        self.comment = QPlainTextEdit(self)
        self.comment.setAccessibleName(self.tr("Comment on the dimension"))
        self.comment.setTabChangesFocus(True)  # Tab goes on to the next field, as in a form
        self.comment.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.comment.textChanged.connect(self._comment_edited)
        self.option = ElidedComboBox(self)
        self.option.setAccessibleName(self.tr("Triggered policy option"))
        self.option.currentIndexChanged.connect(self._show_choice)
        self.choice = QComboBox(self)
        self.choice.setAccessibleName(self.tr("Keep, drop or reword the option"))
        for key, text in (("keep", self.tr("Keep")), ("drop", self.tr("Drop from the brief")),
                          ("reword", self.tr("Reword"))):
            self.choice.addItem(text, key)
        self.choice.currentIndexChanged.connect(self._choice_edited)
        self.wording = QLineEdit(self)
        self.wording.setAccessibleName(self.tr("The analyst's wording"))
        self.wording.setPlaceholderText(self.tr("Your wording of the option"))
        self.wording.textEdited.connect(self._choice_edited)
        form.addRow(self.tr("Comment on"), self.dimension)
        form.addRow("", self.comment)
        form.addRow(self.tr("Option"), self.option)
        form.addRow(self.tr("Choice"), self.choice)
        form.addRow("", self.wording)
        for field in (self.dimension, self.option, self.choice):  # screen readers' label
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.commit)

    def show_judgements(self, judgements: Judgements, dimensions: list[tuple[str, str]],
                        options: list[tuple[str, str]], *, locked: bool) -> None:
        self._loading = True
        self._comments = dict(judgements.comments)
        self._choices = dict(judgements.options)
        self._options = options
        for n, edit in enumerate(self.key_edits):
            edit.setText(judgements.key[n] if n < len(judgements.key) else "")
        self.dimension.clear()
        for dim_id, name in dimensions:
            self.dimension.addItem(f"{dim_id} — {name}", dim_id)
        self.option.clear()
        for option_id, title in options:
            self.option.addItem(f"{option_id}: {title}", option_id)
        self._show_comment()
        self._show_choice()
        for widget in (*self.key_edits, self.dimension, self.comment, self.option, self.choice,
                       self.wording):
            widget.setEnabled(not locked)
        self.saved_label.setText(self.tr("Signed off: the judgement is locked.") if locked
                                 else "")
        self._loading = False

    def current(self) -> Judgements:
        return Judgements(key=tuple(e.text() for e in self.key_edits),
                          comments={k: v for k, v in self._comments.items() if v.strip()},
                          options={k: v for k, v in self._choices.items()
                                   if v.choice != "keep" or v.text})

    def commit(self) -> None:
        self._timer.stop()
        if not self._loading:
            self.changed.emit(self.current())

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.saved_label.setText(self.tr("Saving…"))
            self._timer.start()

    def _show_comment(self) -> None:
        self._loading, was = True, self._loading
        self.comment.setPlainText(self._comments.get(str(self.dimension.currentData()), ""))
        self._loading = was

    def _comment_edited(self) -> None:
        if self._loading:
            return
        self._comments[str(self.dimension.currentData())] = self.comment.toPlainText()
        self._edited()

    def _show_choice(self) -> None:
        self._loading, was = True, self._loading
        choice = self._choices.get(str(self.option.currentData()), OptionChoice())
        self.choice.setCurrentIndex(max(0, self.choice.findData(choice.choice)))
        self.wording.setText(choice.text)
        self.wording.setVisible(choice.choice == "reword")
        self._loading = was

    def _choice_edited(self, *_args: object) -> None:
        if self._loading or self.option.currentData() is None:
            return
        key = str(self.choice.currentData())
        self.wording.setVisible(key == "reword")
        text = self.wording.text()
        if key == "reword" and not text.strip():
            return  # wait for the wording: a reword without words is not saved
        self._choices[str(self.option.currentData())] = OptionChoice(key, text if key ==
                                                                     "reword" else "")
        self._edited()

    def set_saved(self, text: str) -> None:
        self.saved_label.setText(text)

