"""How Bedside looks: large type, large targets, high contrast, focus always visible.

Nurses use it in gloves and goggles, standing, maybe on a touch screen: every
control is at least :data:`TOUCH_MIN_PX` tall, the base font is
:data:`BASE_POINT_SIZE` pt, text is near-black on white (or white on dark blue),
and the focused control turns yellow with a black border (the GOV.UK focus
style), so the keyboard position is obvious from a step away. Nothing depends on
hover, which a touch screen does not have.

Widgets opt into a look with the dynamic property ``kind`` (see :func:`set_kind`):
``primary`` and ``danger`` buttons, ``heading``/``title``/``hint``/``error``/``ok``
labels, ``nav`` buttons and ``message`` frames.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

TOUCH_MIN_PX = 44
INDICATOR_PX = 36
"""A tick box's or a radio button's box, drawn in the middle of an indicator as tall as a
finger: Qt toggles on a tap on the indicator or the text, so the tap area is 44 px tall."""
BASE_POINT_SIZE = 13

INK = "#111111"
PAPER = "#ffffff"
PANEL = "#eef1f4"
PRIMARY = "#0b4f8a"  # 8.6:1 against white
DANGER = "#a4000f"  # 9.5:1 against white
OK = "#0b6b2b"  # 6.9:1 against white
HINT = "#333333"
FOCUS = "#ffdd00"
BORDER = "#3a3a3a"
# Arrows built into Qt itself, so sized arrows need no image files of our own.
ARROWS = ":/qt-project.org/styles/commonstyle/images"

# The first family present wins; the CJK families fill in glyphs for 简体中文.
UI_FAMILIES = [
    "DejaVu Sans",
    "Segoe UI",
    "Noto Sans",
    "Noto Sans CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
]
MONO_FAMILIES = [
    "DejaVu Sans Mono",
    "Consolas",
    "Noto Sans Mono CJK SC",
    "Courier New",
    "WenQuanYi Micro Hei Mono",
]
# Bundled in resources/fonts (Apache-2.0), so 简体中文 renders on a laptop without CJK fonts.
BUNDLED_CJK_FILE = "wqy-microhei.ttc"
BUNDLED_CJK_FAMILY = "WenQuanYi Micro Hei"

STYLESHEET = f"""
* {{ color: {INK}; }}
QMainWindow, QDialog, QWizard, QWidget#page, QStackedWidget {{ background: {PAPER}; }}
QToolTip {{ color: {INK}; background: {PAPER}; border: 2px solid {INK}; }}

