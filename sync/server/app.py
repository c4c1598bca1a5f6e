"""The ASGI application: :func:`create_app` wires the database, the attachment folder and routes.

Every authenticated route names its endpoint in :data:`sync.server.policy.ENDPOINTS`; the
dependency :func:`_allowed` refuses (403, logged) a role that is not listed there before the
handler runs. Public pages live in :mod:`sync.server.public`.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, and_, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from sync import protocol
from sync.server import (
    accounts,
    db,
    models,
    policy,
    public,
    pull,
    push,
    registry,
    transparency,
)
from sync.server.attachments import MAX_ATTACHMENT_BYTES, AttachmentStore, normalize_sha256
from sync.server.errors import ApiError, InvalidRequest
from sync.server.ids import utc_now
from sync.server.logs import log, redact_path
from sync.server.policy import Principal
from sync.server.schemas import LoginIn, NewAccountIn, PushIn

VERSION = "0.1.0"
MAX_BODY_BYTES = 64 * 1024 * 1024

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class ServerConfig:
    """How one server runs: its database, its data folder (attachments) and public links."""

    database_url: str
    data_dir: Path
    complaint_url: str = "/denuncia"


@dataclass
class ApiErrorBody:
    """Every refusal: the message in English and in Spanish (es-MX); ``errors`` for 422."""

    detail: str
    detail_es: str
    errors: list[dict[str, Any]] | None = None


@dataclass
class Health:
    status: str
    schema_revision: str
    server_time: str
    version: str = VERSION


@dataclass
class Me:
    account: protocol.Account
    device_id: str | None


@dataclass
class AccountOut:
    id: str
    username: str
    display_name: str
    role: str
    department_id: str | None
    active: bool


@dataclass
class DeviceOut:
    id: str
    account_id: str
    username: str
    name: str
    client_device_id: str | None
    created_at: str
    last_seen_at: str | None
    revoked_at: str | None
    audit_broken_at: int | None


@dataclass
class Revoked:
    device_id: str
    revoked: bool = True


@dataclass
class UploadStatus:
    sha256: str
    offset: int
    complete: bool
    size: int | None = None


@dataclass
class OffsetError:
    detail: str
    detail_es: str
    offset: int = 0


@dataclass
class CursorError:
    detail: str
    detail_es: str
    server_cursor: int = 0


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "Malformed request body",
        401: "Missing, unknown or revoked device token",
        403: "This role may not do this",
        404: "Not found",
        409: "Already exists",
        413: "Too large",
        422: "Refused input",
        429: "Too many failed sign-ins",
        503: "Database unavailable",
    }
    return {code: {"model": ApiErrorBody, "description": text[code]} for code in codes}


def _json_error(code: int) -> dict[str, Any]:
    """An error response documented as JSON on a route whose own responses are not JSON."""
    return {
        "description": _errors(code)[code]["description"],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiErrorBody"}}},
    }


_bearer = HTTPBearer(auto_error=False, description="Device token returned by POST /auth/login")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette lists only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _principal(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Principal:
    who = None
    if creds is not None:
        who = accounts.principal_for_token(_engine(request), creds.credentials)
    if who is None:
        log(
            "auth.refused",
            logging.WARNING,
            path=redact_path(request.url.path),
            method=request.method,
            reason="no token" if creds is None else "unknown, revoked or disabled",
        )
        raise ApiError(
            401,
            "Falta el token del equipo, o fue revocado. Vuelva a iniciar sesión en este equipo.",
            "The device token is missing or was revoked. Sign in again on this device.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return who


def _allowed(endpoint: str) -> Callable[..., Principal]:
    def check(request: Request, who: Annotated[Principal, Depends(_principal)]) -> Principal:
        if not policy.may_call(who.role, endpoint):
            _refuse(request, who, endpoint, f"role {who.role} may not call {endpoint}")
        return who

    return check


def _refuse(request: Request, who: Principal, endpoint: str, reason: str) -> None:
    with db.write(_engine(request)) as conn:
        accounts.server_event(
            conn,
            "request.refused",
            account_id=who.account_id,
            device_id=who.device_id,
            role=who.role,
            endpoint=endpoint,
            path=redact_path(request.url.path),
            reason=reason,
        )
    raise ApiError(
        403,
        "Su rol no permite esta operación.",
        f"Your role may not do this ({reason}).",
    )


# -- middleware -------------------------------------------------------------------------------


class Guard:
    """Refuses oversized bodies up front, adds safe headers, and logs each request (redacted)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = MAX_ATTACHMENT_BYTES + 1024 if path.startswith("/attachments/") else MAX_BODY_BYTES
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                body = json.dumps(
                    {
                        "detail": "The request body is too large",
                        "detail_es": "El cuerpo de la solicitud es demasiado grande",
                    }
                ).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 413,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        started = time.perf_counter()
        status = 0

        async def send_wrapper(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            log(
                "http",
                method=scope.get("method"),
                path=redact_path(path),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )


# -- the app ----------------------------------------------------------------------------------


def create_app(
    config: ServerConfig,
    *,
    engine: Engine | None = None,
    signer: registry.RegistrySigner | None = None,
) -> FastAPI:
    """The server application for ``config``.

    Raises:
        ServerProblem: the database is unreachable or not at the newest migration.
    """
    engine = engine or db.make_engine(config.database_url)
    revision = db.require_current_schema(engine, config.database_url)
    app = FastAPI(
        title="Verifica server",
        version=VERSION,
        description="Sync API, device enrolment and public verification pages of Verifica.",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.revision = revision
    app.state.store = AttachmentStore(config.data_dir / "attachments")
    app.state.signer = signer if signer is not None else registry.load_signer(config.data_dir)
    app.state.config = config
    app.state.templates = public.environment()
    app.state.transparency = transparency.Cache()

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(InvalidRequest)
    async def _invalid(_request: Request, exc: InvalidRequest) -> JSONResponse:
        return JSONResponse({"detail": exc.en, "detail_es": exc.es}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        body = {
            "detail": "The request does not follow the API description.",
            "detail_es": "La solicitud no sigue la descripción de la API.",
            "errors": errors,
        }
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        es = {
            400: "La solicitud está mal formada.",
            404: "No encontrado.",
            405: "Método no permitido.",
        }.get(exc.status_code, "Solicitud rechazada.")
        body = {"detail": str(exc.detail), "detail_es": es}
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return JSONResponse(body, status_code=exc.status_code, headers=headers)

    _routes(app)
    _public_routes(app)
    app.add_middleware(Guard)
    return app


def _routes(app: FastAPI) -> None:
    @app.get("/health", tags=["operations"], responses=_errors(503))
    def health(request: Request) -> Health:
        """Readiness: the database answers and its schema is current."""
        try:
            with db.read(_engine(request)) as conn:
                conn.execute(select(1))
        except Exception as exc:
            raise ApiError(
                503, "La base de datos no responde.", "The database does not answer."
            ) from exc
        return Health("ok", request.app.state.revision, utc_now())

    # -- auth --

    @app.post("/auth/login", tags=["auth"], responses=_errors(400, 401, 422, 429))
    def login(request: Request, body: LoginIn) -> protocol.LoginResponse:
        """Enrol this device: returns a device token, shown only this once."""
        ip = request.client.host if request.client else "unknown"
        return accounts.login(_engine(request), body.to_protocol(), ip)

    @app.get("/auth/me", tags=["auth"], responses=_errors(401, 403))
    def me(who: Annotated[Principal, Depends(_allowed("auth.me"))], request: Request) -> Me:
        """The account and device behind the token."""
        a = models.accounts.c
        with db.read(_engine(request)) as conn:
            row = conn.execute(select(a.display_name).where(a.id == who.account_id)).one()
        account = protocol.Account(
            who.account_id, who.username, row.display_name, who.role, who.department_id
        )
        return Me(account, who.device_id)

    @app.post("/auth/logout", tags=["auth"], responses=_errors(401, 403))
    def logout(
        who: Annotated[Principal, Depends(_allowed("auth.logout"))], request: Request
    ) -> Revoked:
        """Revoke this device's own token."""
        assert who.device_id is not None
        accounts.revoke_device(_engine(request), who.device_id, who.account_id)
        return Revoked(who.device_id)

    # -- sync --

    @app.post(
        "/sync/push",
        tags=["sync"],
        response_model=protocol.PushResponse,
        responses=_errors(400, 401, 403, 413, 422),
    )
    def sync_push(
        who: Annotated[Principal, Depends(_allowed("sync.push"))],
        request: Request,
        body: PushIn,
    ) -> Response:
        """Push a batch of changes and audit events; one result per change, in order."""
        batch = body.to_protocol()
        now = utc_now()
        with db.write(_engine(request)) as conn:
            results = push.apply_changes(conn, who, batch.changes, now)
            audit = push.apply_audit(conn, who, batch.audit, now)
        counts = {
            status: sum(r.status == status for r in results)
            for status in ("accepted", "duplicate", "conflict", "refused")
        }
        log("push", account=who.account_id, device=who.device_id, audit=audit.accepted, **counts)
        # Serialised by hand: a 2,000-item reply through the response model costs more than
        # applying the batch. The shape is protocol.PushResponse (declared as response_model).
        reply = {
            "results": [r.__dict__ for r in results],
            "audit": audit.__dict__,
            "server_time": now,
        }
        # ASCII-escaped: a refused change id may hold characters UTF-8 cannot encode.
        return Response(json.dumps(reply), media_type="application/json")

    @app.get(
        "/sync/pull",
        tags=["sync"],
        response_model=protocol.PullResponse,
        responses={
            **_errors(401, 403, 422),
            409: {"model": CursorError, "description": "Cursor ahead of the server"},
        },
    )
    def sync_pull(
        who: Annotated[Principal, Depends(_allowed("sync.pull"))],
        request: Request,
        cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[
            int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)
        ] = protocol.DEFAULT_PULL_LIMIT,
    ) -> Response:
        """Records this account may see that changed after ``cursor``, oldest first."""
        body = pull.pull_page(_engine(request), who, cursor, limit)
        return Response(body, media_type="application/json")

    @app.get("/registry", tags=["sync"], responses=_errors(401, 403))
    def get_registry(
        who: Annotated[Principal, Depends(_allowed("registry"))], request: Request
    ) -> protocol.Registry:
        """The inspector registry for offline badge checks (kiosks and staff)."""
        with db.read(_engine(request)) as conn:
            return registry.build_registry(conn, utc_now(), request.app.state.signer)

    # -- attachments --

    def _sha(sha256: str) -> str:
        value = normalize_sha256(sha256)
        if value is None:
            raise ApiError(
                404, "No es un SHA-256 válido.", "Not a SHA-256 (64 hexadecimal digits)."
            )
        return value

    @app.head(
        "/attachments/{sha256}",
        tags=["attachments"],
        responses={
            200: {"description": "Stored complete"},
            **_errors(401, 403, 404),
        },
    )
    def attachment_head(
        sha256: str,
        who: Annotated[Principal, Depends(_allowed("attachments.head"))],
        request: Request,
    ) -> Response:
        """200 when the server has the file; 404 otherwise, with ``Upload-Offset`` to resume."""
        sha = _sha(sha256)
        store: AttachmentStore = request.app.state.store
        size = store.size(sha)
        if size is not None:
            return Response(
                status_code=200, headers={"Upload-Offset": str(size), "Content-Length": str(size)}
            )
        return Response(status_code=404, headers={"Upload-Offset": str(store.partial_size(sha))})

    @app.put(
        "/attachments/{sha256}",
        tags=["attachments"],
        responses={
            200: {"model": UploadStatus, "description": "Already stored (write-once)"},
            201: {"model": UploadStatus, "description": "Stored now, hash checked"},
            202: {"model": UploadStatus, "description": "Part received; send the rest"},
            409: {"model": OffsetError, "description": "Wrong offset; resume at `offset`"},
            **_errors(401, 403, 404, 413, 422),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def attachment_put(
        sha256: str,
        request: Request,
        who: Annotated[Principal, Depends(_allowed("attachments.upload"))],
        total: Annotated[int, Query(ge=1, le=MAX_ATTACHMENT_BYTES)],
        offset: Annotated[int, Query(ge=0, le=MAX_ATTACHMENT_BYTES)] = 0,
    ) -> JSONResponse:
        """Upload (part of) a file at ``offset``; resumable, hash-checked when complete."""
        sha = _sha(sha256)
        store: AttachmentStore = request.app.state.store
        if offset > total:
            raise ApiError(422, "El desplazamiento supera el total.", "offset is beyond total.")
        outcome = await store.receive(sha, offset, total, request.stream())
        status = outcome.status
        if status == "offset":
            return JSONResponse(
                {
                    "detail": f"Resume at offset {outcome.offset}",
                    "detail_es": f"Continúe desde el byte {outcome.offset}",
                    "offset": outcome.offset,
                },
                status_code=409,
            )
        if status in ("mismatch", "too_long"):
            log(
                "attachment.refused",
                logging.WARNING,
                account=who.account_id,
                sha256=sha,
                reason=status,
            )
            raise ApiError(
                422,
                "El archivo no corresponde a su SHA-256; se descartó. Súbalo de nuevo desde 0.",
                "The file does not match its SHA-256 and was discarded. Upload it again from 0.",
            )
        if status == "complete":
            await _record_attachment(request, sha, outcome.offset, who)
            log("attachment.stored", account=who.account_id, sha256=sha, size=outcome.offset)
        code = {"complete": 201, "stored": 200}.get(status, 202)
        done = status in ("complete", "stored")
        body = UploadStatus(sha, outcome.offset, done, outcome.offset if done else None)
        return JSONResponse(body.__dict__, status_code=code)

    @app.get(
        "/attachments/{sha256}",
        tags=["attachments"],
        response_class=FileResponse,
        responses={
            200: {
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }
            },
            **_errors(401, 403, 404),
        },
    )
    def attachment_get(
        sha256: str,
        who: Annotated[Principal, Depends(_allowed("attachments.download"))],
        request: Request,
    ) -> FileResponse:
        """Download a file this account may see (a kiosk: registry photos only)."""
        sha = _sha(sha256)
        store: AttachmentStore = request.app.state.store
        if store.size(sha) is None:
            raise ApiError(404, "El servidor no tiene ese archivo.", "The server has no such file.")
        if not _may_download(_engine(request), who, sha):
            _refuse(request, who, "attachments.download", "file not visible to this account")
        return FileResponse(
            store.path(sha),
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{sha}"'},
        )

    # -- administration --

    @app.post(
        "/admin/users",
        tags=["admin"],
        status_code=201,
        responses=_errors(400, 401, 403, 404, 409, 422),
    )
    def admin_add_user(
        who: Annotated[Principal, Depends(_allowed("admin.users"))],
        request: Request,
        body: NewAccountIn,
    ) -> AccountOut:
        """Create an account (its password is hashed with argon2id)."""
        info = accounts.add_account(
            _engine(request),
            username=body.username,
            role=body.role,
            password=body.password,
            display_name=body.display_name,
            department=body.department,
        )
        return AccountOut(**info.__dict__)

    @app.get("/admin/users", tags=["admin"], responses=_errors(401, 403))
    def admin_list_users(
        who: Annotated[Principal, Depends(_allowed("admin.users"))], request: Request
    ) -> list[AccountOut]:
        """Every account (never a password hash)."""
        return [AccountOut(**a.__dict__) for a in accounts.list_accounts(_engine(request))]

    @app.get("/admin/devices", tags=["admin"], responses=_errors(401, 403))
    def admin_devices(
        who: Annotated[Principal, Depends(_allowed("admin.devices"))], request: Request
    ) -> list[DeviceOut]:
        """Enrolled devices, with revocations and broken audit chains."""
        return [DeviceOut(**d.__dict__) for d in accounts.list_devices(_engine(request))]

    @app.post("/admin/devices/{device_id}/revoke", tags=["admin"], responses=_errors(401, 403, 404))
    def admin_revoke(
        device_id: str,
        who: Annotated[Principal, Depends(_allowed("admin.revoke"))],
        request: Request,
    ) -> Revoked:
        """Revoke a device: its token stops working at once."""
        if not accounts.revoke_device(_engine(request), device_id, who.account_id):
            raise ApiError(404, "No existe ese equipo.", "There is no such device.")
        return Revoked(device_id)


async def _record_attachment(request: Request, sha: str, size: int, who: Principal) -> None:
    def write() -> None:
        engine = _engine(request)
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(models.attachments).values(
            sha256=sha, size=size, stored_at=utc_now(), account_id=who.account_id
        )
        with db.write(engine) as conn:
            conn.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))

    await run_in_threadpool(write)


def _may_download(engine: Engine, who: Principal, sha: str) -> bool:
    r = models.records.c
    if who.role == "kiosk":
        # Kiosks see the registry: inspectors' photos, nothing else.
        condition = and_(r.entity == "inspectors", r.lookup == sha, ~r.deleted)
    else:
        condition = and_(
            r.entity.in_(("attachment_links", "inspectors")),
            r.lookup == sha,
            ~r.deleted,
            policy.visible(who),
        )
    with db.read(engine) as conn:
        return bool(conn.execute(select(exists().where(condition))).scalar())


# -- public pages -----------------------------------------------------------------------------

_HTML_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'",
}


