"""Which widget each main-window section shows: one factory per built section.

A screen plugs in by adding one entry to :data:`PAGE_FACTORIES`; sections without a factory show
a polite placeholder. Screens receive a :class:`PageContext` (store, runner, reader, user, locale)
and never a reference to the window or to each other: they talk through ``runner.changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from desktop.core import roles
from desktop.core.users import User
from desktop.store import Store
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.ui.sync_controller import SyncController


@dataclass(frozen=True)
class PageContext:
    """What a section's screen may use."""

    store: Store
    runner: TaskRunner
    reader: Database
    user: User
    locale: QLocale
    lang: str
    sync: SyncController | None = None  # created once by desktop.app
    camera: str | None = None  # frame source for photos: "camera:N", a video, image or folder


def _cases(ctx: PageContext) -> QWidget:
    from desktop.ui.cases_view import CasesView

    return CasesView(
        ctx.store,
        ctx.runner,
        ctx.reader,
        actor=ctx.store.actor(ctx.user.id),
        lang=ctx.lang,
        locale=ctx.locale,
    )


def _sync(ctx: PageContext) -> QWidget:
    from desktop.ui.sync_view import SyncView, unavailable_page

    if ctx.sync is None:
        return unavailable_page()
    return SyncView(
        ctx.store, ctx.runner, ctx.sync, ctx.store.actor(ctx.user.id), locale=ctx.locale
    )


def _registry(ctx: PageContext) -> QWidget:
    from desktop.ui.registry_view import RegistryView

    return RegistryView(ctx.store, ctx.runner, ctx.user, lang=ctx.lang, locale=ctx.locale)


def _dashboard(ctx: PageContext) -> QWidget:
    from desktop.ui.dashboard_view import DashboardView

    return DashboardView(ctx.store, ctx.runner, ctx.user, lang=ctx.lang, locale=ctx.locale)


def _complaints(ctx: PageContext) -> QWidget:
    from desktop.ui.complaints_view import ComplaintsView

    return ComplaintsView(ctx.store, ctx.runner, ctx.user, lang=ctx.lang, locale=ctx.locale)


def _inspections(ctx: PageContext) -> QWidget:
    from desktop.ui.inspections_view import InspectionsView

    return InspectionsView(ctx)


PAGE_FACTORIES: dict[str, Callable[[PageContext], QWidget]] = {
    roles.CASES: _cases,
    roles.INSPECTIONS: _inspections,
    roles.SYNC: _sync,
    roles.REGISTRY: _registry,
    roles.COMPLAINTS: _complaints,
    roles.DASHBOARD: _dashboard,
}
