"""The look the user chose: the system's (the default), light, dark or high contrast.

The explicit themes are Fusion with a palette built from palette.THEMES; the system theme is
the platform's own style and palette, put back as they were at the first change. Applying a
theme changes the application's palette at once: every colour of the app follows it (see
ui/style.py, and charts/base.py for the charts).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from ..palette import THEMES, Roles, mix


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"

    @classmethod
    def parse(cls, value: object) -> Theme:
        """A stored or typed name; anything unknown is the system's."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.SYSTEM

    def label(self) -> str:
        """The theme's name in the user's language."""
        names = {
            Theme.SYSTEM: QCoreApplication.translate("Theme", "System"),
            Theme.LIGHT: QCoreApplication.translate("Theme", "Light"),
            Theme.DARK: QCoreApplication.translate("Theme", "Dark"),
            Theme.HIGH_CONTRAST: QCoreApplication.translate("Theme", "High contrast"),
        }
        return names[self]


_SYSTEM_STYLE = "aibriSystemStyle"  # the application's property: the platform's style name
_THEME = "aibriTheme"  # the application's property: the theme applied


def qt_palette(roles: Roles) -> QPalette:
    """A QPalette with ``roles`` in its active and inactive groups, and disabled text
    half-way to the background (legible, clearly off)."""
    palette = QPalette()
    for name, qt_name in Roles.qt_names().items():
        role = getattr(QPalette.ColorRole, qt_name)
        colour = QColor(getattr(roles, name))
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive,
                      QPalette.ColorGroup.Disabled):
            palette.setColor(group, role, colour)
    disabled = QPalette.ColorGroup.Disabled
    for role, ground in ((QPalette.ColorRole.WindowText, roles.window),
                         (QPalette.ColorRole.Text, roles.base),
                         (QPalette.ColorRole.ButtonText, roles.button)):
        faded = roles.window_text if role is QPalette.ColorRole.WindowText else roles.text
        palette.setColor(disabled, role, QColor(mix(faded, ground, 0.45)))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor(roles.mid))
    return palette


def apply_theme(app: QApplication, theme: Theme | str) -> Theme:
    """Apply ``theme`` to the whole application now; returns the theme applied."""
    chosen = Theme.parse(theme)
    if app.property(_SYSTEM_STYLE) is None:  # the platform's, before our first change
        app.setProperty(_SYSTEM_STYLE, app.style().name())
    if chosen is Theme.SYSTEM:
        if not isinstance(app.style(), _ScaledStyle) or \
                app.property(_THEME) not in (None, Theme.SYSTEM.value):
            # None for a name the factory does not know (the stubs do not say so)
            platform: QStyle | None = QStyleFactory.create(str(app.property(_SYSTEM_STYLE)))
            if platform is not None:  # the platform's, its check marks sized to the font
                app.setStyle(_ScaledStyle(platform))
            else:
                app.setStyle(str(app.property(_SYSTEM_STYLE)))
        if app.property(_THEME) not in (None, Theme.SYSTEM.value):
            app.setPalette(QPalette())  # resolves to the platform's (or the style's) palette
    else:
        roles = THEMES[chosen.value]
        fusion = QStyleFactory.create("Fusion")
        app.setStyle(_OutlinedStyle(fusion, every_frame=roles.high_contrast)
                     if roles.dark_theme else _ScaledStyle(fusion))
        app.setPalette(qt_palette(roles))
    app.setProperty(_THEME, chosen.value)
    return chosen


def applied_theme(app: QApplication) -> Theme:
    return Theme.parse(app.property(_THEME))


INDICATOR_SCALE = 0.9  # a check box or radio button as tall as 0.9 of a line of its text


class _ScaledStyle(QProxyStyle):
    """The base style with check boxes and radio buttons that grow with the font: Fusion (and
    most platform styles) draw them 13–14 px whatever the text beside them, a dot beside
    150 % text. The indicator is at least the base style's size and else 0.9 of a line of the
    control's font; Fusion draws the box, the check and the dot to the size asked for."""

    _SCALED = frozenset({QStyle.PixelMetric.PM_IndicatorWidth,
                         QStyle.PixelMetric.PM_IndicatorHeight,
                         QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
                         QStyle.PixelMetric.PM_ExclusiveIndicatorHeight})

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric not in self._SCALED:
            return value
        metrics = (widget.fontMetrics() if widget is not None else
                   option.fontMetrics if option is not None else
                   QFontMetrics(QApplication.font()))
        return max(value, round(metrics.height() * INDICATOR_SCALE))