def _public_routes(app: FastAPI) -> None:
    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        template = request.app.state.templates.get_template(name)
        config: ServerConfig = request.app.state.config
        html = template.render(complaint_url=config.complaint_url, **context)
        return HTMLResponse(html, status_code=status, headers=_HTML_HEADERS)

    html_200: dict[int | str, dict[str, Any]] = {
        200: {"content": {"text/html": {}}, "description": "The page"}
    }

    def badge_page(token: str, request: Request) -> HTMLResponse:
        """Badge verification page (the URL in the badge QR)."""
        view, _photo = public.badge_view(_engine(request), token)
        photo_url = f"/c/{token.strip().upper()}/foto"
        return render(request, "badge.html", view=view, photo_url=photo_url)

    def badge_photo(token: str, request: Request) -> Response:
        """The inspector's photo for a badge the municipality issued."""
        _view, photo = public.badge_view(_engine(request), token)
        store: AttachmentStore = request.app.state.store
        sha = normalize_sha256(photo) if photo else None
        if sha is None or store.size(sha) is None:
            return Response("Sin fotografía", status_code=404, media_type="text/plain")
        mime = _image_mime(_engine(request), sha)
        if mime is None:
            return Response("Sin fotografía", status_code=404, media_type="text/plain")
        return FileResponse(store.path(sha), media_type=mime, headers={"Cache-Control": "no-store"})

    def anuencia_page(ref: str, request: Request) -> HTMLResponse:
        """Anuencia verification page, by folio or id."""
        view = public.anuencia_view(_engine(request), ref)
        return render(request, "anuencia.html", view=view)

    def public_get(
        prefix: str, path: str, endpoint: Callable[..., Any], name: str, **kw: Any
    ) -> None:
        """Add a GET route under ``/{prefix}/`` (each public prefix is served in both cases);
        only the lower-case route is in the API schema unless ``include_in_schema`` says."""
        kw.setdefault("include_in_schema", prefix.islower())
        app.add_api_route(
            f"/{prefix}/{path}", endpoint, methods=["GET"], name=f"{name}_{prefix}", **kw
        )

    for prefix in ("c", "C"):
        public_get(
            prefix,
            "{token}/foto",
            badge_photo,
            "badge_photo",
            tags=["public"],
            responses={
                200: {"content": {"image/jpeg": {}, "image/png": {}}, "description": "Photo"},
                404: {"content": {"text/plain": {}}, "description": "No photo"},
            },
        )
        public_get(
            prefix,
            "{token}",
            badge_page,
            "badge_page",
            response_class=HTMLResponse,
            tags=["public"],
            responses=html_200,
        )
        # Anything else under /c/ (slashes, URL tricks) still gets the "not valid" page.
        public_get(
            prefix,
            "{token:path}",
            badge_page,
            "badge_page_any",
            response_class=HTMLResponse,
            include_in_schema=False,
        )
    for prefix in ("a", "A"):
        public_get(
            prefix,
            "{ref}",
            anuencia_page,
            "anuencia_page",
            response_class=HTMLResponse,
            tags=["public"],
            responses=html_200,
        )

    def _transparency(request: Request, weeks: int, until: str | None) -> transparency.Transparency:
        last = transparency.parse_week(until) if until else transparency.current_week()
        if last is None:
            raise InvalidRequest(
                "Semana no válida: escríbala como 2026-W47.",
                "Not a valid week: write it as 2026-W47.",
            )
        cache: transparency.Cache = request.app.state.transparency
        return cache.get(_engine(request), last, weeks)

    @app.get(
        "/transparencia",
        response_class=HTMLResponse,
        tags=["public"],
        # The page is HTML, but a refused query gets the API's JSON error body.
        responses={**html_200, 422: _json_error(422)},
    )
    def transparency_page(
        request: Request,
        semanas: Annotated[int, Query(ge=1, le=transparency.MAX_WEEKS)] = (
            transparency.DEFAULT_WEEKS
        ),
        hasta: Annotated[str | None, Query(pattern=transparency.WEEK_PATTERN)] = None,
    ) -> HTMLResponse:
        """Weekly response figures per department (counts only, no personal data)."""
        figures = _transparency(request, semanas, hasta)
        return render(request, "transparencia.html", **transparency.page_context(figures))

    @app.get(
        "/transparencia.csv",
        tags=["public"],
        response_class=Response,
        responses={
            200: {"content": {"text/csv": {}}, "description": "The figures as CSV"},
            422: _json_error(422),
        },
    )
    def transparency_csv(
        request: Request,
        semanas: Annotated[int, Query(ge=1, le=transparency.MAX_WEEKS)] = (
            transparency.DEFAULT_WEEKS
        ),
        hasta: Annotated[str | None, Query(pattern=transparency.WEEK_PATTERN)] = None,
    ) -> Response:
        """The same figures as CSV, one row per department and week."""
        figures = _transparency(request, semanas, hasta)
        return Response(
            transparency.to_csv(figures),
            media_type="text/csv; charset=utf-8",
            headers={
                "Cache-Control": "no-store",
                "Content-Disposition": 'attachment; filename="transparencia.csv"',
            },
        )

    @app.get(
        "/denuncia",
        response_class=HTMLResponse,
        tags=["public"],
        responses={
            200: {"content": {"text/html": {}}, "description": "How to file a complaint"},
            307: {"description": "Redirect to the municipality's complaint form"},
        },
    )
    def complaint_page(request: Request) -> Response:
        """How to file a complaint (or a redirect to the municipality's own form)."""
        config: ServerConfig = request.app.state.config
        if config.complaint_url != "/denuncia":
            return RedirectResponse(config.complaint_url)
        return render(request, "denuncia.html")


def _image_mime(engine: Engine, sha: str) -> str | None:
    r = models.records.c
    with db.read(engine) as conn:
        row = conn.execute(
            select(r.data).where(r.entity == "attachments", r.lookup == sha, ~r.deleted)
        ).first()
    mime = "image/jpeg"
    if row is not None:
        value = json.loads(row.data).get("mime")
        if isinstance(value, str):
            mime = value
    return mime if mime in ("image/jpeg", "image/png", "image/webp") else None
