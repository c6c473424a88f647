"""Does what a window shows fit? Every visible text whole, every chart's labels apart.

:func:`misfits` walks the visible widgets under a window (a page of the main window, or a
dialog) and returns one :class:`Misfit` per text that does not fit, worded as a bug report:
page, widget, its name, the text, and the width it needs against the width it has.

What is checked, on every visible widget:

* ``QLabel`` on one line (not word-wrapped): its text (plain, or rich text as laid out) fits
  its contents rect.
* ``QAbstractButton``: text and icon fit the button with the style's margins.
* ``QTabBar``: every tab as wide as its title needs (no "Analyst judg…"), and every tab inside
  the bar (none reached only by the scroll arrows).
* ``QHeaderView`` (horizontal): every shown section as wide as Qt's own size from its contents
  (text, margins, room for the sort arrow).
* Item views: every cell of the rows in view as wide as its delegate's size hint (text,
  decoration such as a band swatch, margins); with word wrap, as tall as the wrapped text.
* ``QComboBox`` (not editable): the current text fits the field.
* ``QLineEdit``, empty: its placeholder fits; read-only (or a spin box's): its text fits.
* Charts (pyqtgraph): tick labels of each axis do not overlap one another (along the bottom,
  they keep a space and a half apart, or "20 40 60" reads "204060") and lie inside the chart;
  texts drawn in the plot (values at the end of bars, radar labels) lie inside it and do not
  overlap; the title fits; the plot keeps room for the data (12 average characters by 4
  lines).
* A dialog fits the small screen (the window's size); the window itself could be made that
  small.

What is exempt, and why:

* Word-wrapped labels: they take the height their text needs. (Cells of views with word wrap
  are checked wrapped: as tall as their lines.)
* Text elided with "…" by design, when the whole text is what the user sees on hovering it
  (the tooltip of the widget or cell, or of the nearest ancestor with one, as Qt shows it):
  :class:`ElidedLabel`, the library's titles and countries, the combo boxes that elide.
* Editable line edits and combo boxes holding the user's own text: it scrolls as they type.
* The status bar's passing messages (not widgets).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

import pyqtgraph as pg
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QTabBar,
    QTabWidget,
    QTreeView,
    QWidget,
)

from aibri_desktop.charts.base import Chart

MNEMONIC = Qt.TextFlag.TextShowMnemonic
ELLIPSIS = "…"


@dataclass(frozen=True)
class Misfit:
    page: str
    widget: str  # its class
    name: str  # objectName, accessibleName, or where it is
    text: str
    needed: int
    available: int
    problem: str = "is cut"

    def __str__(self) -> str:
        return (f"{self.page}: {self.widget} {self.name}: {self.text!r} {self.problem} "
                f"(needs {self.needed} px, has {self.available} px)")


def misfits(page: str, root: QWidget, screen: QSize | None = None) -> list[Misfit]:
    """Every text under ``root`` (itself included) that does not fit, for its visible
    widgets; with ``screen``, also a ``root`` larger than that screen."""
    found: list[Misfit] = []
    if screen is not None and root.isWindow():
        size = root.size()  # the window's own area (a real screen adds its frame)
        if size.width() > screen.width() or size.height() > screen.height():
            wide = size.width() - screen.width() >= size.height() - screen.height()
            found.append(Misfit(page, type(root).__name__, _name(root), root.windowTitle(),
                                size.width() if wide else size.height(),
                                screen.width() if wide else screen.height(),
                                f"is {size.width()}×{size.height()}, larger than the "
                                f"{screen.width()}×{screen.height()} screen"))
    for widget in _visible(root):
        found += _check(page, widget)
    return found


def _visible(root: QWidget) -> Iterator[QWidget]:
    if root.isVisible():
        yield root
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.window() is root.window():
            yield widget


def _check(page: str, widget: QWidget) -> list[Misfit]:
    return _outside(page, widget) + _check_kind(page, widget)


def _outside(page: str, widget: QWidget) -> list[Misfit]:
    """A widget its parent cuts off: placed (by a layout that ran out of room) partly outside
    the parent, where no scroll bar reaches. A scroll area's contents are exempt in the
    directions they scroll; so are the parts of a control Qt places itself (a tab bar's
    arrows, a scroll bar's container)."""
    parent = widget.parentWidget()
    if parent is None or widget.isWindow() or widget.objectName().startswith("qt_") \
            or isinstance(parent, (QTabBar, QAbstractSpinBox, QComboBox)):
        return []
    inside, box = parent.rect(), widget.geometry()
    right, bottom = box.right() - inside.right(), box.bottom() - inside.bottom()
    area = _scroll_area(widget)
    if area is not None:  # it scrolls, unless that scroll bar is turned off
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        right = right if area.horizontalScrollBarPolicy() == off else 0
        bottom = bottom if area.verticalScrollBarPolicy() == off else 0
        if max(right, bottom) <= 1:
            return []
    elif parent.objectName().startswith("qt_"):
        return []
    if max(right, bottom, -box.left(), -box.top()) <= 1:
        return []
    text = getattr(widget, "text", lambda: "")() if hasattr(widget, "text") else ""
    return [Misfit(page, type(widget).__name__, _name(widget),
                   text if isinstance(text, str) else "",
                   max(box.right() + 1, box.bottom() + 1), max(inside.width(), inside.height()),
                   f"is cut off by its parent {type(parent).__name__} ({right} px past its "
                   f"right edge, {bottom} px past its bottom)")]


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area ``widget`` is the content of (its viewport's child), if it is."""
    parent = widget.parentWidget()
    area = parent.parentWidget() if parent is not None else None
    if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
        return area
    return None


def _check_kind(page: str, widget: QWidget) -> list[Misfit]:
    if isinstance(widget, Chart):
        return chart_misfits(page, widget)
    if isinstance(widget, QLabel):
        return _label(page, widget)
    if isinstance(widget, QAbstractButton):
        return _button(page, widget)
    if isinstance(widget, QTabBar):
        return _tabs(page, widget)
    if isinstance(widget, QHeaderView):
        return _header(page, widget)
    if isinstance(widget, QAbstractItemView):
        return _cells(page, widget)
    if isinstance(widget, QComboBox):
        return _combo(page, widget)
    if isinstance(widget, QLineEdit):
        return _line_edit(page, widget)
    return []


# ---- naming ---------------------------------------------------------------------------------

def _name(widget: QWidget) -> str:
    """objectName or accessibleName; else the nearest named ancestor ("in 'navigator'")."""
    own = widget.objectName() or widget.accessibleName()
    if own and not own.startswith("qt_"):
        return repr(own)
    parent = widget.parentWidget()
    while parent is not None:
        named = parent.objectName() or parent.accessibleName()
        if named and not named.startswith("qt_"):
            return f"(in {type(parent).__name__} {named!r})"
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return f"(in {type(parent or widget).__name__})"


def hover_tip(widget: QWidget) -> str:
    """The tooltip a user sees on hovering ``widget``: its own, or its nearest ancestor's (Qt
    passes the tooltip event up to the parent when a widget has none)."""
    current: QWidget | None = widget
    while current is not None:
        if current.toolTip():
            return current.toolTip()
        if current.isWindow():
            break
        current = current.parentWidget()
    return ""


def _squeeze(value: str) -> str:
    return " ".join(value.replace("<br/>", " ").replace("<br>", " ").split())


def _shown_in_tip(text: str, tip: str) -> bool:
    """The whole text is in the tooltip (spaces and rich-text line breaks aside)."""
    return bool(text) and _squeeze(text) in _squeeze(tip)


def _hidden_in_tip(text: str, metrics: QFontMetrics, width: int, tip: str) -> bool:
    """Elided to ``width`` with "…" at the end, what the "…" hides can be read in the
    tooltip."""
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
    if shown == text:
        return True
    kept = shown[:-1] if shown.endswith(ELLIPSIS) else shown
    return _shown_in_tip(text[len(kept):], tip)


# ---- widgets --------------------------------------------------------------------------------

def _rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                             and QtGui.Qt.mightBeRichText(label.text()))


def label_needs(label: QLabel) -> int:
    """The width a one-line label's text takes, as QLabel lays it out."""
    if _rich(label):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        return math.ceil(document.idealWidth())
    flags = MNEMONIC if label.buddy() is not None else Qt.TextFlag(0)
    return label.fontMetrics().size(flags, label.text()).width()


def _label(page: str, label: QLabel) -> list[Misfit]:
    from aibri_desktop.ui.widgets.elided_label import ElidedLabel

    text = label.text()
    if not text or label.wordWrap():
        return []
    needed = label_needs(label)
    available = label.contentsRect().width() - 2 * label.margin() - max(0, label.indent())
    if needed <= available:
        return []
    if isinstance(label, ElidedLabel) and _hidden_in_tip(text, label.fontMetrics(), available,
                                                         hover_tip(label)):
        return []  # elided with "…", what it hides on hovering it
    problem = "is elided with no tooltip showing it whole" if isinstance(label, ElidedLabel) \
        else "is cut"
    return [Misfit(page, type(label).__name__, _name(label), text, needed, available, problem)]


def button_needs(button: QAbstractButton) -> int:
    """The width a button's text and icon need with the style's margins (for a push button
    without the style's minimum width of a text button: a short text fits a narrower one)."""
    if isinstance(button, QPushButton):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        metrics = button.fontMetrics()
        width = metrics.size(MNEMONIC, option.text).width()
        if not option.icon.isNull():
            width += option.iconSize.width() + 4
        if button.menu() is not None:
            width += button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator,
                                                option, button)
        option.text = ""  # Fusion widens any button with text to 80 px
        size = QSize(width, metrics.height())
        return button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, size,
                                               button).width()
    return button.sizeHint().width()


