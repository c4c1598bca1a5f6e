"""The day-plan world shared by the day-plan and Inspecciones tests: two inspectors with logins,
a supervisor, a clerk, and visits scheduled around a fixed day, on a real store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import bulk, inspectors, permits, users, workflow
from desktop.store import Actor, Store, open_store

#: A Tuesday: yesterday, today, +3 and +10 days are all business days (no holidays in June).
TODAY = dt.date(2026, 6, 9)
PASSWORD = "contraseña-segura"


@dataclass
class PlanWorld:
    """Two inspectors (Ana, Beto) with logins, a supervisor, a clerk, and scheduled visits."""

    store: Store
    admin: users.User
    ana: users.User
    beto: users.User
    supervisor: users.User
    clerk: users.User
    ana_inspector: str
    beto_inspector: str
    visits: dict[str, str] = field(default_factory=dict)  # folio -> inspection id

    def actor(self, user: users.User) -> Actor:
        return self.store.actor(user.id)


#: (folio, who, days from TODAY, colonia, business)
VISITS = (
    ("PC-A-1", "ana", -1, "Centro", "Abarrotes Doña Lupe"),
    ("PC-A-2", "ana", 0, "Zona Norte", "Tortillería La Güera"),
    ("PC-A-3", "ana", 0, "Centro", "Farmacia San Juan"),
    ("PC-A-4", "ana", 3, "Centro", "Papelería El Lápiz"),
    ("PC-A-5", "ana", 10, "Centro", "Ferretería Martínez"),
    ("PC-B-1", "beto", 0, "Las Flores", "Estética Carmen"),
    ("PC-B-2", "beto", 3, "Las Flores", "Taquería El Güero"),
)


def make_plan_world(data_dir: Path) -> PlanWorld:
    """Create the world in a new store at ``data_dir``; the caller closes ``world.store``."""
    store = open_store(data_dir)
    admin = users.create_first_admin(
        store, username="admin", display_name="Administradora", password=PASSWORD
    )
    act = store.actor(admin.id)
    dept = permits.create_department(store, act, code="PC", name="Protección Civil")

    def user(name: str, display: str, role: str) -> users.User:
        return users.create_user(
            store, act, username=name, display_name=display, password=PASSWORD, role=role,
            department_id=dept,
        )  # fmt: skip

    ana = user("ana", "Ana Pérez", "inspector")
    beto = user("beto", "Beto Ruiz", "inspector")
    supervisor = user("sara", "Sara Supervisora", "supervisor")
    clerk = user("carlos", "Carlos Capturista", "clerk")
    registry = {}
    for login in (ana, beto):
        registry[login.username] = inspectors.add_inspector(
            store, admin, full_name=login.display_name, department_id=dept,
            position="Inspector", valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 12, 31), user_id=login.id,
        )  # fmt: skip
    world = PlanWorld(store, admin, ana, beto, supervisor, clerk, registry["ana"], registry["beto"])
    for folio, who, offset, colonia, name in VISITS:
        business = permits.create_business(store, act, name=name, colonia=colonia,
                                           address=f"Calle {folio[-1]} #10")  # fmt: skip
        case = permits.create_case(
            store, act, folio=folio, business_id=business, received_date=dt.date(2026, 5, 4)
        )
        permits.change_status(store, act, case, workflow.EN_REVISION)
        day = TODAY + dt.timedelta(days=offset)
        plan = bulk.plan_inspections(store.db, [case], {registry[who]: 10}, day, day)
        assert plan.ok, plan.refused
        assert bulk.schedule_inspections(store, act, plan).ok
        (world.visits[folio],) = store.db.execute(
            "SELECT id FROM inspections WHERE case_id = ?", [case]
        ).fetchone()
    return world
