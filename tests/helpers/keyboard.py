"""Every page and dialog of the real window, and what a keyboard or screen-reader user meets
on each: the controls Tab can reach, the order it reaches them in, and the names Qt's
accessibility layer reports for them.

The surfaces are opened as `aibri --smoke-test` opens them (:class:`Session`), plus the
dialogs and states it does not visit (export brief, a source, the licences, side by side,
the analyst judgement tab, an answer with an as-of date)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QRadioButton,
    QTextBrowser,
    QWidget,
)

from aibri_desktop.ui.smoke import Session

TAB = Qt.FocusPolicy.TabFocus
# every page and dialog (see :func:`surfaces`), in an order that can run one after another
# on one window
SURFACES = ["library", "new-assessment", "follow-up", "details", "settings", "settings-frameworks",
            "settings-backups", "settings-database", "settings-reference", "guide",
            "methodology", "shortcuts", "about", "licences", "register", "export-brief",
            "source", "questionnaire", "questionnaire-as-of-set", "results", "results-judgement",
            "questionnaire-follow-up", "compare-countries", "compare-side-by-side",
            "compare-over-time", "questionnaire-range", "questionnaire-range-invalid",
            "questionnaire-suggestion"]
# each surface: how to open it; it returns the window or dialog to look at
Opener = Callable[[], QWidget]


def surfaces(session: Session) -> dict[str, Opener]:
    """Name → how to open it, in an order that may run one after another on one session."""
    w = session.window
    steps = dict(session.pages())

    def on(step: Callable[[], QWidget | None]) -> Opener:
        def open_it() -> QWidget:
            opened = step()
            return opened if opened is not None else w
        return open_it

    def export_brief() -> QWidget:
        from aibri_desktop.ui.dialogs.export_brief import ExportBriefDialog

        dialog = ExportBriefDialog("brief.pdf", "OFFICIAL", session.settings, w)
        dialog.show()
        return dialog

    def source() -> QWidget:
        from aibri_desktop.ui.dialogs.source_dialog import SourceDialog

        dialog = SourceDialog(None, w)
        dialog.show()
        return dialog

    def licences() -> QWidget:
        about = w.show_about()
        dialog = about.show_licences()
        about.hide()
        return dialog

    def as_of_set() -> QWidget:
        """An answer whose evidence has an as-of date (the field shows a date, not "Not set")."""
        steps["questionnaire"]()
        page = w.questionnaire
        record = page.record
        assert record is not None
        page.panel.as_of.setDate(QDate(2026, 1, 31))
        page.panel.as_of.editingFinished.emit()  # as leaving the field does: saved
        answer = session.services.assessments.load(record.id).answers.get(
            page.current_indicator_id() or "")
        assert answer is not None and answer.as_of == date(2026, 1, 31)
        return w

    def range_invalid() -> QWidget:
        steps["questionnaire-range"]()
        steps["questionnaire-range-invalid"]()
        return w

    def judgement() -> QWidget:
        steps["results"]()
        w.results.left_tabs.setCurrentIndex(1)
        return w

    def side_by_side() -> QWidget:
        steps["compare-countries"]()
        changed = w.compare.changes
        indicator = next((str(changed.item(i).data(Qt.ItemDataRole.UserRole + 1))
                          for i in range(changed.count())
                          if changed.item(i).data(Qt.ItemDataRole.UserRole + 1)), "DS-01")
        dialog = w.compare.side_by_side(indicator)
        dialog.show()
        return dialog

    opened: dict[str, Opener] = {name: on(step) for name, step in steps.items()}
    opened["questionnaire-range-invalid"] = range_invalid
    opened.update({"questionnaire-as-of-set": as_of_set, "results-judgement": judgement,
                   "export-brief": export_brief, "source": source, "licences": licences,
                   "compare-side-by-side": side_by_side})
    return opened


def activate(qtbot, top: QWidget) -> QWidget:
    """Make ``top`` the active window and give it a focus widget (its own, or its first stop);
    returns where the focus is."""
    top.show()
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=5000)
    focus = QApplication.focusWidget()
    if focus is None or focus.window() is not top:
        top.focusNextChild()
        focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is top, f"nothing in {describe(top)} has focus"
    return focus


# ---- what a user hears -------------------------------------------------------------------------

def spoken_name(widget: QWidget) -> str:
    """The name assistive technology gets for the widget. For a combo box Qt reports its
    current text as the name on Linux (the label comes as a relation), so there its own
    accessible name or the label it is the buddy of counts."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if isinstance(widget, QComboBox):
        if widget.accessibleName():
            return widget.accessibleName()
        labels = interface.relations(QAccessible.RelationFlag.Label)
        return " ".join(label.text(QAccessible.Text.Name) for label, _kind in labels).strip()
    return interface.text(QAccessible.Text.Name).strip()


