"""The ``verifica-server`` command: serve, migrate, accounts, devices, demo data, backup.

``verifica-server --database URL --host H --port P`` (or ``verifica-server serve …``) starts the
server; it refuses a database that ``verifica-server migrate`` has not brought up to date. The
database URL may also come from the ``VERIFICA_SERVER_DATABASE`` environment variable, which keeps
a PostgreSQL password out of the process list. Options are accepted before or after the
subcommand. Expected problems print a plain message (es-MX, then English) and exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sync.server.errors import ServerProblem

if TYPE_CHECKING:  # the CLI imports SQLAlchemy only when a command needs it
    from sqlalchemy import Engine

EXIT_OK = 0
EXIT_PROBLEM = 2
DEFAULT_DATA_DIR = Path("verifica-server-data")
DATABASE_ENV = "VERIFICA_SERVER_DATABASE"
ROLES = ("admin", "supervisor", "clerk", "inspector", "comptroller", "kiosk")

# The desktop demo's departments and users (desktop/demo.py), so a demo laptop can sync with a
# demo server. Trying things out only: `demo` refuses a server that has other accounts.
DEMO_PASSWORD = "demo1234"
DEMO_DEPARTMENTS = (
    ("PC", "Protección Civil"),
    ("DU", "Desarrollo Urbano"),
    ("CAT", "Catastro"),
    ("CON", "Contraloría"),
    ("ECO", "Ecología"),
)
DEMO_USERS = (
    ("admin", "admin", "Jorge Alberto Poot Cauich", None),
    ("supervisora", "supervisor", "María Fernanda Chan Uc", "PC"),
    ("capturista", "clerk", "Karla Itzel Hernández May", "PC"),
    ("inspector", "inspector", "Luis Enrique Pech Dzul", "PC"),
    ("contraloria", "comptroller", "Rosa Elena Martínez Ku", "CON"),
    ("quiosco", "kiosk", "Quiosco Palacio Municipal", None),
)


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Subparsers use SUPPRESS so an option given before the subcommand is not reset by it.
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--database",
        metavar="URL",
        default=default(None),
        help=f"sqlite:///FILE or postgresql://USER@HOST/DB (default: ${DATABASE_ENV}, else "
        "sqlite:///DATA_DIR/server.db)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=default(DEFAULT_DATA_DIR),
        help=f"folder for attachments and the default SQLite file (default: {DEFAULT_DATA_DIR})",
    )


def _serve_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument("--host", default=default("127.0.0.1"), help="address (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=default(8000), help="port (default: 8000)")
    parser.add_argument(
        "--log-level",
        choices=("debug", "info", "warning", "error"),
        default=default("info"),
        help="log level (default: info)",
    )
    parser.add_argument(
        "--complaint-url",
        metavar="URL",
        default=default("/denuncia"),
        help="where the public pages' complaint link points (default: /denuncia)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verifica-server",
        description="Verifica's central server. Without a subcommand, serves (like `serve`).",
    )
    _common(parser, top=True)
    _serve_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the server (the database must be migrated)")
    _common(serve, top=False)
    _serve_options(serve, top=False)

    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    _common(migrate, top=False)

    user = sub.add_parser("user", help="accounts: add, list, disable, enable")
    _common(user, top=False)
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help="create an account")
    _common(add, top=False)
    add.add_argument("--username", required=True, help="user name (lower case)")
    add.add_argument("--role", required=True, choices=ROLES, help="role")
    add.add_argument("--department", help="department code or id")
    add.add_argument("--display-name", default="", help="full name shown in the app")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    lst = user_sub.add_parser("list", help="list accounts")
    _common(lst, top=False)
    for action in ("disable", "enable"):
        p = user_sub.add_parser(action, help=f"{action} an account")
        _common(p, top=False)
        p.add_argument("--username", required=True, help="user name")

    department = sub.add_parser("department", help="departments: add, list")
    _common(department, top=False)
    dept_sub = department.add_subparsers(dest="department_command", metavar="ACTION", required=True)
    dadd = dept_sub.add_parser("add", help="create a department")
    _common(dadd, top=False)
    dadd.add_argument("--code", required=True, help="short code, e.g. PC")
    dadd.add_argument("--name", required=True, help="name, e.g. Protección Civil")
    dlist = dept_sub.add_parser("list", help="list departments")
    _common(dlist, top=False)

    device = sub.add_parser("device", help="enrolled devices: list, revoke")
    _common(device, top=False)
    device_sub = device.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    dev_list = device_sub.add_parser("list", help="list devices")
    _common(dev_list, top=False)
    revoke = device_sub.add_parser("revoke", help="revoke a device's token")
    _common(revoke, top=False)
    revoke.add_argument("device_id", help="device id (from `device list`)")

    demo = sub.add_parser("demo", help="add the demo departments and users (password demo1234)")
    _common(demo, top=False)

    backup = sub.add_parser("backup", help="back up the database to a file or folder")
    _common(backup, top=False)
    backup.add_argument("dest", type=Path, help="file or existing folder (never overwritten)")
    return parser


def database_url(args: argparse.Namespace) -> str:
    """The database URL: --database, else $VERIFICA_SERVER_DATABASE, else the data folder's."""
    if args.database:
        return str(args.database)
    if os.environ.get(DATABASE_ENV):
        return os.environ[DATABASE_ENV]
    return f"sqlite:///{Path(args.data_dir).resolve() / 'server.db'}"


