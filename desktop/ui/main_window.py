"""The main window: role-filtered navigation on the left, one page per section, a status bar.

Sections a role may not see are not built at all (``roles.sections_for``). Sections whose work
has not been built yet show what they will do. The window holds no global state: the store, the
task runner, the reader connection and the signed-in user are passed in by ``desktop.app``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop import __version__
from desktop.core import roles
from desktop.core.users import User
from desktop.store import Store
from desktop.ui import labels
from desktop.ui.cases_view import CasesView
from desktop.ui.pages import PAGE_FACTORIES, PageContext
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.ui.sync_controller import SyncController

SectionRole = int(Qt.ItemDataRole.UserRole) + 1


@dataclass(frozen=True)
class StoreStatus:
    """Facts about the data folder shown in the status bar and the about box."""

    schema_version: int
    last_sync_at: str | None
    is_demo: bool


def read_store_status(store: Store) -> StoreStatus:
    """Runs on the database worker."""
    return StoreStatus(
        schema_version=store.schema_version,
        last_sync_at=store.get_setting("last_sync_at"),
        is_demo=store.is_demo,
    )


class MainWindow(QMainWindow):
    """Verifica's main window for one signed-in user."""

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        reader: Database,
        user: User,
        *,
        lang: str = "es",
        locale: QLocale | None = None,
        sync: SyncController | None = None,
        camera: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sync = sync
        self._store = store
        self._runner = runner
        self._locale = locale or QLocale()
        self.user = user
        self.status: StoreStatus | None = None
        self.sections: tuple[str, ...] = roles.sections_for(user.role)
        self.pages: dict[str, QWidget] = {}
        self.cases_view: CasesView | None = None
        self.about_box: QMessageBox | None = None

        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Verifica"))
        # 1280x800, or a little less than the screen on a small laptop (1366x768 is common).
        available = self.screen().availableGeometry()
        self.resize(
            min(1280, int(available.width() * 0.96)), min(800, int(available.height() * 0.92))
        )

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Secciones"))
        self.stack = QStackedWidget()
        self.stack.setObjectName("sectionStack")
        titles = labels.section_titles()
        context = PageContext(store, runner, reader, user, self._locale, lang, sync, camera)
        for section in self.sections:
            page = PAGE_FACTORIES[section](context)
            if isinstance(page, CasesView):
                self.cases_view = page
            self.pages[section] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(titles[section])
            item.setData(SectionRole, section)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)

        if self.sections:
            self.setCentralWidget(self._build_body())
            self.navigation.setCurrentRow(0)
        else:
            self.setCentralWidget(self._build_kiosk_notice())

        self._build_menus()
        self._build_status_bar()
        runner.changed.connect(self._records_changed)
        self._load_status()

    # -- building ------------------------------------------------------------------------

    def _build_body(self) -> QWidget:
        sidebar = QFrame()
        sidebar.setObjectName("sidebar")
        brand = QLabel(self.tr("Verifica"))
        brand.setObjectName("brandLabel")
        unit = QLabel(self.tr("Protección Civil y Contraloría"))
        unit.setObjectName("brandSubtitle")
        unit.setWordWrap(True)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 16, 0, 12)
        side.setSpacing(4)
        side.addWidget(brand)
        side.addWidget(unit)
        side.addSpacing(12)
        side.addWidget(self.navigation, 1)
        sidebar.setFixedWidth(190)

        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(sidebar)
        row.addWidget(self.stack, 1)
        return body

    def _build_kiosk_notice(self) -> QWidget:
        page = QWidget()
        heading = QLabel(self.tr("Cuenta de quiosco"))
        heading.setObjectName("sectionHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.kiosk_label = QLabel(
            self.tr(
                "Esta cuenta es para un quiosco de verificación de credenciales. El modo quiosco "
                "llegará junto con las credenciales y el quiosco; mientras tanto no hay "
                "secciones que mostrar aquí. Gracias por su paciencia."
            )
        )
        self.kiosk_label.setObjectName("placeholderText")
        self.kiosk_label.setWordWrap(True)
        self.kiosk_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(page)
        # Side margins rather than an aligned, width-capped label: Qt sizes a wrapped label
        # correctly only when it gets the layout's full width.
        layout.setContentsMargins(160, 40, 160, 40)
        layout.setSpacing(12)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(self.kiosk_label)
        layout.addStretch(2)
        return page

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&Archivo"))
        self.quit_action = QAction(self.tr("&Salir"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.sync_action = QAction(self.tr("Sincronizar &ahora"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.setEnabled(self.sync is not None)
        if self.sync is not None:
            self.sync_action.triggered.connect(self.sync.sync_now)
        file_menu.addAction(self.sync_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = menu_bar.addMenu(self.tr("&Ver"))
        self.search_action = QAction(self.tr("&Buscar expedientes"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+F"))
        self.search_action.setEnabled(self.cases_view is not None)
        self.search_action.triggered.connect(self.focus_search)
        view_menu.addAction(self.search_action)
        view_menu.addSeparator()
        self.section_actions: list[QAction] = []
        for i in range(self.navigation.count()):
            item = self.navigation.item(i)
            action = QAction(item.text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, row=i: self.show_row(row))
            view_menu.addAction(action)
            self.section_actions.append(action)

        help_menu = menu_bar.addMenu(self.tr("Ay&uda"))
        self.about_action = QAction(self.tr("&Acerca de Verifica"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel(
            self.tr("{name} · {role}").format(
                name=self.user.display_name, role=labels.role_label(self.user.role)
            )
        )
        self.user_label.setObjectName("userLabel")
        self.folder_label = QLabel(self.tr("Datos: {folder}").format(folder=self._store.data_dir))
        self.folder_label.setToolTip(str(self._store.data_dir))
        self.sync_label = QLabel()
        self.demo_label = QLabel(self.tr("Datos de demostración"))
        self.demo_label.setObjectName("demoBadge")
        self.demo_label.hide()
        bar.addWidget(self.user_label)
        bar.addWidget(self.folder_label, 1)
        bar.addPermanentWidget(self.demo_label)
        self.online_label = QLabel()
        self.online_label.setObjectName("syncStateLabel")
        self.pending_label = QLabel()
        self.online_label.setVisible(self.sync is not None)
        self.pending_label.setVisible(self.sync is not None)
        bar.addPermanentWidget(self.online_label)
        bar.addPermanentWidget(self.pending_label)
        bar.addPermanentWidget(self.sync_label)
        if self.sync is not None:
            self.sync.state_changed.connect(lambda _s: self._show_sync_state())
            self.sync.message_changed.connect(lambda _t: self._show_sync_state())
            self.sync.finished.connect(self._sync_finished)
            self.sync.pending_changed.connect(lambda _n: self._show_sync_state())
            self.sync.last_success_changed.connect(lambda _t: self._load_status())
            self._show_sync_state()

    # -- own API -------------------------------------------------------------------------

    def show_section(self, section: str) -> bool:
        """Switch to ``section``; False if this user does not see it."""
        if section not in self.sections:
            return False
        self.navigation.setCurrentRow(self.sections.index(section))
        return True

    def show_row(self, row: int) -> None:
        if 0 <= row < self.navigation.count():
            self.navigation.setCurrentRow(row)

    def current_section(self) -> str | None:
        item = self.navigation.currentItem()
        return str(item.data(SectionRole)) if item is not None else None

    def focus_search(self) -> None:
        if self.cases_view is not None and self.show_section(roles.CASES):
            self.cases_view.focus_search()

    def sync_text(self) -> str:
        last = self.status.last_sync_at if self.status else None
        if not last:
            return self.tr("Nunca sincronizado")
        shown = labels.iso_datetime(self._locale, last)
        return self.tr("Última sincronización: {when}").format(when=shown)

    def about_text(self) -> str:
        schema = self.status.schema_version if self.status else "…"
        return self.tr(
            "<h3>Verifica</h3>"
            "<p>Expedientes, inspecciones y verificación de credenciales para Protección Civil "
            "y Contraloría.</p>"
            "<p>Versión: {version}<br>Versión del esquema de datos: {schema}<br>"
            "Carpeta de datos: {folder}</p>"
        ).format(version=__version__, schema=schema, folder=self._store.data_dir)

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("aboutBox")
        box.setWindowTitle(self.tr("Acerca de Verifica"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: setattr(self, "about_box", None))
        self.about_box = box
        box.open()
        return box

    # -- internals -----------------------------------------------------------------------

    def _load_status(self) -> None:
        store = self._store
        self._runner.run_db(lambda: read_store_status(store), self._show_status)

    def _show_status(self, status: StoreStatus) -> None:
        self.status = status
        self.sync_label.setText(self.sync_text())
        self.demo_label.setVisible(status.is_demo)

    def _show_sync_state(self) -> None:
        from desktop.ui.sync_controller import state_label

        sync = self.sync
        assert sync is not None
        self.online_label.setText(state_label(sync.state))
        self.online_label.setProperty("syncState", sync.state)
        self.online_label.style().unpolish(self.online_label)
        self.online_label.style().polish(self.online_label)
        self.online_label.setToolTip(sync.message)
        self.pending_label.setText(
            self.tr("Pendientes: {n}").format(n=self._locale.toString(sync.pending))
        )

    def _sync_finished(self, ok: bool) -> None:
        sync = self.sync
        if sync is not None and not ok and sync.message:
            self.statusBar().showMessage(sync.message, 15_000)

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & {"settings", "sync"}:
            self._load_status()

    # -- Qt overrides --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.about_box is not None:
            self.about_box.close()
        super().closeEvent(event)