def spoken_description(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def describe(widget: QWidget | None) -> str:
    """A widget as a bug report names it: its class, what it is called and its object name."""
    if widget is None:
        return "nothing"
    name = spoken_name(widget) or "(no accessible name)"
    if len(name) > 70:
        name = name[:69] + "…"
    text = f"{type(widget).__name__} “{name}”"
    if widget.objectName() and not widget.objectName().startswith("qt_"):
        text += f" (objectName {widget.objectName()})"
    return text


# ---- Tab ------------------------------------------------------------------------------------

def focusable(top: QWidget, policy: Qt.FocusPolicy = TAB) -> list[QWidget]:
    """The visible, enabled widgets of ``top`` that accept focus by ``policy``, in creation
    order; a widget that hands its focus to a proxy is left out (the proxy is counted)."""
    return [widget for widget in top.findChildren(QWidget)
            if widget.window() is top and widget.isVisible() and widget.isEnabled()
            and (widget.focusPolicy() & policy) == policy and widget.focusProxy() is None]


def stop_units(top: QWidget) -> list[list[QWidget]]:
    """The Tab stops a user must be able to reach. Radio buttons that exclude each other are
    one stop (Tab reaches the group, the arrow keys move within it), so they form one unit."""
    units: list[list[QWidget]] = []
    groups: dict[object, list[QWidget]] = {}
    for widget in focusable(top):
        key = _radio_group(widget)
        if key is None:
            units.append([widget])
        elif key in groups:
            groups[key].append(widget)
        else:
            groups[key] = [widget]
            units.append(groups[key])
    for widget in top.findChildren(QRadioButton):  # members Qt took off the Tab chain
        key = _radio_group(widget)
        if key in groups and widget not in groups[key] and widget.isVisible():
            groups[key].append(widget)
    return units


def _radio_group(widget: QWidget) -> object | None:
    if not isinstance(widget, QAbstractButton) or not widget.isCheckable():
        return None
    group = widget.group()
    if group is not None and group.exclusive():
        return group
    if widget.autoExclusive():
        return ("auto", widget.parentWidget())
    return None


@dataclass(frozen=True)
class Stop:
    """Where the focus is after a key press: a widget and, in a text browser, the link it
    has selected (Tab moves from link to link before it leaves)."""

    widget: QWidget | None
    link: tuple[int, int] | None = None

    def __str__(self) -> str:
        return describe(self.widget) + (f" (link at {self.link[0]})" if self.link else "")


def current_stop() -> Stop:
    widget = QApplication.focusWidget()
    link = None
    if isinstance(widget, QTextBrowser) and widget.textCursor().hasSelection():
        cursor = widget.textCursor()
        link = (cursor.selectionStart(), cursor.selectionEnd())
    return Stop(widget, link)


def press_tab(qtbot, backwards: bool = False) -> Stop:
    widget = QApplication.focusWidget()
    assert widget is not None, "the focus left the window"
    if backwards:
        qtbot.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return current_stop()


def links(widget: QWidget) -> int:
    """How many links Tab can stop at inside the widget (a text browser's anchors)."""
    if not isinstance(widget, QTextBrowser):
        return 0
    return widget.toHtml().count("<a href=")


def walk(qtbot, presses: int, *, backwards: bool = False) -> list[Stop]:
    """Press Tab (or Shift+Tab) up to ``presses`` times from where the focus is, until it is
    back on the widget it started from; every stop, the start first."""
    start = current_stop()
    stops = [start]
    for _ in range(presses):
        stops.append(press_tab(qtbot, backwards))
        if stops[-1].widget is start.widget and any(s.widget is not start.widget
                                                    for s in stops):
            break
    return stops


def widget_cycle(stops: list[Stop]) -> list[QWidget | None]:
    """The widgets in the order the focus visited them, each run of one widget (links inside
    a browser) counted once, without the start's return at the end."""
    cycle: list[QWidget | None] = []
    for stop in stops:
        if not cycle or cycle[-1] is not stop.widget:
            cycle.append(stop.widget)
    if len(cycle) > 1 and cycle[-1] is cycle[0]:
        cycle.pop()
    return cycle


def sample_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """One window with the sample assessments for a whole test module (loading them for
    every surface would take most of the time); closed at the end."""
    opened = Session(tmp_path_factory.mktemp("surfaces"))
    opened.load_samples()
    yield opened
    opened.close()
