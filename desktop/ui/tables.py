"""Table settings shared by the screens' read-only lists."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView


def read_only(table: QTableView, *, single: bool = True, alternating: bool = True) -> None:
    """Make ``table`` a list to read and pick rows from, never to edit in place.

    Args:
        table: the table (or table widget) to set up.
        single: allow one selected row at a time; ``False`` keeps the table's own selection mode.
        alternating: shade every other row.
    """
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if alternating:
        table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