def _button(page: str, button: QAbstractButton) -> list[Misfit]:
    if not button.text():
        return []
    needed, available = button_needs(button), button.width()
    if needed <= available:
        return []
    return [Misfit(page, type(button).__name__, _name(button), button.text(), needed, available)]


def _tabs(page: str, bar: QTabBar) -> list[Misfit]:
    found = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        text, rect = bar.tabText(index), bar.tabRect(index)
        needed = bar.tabSizeHint(index).width()
        if rect.width() < needed:
            found.append(Misfit(page, "QTabBar tab", _name(bar), text, needed, rect.width()))
        elif rect.right() >= bar.width() or rect.left() < 0:
            found.append(Misfit(page, "QTabBar tab", _name(bar), text, rect.right() + 1,
                                bar.width(), "is outside the tab bar (scroll arrows only)"))
    return found


def _header(page: str, header: QHeaderView) -> list[Misfit]:
    if header.orientation() != Qt.Orientation.Horizontal or header.model() is None:
        return []
    found = []
    model = header.model()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        if not text:
            continue
        needed = header.sectionSizeFromContents(section).width()
        available = header.sectionSize(section)
        if needed > available:
            found.append(Misfit(page, "QHeaderView section", _name(header.parentWidget()
                                                                   or header),
                                text.replace("\n", " / "), needed, available))
    return found


