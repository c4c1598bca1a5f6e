"""Which widget each main-window section shows: one factory per built section.

A screen plugs in by adding one entry to :data:`PAGE_FACTORIES`; sections without a factory show
a polite placeholder. Screens receive a :class:`PageContext` (store, runner, reader, user, locale)
and never a reference to the window or to each other: they talk through ``runner.changed``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from desktop.core import roles
from desktop.core.users import User
from desktop.store import Store
from desktop.ui.tasks import TaskRunner


@dataclass(frozen=True)
class PageContext:
    """What a section's screen may use."""

    store: Store
    runner: TaskRunner
    reader: Database
    user: User
    locale: QLocale
    lang: str


def _cases(ctx: PageContext) -> QWidget:
    from desktop.ui.cases_view import CasesView

    return CasesView(ctx.store, ctx.runner, ctx.reader, locale=ctx.locale)


PAGE_FACTORIES: dict[str, Callable[[PageContext], QWidget]] = {
    roles.CASES: _cases,
}
