"""A data folder with one user per role, inspectors and businesses, for the complaint tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.core import inspectors, permits, users
from desktop.core.ids import uuid7
from desktop.store import Store, open_store

PASSWORD = "contraseña-segura"


@dataclass
class World:
    store: Store
    admin: users.User
    clerk: users.User
    supervisor: users.User
    inspector_user: users.User
    investigator: users.User
    other_comptroller: users.User
    department: str
    ana: str  # inspector on the registry who is also ``inspector_user``
    beto: str  # another inspector
    tienda: str  # businesses
    taller: str

    def stamp_complaint(self, complaint_id: str, days_ago: float, now: dt.datetime) -> None:
        """Test set-up: move a complaint's reception ``days_ago`` days before ``now``."""
        at = (now - dt.timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.store.write() as db:
            db.execute("UPDATE complaints SET created_at = ? WHERE id = ?", [at, complaint_id])

    def add_visit(self, inspector_id: str, business_id: str, day: dt.date) -> None:
        """Test set-up: a closed inspection of ``business_id`` by ``inspector_id`` on ``day``."""
        with self.store.write() as db:
            case_id = uuid7()
            now = day.isoformat() + "T12:00:00.000000Z"
            db.table("permit_cases").insert(
                {
                    "id": case_id,
                    "folio": f"PC-{case_id[-8:]}",
                    "business_id": business_id,
                    "received_date": day.isoformat(),
                    "status": "inspeccionado",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            db.table("inspections").insert(
                {
                    "id": uuid7(),
                    "case_id": case_id,
                    "inspector_id": inspector_id,
                    "status": "cerrada",
                    "answers": "{}",
                    "started_at": now,
                    "closed_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )


def make_world(folder: Path) -> World:
    store = open_store(folder)
    admin = users.create_first_admin(
        store, username="admin", display_name="Administradora", password=PASSWORD
    )
    actor = store.actor(admin.id)
    department = permits.create_department(store, actor, code="PC", name="Protección Civil")
    contraloria = permits.create_department(store, actor, code="CON", name="Contraloría")

    def user(name: str, role: str, dept: str | None = department) -> users.User:
        return users.create_user(
            store, actor, username=name, display_name=name.title(), password=PASSWORD,
            role=role, department_id=dept,
        )  # fmt: skip

    clerk = user("capturista", "clerk")
    supervisor = user("supervisora", "supervisor")
    inspector_user = user("ana", "inspector")
    investigator = user("investigadora", "comptroller", contraloria)
    other = user("contralor", "comptroller", contraloria)
    today = dt.date.today()

    def inspector(name: str, user_id: str | None = None) -> str:
        return inspectors.add_inspector(
            store, admin, full_name=name, department_id=department, position="Inspector",
            valid_from=today - dt.timedelta(days=400), valid_until=today + dt.timedelta(days=365),
            user_id=user_id,
        )  # fmt: skip

    ana = inspector("Ana Ñúñez Pérez", inspector_user.id)
    beto = inspector("Beto Canul")
    tienda = permits.create_business(store, actor, name="Abarrotes La Esperanza")
    taller = permits.create_business(store, actor, name="Taller Mecánico Hermanos Pech")
    return World(
        store, admin, clerk, supervisor, inspector_user, investigator, other, department,
        ana, beto, tienda, taller,
    )  # fmt: skip