def _cells(page: str, view: QAbstractItemView) -> list[Misfit]:
    model: QAbstractItemModel | None = view.model()
    if model is None:  # a view never given one
        return []
    found = []
    viewport = view.viewport().rect()
    for index in _indexes_in_view(view):
        rect = view.visualRect(index)
        if rect.isEmpty() or rect.bottom() < viewport.top() or rect.top() > viewport.bottom():
            continue
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        needed, room, metrics = _cell_text(view, index, rect, text)
        if needed.width() <= room.width() and needed.height() <= room.height() + 1:
            continue
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        mode = view.textElideMode()
        if isinstance(tip, str) and needed.height() <= room.height() + 1 and (
                (mode != Qt.TextElideMode.ElideNone and _shown_in_tip(text, tip))
                or (mode == Qt.TextElideMode.ElideRight
                    and _hidden_in_tip(text, metrics, room.width(), tip))):
            continue  # elided with "…", the whole text (or what "…" hides) in its tooltip
        column = model.headerData(index.column(), Qt.Orientation.Horizontal) \
            if not isinstance(view, QListView) else None
        where = f"row {index.row()}" + (f", column {column!r}" if column else "")
        if needed.width() > room.width():
            found.append(Misfit(page, f"{type(view).__name__} cell", f"{_name(view)} {where}",
                                text, needed.width(), room.width()))
        else:
            found.append(Misfit(page, f"{type(view).__name__} cell", f"{_name(view)} {where}",
                                text, needed.height(), room.height(),
                                "is cut: its lines are taller than the row"))
    return found


def _indexes_in_view(view: QAbstractItemView) -> Iterator[QModelIndex]:
    model = view.model()
    header = getattr(view, "header", None) or getattr(view, "horizontalHeader", None)
    columns = [0] if isinstance(view, QListView) else [
        c for c in range(model.columnCount(QModelIndex()))
        if header is None or not header().isSectionHidden(c)]

    def walk(parent: QModelIndex) -> Iterator[QModelIndex]:
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            for column in columns:
                yield model.index(row, column, parent)
            if isinstance(view, QTreeView) and view.isExpanded(first):
                yield from walk(first)

    yield from walk(QModelIndex())


