"""Demo data folders: a realistic Cancún permit backlog to try Verifica on (no Qt here).

``verifica demo`` creates a data folder, or refills one that is already a demo folder, with
departments, one user per role, an inspector registry, 2,000 anuencia cases received over the last
18 months with their full status history, inspections, complaints and ratings.

Safety: a folder that holds real data is never touched. A folder is a demo folder when its
``settings`` say ``demo = 1``; a database that has never recorded anything (no users, no change
log, no audit events — e.g. the app was opened once and closed at the first-run screen) holds no
data and is filled in place. Anything else is refused with :class:`~desktop.errors.InvalidInput`.

How the history is written: status changes are checked with :func:`workflow.check_transition`, but
the rows are written here rather than through :func:`permits.change_status`, because that use-case
stamps every step "now" and a backlog needs its real past dates (received, reviewed, inspected…)
for ages and the weekly dashboard. Every record still gets its change-log row and hash-chained
audit event through :func:`record_change`, in the same shapes the use-cases write, so
``verifica check`` passes and sync sees ordinary changes. Change-log and audit timestamps are the
time the demo was generated (that is when the rows were really written); the domain timestamps
(``received_date``, history ``at``, ``created_at``…) are the simulated past. Times are office hours
in Cancún (UTC-5 all year), stored in UTC.

The content is a function of the seed and of the present moment (ages count back from today); each
case draws from its own random stream, so running later the same day changes only the cases with a
step in between. Ids (UUIDv7) are never the same twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import shutil
import sqlite3
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop.core import deadlines, form_library, forms, permits, users, workflow
from desktop.core.ids import uuid7
from desktop.core.kiosk_intake import device_code
from desktop.errors import EnvironmentProblem, InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import DB_FILENAME, SQLITE_HEADER, Actor, Store, open_store

DEMO_PASSWORD = "demo1234"
HISTORY_DAYS = 548  # about 18 months of received cases
CHUNK_SIZE = 5000  # cases per write transaction (the default demo is a single one)
UTC_OFFSET = dt.timedelta(hours=-5)  # Cancún: UTC-5 all year, no daylight saving since 2015
TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # the same shape as ids.utc_now()

# -- catalogues (data in Spanish) ---------------------------------------------------------------

DEPARTMENTS = (
    ("PC", "Protección Civil"),
    ("DU", "Desarrollo Urbano"),
    ("CAT", "Catastro"),
    ("CON", "Contraloría"),
    ("ECO", "Ecología"),
)

# username, role, display name, department code (None: no department)
DEMO_USERS = (
    ("admin", "admin", "Jorge Alberto Poot Cauich", None),
    ("supervisora", "supervisor", "María Fernanda Chan Uc", "PC"),
    ("capturista", "clerk", "Karla Itzel Hernández May", "PC"),
    ("inspector", "inspector", "Luis Enrique Pech Dzul", "PC"),
    ("contraloria", "comptroller", "Rosa Elena Martínez Ku", "CON"),
    ("quiosco", "kiosk", "Quiosco Palacio Municipal", None),
)

GIVEN_F = (
    "María", "Guadalupe", "Juana", "Margarita", "Verónica", "Leticia", "Rosa", "Patricia",
    "Alejandra", "Gabriela", "Claudia", "Adriana", "Karla", "Diana", "Fernanda", "Yesenia",
    "Mayra", "Araceli", "Silvia", "Elizabeth", "Daniela", "Itzel", "Ximena", "Lucía", "Carmen",
    "Teresa", "Rocío", "Norma", "Wendy", "Nayeli",
)  # fmt: skip
GIVEN_M = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Miguel Ángel", "Francisco", "Jesús", "Alejandro",
    "Ricardo", "Fernando", "Roberto", "Eduardo", "Javier", "Martín", "Raúl", "Gerardo", "Óscar",
    "Pedro", "Víctor", "Manuel", "Sergio", "Arturo", "Héctor", "Ramón", "Daniel", "Iván", "Omar",
    "Édgar", "Rodrigo",
)  # fmt: skip
SURNAMES = (
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz",
    "Torres", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Romero", "Álvarez",
    "Chan", "Canul", "Pech", "May", "Pool", "Uc", "Cen", "Ku", "Tun", "Dzul", "Poot", "Cauich",
    "Euan", "Chi", "Balam", "Ek", "Cocom", "Couoh", "Xool", "Moo",
)  # fmt: skip

# SCIAN 2018 class, its official description, name prefixes, share of 'medio' risk, weight.
GIROS: tuple[tuple[str, str, tuple[str, ...], float, int], ...] = (
    ("461110", "Comercio al por menor en tiendas de abarrotes, ultramarinos y misceláneas",
     ("Abarrotes", "Miscelánea", "Tienda de Abarrotes", "Minisúper"), 0.05, 14),
    ("722514", "Restaurantes con servicio de preparación de tacos y tortas",
     ("Tacos", "Taquería", "Tortas", "Tacos y Tortas"), 0.15, 12),
    ("812110", "Salones y clínicas de belleza y peluquerías",
     ("Estética", "Estética Unisex", "Salón de Belleza", "Barbería"), 0.0, 9),
    ("465311", "Comercio al por menor de artículos de papelería",
     ("Papelería", "Papelería y Regalos", "Papelería y Copias"), 0.0, 6),
    ("464111", "Farmacias sin minisúper", ("Farmacia", "Botica"), 0.0, 6),
    ("722515", "Cafeterías, fuentes de sodas, neverías, refresquerías y similares",
     ("Cafetería", "Café", "Nevería", "Juguería"), 0.05, 6),
    ("722511",
     "Restaurantes con servicio de preparación de alimentos a la carta o de comida corrida",
     ("Cocina Económica", "Fonda", "Restaurante"), 0.25, 6),
    ("722513", "Restaurantes con servicio de preparación de antojitos",
     ("Antojitos", "Panuchos y Salbutes", "Cocina Yucateca"), 0.15, 5),
    ("311830", "Elaboración de tortillas de maíz y molienda de nixtamal", ("Tortillería",),
     0.5, 4),
    ("311812", "Panificación tradicional", ("Panadería", "Panificadora"), 0.4, 3),
    ("812210", "Lavanderías y tintorerías", ("Lavandería", "Lavandería y Tintorería"), 0.15, 4),
    ("467111", "Comercio al por menor en ferreterías y tlapalerías",
     ("Ferretería", "Tlapalería", "Ferretería y Tlapalería"), 0.2, 4),
    ("621111", "Consultorios de medicina general del sector privado",
     ("Consultorio Médico", "Consultorio"), 0.0, 3),
    ("621211", "Consultorios dentales del sector privado",
     ("Consultorio Dental", "Clínica Dental"), 0.0, 3),
    ("722517",
     "Restaurantes con servicio de preparación de pizzas, hamburguesas, hot dogs y pollos "
     "rostizados para llevar", ("Pizzería", "Pollos Asados", "Hamburguesas"), 0.3, 4),
    ("461121", "Comercio al por menor de carnes rojas", ("Carnicería",), 0.1, 3),
    ("461130", "Comercio al por menor de frutas y verduras frescas",
     ("Frutería", "Frutas y Verduras"), 0.0, 3),
    ("463211", "Comercio al por menor de ropa, excepto de bebé y lencería",
     ("Boutique", "Ropa y Novedades"), 0.0, 4),
    ("811111", "Reparación mecánica en general de automóviles y camiones",
     ("Taller Mecánico", "Servicio Automotriz"), 0.6, 3),
)  # fmt: skip
_GIRO_WEIGHTS = tuple(g[4] for g in GIROS)

NICKNAMES = (
    "El Güero", "Doña Lupita", "La Esperanza", "El Paisa", "La Guadalupana", "San Judas",
    "Los Compadres", "Don Chuy", "La Bendición", "El Caribe", "La Yucateca", "El Chino",
    "La Cancunense", "Los Tres Hermanos", "La Económica", "El Buen Precio", "Las Palmas",
    "La Ceiba", "Maya", "Del Mar", "La Providencia", "El Sol", "Santa Cecilia", "La Pasadita",
    "El Rincón", "La Esquina", "Don Pancho", "El Flamboyán", "Chetumal", "Valladolid",
    "El Pescador", "La Palapa", "Bonfil", "Puerto Juárez", "El Manatí", "Isla Mujeres",
)  # fmt: skip

# Colonias and supermanzanas of Cancún, with a weight for how many businesses each has.
COLONIAS: tuple[tuple[str, int], ...] = (
    ("Centro", 8), ("SM 2", 3), ("SM 5", 3), ("SM 22", 3), ("SM 23", 5), ("SM 28", 4),
    ("SM 63", 4), ("SM 64", 5), ("SM 77", 4), ("SM 94", 5), ("SM 96", 4), ("SM 100", 4),
    ("SM 200", 3), ("SM 227", 3), ("SM 248", 3), ("Región 92", 5), ("Región 94", 4),
    ("Región 101", 4), ("Región 103", 4), ("Alfredo V. Bonfil", 5), ("Puerto Juárez", 4),
    ("Colosio", 5), ("Villas Otoch", 4), ("Villas Otoch Paraíso", 4),
    ("Hacienda Real del Caribe", 4), ("Supermanzana 510", 3), ("Paseos Kabah", 3),
    ("Prado Norte", 3), ("Cielo Nuevo", 3), ("Jardines del Sur", 3), ("Galaxia del Sol", 2),
    ("El Milagro", 3), ("Tierra Maya", 2), ("Donceles 28", 2), ("Avante", 2),
)  # fmt: skip
_COLONIA_WEIGHTS = tuple(c[1] for c in COLONIAS)

AVENUES = (
    "Av. Tulum", "Av. Cobá", "Av. Uxmal", "Av. Kabah", "Av. Nichupté", "Av. Chac Mool",
    "Av. Bonampak", "Av. Yaxchilán", "Av. Sayil", "Av. Tankah", "Av. La Luna", "Av. Talleres",
    "Av. López Portillo", "Av. Andrés Quintana Roo", "Av. Leona Vicario", "Av. 20 de Noviembre",
    "Av. Labná", "Av. Xcaret", "Av. Kukulcán",
)  # fmt: skip
STREETS = (
    "Calle Claveles", "Calle Tulipanes", "Calle Margaritas", "Calle Alcatraces", "Calle Gladiolas",
    "Calle Azucenas", "Calle Cedro", "Calle Caoba", "Calle Ciricote", "Calle Zapote",
    "Calle Chechén", "Calle Pino", "Calle Palmera", "Calle Huayacán", "Calle Jabín",
    "Calle Chacá", "Calle 20", "Calle 53", "Calle 65", "Calle 123", "Retorno 5", "Retorno 12",
)  # fmt: skip

REASONS_DOCS = (
    "Falta comprobante de domicilio del establecimiento",
    "Falta identificación oficial del titular",
    "Falta constancia de situación fiscal",
    "Falta licencia de uso de suelo vigente",
    "Falta croquis de ubicación y distribución del local",
    "Falta carta responsiva de la instalación de gas LP",
    "Falta póliza de seguro de responsabilidad civil",
    "Falta programa interno de protección civil simplificado",
    "Falta fotografía de la fachada",
    "Falta comprobante de pago de derechos",
)
REASONS_OBSERVATIONS = (
    "Extintor con carga vencida",
    "Falta señalización de ruta de evacuación y salida de emergencia",
    "Instalación eléctrica con cables expuestos en el área de trabajo",
    "Cilindro de gas LP dentro del local sin ventilación",
    "Salida de emergencia obstruida con mercancía",
    "Falta botiquín de primeros auxilios",
    "Detector de humo sin batería",
    "Falta extintor tipo K en el área de freidoras",
    "Centro de carga sin tapa ni identificación de circuitos",
    "No hay números de emergencia a la vista",
)
REASONS_REJECTED = (
    "El giro no corresponde a bajo riesgo; debe tramitar dictamen de riesgo medio",
    "Almacena más gas LP del permitido para bajo riesgo",
    "El inmueble presenta daños estructurales",
    "No atendió las observaciones de la inspección anterior",
    "El local no cuenta con salida de emergencia",
)
REASONS_CANCELLED = (
    "Desistimiento del solicitante",
    "El establecimiento cerró",
    "Expediente duplicado",
    "Cambio de domicilio; se abrirá un nuevo trámite",
)
REASON_DOCS_LATE = "No entregó la documentación requerida en el plazo"
REASON_DOCS_IN = "El solicitante entregó la documentación faltante"

# The case "simulation": from each state, where it goes next (weight) and the median wait in days.
# The waits are long on purpose: this is an office with a backlog (DESIGN.md §1.1).
_NEXT: dict[str, tuple[tuple[str, int, float], ...]] = {
    workflow.RECIBIDO: ((workflow.EN_REVISION, 98, 95), (workflow.CANCELADO, 2, 120)),
    workflow.EN_REVISION: (
        (workflow.REQUIERE_DOCUMENTOS, 45, 20),
        (workflow.INSPECCION_PROGRAMADA, 52, 30),
        (workflow.CANCELADO, 3, 30),
    ),
    workflow.REQUIERE_DOCUMENTOS: (
        (workflow.EN_REVISION, 80, 60),
        (workflow.CANCELADO, 12, 120),
        (workflow.INSPECCION_PROGRAMADA, 8, 40),
    ),
    workflow.INSPECCION_PROGRAMADA: ((workflow.INSPECCIONADO, 97, 40), (workflow.CANCELADO, 3, 40)),
    workflow.INSPECCIONADO: (
        (workflow.APROBADO, 70, 12),
        (workflow.CON_OBSERVACIONES, 20, 8),
        (workflow.RECHAZADO, 10, 15),
    ),
    workflow.CON_OBSERVACIONES: (
        (workflow.INSPECCION_PROGRAMADA, 88, 30),
        (workflow.CANCELADO, 12, 60),
    ),
    workflow.APROBADO: ((workflow.EMITIDO, 100, 15),),
    workflow.EMITIDO: ((workflow.ENTREGADO, 100, 20),),
}
_WAIT_SIGMA = 0.8  # spread of the log-normal waits

RESULT_BY_DECISION = {
    workflow.APROBADO: "cumple",
    workflow.CON_OBSERVACIONES: "cumple_con_observaciones",
    workflow.RECHAZADO: "no_cumple",
}

# Inspectors: department code, how many, position.
INSPECTOR_PLAN = (
    ("PC", 12, "Inspector de Protección Civil"),
    ("DU", 6, "Inspector de Desarrollo Urbano"),
    ("ECO", 4, "Inspector de Ecología"),
    ("CAT", 3, "Verificador de Catastro"),
)

COMPLAINT_STATUSES = ("recibida", "en_investigacion", "procedente", "improcedente")
COMPLAINT_TEXTS: dict[str, tuple[str, ...]] = {
    "corrupcion": (
        "El inspector pidió dinero en efectivo para no levantar el acta.",
        "Me pidieron una cooperación para agilizar la anuencia.",
        "El verificador ofreció aprobar la inspección a cambio de un pago.",
    ),
    "maltrato": (
        "El inspector fue grosero y amenazó con clausurar el negocio.",
        "Trato prepotente durante la visita; no quiso explicar las observaciones.",
    ),
    "inspeccion_irregular": (
        "La visita se hizo fuera de horario y sin orden de inspección.",
        "El inspector no mostró su credencial ni dejó copia del acta.",
        "Se presentó una persona diciendo ser inspector, sin credencial visible.",
    ),
    "riesgo": (
        "El negocio de al lado guarda cilindros de gas en la banqueta.",
        "Hay cables expuestos en la fachada del local.",
        "La salida de emergencia está cerrada con candado en horario de atención.",
    ),
    "otro": (
        "Pido información de mi trámite; llevo meses sin respuesta.",
        "No me atendieron en ventanilla en el horario publicado.",
    ),
}
_COMPLAINT_KINDS = tuple(COMPLAINT_TEXTS)
_COMPLAINT_KIND_WEIGHTS = (20, 15, 25, 28, 12)
_ABOUT_INSPECTOR = frozenset({"corrupcion", "maltrato", "inspeccion_irregular"})
RATING_COMMENTS = (
    "Muy amable y explicó todo.",
    "Rápido y profesional.",
    "Excelente atención.",
    "Tardó mucho en llegar.",
    "No se identificó al llegar.",
    "Resolvió mis dudas.",
)
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# Who attends the visit, for the demo actas (a separate, per-case random stream keeps the main
# demo stream, and so every other figure, unchanged).
ATTENDING = (
    "María Guadalupe Canul", "José Luis Tun", "Ana Karen Poot", "Jorge Alberto Chan",
    "Rosa Elena May", "Miguel Ángel Ku", "Verónica Uc", "Carlos Eduardo Cauich",
)  # fmt: skip
#: Yes/no items that fail most often in the demo actas, most frequent first.
DEMO_FAILURES = (
    "ext_vigentes", "ruta_evacuacion", "salidas_senaladas", "detectores_humo", "botiquin",
    "numeros_emergencia", "electrica_sin_cables", "plan_interno",
)  # fmt: skip
#: The term the demo findings give the business, in business days.
DEMO_FINDING_DAYS = 10


# -- the summary --------------------------------------------------------------------------------

_ROLE_ES = {
    "admin": "administración",
    "supervisor": "supervisión",
    "clerk": "capturista",
    "inspector": "inspector",
    "comptroller": "Contraloría",
    "kiosk": "quiosco",
}


@dataclass(frozen=True)
class DemoLogin:
    """One sign-in the login screen of a demo folder offers."""

    username: str
    password: str
    role: str
    display_name: str


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`create_demo` wrote, for the CLI to print."""

    data_dir: Path
    cases: int
    status_counts: dict[str, int]
    businesses: int
    departments: int
    inspectors: int
    inspections: int
    complaints: int
    ratings: int
    users: int
    logins: tuple[DemoLogin, ...]
    seconds: float = 0.0

    def text(self, lang: str = "es") -> str:
        """A short multi-line report in ``lang`` ("es" or "en")."""
        # A no-break space keeps each "status count" pair on one line when wrapped.
        counts = ", ".join(
            f"{s}\N{NO-BREAK SPACE}{self.status_counts[s]}"
            for s in workflow.STATUSES
            if self.status_counts.get(s)
        )
        statuses = [
            line.replace("\N{NO-BREAK SPACE}", " ")
            for line in textwrap.wrap(counts, 96, initial_indent="    ", subsequent_indent="    ")
        ]
        width = max((len(login.username) for login in self.logins), default=0)
        if lang.startswith("en"):
            lines = [
                f"Demo data folder ready: {self.data_dir} ({self.seconds:.1f} s)",
                f"  Cases: {self.cases}",
                *statuses,
                f"  Businesses: {self.businesses} · Departments: {self.departments} · "
                f"Inspectors: {self.inspectors} · Inspections: {self.inspections}",
                f"  Complaints: {self.complaints} · Ratings: {self.ratings} · Users: {self.users}",
                "Demo sign-ins:",
            ]
            lines += [
                f"  {lg.username:<{width}}  {lg.password}  {lg.role} ({lg.display_name})"
                for lg in self.logins
            ]
        else:
            lines = [
                f"Carpeta de demostración lista: {self.data_dir} ({self.seconds:.1f} s)",
                f"  Expedientes: {self.cases}",
                *statuses,
                f"  Establecimientos: {self.businesses} · Dependencias: {self.departments} · "
                f"Inspectores: {self.inspectors} · Inspecciones: {self.inspections}",
                f"  Denuncias: {self.complaints} · Calificaciones: {self.ratings} · "
                f"Usuarios: {self.users}",
                "Accesos de demostración:",
            ]
            lines += [
                f"  {lg.username:<{width}}  {lg.password}  "
                f"{_ROLE_ES.get(lg.role, lg.role)} ({lg.display_name})"
                for lg in self.logins
            ]
        return "\n".join(lines)


