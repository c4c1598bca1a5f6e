"""Roles (DESIGN.md §2) and which sections of the main window each one sees."""

from __future__ import annotations

from desktop.store.schema import ROLES

CASES = "cases"
INSPECTIONS = "inspections"
COMPLAINTS = "complaints"
REGISTRY = "registry"
DASHBOARD = "dashboard"
SYNC = "sync"

SECTIONS: tuple[str, ...] = (CASES, INSPECTIONS, COMPLAINTS, REGISTRY, DASHBOARD, SYNC)

# Complaints are for the Contraloría (and audited administrators) only — DESIGN.md §1.4.
_VISIBLE: dict[str, tuple[str, ...]] = {
    "admin": SECTIONS,
    "supervisor": (CASES, INSPECTIONS, REGISTRY, DASHBOARD, SYNC),
    "clerk": (CASES, INSPECTIONS, SYNC),
    "inspector": (INSPECTIONS, CASES, SYNC),
    "comptroller": (COMPLAINTS, REGISTRY, DASHBOARD, SYNC),
    "kiosk": (),
}
assert set(_VISIBLE) == set(ROLES)


def sections_for(role: str) -> tuple[str, ...]:
    """Sections a user with ``role`` sees, in navigation order (first one opens on login)."""
    return _VISIBLE.get(role, ())


def can_see(role: str, section: str) -> bool:
    return section in _VISIBLE.get(role, ())
