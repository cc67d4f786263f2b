"""A participant's trends since day 0: SpO₂, P/F and key labs, one strip each, drawn with
QPainter on a shared day axis, each strip with its unit on its value axis.

The protocol's severity thresholds (SpO₂, P/F) are drawn as dashed lines, the visit
days as faint verticals. A lab value reported beyond its assay's limit (``<5``) is a
hollow marker. The chart reads through :func:`app.services.outcomes.trends`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from app.protocol import Protocol
from app.services.outcomes import Trends, TrendSeries, trends
from app.store.store import Store
from app.store.uow import Actor
from app.ui.app_style import TOUCH_MIN_PX
from app.ui.i18n import pick

INK, GRID, LINE, THRESHOLD = (
    QColor("#111111"),
    QColor("#c8ced4"),
    QColor("#0b4f8a"),
    QColor("#a4000f"),
)
VISIT_LINE = QColor("#8a96a3")
STRIP_HEIGHT = 160
LEFT, RIGHT, TOP, BOTTOM = 96, 24, 34, 44


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2 or 5 × 10ⁿ apart) covering ``low..high``."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        high = low + 1
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    return [round(n * step, 10) for n in range(first, last + 1)]


def tick_text(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.2e}"


def series_label(protocol: Protocol, one: TrendSeries) -> str:
    """The series' name in the interface language (a lab's from the protocol)."""
    if one.key == "pf":
        return QCoreApplication.translate("TrendChart", "P/F ratio")
    test = protocol.lab(one.key) if one.key != "spo2" else None
    return pick(test.name_en, test.name_zh) if test else one.label


class ChartCanvas(QWidget):
    """The painted strips (inside the chart's scroll area)."""

    def __init__(self, protocol: Protocol, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._protocol = protocol
        self._trends = Trends(None, False, ())
        self.painted = False
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_trends(self, found: Trends) -> None:
        self._trends = found
        self.setMinimumHeight(max(1, len(found.series)) * STRIP_HEIGHT + BOTTOM)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, max(1, len(self._trends.series)) * STRIP_HEIGHT + BOTTOM)

    def day_range(self) -> tuple[float, float]:
        """Days shown: from day 0 (or the first point) to the last visit or point."""
        days = [p.day for s in self._trends.series for p in s.points]
        last_visit = max((v.day for v in self._protocol.visits), default=0)
        low = min([0.0, *days])
        high = max([float(last_visit), *days]) if self._trends.origin_is_day0 else max(days or [1])
        return math.floor(low), math.ceil(high)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        series = self._trends.series
        days = self.day_range()
        width = self.width() - LEFT - RIGHT
        strip = (self.height() - BOTTOM) / max(1, len(series))
        for i, one in enumerate(series):
            area = QRectF(LEFT, i * strip + TOP, width, strip - TOP - 8)
            self._strip(painter, one, area, days)
        if series:
            self._day_axis(painter, QRectF(LEFT, self.height() - BOTTOM, width, BOTTOM), days)
        painter.end()
        self.painted = True

    # -- drawing ----------------------------------------------------------------------

    def _x(self, day: float, area: QRectF, days: tuple[float, float]) -> float:
        return area.left() + (day - days[0]) / max(1e-9, days[1] - days[0]) * area.width()

    def _strip(
        self, painter: QPainter, one: TrendSeries, area: QRectF, days: tuple[float, float]
    ) -> None:
        values = [p.value for p in one.points]
        threshold = self._threshold(one)
        low, high = min(values), max(values)
        if threshold is not None:
            low, high = min(low, threshold), max(high, threshold)
        if one.key == "spo2":
            high = 100.0
        pad = (high - low) * 0.1 or max(1.0, abs(high) * 0.1)
        floor = 0.0 if low >= 0 else low - pad  # counts and concentrations never go below 0
        ticks = nice_ticks(max(floor, low - pad), high if one.key == "spo2" else high + pad)
        y_low, y_high = ticks[0], ticks[-1]

        def y(value: float) -> float:
            return area.bottom() - (value - y_low) / max(1e-9, y_high - y_low) * area.height()

        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(INK)
        painter.drawText(
            QPointF(8, area.top() - 10), f"{series_label(self._protocol, one)} ({one.unit})"
        )
        painter.setFont(self.font())
        for visit in self._protocol.visits if self._trends.origin_is_day0 else ():
            x = self._x(visit.day, area, days)
            painter.setPen(QPen(VISIT_LINE, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        for tick in ticks:
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(area.left(), y(tick)), QPointF(area.right(), y(tick)))
            painter.setPen(INK)
            box = QRectF(0, y(tick) - 12, LEFT - 10, 24)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(box, int(align), tick_text(tick))
        painter.setPen(QPen(INK, 2))
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.save()
        painter.setClipRect(area.adjusted(-8, -8, 8, 8))
        if threshold is not None:
            painter.setPen(QPen(THRESHOLD, 2, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(area.left(), y(threshold)), QPointF(area.right(), y(threshold))
            )
        points = [QPointF(self._x(p.day, area, days), y(p.value)) for p in one.points]
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.setPen(QPen(LINE, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        radius = 3.0 if len(points) > 60 else 5.0
        for point, p in zip(points, one.points, strict=True):
            painter.setBrush(QColor("#ffffff") if p.qualifier else LINE)
            painter.drawEllipse(point, radius, radius)
        painter.restore()
        if threshold is not None:
            self._label(painter, QPointF(area.left() + 8, y(threshold)), threshold)

    def _label(self, painter: QPainter, at: QPointF, threshold: float) -> None:
        """The threshold's value on a white patch, so the line and dots do not hide it."""
        text = self.tr("threshold {value}").format(value=tick_text(threshold))
        box = painter.fontMetrics().boundingRect(text).adjusted(-4, -2, 4, 2)
        box.moveBottomLeft(at.toPoint() - QPointF(0, 3).toPoint())
        painter.fillRect(box, QColor("#ffffff"))
        painter.setPen(THRESHOLD)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _threshold(self, one: TrendSeries) -> float | None:
        thresholds = self._protocol.thresholds
        value = {"spo2": thresholds.spo2_max_percent, "pf": thresholds.pf_ratio_max_mmhg}.get(
            one.key
        )
        return None if value is None else float(value)

    def _day_axis(self, painter: QPainter, band: QRectF, days: tuple[float, float]) -> None:
        painter.setPen(INK)
        step = 7 if days[1] - days[0] > 14 else 1 if days[1] - days[0] <= 7 else 2
        first = math.ceil(days[0] / step) * step
        for day in range(int(first), int(days[1]) + 1, step):
            x = self._x(day, band, days)
            box = QRectF(x - 40, band.top() + 2, 80, 22)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), str(day))
        caption = (
            self.tr("Days since day 0")
            if self._trends.origin_is_day0
            else self.tr("Days since first data")
        )
        painter.drawText(
            QRectF(band.left(), band.top() + 20, band.width(), 22),
            int(Qt.AlignmentFlag.AlignCenter),
            caption,
        )


class TrendChart(QWidget):
    """SpO₂, P/F and key labs of one participant over the days since day 0."""

    def __init__(
        self,
        store: Store,
        actor: Actor,
        protocol: Protocol,
        participant_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._actor = actor  # reading needs no permission beyond being logged in
        self._protocol = protocol
        self._participant_id = participant_id
        self._trends = Trends(None, False, ())
        self._caption = QLabel()
        self._refresh = QPushButton(self.tr("Refresh"))
        self._empty = QLabel(self.tr("No SpO₂, P/F or laboratory values recorded yet."))
        self.canvas = ChartCanvas(protocol)
        self._scroll = QScrollArea()
        self._build()
        self._connect_signals()
        self.reload()

    def _build(self) -> None:
        self.setObjectName("page")  # the app's page background behind the caption
        self._caption.setWordWrap(True)
        self._caption.setProperty("kind", "hint")
        self._refresh.setMinimumHeight(TOUCH_MIN_PX)
        self._empty.setProperty("kind", "hint")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.canvas.setAccessibleName(self.tr("Trend chart"))
        self._scroll.setWidget(self.canvas)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        QScroller.grabGesture(self._scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        top = QHBoxLayout()
        top.addWidget(self._caption, 1)
        top.addWidget(self._refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._empty, 1)
        layout.addWidget(self._scroll, 1)

    def _connect_signals(self) -> None:
        self._refresh.clicked.connect(self.reload)

    def series(self) -> Sequence[TrendSeries]:
        return self._trends.series

    def summary_text(self) -> str:
        """Each series' latest value in words (screen readers, tests)."""
        lines = []
        for one in self._trends.series:
            last = one.points[-1]
            if len(one.points) == 1:
                line = self.tr("{label}: {value} {unit} on day {day} (1 value)")
            else:
                line = self.tr("{label}: {value} {unit} on day {day} ({count} values)")
            lines.append(
                line.format(
                    label=series_label(self._protocol, one),
                    value=f"{last.qualifier}{tick_text(last.value)}",
                    unit=one.unit,
                    day=math.floor(last.day),
                    count=len(one.points),
                )
            )
        return "\n".join(lines)

    @Slot()
    def reload(self) -> None:
        """Read the values again (after a form is saved, or on request)."""
        found = trends(self._store, self._protocol, self._participant_id)
        self._trends = found
        self.canvas.set_trends(found)
        self.canvas.setAccessibleDescription(self.summary_text())
        has_data = bool(found.series)
        self._empty.setVisible(not has_data)
        self._scroll.setVisible(has_data)
        self._caption.setText(self._caption_text(found.origin_on, found.origin_is_day0))

    @staticmethod
    def _caption_text(origin: date | None, is_day0: bool) -> str:
        if origin is None:
            return QCoreApplication.translate("TrendChart", "Trends since day 0.")
        if is_day0:
            text = QCoreApplication.translate(
                "TrendChart",
                "Counted from day 0, {date}. Dashed red: the protocol's "
                "severity threshold; dotted: visit days; hollow marker: beyond the assay's limit.",
            )
        else:
            text = QCoreApplication.translate(
                "TrendChart",
                "Counted from the first value (day 0 is not recorded yet), {date}. Dashed red: "
                "the protocol's severity threshold; dotted: visit days; hollow marker: beyond "
                "the assay's limit.",
            )
        return text.format(date=f"{origin:%d %b %Y}")
