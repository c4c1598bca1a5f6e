"""The sign-in dialog, with the first-run form that creates the administrator.

Everything that touches the database (reading whether users exist, argon2id checks that take
about 100 ms, creating the administrator) runs on the task runner's database worker, so the
dialog never freezes. In a demo data folder — and only there — the demo accounts are listed and a
click fills the fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import users
from desktop.store import Store
from desktop.ui import labels, messages, tables
from desktop.ui.tasks import TaskRunner


@dataclass(frozen=True)
class DemoLogin:
    """One account listed in a demo folder's sign-in dialog."""

    username: str
    password: str
    role: str
    display_name: str


@dataclass(frozen=True)
class LoginState:
    """What the dialog needs to know about the data folder before it shows a form."""

    has_users: bool
    is_demo: bool
    demo_logins: tuple[DemoLogin, ...] = field(default=())


def parse_demo_logins(raw: str | None) -> tuple[DemoLogin, ...]:
    """Read the ``demo_logins`` setting; anything malformed is skipped, never fatal."""
    try:
        items: Any = json.loads(raw or "[]")
    except ValueError:
        return ()
    logins = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        username = str(item.get("username", "")).strip()
        if not username:
            continue
        logins.append(
            DemoLogin(
                username=username,
                password=str(item.get("password", "")),
                role=str(item.get("role", "")),
                display_name=str(item.get("display_name", "")),
            )
        )
    return tuple(logins)


def read_login_state(store: Store) -> LoginState:
    """Runs on the database worker."""
    is_demo = store.is_demo
    demo_logins = parse_demo_logins(store.get_setting("demo_logins")) if is_demo else ()
    return LoginState(has_users=users.has_users(store), is_demo=is_demo, demo_logins=demo_logins)