QPushButton, QToolButton {{
    min-height: {TOUCH_MIN_PX - 8}px; min-width: 88px; padding: 2px 16px;
    border: 2px solid {BORDER}; border-radius: 6px; background: {PAPER};
}}
QPushButton:pressed, QToolButton:pressed {{ background: #d0d7de; }}
QPushButton:disabled, QToolButton:disabled {{
    color: #5a5a5a; border-color: #8a8a8a; background: #e6e6e6;
}}
QPushButton[kind="primary"] {{ background: {PRIMARY}; color: #ffffff; border-color: {PRIMARY}; }}
QPushButton[kind="danger"] {{ background: {DANGER}; color: #ffffff; border-color: {DANGER}; }}
QPushButton[kind="primary"]:disabled, QPushButton[kind="danger"]:disabled {{
    background: #e6e6e6; color: #5a5a5a; border-color: #8a8a8a;
}}
QPushButton[kind="nav"] {{
    min-height: 52px; text-align: left; padding-left: 18px; font-size: 15pt;
    border: 2px solid transparent; background: transparent;
}}
QPushButton[kind="nav"]:checked {{
    background: {PRIMARY}; color: #ffffff; border-color: {PRIMARY}; font-weight: bold;
}}

QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit {{
    min-height: {TOUCH_MIN_PX - 8}px; padding: 2px 8px;
    border: 2px solid {BORDER}; border-radius: 4px; background: {PAPER};
    selection-background-color: {PRIMARY}; selection-color: #ffffff;
}}
QPlainTextEdit, QTextEdit {{ border: 2px solid {BORDER}; border-radius: 4px; background: {PAPER}; }}
QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] {{
    background: {PANEL}; border: 2px dashed #6a6a6a;
}}
/* Spin boxes have no arrows (typed numbers, no 18 px targets). Qt's NoButtons with a
   bordered style sheet leaves the number a 1 px field, so the buttons are sized away. */
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 0px; border: none; }}
QComboBox::drop-down {{ width: 36px; border-left: 2px solid {BORDER}; }}
QComboBox::down-arrow {{ image: url({ARROWS}/arrow-down-32.png); width: 18px; height: 18px; }}
QComboBox QAbstractItemView {{ min-height: {TOUCH_MIN_PX}px; }}
QComboBox QAbstractItemView::item {{ min-height: {TOUCH_MIN_PX}px; padding: 0 8px; }}
QTabBar::tab {{
    min-height: {TOUCH_MIN_PX - 10}px; padding: 4px 18px; border: 2px solid #9aa4ad;
    border-bottom: none; background: {PANEL}; margin-right: 4px;
}}
QTabBar QToolButton {{ min-width: {TOUCH_MIN_PX}px; min-height: {TOUCH_MIN_PX}px; padding: 0; }}
QTabBar::tab:selected {{ background: {PAPER}; font-weight: bold; border-color: {BORDER}; }}
QTabBar::tab:focus {{ background: {FOCUS}; }}
QCheckBox, QRadioButton {{
    min-height: {TOUCH_MIN_PX}px; min-width: {TOUCH_MIN_PX}px; spacing: 12px;
}}
QCheckBox::indicator, QRadioButton::indicator {{
    width: {INDICATOR_PX}px; height: {TOUCH_MIN_PX}px;
}}

*:focus {{ outline: none; }}
QPushButton:focus, QToolButton:focus, QPushButton[kind="nav"]:focus,
QPushButton[kind="primary"]:focus, QPushButton[kind="danger"]:focus {{
    background: {FOCUS}; color: #000000; border: 3px solid #000000;
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus, QDateEdit:focus,
QTimeEdit:focus, QDateTimeEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 3px solid #000000; background: #fffbe0;
}}
QLineEdit:focus, QComboBox:focus {{ min-height: {TOUCH_MIN_PX - 10}px; }}
QCheckBox:focus, QRadioButton:focus {{ background: {FOCUS}; }}
QTableView:focus, QListView:focus {{ border: 3px solid #000000; }}

QTableView, QListView {{
    border: 2px solid {BORDER}; gridline-color: #9aa4ad; background: {PAPER};
    alternate-background-color: #f3f5f7;
    selection-background-color: {PRIMARY}; selection-color: #ffffff;
}}
QHeaderView::section {{
    background: {PANEL}; padding: 6px; border: 1px solid #9aa4ad; font-weight: bold;
}}
QScrollBar:vertical {{ width: {TOUCH_MIN_PX}px; }}
QScrollBar:horizontal {{ height: {TOUCH_MIN_PX}px; }}
QScrollBar::handle:vertical {{ min-height: {TOUCH_MIN_PX}px; }}
QScrollBar::handle:horizontal {{ min-width: {TOUCH_MIN_PX}px; }}

QGroupBox {{
    border: 2px solid #9aa4ad; border-radius: 6px; margin-top: 22px; padding: 8px;
    font-weight: bold;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 12px; padding: 0 6px; }}

QLabel[kind="title"] {{ font-size: 22pt; font-weight: bold; }}
QLabel[kind="heading"] {{ font-size: 16pt; font-weight: bold; }}
QLabel[kind="hint"] {{ color: {HINT}; }}
QLabel[kind="error"] {{ color: {DANGER}; font-weight: bold; }}
QLabel[kind="ok"] {{ color: {OK}; font-weight: bold; }}
QLabel[kind="notice"] {{
    background: #fff3cd; border: 2px solid #8a6d00; border-radius: 6px; padding: 6px 10px;
}}
QLabel[kind="caps"] {{
    color: #000000; background: {FOCUS}; padding: 4px 8px; font-weight: bold;
}}
QFrame[kind="message"] {{ background: #fff3cd; border: 2px solid #8a6d00; border-radius: 6px; }}
QFrame[kind="navbar"] {{ background: {PANEL}; border-right: 2px solid #9aa4ad; }}
QFrame[kind="cover"] {{ background: #1d2b3a; }}
QFrame[kind="cover"] QLabel {{ color: #ffffff; }}
QWidget[kind="backdrop"] {{ background: {PANEL}; }}
QFrame[kind="card"] {{ background: {PAPER}; border-radius: 10px; border: 2px solid #9aa4ad; }}
QFrame[kind="card"] QLabel {{ color: {INK}; }}
QFrame[kind="card"] QLabel[kind="error"] {{ color: {DANGER}; }}
QFrame[kind="card"] QLabel[kind="hint"] {{ color: {HINT}; }}
QStatusBar {{ background: {PANEL}; border-top: 2px solid #9aa4ad; }}
QStatusBar QLabel {{ padding: 4px 10px; }}
QToolBar {{ background: {PANEL}; border-bottom: 2px solid #9aa4ad; spacing: 8px; padding: 6px; }}
"""


class BedsideStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons drawn in ink rather than pale grey.

    Fusion's indicator outline is about 2:1 against white; a tick box that must be
    found in goggles needs a black border (and WCAG asks 3:1 for controls).
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def sizeFromContents(
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        """The rows of a drop-down list are as tall as a finger."""
        found = super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]
        if kind in (QStyle.ContentsType.CT_MenuItem, QStyle.ContentsType.CT_ItemViewItem):
            in_combo = widget is not None and isinstance(widget.parentWidget(), QComboBox)
            in_combo = in_combo or isinstance(widget, QComboBox)
            if in_combo or _in_combo_popup(widget):
                found.setHeight(max(found.height(), TOUCH_MIN_PX))
        return found

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            self._check_box(option, painter)
        elif element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            self._radio(option, painter)
        else:
            super().drawPrimitive(element, option, painter, widget)

    @staticmethod
    def _colours(option: QStyleOption) -> tuple[QColor, QColor]:
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        return QColor(INK if enabled else "#6a6a6a"), QColor(PAPER if enabled else "#e6e6e6")

    @staticmethod
    def _square(option: QStyleOption) -> QRectF:
        """The square in the middle of the (taller) indicator area."""
        area = QRectF(option.rect)
        side = min(area.width(), area.height())
        square = QRectF(0, 0, side, side)
        square.moveCenter(area.center())
        return square.adjusted(1.5, 1.5, -1.5, -1.5)

    def _check_box(self, option: QStyleOption, painter: QPainter) -> None:
        ink, paper = self._colours(option)
        box = self._square(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ink, 2.5))
        painter.setBrush(paper)
        painter.drawRoundedRect(box, 3, 3)
        if option.state & QStyle.StateFlag.State_On:
            w, h = box.width(), box.height()
            pen = QPen(ink, max(2.5, w / 8))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            x, y = box.left(), box.top()
            painter.drawPolyline(
                [
                    QPointF(x + w * 0.22, y + h * 0.52),
                    QPointF(x + w * 0.42, y + h * 0.72),
                    QPointF(x + w * 0.78, y + h * 0.28),
                ]
            )
        painter.restore()

    def _radio(self, option: QStyleOption, painter: QPainter) -> None:
        ink, paper = self._colours(option)
        circle = self._square(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(ink, 2.5))
        painter.setBrush(paper)
        painter.drawEllipse(circle)
        if option.state & QStyle.StateFlag.State_On:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink)
            inset = circle.width() * 0.27
            painter.drawEllipse(circle.adjusted(inset, inset, -inset, -inset))
        painter.restore()


def _in_combo_popup(widget: QWidget | None) -> bool:
    """Whether ``widget`` is (inside) the list a combo box opens."""
    while widget is not None:
        if isinstance(widget, QComboBox):
            return True
        widget = widget.parentWidget()
    return False


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels sit level with their (tall) fields."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(8)  # a 720 px screen holds a whole form of 44 px fields
    form.setHorizontalSpacing(16)
    return form


def ui_font(point_size: int = BASE_POINT_SIZE, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(UI_FAMILIES)
    font.setPointSize(point_size)
    font.setBold(bold)
    return font


def mono_font(point_size: int = BASE_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies(MONO_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFixedPitch(True)
    font.setPointSize(point_size)
    return font


def apply_style(app: QApplication) -> None:
    """Fusion (the same on every laptop), the large font and the stylesheet."""
    register_bundled_fonts()
    app.setStyle(BedsideStyle())
    app.setFont(ui_font())
    app.setStyleSheet(STYLESHEET)


def set_kind(widget: QWidget, kind: str) -> None:
    """Give ``widget`` one of the looks in :data:`STYLESHEET` and re-polish it."""
    widget.setProperty("kind", kind)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


_registered: list[str] = []


def register_bundled_fonts() -> list[str]:
    """Register the bundled WenQuanYi font once (the last fallback of :data:`UI_FAMILIES`);
    returns its families, empty when the file is missing or unreadable."""
    if not _registered:
        from app.ui.i18n import resources_folder

        path = resources_folder() / "fonts" / BUNDLED_CJK_FILE
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
        _registered.extend(QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else [])
    return list(_registered)


def has_cjk_font() -> bool:
    """Whether a font with Chinese glyphs is there: the bundled one, or one installed."""
    return any(
        "CJK" in family or "YaHei" in family or "WenQuanYi" in family
        for family in QFontDatabase.families()
    )


def scaled_font(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``font`` made ``factor`` times larger, bold or not."""
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setBold(bold)
    return scaled