# -- commands ---------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server import logs
    from sync.server.app import ServerConfig, create_app

    logs.configure(args.log_level)
    url = database_url(args)
    config = ServerConfig(url, Path(args.data_dir), complaint_url=args.complaint_url)
    app = create_app(config)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        server_header=False,
        log_level=args.log_level,
    )
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from sync.server import db

    url = database_url(args)
    engine = db.make_engine(url, create=True)
    try:
        before, after = db.migrate(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"La base de datos ya está al día (esquema {after}).")
        print(f"The database is up to date (schema {after}).")
    else:
        print(f"Esquema actualizado: {before or 'vacío'} → {after}  ({db.describe(url)})")
        print(f"Schema upgraded: {before or 'empty'} → {after}")
    return EXIT_OK


def _engine(args: argparse.Namespace) -> Engine:
    from sync.server import db

    url = database_url(args)
    engine = db.make_engine(url)
    db.require_current_schema(engine, url)
    return engine


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ServerProblem(
            "Use --password-stdin para leer la contraseña de la entrada estándar.",
            "Use --password-stdin to read the password from standard input.",
        )
    first = getpass.getpass("Contraseña / Password: ")
    if first != getpass.getpass("Repita / Repeat: "):
        raise ServerProblem("Las contraseñas no coinciden.", "The passwords do not match.")
    return first


def cmd_user(args: argparse.Namespace) -> int:
    from sync.server import accounts

    engine = _engine(args)
    if args.user_command == "add":
        info = accounts.add_account(
            engine,
            username=args.username,
            role=args.role,
            password=_read_password(args),
            display_name=args.display_name,
            department=args.department,
        )
        print(f"Usuario creado / user created: {info.username} ({info.role}) id={info.id}")
    elif args.user_command == "list":
        for a in accounts.list_accounts(engine):
            state = "activo" if a.active else "desactivado"
            print(f"{a.username:<20} {a.role:<12} {a.department_id or '-':<38} {state}  {a.id}")
    else:
        info = accounts.set_active(engine, args.username, args.user_command == "enable")
        state = "activado / enabled" if info.active else "desactivado / disabled"
        print(f"{info.username}: {state}")
    return EXIT_OK


def cmd_department(args: argparse.Namespace) -> int:
    import json

    from sqlalchemy import select

    from sync.server import accounts, db, models

    engine = _engine(args)
    if args.department_command == "add":
        dept_id = accounts.add_department(engine, args.code, args.name)
        print(f"Dependencia creada / department created: {args.code.upper()} id={dept_id}")
        return EXIT_OK
    r = models.records.c
    with db.read(engine) as conn:
        rows = conn.execute(
            select(r.entity_id, r.data).where(r.entity == "departments", ~r.deleted)
        ).all()
    for row in sorted(rows, key=lambda x: str(json.loads(x.data).get("code", ""))):
        data = json.loads(row.data)
        print(f"{data.get('code', ''):<8} {data.get('name', ''):<30} {row.entity_id}")
    return EXIT_OK