class _OutlinedStyle(_ScaledStyle):
    """Fusion, with outlines it leaves too faint. On a dark window Fusion draws its frames in
    a shade of the window, so its fields (line edits, text boxes, combo boxes, date fields),
    radio buttons and check boxes all but vanish; on black (high contrast) every frame does.
    This draws a 1 px line all round the fields, check boxes and radio buttons in the
    palette's Mid colour (dark) or, in high contrast, round every field, button, box and
    check mark in the text colour; a control with the focus gets 2 px of the highlight
    colour."""

    _INDICATORS = frozenset({QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                             QStyle.PrimitiveElement.PE_IndicatorRadioButton})
    _FRAMES = frozenset({
        QStyle.PrimitiveElement.PE_PanelButtonCommand,
        QStyle.PrimitiveElement.PE_PanelButtonTool,
        QStyle.PrimitiveElement.PE_FrameLineEdit,
        QStyle.PrimitiveElement.PE_FrameGroupBox,
        QStyle.PrimitiveElement.PE_FrameTabWidget,
        QStyle.PrimitiveElement.PE_Frame,
        QStyle.PrimitiveElement.PE_FrameMenu,
        QStyle.PrimitiveElement.PE_PanelMenu,
        QStyle.PrimitiveElement.PE_PanelTipLabel,
    })
    _COMPLEX = frozenset({QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox})

    def __init__(self, base: QStyle, *, every_frame: bool) -> None:
        super().__init__(base)
        self._every_frame = every_frame
        self._role = (QPalette.ColorRole.WindowText if every_frame
                      else QPalette.ColorRole.Mid)

    def _field(self, element: QStyle.PrimitiveElement, widget: QWidget | None) -> bool:
        """A frame outlined in the dark theme too: a line edit's, or a text box's (a text
        edit, list or table: the frame of a scroll area)."""
        return element is QStyle.PrimitiveElement.PE_FrameLineEdit or (
            element is QStyle.PrimitiveElement.PE_Frame
            and isinstance(widget, QAbstractScrollArea))

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self._INDICATORS:
            self._outline(option, painter, self._role, round_=element is
                          QStyle.PrimitiveElement.PE_IndicatorRadioButton)
        elif (self._every_frame and element in self._FRAMES) or self._field(element, widget):
            self._outline(option, painter, self._role)
        elif self._every_frame and element is QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._outline(option, painter, QPalette.ColorRole.Highlight)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex,
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in self._COMPLEX:  # combo boxes (editable or not) and date fields
            self._outline(option, painter, self._role)
        elif self._every_frame and control is QStyle.ComplexControl.CC_ScrollBar:
            handle = QStyleOption(option)
            handle.rect = self.subControlRect(  # Qt takes no widget too; the stubs do not
                control, option, QStyle.SubControl.SC_ScrollBarSlider, widget)  # type: ignore[arg-type]
            handle.state = QStyle.StateFlag.State_None  # its focus is not the handle's
            if handle.rect.isValid():
                self._outline(handle, painter, self._role)

    @staticmethod
    def _outline(option: QStyleOption, painter: QPainter, role: QPalette.ColorRole, *,
                 round_: bool = False) -> None:
        """A line on the outermost pixels of the option's rect, all four sides. A box is
        filled edge by edge, not stroked: a stroked 2 px rectangle fell inside a scroll area's
        1 px frame on the right and at the bottom, under the viewport, so only its top and
        left showed."""
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        colour = option.palette.color(QPalette.ColorRole.Highlight if focused else role)
        width = 2 if focused else 1
        rect: QRect = option.rect
        painter.save()
        if round_:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = painter.pen()
            pen.setColor(colour)
            pen.setWidth(width)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(rect.adjusted(width // 2, width // 2, -((width + 1) // 2),
                                              -((width + 1) // 2)))
        else:
            left, top, w, h = rect.x(), rect.y(), rect.width(), rect.height()
            for edge in (QRect(left, top, w, width), QRect(left, top + h - width, w, width),
                         QRect(left, top, width, h), QRect(left + w - width, top, width, h)):
                painter.fillRect(edge, colour)
        painter.restore()