def _cell_text(view: QAbstractItemView, index: QModelIndex, rect: QRect, text: str,
               ) -> tuple[QSize, QSize, QFontMetrics]:
    """A cell's text: the size it takes as the style lays it out (wrapped to the room, with
    word wrap), the room the style gives it in the cell (beside a decoration such as the
    band's swatch, inside the margins), and its font's metrics."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = QRect(rect)
    if isinstance(view, QListView) and view.flow() == QListView.Flow.TopToBottom:
        # as QListView paints an item: no wider than the viewport less the spacing each side
        # (a pixel less than its visual rect, where a line as wide as that wrapped when
        # painted: "…November" / "2023)…" in the reference lists, the next line gone)
        most = max(view.viewport().width(), view.contentsSize().width()) - 2 * view.spacing()
        option.rect.setWidth(min(most, rect.width()))
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    style = view.style()
    box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    room = QSize(box.width() - 2 * margin, box.height())
    metrics = QFontMetrics(option.font)
    if option.features & QStyleOptionViewItem.ViewItemFeature.WrapText:
        # as Qt's style lays it out, line by line (font metrics round fractions of a pixel)
        layout = QTextLayout(text.replace("\n", "\u2028"), option.font)
        wrapping = QTextOption()
        wrapping.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(wrapping)
        layout.beginLayout()
        height, widest = 0.0, 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(room.width())
            height += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        return QSize(math.ceil(widest), math.ceil(height)), room, metrics
    parts = text.split("\n")
    return (QSize(max(metrics.horizontalAdvance(part) for part in parts),
                  metrics.height() if len(parts) == 1 else metrics.lineSpacing() * len(parts)),
            room, metrics)


def _combo(page: str, combo: QComboBox) -> list[Misfit]:
    text = combo.currentText()
    if combo.isEditable() or not text:
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    needed = combo.fontMetrics().horizontalAdvance(text)
    if not option.currentIcon.isNull():
        needed += option.iconSize.width() + 4
    available = field.width() - 2  # the label is drawn 1 px in from each side
    if needed <= available:
        return []
    if _hidden_in_tip(text, combo.fontMetrics(), available - (needed - combo.fontMetrics()
                                                             .horizontalAdvance(text)),
                      hover_tip(combo)):
        return []  # elided with "…", what it hides on hovering it
    return [Misfit(page, type(combo).__name__, _name(combo), text, needed, available)]


def _line_edit(page: str, edit: QLineEdit) -> list[Misfit]:
    spin = isinstance(edit.parentWidget(), QAbstractSpinBox)
    if edit.text():
        if not (edit.isReadOnly() or spin):
            return []  # the user's own text: it scrolls as they type
        text, what = edit.text(), "is cut"
    elif edit.placeholderText() and not spin:
        text, what = edit.placeholderText(), "(placeholder) is elided"
    else:
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    available = contents.width() - margins.left() - margins.right() - 4  # 2 px each side
    for action in edit.actions():  # the clear button and other side widgets
        if action.isVisible() and action.objectName() == "_q_qlineeditclearaction":
            available -= edit.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
    needed = edit.fontMetrics().horizontalAdvance(text)
    if needed <= available or _shown_in_tip(text, hover_tip(edit)):
        return []
    owner = edit.parentWidget() or edit if spin else edit
    return [Misfit(page, type(owner).__name__, _name(owner), text, needed, available, what)]


# ---- charts ---------------------------------------------------------------------------------

def chart_misfits(page: str, chart: Chart) -> list[Misfit]:
    """Tick labels apart, texts inside the plot and apart, the title whole, room for data."""
    found: list[Misfit] = []
    chart.grab()  # pyqtgraph places texts in the plot when it paints them
    name = repr(chart.accessibleName() or chart.title)
    kind = type(chart).__name__
    view = QRectF(chart.rect())
    space = QFontMetrics(chart.font()).horizontalAdvance(" ") * 1.5
    for axis in ("left", "bottom"):
        labels = chart.tick_labels(axis)
        for (text, box), (other, next_box) in _pairs(labels, axis):
            # side by side with less than a space between, "20 40 60" reads "204060"
            apart = space if axis == "bottom" else 0
            if box.adjusted(-apart, 0, apart, 0).intersects(next_box):
                found.append(Misfit(page, f"{kind} {axis} axis", name, f"{text} / {other}",
                                    round(box.width() + next_box.width() + 4),
                                    round(abs(next_box.center().x() - box.center().x())
                                          if axis == "bottom" else
                                          abs(next_box.center().y() - box.center().y())),
                                    "tick labels overlap"))
        for text, box in labels:
            if not view.contains(box):
                found.append(Misfit(page, f"{kind} {axis} axis", name, text,
                                    round(box.width()), round(view.width()),
                                    "tick label is outside the chart"))
    area = chart.plot_area()
    texts = [(str(item.toPlainText()), _ink(chart, item)) for item in chart.getPlotItem().items
             if isinstance(item, pg.TextItem) and item.isVisible() and item.toPlainText()]
    for text, box in texts:
        if not area.adjusted(-1, -1, 1, 1).contains(box):
            found.append(Misfit(page, f"{kind} text", name, text.replace("\n", " / "),
                                round(box.right() - area.left()), round(area.width()),
                                "is cut by the plot's edge"))
    for (text, box), (other, other_box) in _all_pairs(texts):
        overlap = box.intersected(other_box)
        if overlap.width() > 1 and overlap.height() > 1:
            found.append(Misfit(page, f"{kind} texts", name,
                                f"{text} / {other}".replace("\n", " "),
                                round(overlap.width()), 0,
                                f"overlap by {overlap.width():.0f}×{overlap.height():.0f} px"))
    title = chart.getPlotItem().titleLabel
    if title.isVisible() and title.text:
        box = chart.widget_box(title.item.sceneBoundingRect())
        if not view.adjusted(-1, -1, 1, 1).contains(box):
            found.append(Misfit(page, f"{kind} title", name, chart.title,
                                round(box.width()), round(view.width())))
    metrics = QFontMetrics(chart.font())
    wide, tall = metrics.averageCharWidth() * 12, metrics.height() * 4
    area = area.intersected(view)  # the part of the plot the chart shows
    if area.width() < wide or area.height() < tall:
        found.append(Misfit(page, kind, name, chart.title, wide, round(area.width()),
                            f"leaves the data a plot of {area.width():.0f}×{area.height():.0f}"
                            f" px (needs {wide}×{tall})"))
    return found


def _ink(chart: Chart, item: pg.TextItem) -> QRectF:
    """Where a text item's text is, in the chart: its box less the document's margin."""
    margin = item.textItem.document().documentMargin()
    return chart.widget_box(item.sceneBoundingRect()).adjusted(margin, margin, -margin,
                                                               -margin)


def _pairs(items: list[tuple[str, QRectF]], axis: str,
           ) -> Iterable[tuple[tuple[str, QRectF], tuple[str, QRectF]]]:
    """Neighbours along the axis."""
    along = (lambda box: box.center().x()) if axis == "bottom" else (lambda box: box.center().y())
    ordered = sorted(items, key=lambda item: along(item[1]))
    return pairwise(ordered)


def _all_pairs(items: list[tuple[str, QRectF]]) -> Iterable[tuple[tuple[str, QRectF],
                                                                  tuple[str, QRectF]]]:
    for i, first in enumerate(items):
        for second in items[i + 1:]:
            yield first, second


def page_misfits(page: str, root: QWidget, screen: QSize, settle: Callable[[], None],
                 ) -> list[Misfit]:
    """:func:`misfits` of a page or dialog, and of every other tab of its tab widgets
    ("results [Analyst judgement]"), each shown in turn and the first shown again after."""
    found = misfits(page, root, screen)
    for tabs in [t for t in root.findChildren(QTabWidget) if t.isVisible()]:
        current = tabs.currentIndex()
        for index in range(tabs.count()):
            if index == current or not tabs.isTabVisible(index):
                continue
            tabs.setCurrentIndex(index)
            settle()
            found += misfits(f"{page} [{tabs.tabText(index).replace('&', '')}]",
                             tabs.widget(index) or tabs)
        tabs.setCurrentIndex(current)
        settle()
    return found


@contextmanager
def larger_font(scale: float) -> Iterator[QApplication]:
    """The application's font at ``scale`` × its size while the block runs (a user's 150 %
    setting), restored afterwards; yields the application."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    font = QFont(normal)
    font.setPointSizeF(normal.pointSizeF() * scale)
    app.setFont(font)
    try:
        yield app
    finally:
        app.setFont(normal)
