"""The permit-case workflow of DESIGN.md §2, as data.

``recibido → en_revision ⇄ requiere_documentos → inspeccion_programada → inspeccionado →
{aprobado → emitido → entregado | con_observaciones → inspeccion_programada | rechazado}``,
and ``cancelado`` from any state that is not final.

The UI asks :func:`allowed_targets` which buttons to show; every use-case calls
:func:`check_transition`, so no screen can move a case where the rules do not allow.
"""

from __future__ import annotations

from desktop.errors import InvalidInput

RECIBIDO = "recibido"
EN_REVISION = "en_revision"
REQUIERE_DOCUMENTOS = "requiere_documentos"
INSPECCION_PROGRAMADA = "inspeccion_programada"
INSPECCIONADO = "inspeccionado"
APROBADO = "aprobado"
EMITIDO = "emitido"
ENTREGADO = "entregado"
CON_OBSERVACIONES = "con_observaciones"
RECHAZADO = "rechazado"
CANCELADO = "cancelado"

# In the order a case normally travels; the UI uses this order for lists and counts.
STATUSES: tuple[str, ...] = (
    RECIBIDO,
    EN_REVISION,
    REQUIERE_DOCUMENTOS,
    INSPECCION_PROGRAMADA,
    INSPECCIONADO,
    CON_OBSERVACIONES,
    APROBADO,
    EMITIDO,
    ENTREGADO,
    RECHAZADO,
    CANCELADO,
)

INITIAL = RECIBIDO
FINAL: frozenset[str] = frozenset({ENTREGADO, RECHAZADO, CANCELADO})

_FORWARD: dict[str, tuple[str, ...]] = {
    RECIBIDO: (EN_REVISION,),
    EN_REVISION: (REQUIERE_DOCUMENTOS, INSPECCION_PROGRAMADA),
    REQUIERE_DOCUMENTOS: (EN_REVISION, INSPECCION_PROGRAMADA),
    INSPECCION_PROGRAMADA: (INSPECCIONADO,),
    INSPECCIONADO: (APROBADO, CON_OBSERVACIONES, RECHAZADO),
    CON_OBSERVACIONES: (INSPECCION_PROGRAMADA,),
    APROBADO: (EMITIDO,),
    EMITIDO: (ENTREGADO,),
}

#: Every allowed (from, to) pair: the forward graph plus cancellation from non-final states.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {(src, dst) for src, targets in _FORWARD.items() for dst in targets}
    | {(src, CANCELADO) for src in STATUSES if src not in FINAL}
)

#: Target states that owe a reason (what is missing, what was observed, why rejected/cancelled).
REASON_REQUIRED: frozenset[str] = frozenset(
    {REQUIERE_DOCUMENTOS, CON_OBSERVACIONES, RECHAZADO, CANCELADO}
)


def allowed_targets(status: str) -> tuple[str, ...]:
    """States a case in ``status`` may move to, in workflow order."""
    return tuple(dst for dst in STATUSES if (status, dst) in TRANSITIONS)


def check_transition(from_status: str, to_status: str, reason: str | None) -> str:
    """Validate a transition and return the cleaned reason.

    Raises:
        InvalidInput: the transition is not allowed, or it owes a reason and none was given.
    """
    if from_status not in STATUSES or to_status not in STATUSES:
        raise InvalidInput(
            f"Estado desconocido: {from_status!r} → {to_status!r}.",
            f"Unknown status: {from_status!r} → {to_status!r}.",
        )
    if (from_status, to_status) not in TRANSITIONS:
        if from_status in FINAL:
            raise InvalidInput(
                f"El expediente está en un estado final ({from_status}) y ya no puede cambiar.",
                f"The case is in a final state ({from_status}) and can no longer change.",
            )
        raise InvalidInput(
            f"No se permite pasar de {from_status} a {to_status}.",
            f"Moving from {from_status} to {to_status} is not allowed.",
        )
    cleaned = (reason or "").strip()
    if to_status in REASON_REQUIRED and not cleaned:
        raise InvalidInput(
            f"Pasar a {to_status} requiere un motivo.",
            f"Moving to {to_status} requires a reason.",
            hint_es="Escriba el motivo; queda en el historial del expediente.",
            hint_en="Type the reason; it is kept in the case history.",
        )
    return cleaned
