"""The questionnaire navigator's rows: a dimension's progress ("0/11") always shows, its name
elided before it when the column is narrow ("Governance reliance and eng…  0/11")."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..models.navigator_model import PROGRESS_ROLE

GAP = "  "  # between the name and the count, as the row's text has it


def dimension_text(name: str, count: str, metrics: QFontMetrics, width: int) -> str:
    """A dimension row's text in ``width``: the name, elided as need be, and its count whole
    ("Governance reliance and eng…  0/11")."""
    room = width - metrics.horizontalAdvance(GAP + count)
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0)) + GAP + count


class NavigatorDelegate(QStyledItemDelegate):
    """Indicator rows as Qt draws them (elided at the end, whole in the tooltip); a dimension
    row's name gives way to its count."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        progress = index.data(PROGRESS_ROLE)
        if not progress:
            super().paint(painter, option, index)
            return
        name, count = progress
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        item.text = ""  # the background, selection and focus as Qt draws them; the text here
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = text_rect.adjusted(margin, 0, -margin, 0)
        group = (QPalette.ColorGroup.Disabled
                 if not item.state & QStyle.StateFlag.State_Enabled else
                 QPalette.ColorGroup.Active if item.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        role = (QPalette.ColorRole.HighlightedText
                if item.state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text)
        painter.save()
        painter.setFont(item.font)
        painter.setPen(item.palette.color(group, role))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         dimension_text(name, count, item.fontMetrics, rect.width()))
        painter.restore()
