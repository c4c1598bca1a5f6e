"""The signature pad: draw with the mouse, a pen or a finger; the result is a PNG.

:class:`SignaturePad` keeps the strokes as ``QPainterPath`` objects in *pad coordinates* (a fixed
900x300 canvas scaled to whatever size the widget has), so the PNG does not depend on the window
size. Each stroke is smoothed with quadratic curves through the midpoints of the points the mouse
reported. Touch and pen input reach the pad as mouse events (Qt synthesises them).

:class:`SignatureDialog` frames the pad for one signer: title "Firma de …", a baseline with the
signer's name under it, "Borrar", "Aceptar" and "Cancelar"; accepting an empty pad is refused.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

PAD_WIDTH, PAD_HEIGHT = 900, 300
INK = QColor("#10213f")
STROKE_WIDTH = 4.0  # in pad pixels


class SignaturePad(QWidget):
    """A white canvas the user signs on.

    Signals:
        changed(): a stroke was added or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self._strokes: list[QPainterPath] = []
        self._points: list[QPointF] = []
        self.setMinimumSize(QSize(450, 150))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- own API -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes and len(self._points) < 2

    def clear(self) -> None:
        self._strokes.clear()
        self._points.clear()
        self.update()
        self.changed.emit()

    def stroke_count(self) -> int:
        return len(self._strokes)

    def to_image(self) -> QImage:
        """The signature on a white 900x300 image."""
        image = QImage(PAD_WIDTH, PAD_HEIGHT, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._draw_strokes(painter)
        painter.end()
        return image

    def png_bytes(self) -> bytes:
        """The signature as PNG bytes (white background, dark strokes, 900x300)."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes
        buffer.close()
        return bytes(data.data())

    # -- geometry ------------------------------------------------------------------------

    def _canvas_rect(self) -> QRectF:
        """Where the 3:1 canvas sits inside the widget (centred, as large as fits)."""
        scale = min(self.width() / PAD_WIDTH, self.height() / PAD_HEIGHT)
        w, h = PAD_WIDTH * scale, PAD_HEIGHT * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _to_pad(self, pos: QPointF) -> QPointF:
        rect = self._canvas_rect()
        k = PAD_WIDTH / max(1.0, rect.width())
        x = min(max(0.0, (pos.x() - rect.x()) * k), PAD_WIDTH)
        y = min(max(0.0, (pos.y() - rect.y()) * k), PAD_HEIGHT)
        return QPointF(x, y)

    @staticmethod
    def _smooth(points: list[QPointF]) -> QPainterPath:
        """A path through ``points`` with quadratic curves between midpoints (smooth ink)."""
        path = QPainterPath(points[0])
        if len(points) == 1:
            path.lineTo(points[0] + QPointF(0.1, 0.1))  # a dot
            return path
        for i in range(1, len(points) - 1):
            mid = (points[i] + points[i + 1]) / 2
            path.quadTo(points[i], mid)
        path.lineTo(points[-1])
        return path

    def _draw_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(INK, STROKE_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._strokes:
            painter.drawPath(path)
        if self._points:
            painter.drawPath(self._smooth(self._points))

    # -- Qt overrides --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._points = [self._to_pad(event.position())]
            self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._points and event.buttons() & Qt.MouseButton.LeftButton:
            self._points.append(self._to_pad(event.position()))
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._points:
            self._points.append(self._to_pad(event.position()))
            self._strokes.append(self._smooth(self._points))
            self._points = []
            self.update()
            self.changed.emit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ece9e4"))
        rect = self._canvas_rect()
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QPen(QColor("#c9c4bc"), 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        k = rect.width() / PAD_WIDTH
        # The baseline the signer signs on, as on paper.
        painter.setPen(QPen(QColor("#8a8a8a"), 1, Qt.PenStyle.DashLine))
        base_y = rect.y() + 0.78 * rect.height()
        painter.drawLine(QPointF(rect.x() + 40 * k, base_y), QPointF(rect.right() - 40 * k, base_y))
        painter.translate(rect.topLeft())
        painter.scale(k, k)
        self._draw_strokes(painter)


class SignatureDialog(QDialog):
    """Collects one signature.

    Signals:
        signed(bytes): the PNG, when the user accepted a non-empty pad.
    """

    signed = Signal(bytes)

    def __init__(self, whose: str, signer_name: str = "", parent: QWidget | None = None) -> None:
        """Args:
        whose: who signs, as the title says it ("Firma del inspector").
        signer_name: the person's name, printed under the line ("" when unknown).
        """
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.setWindowTitle(whose)
        self.setModal(True)
        self.pad = SignaturePad()
        title = QLabel(whose)
        title.setObjectName("sectionHeading")
        instructions = QLabel(
            self.tr("Firme dentro del recuadro con el ratón, el lápiz o el dedo.")
        )
        instructions.setWordWrap(True)
        self.name_label = QLabel(signer_name or self.tr("(nombre no capturado)"))
        self.name_label.setObjectName("signerName")
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.name_label.setStyleSheet("font-size: 12pt; color: #333333;")
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setStyleSheet("color: #8c1d18;")
        self.error.setWordWrap(True)
        self.error.hide()

        self.clear_button = QPushButton(self.tr("&Borrar"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.clicked.connect(self.reject)
        self.accept_button = QPushButton(self.tr("&Aceptar firma"))
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.try_accept)
        self.pad.changed.connect(self.error.hide)

        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(instructions)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.name_label)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(820, 460)

    def try_accept(self) -> None:
        """Accept a signature; an empty pad is refused with a message."""
        if self.pad.is_empty():
            self.error.setText(self.tr("El recuadro está vacío: firme antes de aceptar."))
            self.error.show()
            return
        self.signed.emit(self.pad.png_bytes())
        self.accept()