# -- entry points -------------------------------------------------------------------------------


def create_demo(data_dir: Path | str, *, seed: int = 2026, cases: int = 2000) -> DemoSummary:
    """Create, or refill, the demo data folder ``data_dir``.

    Raises:
        InvalidInput: the folder holds real data, or anything that is not a demo folder
            (nothing is touched); or ``cases`` < 1.
        EnvironmentProblem: the old demo's files cannot be removed (the app has them open), or
            (as ``StoreUnavailable``) the folder cannot be used, e.g. it is read-only.
    """
    started = time.perf_counter()
    if cases < 1:
        raise InvalidInput(
            "El número de expedientes debe ser al menos 1.", "The number of cases must be >= 1."
        )
    data_dir = Path(data_dir)
    _clear_demo_folder(data_dir)
    store = open_store(data_dir)
    try:
        summary = populate(store, seed=seed, cases=cases)
    finally:
        store.close()
    return replace(summary, seconds=time.perf_counter() - started)


def populate(
    store: Store,
    *,
    seed: int = 2026,
    cases: int = 2000,
    chunk_size: int = CHUNK_SIZE,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an open, empty store with demo data and mark it as a demo folder.

    The first transaction marks the folder (``settings``: ``demo``, ``demo_logins``) and writes
    departments, users, inspectors and the form template, so a run interrupted later still leaves
    a folder that the next ``verifica demo`` may replace. Cases follow in transactions of
    ``chunk_size`` (with their history and inspections), then complaints and ratings.

    Args:
        now: the present moment (UTC, aware); defaults to the clock. Ages count back from it.
        progress: called with (cases written, cases) after each chunk.
    """
    now = now or dt.datetime.now(dt.UTC)
    rng = random.Random(seed)
    gen = _Generator(store, rng, now)
    with store.write():
        gen.setup()
    received = gen.received_dates(cases)
    done = 0
    while done < cases:
        batch = received[done : done + chunk_size]
        with store.write():
            for day in batch:
                gen.add_case(day)
        done += len(batch)
        if progress is not None:
            progress(done, cases)
    with store.write():
        gen.add_complaints(max(12, cases // 25))
        gen.add_ratings(max(30, cases // 5))
    return gen.summary(cases)


# -- the folder guard ---------------------------------------------------------------------------


def _clear_demo_folder(data_dir: Path) -> None:
    """Remove a previous demo's files; refuse, touching nothing, a folder with real data."""
    db_path = data_dir / DB_FILENAME
    if not db_path.exists() or db_path.stat().st_size == 0:
        return
    kind = _folder_kind(db_path)
    if kind == "real":
        raise _refuse_real(data_dir)
    if kind == "demo":
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (data_dir / f"{DB_FILENAME}{suffix}").unlink(missing_ok=True)
        except OSError as exc:  # e.g. Windows, while the app still has the folder open
            raise EnvironmentProblem(
                f"No se pudo reemplazar la demostración en {data_dir}: {exc.strerror or exc}",
                f"Could not replace the demo in {data_dir}: {exc.strerror or exc}",
                hint_es="Cierre Verifica (y todo programa que use esa carpeta) y reintente.",
                hint_en="Close Verifica (and anything else using that folder) and try again.",
            ) from exc
        shutil.rmtree(data_dir / "attachments", ignore_errors=True)


def _folder_kind(db_path: Path) -> str:
    """``demo``, ``empty`` (a Verifica database that never recorded anything) or ``real``.

    The probe reads through a read-only connection, not :func:`open_store`: opening switches the
    journal mode and would migrate, and a file that turns out not to be ours must stay byte for
    byte as it was. Anything unreadable or unknown counts as real data.
    """
    with open(db_path, "rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return "real"
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return "real"
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'demo'").fetchone()
        if row and row[0] == "1":
            return "demo"
        for table in ("users", "businesses", "permit_cases", "change_log", "audit_events"):
            if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                return "real"
    except sqlite3.Error:
        return "real"  # a damaged file, another schema or another program's database
    finally:
        conn.close()
    return "empty"


def _refuse_real(data_dir: Path) -> InvalidInput:
    return InvalidInput(
        f"La carpeta {data_dir} contiene datos reales; la demostración se niega a tocarla.",
        f"The folder {data_dir} holds real data; demo refuses to touch it.",
        hint_es="No se modificó nada. Use otra carpeta con --data-dir.",
        hint_en="Nothing was changed. Use another folder with --data-dir.",
    )


# -- the generator ------------------------------------------------------------------------------


def _ts(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime(TS_FORMAT)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _Step:
    to_status: str
    at: dt.datetime
    reason: str
    actor: Actor


@dataclass
class _Inspector:
    id: str
    department_code: str
    status: str
    quality: float  # the mean rating citizens give this person
    user_id: str | None = None


@dataclass
class _Generator:
    """Writes the demo records; every method runs inside the caller's write transaction."""

    store: Store
    rng: random.Random
    now: dt.datetime
    departments: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, str] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    inspectors: list[_Inspector] = field(default_factory=list)
    template_id: str = ""
    form: forms.Form = field(default_factory=form_library.shipped_form)
    business_ids: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    inspections: int = 0
    complaints: int = 0
    ratings: int = 0
    _folio_seq: Counter[int] = field(default_factory=Counter)
    _calendar: deadlines.BusinessCalendar | None = None
    _doc_codes: list[str] | None = None

    @property
    def today(self) -> dt.date:
        return (self.now + UTC_OFFSET).date()

    # .. setup ...................................................................................

    def setup(self) -> None:
        store = self.store
        system = store.actor(None)
        for code, name in DEPARTMENTS:
            self.departments[code] = permits.create_department(store, system, code=code, name=name)
        # argon2id is deliberately slow: hash the shared demo password once.
        password_hash = users.hash_password(DEMO_PASSWORD)
        creator = system
        for username, role, display_name, dept in DEMO_USERS:
            user = users.create_user(
                store,
                creator,
                username=username,
                display_name=display_name,
                password=DEMO_PASSWORD,
                role=role,
                department_id=self.departments[dept] if dept else None,
                password_hash=password_hash,
            )
            self.user_ids[role] = user.id
            self.actors[role] = store.actor(user.id)
            if role == "admin":
                creator = self.actors["admin"]
        logins = [
            {"username": u, "password": DEMO_PASSWORD, "role": r, "display_name": n}
            for u, r, n, _ in DEMO_USERS
        ]
        store.set_setting("demo", "1")
        store.set_setting("demo_logins", json.dumps(logins, ensure_ascii=False))
        self._add_inspectors()
        self._add_template()

    def _person(self) -> str:
        given = self.rng.choice(GIVEN_F if self.rng.random() < 0.5 else GIVEN_M)
        return f"{given} {self.rng.choice(SURNAMES)} {self.rng.choice(SURNAMES)}"

    def _add_inspectors(self) -> None:
        db = self.store.db
        actor = self.actors["admin"]
        # Who is not active, and why: (department, index within it) -> (status, reason).
        special = {
            ("PC", 7): ("suspendido", "Suspensión preventiva por denuncia en investigación"),
            ("DU", 3): ("suspendido", "Suspensión temporal por incumplimiento de protocolo"),
            ("ECO", 2): ("baja", "Renuncia voluntaria"),
        }
        for code, count, position in INSPECTOR_PLAN:
            for index in range(count):
                linked = code == "PC" and index == 0  # the "inspector" demo login
                status, reason = special.get((code, index), ("activo", ""))
                hired = self.today - dt.timedelta(days=self.rng.randint(200, 1500))
                valid_from = dt.date(hired.year, 1, 1)
                valid_until = dt.date(self.today.year + 1, 12, 31)
                status_at = self._office_time(hired)
                if status != "activo":
                    changed = self.today - dt.timedelta(days=self.rng.randint(10, 120))
                    status_at = self._office_time(changed)
                    if status == "baja":
                        valid_until = changed
                quality = self.rng.uniform(3.6, 4.7)
                if status == "suspendido":
                    quality = self.rng.uniform(2.0, 2.8)
                full_name = DEMO_USERS[3][2] if linked else self._person()
                row: dict[str, Any] = {
                    "id": uuid7(),
                    "user_id": self.user_ids["inspector"] if linked else None,
                    "full_name": full_name,
                    "department_id": self.departments[code],
                    "position": position,
                    "photo_sha256": None,
                    "status": status,
                    "status_reason": reason,
                    "status_at": _ts(status_at),
                    "valid_from": valid_from.isoformat(),
                    "valid_until": valid_until.isoformat(),
                    "created_at": _ts(self._office_time(hired)),
                    "updated_at": _ts(status_at),
                }
                db.execute(
                    "INSERT INTO inspectors (id, user_id, full_name, department_id, position, "
                    "photo_sha256, status, status_reason, status_at, valid_from, valid_until, "
                    "created_at, updated_at) VALUES (:id, :user_id, :full_name, :department_id, "
                    ":position, :photo_sha256, :status, :status_reason, :status_at, :valid_from, "
                    ":valid_until, :created_at, :updated_at)",
                    row,
                )
                record_change(db, actor, "inspectors", row["id"], "insert", row)
                self.inspectors.append(_Inspector(row["id"], code, status, quality, row["user_id"]))

    def _add_template(self) -> None:
        """The shipped Protección Civil checklist, as if registered before the first visit."""
        db = self.store.db
        created = self.today - dt.timedelta(days=HISTORY_DAYS + 30)
        row: dict[str, Any] = {
            "id": uuid7(),
            "code": self.form.code,
            "version": self.form.version,
            "title": self.form.title,
            "definition": forms.to_definition(self.form),
            "created_at": _ts(self._office_time(created)),
        }
        db.execute(
            "INSERT INTO form_templates (id, code, version, title, definition, created_at) "
            "VALUES (:id, :code, :version, :title, :definition, :created_at)",
            row,
        )
        record_change(db, self.actors["admin"], "form_templates", row["id"], "insert", row)
        self.template_id = row["id"]

    # .. time ....................................................................................

    def _office_time(self, day: dt.date) -> dt.datetime:
        """A moment during office hours (8:00 to 16:00 in Cancún) on ``day``, as aware UTC."""
        minute = self.rng.randint(8 * 60, 16 * 60 - 1)
        local = dt.datetime.combine(
            day, dt.time(minute // 60, minute % 60, self.rng.randint(0, 59))
        )
        return (local - UTC_OFFSET).replace(tzinfo=dt.UTC)

    @staticmethod
    def _weekday(day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    def received_dates(self, count: int) -> list[dt.date]:
        """Weekday receipt dates over the last 18 months, oldest first."""
        days = []
        for _ in range(count):
            day = self.today - dt.timedelta(days=self.rng.randint(1, HISTORY_DAYS))
            while day.weekday() >= 5:  # the office is closed: move back to Friday
                day -= dt.timedelta(days=1)
            days.append(day)
        days.sort()
        return days

    # .. cases ...................................................................................

    def _business(self) -> dict[str, Any]:
        rng = self.rng
        code, description, prefixes, medio, _ = rng.choices(GIROS, weights=_GIRO_WEIGHTS)[0]
        roll = rng.random()
        if roll < 0.12:
            suffix = f"Hermanos {rng.choice(SURNAMES)}"
        elif roll < 0.27:
            suffix = f"Doña {rng.choice(GIVEN_F)}" if rng.random() < 0.5 else rng.choice(GIVEN_F)
        elif roll < 0.37:
            suffix = f"Don {rng.choice(GIVEN_M)}"
        else:
            suffix = rng.choice(NICKNAMES)
        colonia = rng.choices(COLONIAS, weights=_COLONIA_WEIGHTS)[0][0]
        if rng.random() < 0.45:
            address = f"{rng.choice(AVENUES)} No. {rng.randint(1, 420)}"
            if rng.random() < 0.4:
                address += f", Local {rng.randint(1, 24)}"
        else:
            address = f"{rng.choice(STREETS)} Mz {rng.randint(1, 90)} Lt {rng.randint(1, 45)}"
        return {
            "name": f"{rng.choice(prefixes)} {suffix}",
            "owner_name": self._person(),
            "address": address,
            "colonia": colonia,
            "scian_code": code,
            "scian_description": description,
            "risk_level": "medio" if rng.random() < medio else "bajo",
            "phone": f"998 {rng.randint(100, 999)} {rng.randint(0, 9999):04d}",
        }

    def _step_actor(self, to_status: str) -> Actor:
        if to_status == workflow.INSPECCIONADO:
            return self.actors["inspector"]
        if to_status in (workflow.APROBADO, workflow.CON_OBSERVACIONES, workflow.RECHAZADO):
            return self.actors["supervisor"]
        if to_status == workflow.EMITIDO:
            return self.actors["supervisor"]
        if to_status == workflow.CANCELADO and self.rng.random() < 0.3:
            return self.actors["supervisor"]
        return self.actors["clerk"]

    def _reason(self, from_status: str, to_status: str) -> str:
        rng = self.rng
        if to_status == workflow.REQUIERE_DOCUMENTOS:
            return rng.choice(REASONS_DOCS)
        if to_status == workflow.CON_OBSERVACIONES:
            return rng.choice(REASONS_OBSERVATIONS)
        if to_status == workflow.RECHAZADO:
            return rng.choice(REASONS_REJECTED)
        if to_status == workflow.CANCELADO:
            if from_status == workflow.REQUIERE_DOCUMENTOS:
                return REASON_DOCS_LATE
            return rng.choice(REASONS_CANCELLED)
        if from_status == workflow.REQUIERE_DOCUMENTOS and to_status == workflow.EN_REVISION:
            return REASON_DOCS_IN
        return ""

    def _steps(self, received_at: dt.datetime) -> list[_Step]:
        """Walk the workflow from ``recibido`` until the next step would be in the future."""
        rng = self.rng
        steps: list[_Step] = []
        status = workflow.RECIBIDO
        elapsed = 0.0  # days since received
        previous = received_at
        while status in _NEXT:
            options = _NEXT[status]
            target, _, median = rng.choices(options, weights=[o[1] for o in options])[0]
            elapsed += rng.lognormvariate(math.log(median), _WAIT_SIGMA)
            day = self._weekday(received_at.date() + dt.timedelta(days=math.ceil(elapsed)))
            at = self._office_time(day)
            if at <= previous:
                at = previous + dt.timedelta(minutes=rng.randint(5, 90))
            if at >= self.now:
                break
            reason = workflow.check_transition(status, target, self._reason(status, target))
            steps.append(_Step(target, at, reason, self._step_actor(target)))
            status, previous = target, at
        return steps

    def _assignee(self, status: str) -> str | None:
        roll = self.rng.random()
        if status == workflow.RECIBIDO:
            return self.user_ids["clerk"] if roll < 0.3 else None
        if status in (workflow.EN_REVISION, workflow.REQUIERE_DOCUMENTOS):
            return self.user_ids["clerk"] if roll < 0.7 else None
        if status in (
            workflow.INSPECCION_PROGRAMADA,
            workflow.INSPECCIONADO,
            workflow.CON_OBSERVACIONES,
        ):
            if roll < 0.45:
                return self.user_ids["inspector"]
            return self.user_ids["clerk"] if roll < 0.75 else None
        if status in (workflow.APROBADO, workflow.EMITIDO):
            return self.user_ids["supervisor"] if roll < 0.5 else self.user_ids["clerk"]
        return self.user_ids["clerk"] if roll < 0.5 else None

    def _folio(self, year: int) -> str:
        self._folio_seq[year] += 1
        return f"PC-{year}-{self._folio_seq[year]:06d}"

    def add_case(self, received: dt.date) -> None:
        """One business and its case, the case's history to today, and its inspections.

        Each case draws from its own random stream (seeded from the main one), so where "now"
        cuts one case's history never shifts the content of the cases after it.
        """
        main = self.rng
        self.rng = random.Random(main.getrandbits(64))
        try:
            self._add_case(received)
        finally:
            self.rng = main

    def _add_case(self, received: dt.date) -> None:
        db = self.store.db
        clerk = self.actors["clerk"]
        received_at = self._office_time(received)
        if received_at >= self.now:
            received_at = self.now - dt.timedelta(minutes=30)
        created = _ts(received_at)

        business = {"id": uuid7(), **self._business(), "created_at": created, "updated_at": created}
        db.execute(
            "INSERT INTO businesses (id, name, owner_name, address, colonia, scian_code, "
            "scian_description, risk_level, phone, created_at, updated_at) VALUES (:id, :name, "
            ":owner_name, :address, :colonia, :scian_code, :scian_description, :risk_level, "
            ":phone, :created_at, :updated_at)",
            business,
        )
        record_change(db, clerk, "businesses", business["id"], "insert", business)
        self.business_ids.append(business["id"])

        steps = self._steps(received_at)
        final = steps[-1].to_status if steps else workflow.RECIBIDO
        case: dict[str, Any] = {
            "id": uuid7(),
            "folio": self._folio(received.year),
            "business_id": business["id"],
            "department_id": self.departments["PC"],
            "procedure_type": "anuencia_bajo_riesgo",
            "received_date": received.isoformat(),
            "status": workflow.RECIBIDO,
            "assignee_id": self._assignee(final),
            "due_date": self._due_date(received),
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
        # The row is written once in its final state; the change log below carries the insert as
        # received plus one update per step, exactly as create_case + change_status would.
        final_row = {
            **case,
            "status": final,
            "version": 1 + len(steps),
            "updated_at": _ts(steps[-1].at) if steps else created,
        }
        db.execute(
            "INSERT INTO permit_cases (id, folio, business_id, department_id, procedure_type, "
            "received_date, status, assignee_id, due_date, version, created_at, updated_at) "
            "VALUES (:id, :folio, :business_id, :department_id, :procedure_type, :received_date, "
            ":status, :assignee_id, :due_date, :version, :created_at, :updated_at)",
            final_row,
        )
        record_change(db, clerk, "permit_cases", case["id"], "insert", case)
        self._history(case["id"], None, workflow.RECIBIDO, "", clerk, received_at)

        status, version = workflow.RECIBIDO, 1
        for position, step in enumerate(steps):
            at = _ts(step.at)
            version += 1
            self._history(case["id"], status, step.to_status, step.reason, step.actor, step.at)
            record_change(
                db,
                step.actor,
                "permit_cases",
                case["id"],
                "update",
                {"status": step.to_status, "version": version, "updated_at": at},
                action="permit_cases.status",
                details={"from": status, "to": step.to_status, "reason": step.reason},
            )
            if step.to_status == workflow.INSPECCIONADO:
                decision = steps[position + 1] if position + 1 < len(steps) else None
                self._inspection(case["id"], step, decision)
            status = step.to_status
        if status == workflow.INSPECCION_PROGRAMADA and self.rng.random() < 0.2:
            self._draft_inspection(case["id"], steps[-1].at)
        self._documents(case["id"], steps, received_at)
        self.statuses[status] += 1

    # Statuses a case only reaches once its file is complete (review passed).
    _FILE_COMPLETE = frozenset(
        {
            workflow.INSPECCION_PROGRAMADA,
            workflow.INSPECCIONADO,
            workflow.CON_OBSERVACIONES,
            workflow.APROBADO,
            workflow.EMITIDO,
            workflow.ENTREGADO,
            workflow.RECHAZADO,
        }
    )

    def _business_calendar(self) -> deadlines.BusinessCalendar:
        """The holiday calendar, loaded once (the demo adds no holidays while it runs)."""
        if self._calendar is None:
            self._calendar = deadlines.load_calendar(self.store.db)
        return self._calendar

    def _due_date(self, received: dt.date) -> str | None:
        """Received + the procedure's term in business days, as create_case computes it."""
        due = deadlines.due_date_for(
            self.store.db, "anuencia_bajo_riesgo", received, calendar=self._business_calendar()
        )
        return due.isoformat() if due else None

    def _documents(self, case_id: str, steps: list[_Step], received_at: dt.datetime) -> None:
        """The case's checklist: complete once it passed review, partly missing before."""
        if self._doc_codes is None:
            self._doc_codes = [
                r[0]
                for r in self.store.db.execute(
                    "SELECT code FROM required_documents WHERE procedure_type = ? AND active = 1 "
                    "AND mandatory = 1 ORDER BY position",
                    ["anuencia_bajo_riesgo"],
                )
            ]
        codes = self._doc_codes
        complete_at = next((s.at for s in steps if s.to_status in self._FILE_COMPLETE), None)
        if complete_at is not None:
            missing: set[str] = set()
        elif steps and steps[-1].to_status == workflow.REQUIERE_DOCUMENTOS:
            missing = set(self.rng.sample(codes, k=min(len(codes), self.rng.randint(1, 3))))
        else:  # still at the desk: what came with the application
            missing = {c for c in codes if self.rng.random() < 0.3}
        clerk = self.actors["clerk"]
        for code in codes:
            received = code not in missing
            at = _ts(complete_at if complete_at is not None else received_at)
            entry: dict[str, Any] = {
                "id": uuid7(),
                "case_id": case_id,
                "document_code": code,
                "received": int(received),
                "note": "",
                "received_at": at if received else None,
                "user_id": clerk.user_id,
                "updated_at": at,
            }
            self.store.db.execute(
                "INSERT INTO case_documents (id, case_id, document_code, received, note, "
                "received_at, user_id, updated_at) VALUES (:id, :case_id, :document_code, "
                ":received, :note, :received_at, :user_id, :updated_at)",
                entry,
            )
            record_change(
                self.store.db,
                clerk,
                "case_documents",
                entry["id"],
                "insert",
                entry,
                action="case_documents.received" if received else "case_documents.missing",
            )

    def _history(
        self,
        case_id: str,
        from_status: str | None,
        to_status: str,
        reason: str,
        actor: Actor,
        at: dt.datetime,
    ) -> None:
        entry: dict[str, Any] = {
            "id": uuid7(),
            "case_id": case_id,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "user_id": actor.user_id,
            "device_id": actor.device_id,
            "at": _ts(at),
        }
        db = self.store.db
        db.execute(
            "INSERT INTO case_status_history (id, case_id, from_status, to_status, reason, "
            "user_id, device_id, at) VALUES (:id, :case_id, :from_status, :to_status, :reason, "
            ":user_id, :device_id, :at)",
            entry,
        )
        record_change(db, actor, "case_status_history", entry["id"], "insert", entry)

    # .. inspections .............................................................................

    def _field_inspector(self) -> _Inspector:
        """A Protección Civil inspector; the demo login gets a good share of the visits."""
        pc = [i for i in self.inspectors if i.department_code == "PC" and i.status != "baja"]
        if self.rng.random() < 0.3:
            return pc[0]
        return self.rng.choice(pc)

    def _inspection(self, case_id: str, visit: _Step, decision: _Step | None) -> None:
        rng = self.rng
        if decision is not None and decision.to_status in RESULT_BY_DECISION:
            result = RESULT_BY_DECISION[decision.to_status]
            findings = decision.reason
        else:  # still waiting for the decision (or cancelled after the visit)
            result = rng.choices(tuple(RESULT_BY_DECISION.values()), weights=(70, 20, 10))[0]
            findings = ""
            if result == "cumple_con_observaciones":
                findings = rng.choice(REASONS_OBSERVATIONS)
            elif result == "no_cumple":
                findings = rng.choice(REASONS_REJECTED)
        if result == "cumple":
            findings = "Sin observaciones."
        started = visit.at - dt.timedelta(minutes=rng.randint(30, 120))
        answers, items = self._demo_answers(case_id, result, visit.at, complete=True)
        self._write_inspection(
            case_id, "cerrada", result, findings, started, visit.at, answers=answers, items=items
        )

    def _draft_inspection(self, case_id: str, scheduled: dt.datetime) -> None:
        """A visit still owed: on the day planned, or — when that day has passed — moved into the
        inspectors' coming week (the last two days' ones already half captured)."""
        visit_day = self._weekday(scheduled.date() + dt.timedelta(days=self.rng.randint(3, 20)))
        started = self._office_time(visit_day)
        if started >= self.now:
            self._write_inspection(case_id, "borrador", None, "", started, None, day=visit_day)
            return
        spread = int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16) % 9
        day = self._weekday(self.today + dt.timedelta(days=spread - 2))
        if day < self.today:  # overdue: the inspector began it and was interrupted
            answers, _ = self._demo_answers(case_id, "cumple", started, complete=False)
            self._write_inspection(
                case_id, "borrador", None, "", started, None, day=day, answers=answers
            )
        else:
            self._write_inspection(case_id, "borrador", None, "", started, None, day=day)

    def _demo_answers(
        self, case_id: str, result: str, visit_at: dt.datetime, *, complete: bool
    ) -> tuple[dict[str, Any], list[dict[str, str]]]:
        """Checklist answers that agree with ``result``, and a finding per failed item.

        Drawn from a per-case random stream, so adding them changes no other demo figure.
        ``complete=False`` gives the first half of the form (an interrupted capture). The
        signatures are left out: a demo acta prints "sin firma" where they go.
        """
        rng = random.Random(case_id)
        day = (visit_at + UTC_OFFSET).date()
        gas = rng.random() < 0.4
        answers: dict[str, Any] = {
            "fecha_visita": day.isoformat(),
            "ubicacion": f"{21.16 + rng.uniform(-0.05, 0.05):.5f} "
            f"{-86.85 + rng.uniform(-0.05, 0.05):.5f}",
            "atiende_nombre": rng.choice(ATTENDING),
            "aforo": rng.randint(5, 60),
            "superficie_m2": round(rng.uniform(25, 300), 1),
            "ext_presentes": "si",
            "ext_cantidad": rng.randint(1, 4),
            "ext_cargados": "si",
            "ext_vigentes": "si",
            "salidas_libres": "si",
            "salidas_senaladas": "si",
            "ruta_evacuacion": "si",
            "botiquin": "si",
            "detectores_humo": "si",
            "numeros_emergencia": "si",
            "electrica_sin_cables": "si",
            "usa_gas": "si" if gas else "no",
            "inflamables_tipos": ["ninguno"],
            "plan_interno": rng.choice(("si", "na")),
        }
        if gas:
            answers.update(gas_instalacion="si", gas_cilindros="si")
        failures = {"cumple": 0, "cumple_con_observaciones": rng.randint(1, 2)}.get(
            result, rng.randint(2, 3)
        )
        failed = rng.sample(DEMO_FAILURES[:6], failures)
        answers.update({name: "no" for name in failed})
        if not complete:
            names = [f.name for f, _ in self.form.fields()]
            answers = {k: v for k, v in answers.items() if names.index(k) < len(names) // 2}
        due = self._business_calendar().add_business_days(day, DEMO_FINDING_DAYS).isoformat()
        items = [
            {
                "field": name,
                "description": f"Corregir el punto «{self.form.field(name).label_es.strip('¿?')}».",
                "deadline": due,
            }
            for name in failed
            if complete
        ]
        return answers, items

    def _write_inspection(
        self,
        case_id: str,
        status: str,
        result: str | None,
        findings: str,
        started: dt.datetime,
        closed: dt.datetime | None,
        *,
        day: dt.date | None = None,
        answers: dict[str, Any] | None = None,
        items: list[dict[str, str]] | None = None,
    ) -> None:
        """One inspection; a visit with ``day`` and no ``answers`` is scheduled, not begun."""
        inspector = self._field_inspector()
        begun = answers is not None
        row: dict[str, Any] = {
            "id": uuid7(),
            "case_id": case_id,
            "complaint_id": None,
            "template_id": self.template_id if begun else None,
            "inspector_id": inspector.id,
            "status": status,
            "answers": json.dumps(answers or {}, sort_keys=True, ensure_ascii=False),
            "finding_items": json.dumps(items or [], ensure_ascii=False),
            "scheduled_for": day.isoformat() if day else None,
            "findings": findings,
            "result": result,
            "started_at": _ts(started),
            "closed_at": _ts(closed) if closed else None,
            "created_at": _ts(started),
            "updated_at": _ts(closed or started),
        }
        db = self.store.db
        db.execute(
            "INSERT INTO inspections (id, case_id, complaint_id, template_id, inspector_id, "
            "status, answers, finding_items, scheduled_for, findings, result, started_at, "
            "closed_at, created_at, updated_at) "
            "VALUES (:id, :case_id, :complaint_id, :template_id, :inspector_id, :status, "
            ":answers, :finding_items, :scheduled_for, :findings, :result, :started_at, "
            ":closed_at, :created_at, :updated_at)",
            row,
        )
        record_change(db, self.actors["inspector"], "inspections", row["id"], "insert", row)
        self.inspections += 1

    # .. complaints and ratings ..................................................................

    def _recent_moments(self, count: int, days: int) -> Iterator[dt.datetime]:
        """``count`` office-hour moments over the last ``days`` days, oldest first."""
        moments = []
        for _ in range(count):
            day = self._weekday(self.today - dt.timedelta(days=self.rng.randint(1, days)))
            moment = self._office_time(day)
            moments.append(min(moment, self.now - dt.timedelta(minutes=5)))
        return iter(sorted(moments))

    def add_complaints(self, count: int) -> None:
        rng = self.rng
        db = self.store.db
        seq: Counter[int] = Counter()
        device = device_code(self.store.device_id)
        for at in self._recent_moments(count, 365):
            local_year = (at + UTC_OFFSET).year
            seq[local_year] += 1
            kind = rng.choices(_COMPLAINT_KINDS, weights=_COMPLAINT_KIND_WEIGHTS)[0]
            inspector_id = None
            if kind in _ABOUT_INSPECTOR and rng.random() < 0.85:
                # Suspended inspectors attract more complaints (that is why they are suspended).
                weights = [4 if i.status == "suspendido" else 1 for i in self.inspectors]
                inspector_id = rng.choices(self.inspectors, weights=weights)[0].id
            business_id = None
            if kind == "riesgo" or (kind in _ABOUT_INSPECTOR and rng.random() < 0.3):
                business_id = rng.choice(self.business_ids)
            anonymous = rng.random() < 0.65
            contact_name = contact_phone = contact_email = ""
            if not anonymous:
                contact_name = self._person()
                contact_phone = f"998 {rng.randint(100, 999)} {rng.randint(0, 9999):04d}"
                if rng.random() < 0.4:
                    contact_email = f"contacto{rng.randint(10, 9999)}@correo.mx"
            # Draw everything unconditionally: the same seed gives the same complaints all day.
            recent = rng.choices(COMPLAINT_STATUSES, weights=(3, 6, 1, 1))[0]
            older = rng.choices(COMPLAINT_STATUSES, weights=(1, 3, 6, 2))[0]
            worked_days = rng.randint(1, 14)
            age_days = (self.now - at).days
            status = "recibida" if age_days < 15 else recent if age_days < 60 else older
            source = rng.choices(("quiosco", "ventanilla", "telefono"), weights=(40, 40, 20))[0]
            followup_code = "".join(rng.choice(_BASE32) for _ in range(12))
            updated = at if status == "recibida" else at + dt.timedelta(days=worked_days)
            row: dict[str, Any] = {
                "id": uuid7(),
                # The receipt format of desktop.core.kiosk_intake: year, device code, number.
                "folio": f"DEN-{local_year}-{device}-{seq[local_year]:04d}",
                "kind": kind,
                "description": rng.choice(COMPLAINT_TEXTS[kind]),
                "occurred_at": (at.date() - dt.timedelta(days=rng.randint(0, 10))).isoformat(),
                "location": rng.choices(COLONIAS, weights=_COLONIA_WEIGHTS)[0][0],
                "inspector_id": inspector_id,
                "business_id": business_id,
                "verification_id": None,
                "anonymous": int(anonymous),
                "contact_name": contact_name,
                "contact_phone": contact_phone,
                "contact_email": contact_email,
                "followup_code_hash": _sha256(followup_code),
                "status": status,
                "source": source,
                "created_at": _ts(at),
                "updated_at": _ts(min(updated, self.now)),
            }
            db.execute(
                "INSERT INTO complaints (id, folio, kind, description, occurred_at, location, "
                "inspector_id, business_id, verification_id, anonymous, contact_name, "
                "contact_phone, contact_email, followup_code_hash, status, source, created_at, "
                "updated_at) VALUES (:id, :folio, :kind, :description, :occurred_at, :location, "
                ":inspector_id, :business_id, :verification_id, :anonymous, :contact_name, "
                ":contact_phone, :contact_email, :followup_code_hash, :status, :source, "
                ":created_at, :updated_at)",
                row,
            )
            actor = self.actors["kiosk" if source == "quiosco" else "comptroller"]
            # The audit trail names the complaint, never what it says or who filed it.
            details = {"folio": row["folio"], "kind": kind, "source": source}
            record_change(db, actor, "complaints", row["id"], "insert", row, details=details)
            self.complaints += 1

    def add_ratings(self, count: int) -> None:
        rng = self.rng
        db = self.store.db
        kiosk = self.actors["kiosk"]
        rated = [i for i in self.inspectors if i.status != "baja"]
        weights = [3 if i.department_code == "PC" else 1 for i in rated]
        for at in self._recent_moments(count, 180):
            inspector_id: str | None = None
            if rng.random() < 0.8:
                inspector = rng.choices(rated, weights=weights)[0]
                inspector_id, quality = inspector.id, inspector.quality
                department_id = self.departments[inspector.department_code]
            else:  # an office visit, rated at the front desk
                quality = 3.9
                department_id = self.departments[rng.choice(("PC", "PC", "DU", "CAT", "ECO"))]
            scores = [max(1, min(5, round(rng.gauss(quality, 0.8)))) for _ in range(3)]
            row: dict[str, Any] = {
                "id": uuid7(),
                "verification_id": None,
                "inspector_id": inspector_id,
                "department_id": department_id,
                "speed": scores[0],
                "attention": scores[1],
                "service": scores[2],
                "comment": rng.choice(RATING_COMMENTS) if rng.random() < 0.25 else "",
                "at": _ts(at),
            }
            db.execute(
                "INSERT INTO ratings (id, verification_id, inspector_id, department_id, speed, "
                "attention, service, comment, at) VALUES (:id, :verification_id, :inspector_id, "
                ":department_id, :speed, :attention, :service, :comment, :at)",
                row,
            )
            record_change(db, kiosk, "ratings", row["id"], "insert", row)
            self.ratings += 1

    # .. summary .................................................................................

    def summary(self, cases: int) -> DemoSummary:
        logins = tuple(
            DemoLogin(username, DEMO_PASSWORD, role, name) for username, role, name, _ in DEMO_USERS
        )
        return DemoSummary(
            data_dir=self.store.data_dir,
            cases=cases,
            status_counts=dict(self.statuses),
            businesses=len(self.business_ids),
            departments=len(self.departments),
            inspectors=len(self.inspectors),
            inspections=self.inspections,
            complaints=self.complaints,
            ratings=self.ratings,
            users=len(self.user_ids),
            logins=logins,
        )


def demo_logins(store: Store) -> list[DemoLogin]:
    """The sign-ins a demo folder offers on its login screen; empty for a real folder."""
    if not store.is_demo:
        return []
    raw = store.get_setting("demo_logins") or "[]"
    return [DemoLogin(**entry) for entry in json.loads(raw)]