def cmd_device(args: argparse.Namespace) -> int:
    from sync.server import accounts

    engine = _engine(args)
    if args.device_command == "list":
        for d in accounts.list_devices(engine):
            state = f"revocado {d.revoked_at}" if d.revoked_at else "activo"
            chain = f"  bitácora rota en #{d.audit_broken_at}" if d.audit_broken_at else ""
            print(f"{d.id}  {d.username:<16} {d.name:<24} {state}{chain}")
        return EXIT_OK
    if not accounts.revoke_device(engine, args.device_id, None):
        raise ServerProblem(
            f"No existe el equipo {args.device_id}.", f"There is no device {args.device_id}."
        )
    print(f"Equipo revocado / device revoked: {args.device_id}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from argon2 import PasswordHasher

    from sync.server import accounts

    engine = _engine(args)
    existing = {a.username for a in accounts.list_accounts(engine)}
    demo_names = {u[0] for u in DEMO_USERS}
    if existing - demo_names:
        raise ServerProblem(
            "Este servidor ya tiene cuentas reales; no se agregan usuarios de demostración.",
            "This server already has real accounts; demo users are not added.",
        )
    dept_codes = {code for code, _ in DEMO_DEPARTMENTS}
    from sqlalchemy import select

    from sync.server import db, models

    r = models.records.c
    with db.read(engine) as conn:
        have = {
            row.lookup for row in conn.execute(select(r.lookup).where(r.entity == "departments"))
        }
    for code, name in DEMO_DEPARTMENTS:
        if code not in have:
            accounts.add_department(engine, code, name)
    password_hash = PasswordHasher().hash(DEMO_PASSWORD)
    for username, role, display_name, dept in DEMO_USERS:
        if username not in existing:
            assert dept is None or dept in dept_codes
            accounts.add_account(
                engine,
                username=username,
                role=role,
                password="",
                display_name=display_name,
                department=dept,
                password_hash=password_hash,
            )
    print("Usuarios de demostración (contraseña / password: demo1234):")
    for username, role, display_name, _ in DEMO_USERS:
        print(f"  {username:<12} {role:<12} {display_name}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from sync.server import db

    url = database_url(args)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest: Path = args.dest
    path = db.sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise ServerProblem(f"No existe la base de datos {path}.", f"No database at {path}.")
        target = dest / f"verifica-server-{stamp}.db" if dest.is_dir() else dest
        _refuse_overwrite(target)
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise ServerProblem(
                "No se encontró pg_dump. Instale el cliente de PostgreSQL (p. ej. "
                "apt install postgresql-client) o respalde con las herramientas de su servidor.",
                "pg_dump was not found. Install the PostgreSQL client (e.g. apt install "
                "postgresql-client) or back up with your database server's tools.",
            )
        target = dest / f"verifica-server-{stamp}.dump" if dest.is_dir() else dest
        _refuse_overwrite(target)
        parsed = make_url(db.normalize_url(url)).set(drivername="postgresql")
        env = dict(os.environ)
        if parsed.password:
            env["PGPASSWORD"] = str(parsed.password)
        plain = parsed.set(password=None).render_as_string(hide_password=False)
        done = subprocess.run(
            [pg_dump, "--format=custom", "--file", str(target), "--dbname", plain],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise ServerProblem(
                f"pg_dump falló: {done.stderr.strip()}", f"pg_dump failed: {done.stderr.strip()}"
            )
    print(f"Respaldo / backup: {target}")
    attachments = Path(args.data_dir).resolve() / "attachments"
    print(
        f"Copie también la carpeta de adjuntos (archivos de solo escritura) / also copy the "
        f"attachments folder (write-once files): {attachments}"
    )
    return EXIT_OK


def _refuse_overwrite(target: Path) -> None:
    if target.exists():
        raise ServerProblem(
            f"{target} ya existe; un respaldo nunca sobrescribe un archivo.",
            f"{target} already exists; a backup never overwrites a file.",
        )
    if not target.parent.is_dir():
        raise ServerProblem(
            f"No existe la carpeta {target.parent}.", f"The folder {target.parent} does not exist."
        )


COMMANDS = {
    None: cmd_serve,
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "user": cmd_user,
    "department": cmd_department,
    "device": cmd_device,
    "demo": cmd_demo,
    "backup": cmd_backup,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ServerProblem as problem:
        print(problem.text(), file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