class LoginDialog(QDialog):
    """Sign in, or create the first administrator in an empty data folder.

    After ``accepted``, :attr:`user` is the signed-in :class:`~desktop.core.users.User`.
    """

    PAGE_LOADING, PAGE_SIGN_IN, PAGE_FIRST_RUN = range(3)

    def __init__(
        self, store: Store, runner: TaskRunner, lang: str = "es", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._lang = lang
        self._busy = False
        self.user: users.User | None = None
        self.state: LoginState | None = None

        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Verifica — Iniciar sesión"))
        self.setMinimumWidth(460)

        title = QLabel(self.tr("Verifica"))
        title.setObjectName("loginTitle")
        subtitle = QLabel(self.tr("Protección Civil y Contraloría Municipal"))
        subtitle.setObjectName("loginSubtitle")

        # Pages are shown one at a time in a plain box rather than a QStackedWidget: a stack
        # sizes itself for its largest page and ignores that wrapped labels need more height.
        self.pages = QWidget()
        self._page_widgets = [
            self._build_loading_page(),
            self._build_sign_in_page(),
            self._build_first_run_page(),
        ]
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        for page in self._page_widgets:
            pages_layout.addWidget(page)
        self._page = self.PAGE_LOADING
        self._set_page(self.PAGE_LOADING)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.submit_button = self.buttons.addButton(
            self.tr("Entrar"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.submit_button.setDefault(True)
        self.submit_button.setEnabled(False)
        quit_button = self.buttons.addButton(
            self.tr("Salir"), QDialogButtonBox.ButtonRole.RejectRole
        )
        quit_button.setAutoDefault(False)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        folder = QLabel(self.tr("Carpeta de datos: {folder}").format(folder=store.data_dir))
        folder.setObjectName("folderLabel")
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        layout.addWidget(folder)

        self._runner.run_db(lambda: read_login_state(store), self._show_state)

    # -- building ------------------------------------------------------------------------

    def _build_loading_page(self) -> QWidget:
        page = QLabel(self.tr("Abriendo la carpeta de datos…"))
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return page

    def _build_sign_in_page(self) -> QWidget:
        page = QWidget()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText(self.tr("Nombre de usuario"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Contraseña"))
        form = QFormLayout()
        form.addRow(self.tr("&Usuario:"), self.username_edit)
        form.addRow(self.tr("&Contraseña:"), self.password_edit)

        self.demo_box = QFrame()
        self.demo_box.setObjectName("demoBox")
        demo_title = QLabel(self.tr("Carpeta de demostración: cuentas de prueba"))
        demo_title.setObjectName("demoTitle")
        hint = QLabel(
            self.tr(
                "Los datos de esta carpeta son ficticios. Haga clic en una cuenta para llenar "
                "los campos, o doble clic para entrar."
            )
        )
        hint.setWordWrap(True)
        self.demo_table = QTableWidget(0, 3)
        self.demo_table.setObjectName("demoTable")
        self.demo_table.setHorizontalHeaderLabels(
            [self.tr("Usuario"), self.tr("Contraseña"), self.tr("Rol")]
        )
        tables.read_only(self.demo_table)
        self.demo_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.demo_table.horizontalHeader().setStretchLastSection(True)
        self.demo_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.demo_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.demo_table.cellClicked.connect(self._fill_from_demo_row)
        self.demo_table.cellDoubleClicked.connect(self._sign_in_from_demo_row)
        demo_layout = QVBoxLayout(self.demo_box)
        demo_layout.setContentsMargins(12, 10, 12, 12)
        demo_layout.setSpacing(6)
        demo_layout.addWidget(demo_title)
        demo_layout.addWidget(hint)
        demo_layout.addWidget(self.demo_table)
        self.demo_box.hide()

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.demo_box)
        return page

    def _build_first_run_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "Esta carpeta de datos todavía no tiene usuarios. Cree la cuenta de "
                "administración; con ella podrá dar de alta al resto del personal."
            )
        )
        intro.setWordWrap(True)
        self.admin_name_edit = QLineEdit()
        self.admin_name_edit.setPlaceholderText(self.tr("Nombre y apellidos"))
        self.admin_username_edit = QLineEdit()
        self.admin_username_edit.setPlaceholderText(self.tr("Por ejemplo: mlopez"))
        self.admin_password_edit = QLineEdit()
        self.admin_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_password_edit.setPlaceholderText(
            self.tr("Al menos {n} caracteres").format(n=users.MIN_PASSWORD_LENGTH)
        )
        self.admin_confirm_edit = QLineEdit()
        self.admin_confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&Nombre completo:"), self.admin_name_edit)
        form.addRow(self.tr("&Usuario:"), self.admin_username_edit)
        form.addRow(self.tr("&Contraseña:"), self.admin_password_edit)
        form.addRow(self.tr("C&onfirmar contraseña:"), self.admin_confirm_edit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        return page

    # -- state ---------------------------------------------------------------------------

    @property
    def is_first_run(self) -> bool:
        return self._page == self.PAGE_FIRST_RUN

    def _set_page(self, index: int) -> None:
        self._page = index
        for i, page in enumerate(self._page_widgets):
            page.setVisible(i == index)

    def _show_state(self, state: LoginState) -> None:
        self.state = state
        if not state.has_users:
            self._set_page(self.PAGE_FIRST_RUN)
            self.submit_button.setText(self.tr("Crear y entrar"))
            self.admin_name_edit.setFocus()
        else:
            self._set_page(self.PAGE_SIGN_IN)
            self._show_demo_logins(state.demo_logins if state.is_demo else ())
            self.username_edit.setFocus()
        self.submit_button.setEnabled(True)
        self._fit_height(center=True)

    def _fit_height(self, passes: int = 3, *, center: bool = False) -> None:
        """Grow or shrink to what the current page needs at the current width.

        Not adjustSize(): it caps a window at 2/3 of the screen (the demo list would be cut on
        a 1366x768 laptop) and ignores that wrapped labels are shorter on a wider dialog.
        Widgets shown a moment ago report their final size hints only after Qt has processed
        their layout requests, so the fit is repeated on the next turns of the event loop.
        """
        layout = self.layout()
        assert layout is not None
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        if height != self.height() or width != self.width():
            self.resize(width, height)
            self._keep_on_screen(center=center)
        if passes > 1:
            QTimer.singleShot(0, self, lambda: self._fit_height(passes - 1, center=center))

    def _keep_on_screen(self, *, center: bool) -> None:
        """Centre the grown dialog (first fit) or pull it back inside the screen."""
        if not self.isVisible() or self.parentWidget() is not None:
            return
        available = self.screen().availableGeometry()
        frame = self.frameGeometry()
        if center:
            frame.moveCenter(available.center())
        frame.moveBottom(min(frame.bottom(), available.bottom()))
        frame.moveTop(max(frame.top(), available.top()))
        self.move(frame.topLeft())

    def _show_demo_logins(self, logins: tuple[DemoLogin, ...]) -> None:
        self.demo_table.setRowCount(len(logins))
        for row, login in enumerate(logins):
            role = labels.role_label(login.role)
            for col, text in enumerate((login.username, login.password, role)):
                item = QTableWidgetItem(text)
                if login.display_name:
                    item.setToolTip(login.display_name)
                self.demo_table.setItem(row, col, item)
        self.demo_box.setVisible(bool(logins))
        self._fit_demo_table()

    def _fit_demo_table(self) -> None:
        """Show every demo account without a scroll bar (there are only a handful)."""
        table = self.demo_table
        # Measure with the style sheet applied, which may not have happened yet.
        table.ensurePolished()
        table.horizontalHeader().ensurePolished()
        table.resizeRowsToContents()
        height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
        table.setFixedHeight(height + 2 * table.frameWidth())

    def _fill_from_demo_row(self, row: int, _column: int = 0) -> None:
        logins = self.state.demo_logins if self.state else ()
        if 0 <= row < len(logins):
            self.username_edit.setText(logins[row].username)
            self.password_edit.setText(logins[row].password)
            self.password_edit.setFocus()

    def _sign_in_from_demo_row(self, row: int, column: int) -> None:
        self._fill_from_demo_row(row, column)
        self._submit()

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        self.pages.setEnabled(not busy)
        self.submit_button.setEnabled(not busy)
        if message:
            self._show_message(message, error=False)

    def _show_message(self, text: str, *, error: bool = True) -> None:
        self.error_label.setProperty("error", error)
        # Re-polish so the style sheet picks up the changed property.
        self.error_label.style().unpolish(self.error_label)
        self.error_label.style().polish(self.error_label)
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self._fit_height()

    # -- actions -------------------------------------------------------------------------

    def _submit(self) -> None:
        if self._busy or self.state is None:
            return
        if self.is_first_run:
            self._create_admin()
        else:
            self._sign_in()

    def _sign_in(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self._show_message(self.tr("Escriba su usuario y su contraseña."))
            (self.password_edit if username else self.username_edit).setFocus()
            return
        self._set_busy(True, self.tr("Verificando…"))
        store = self._store
        self._runner.run_db(
            lambda: users.authenticate(store, username, password),
            self._signed_in,
            self._sign_in_failed,
            changes={"audit_events"},
        )

    def _signed_in(self, user: users.User) -> None:
        self.user = user
        self._set_busy(False)
        self._show_message("")
        self.accept()

    def _sign_in_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_message("")
        messages.failure_handler(self._sign_in_refused, self._lang)(error)

    def _sign_in_refused(self, text: str) -> None:
        self._show_message(text)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _create_admin(self) -> None:
        name = self.admin_name_edit.text().strip()
        username = self.admin_username_edit.text().strip()
        password = self.admin_password_edit.text()
        if not name or not username or not password:
            self._show_message(self.tr("Llene el nombre, el usuario y la contraseña."))
            return
        if password != self.admin_confirm_edit.text():
            self._show_message(self.tr("Las contraseñas no coinciden. Escríbalas de nuevo."))
            self.admin_confirm_edit.clear()
            self.admin_confirm_edit.setFocus()
            return
        self._set_busy(True, self.tr("Creando la cuenta…"))
        store = self._store
        self._runner.run_db(
            lambda: users.create_first_admin(
                store, username=username, display_name=name, password=password
            ),
            self._signed_in,
            self._create_admin_failed,
            changes={"users"},
        )

    def _create_admin_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_message("")
        messages.failure_handler(self._show_message, self._lang)(error)
