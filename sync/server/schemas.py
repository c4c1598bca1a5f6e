"""Request bodies as the server validates them (pydantic, strict), converted to protocol types.

:mod:`sync.protocol` stays free of pydantic so the desktop can import it; these models mirror its
request dataclasses field for field and add what only the server needs: strict types (``"1"`` is
not ``1``, ``false`` is not ``0``) and the limits that appear in the OpenAPI description.

Shape errors reject the request (422). Values that are well-typed but unusable (an unknown
entity, an id with a NUL character) are refused per change instead, so one bad change never
blocks a device's whole outbox.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sync import protocol

DEVICE_ID = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True)


class ChangeIn(_Strict):
    id: str
    entity: str
    entity_id: str
    op: Literal["insert", "update", "delete"]
    data: dict[str, Any]
    at: str
    device_id: str
    user_id: str | None = None
    base_version: int | None = None


class AuditEventIn(_Strict):
    seq: int
    id: str
    at: str
    user_id: str | None
    device_id: str
    action: str
    entity: str
    entity_id: str
    details: str
    prev_hash: str
    hash: str


class PushIn(_Strict):
    """A batch of changes and audit events (see :class:`sync.protocol.PushRequest`)."""

    changes: list[ChangeIn] = Field(default_factory=list, max_length=protocol.MAX_PUSH_CHANGES)
    audit: list[AuditEventIn] = Field(
        default_factory=list, max_length=protocol.MAX_PUSH_AUDIT_EVENTS
    )

    def to_protocol(self) -> protocol.PushRequest:
        return protocol.PushRequest(
            changes=[protocol.Change(**c.__dict__) for c in self.changes],
            audit=[protocol.AuditEvent(**e.__dict__) for e in self.audit],
        )


class LoginIn(_Strict):
    """Device enrolment (see :class:`sync.protocol.LoginRequest`)."""

    username: str
    password: str
    device_name: str
    device_id: DEVICE_ID | None = None

    def to_protocol(self) -> protocol.LoginRequest:
        return protocol.LoginRequest(self.username, self.password, self.device_name, self.device_id)


class NewAccountIn(_Strict):
    """An account to create; the department by code or id."""

    username: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    role: Literal["admin", "supervisor", "clerk", "inspector", "comptroller", "kiosk"]
    password: Annotated[str, Field(min_length=8, max_length=1024)]
    display_name: Annotated[str, Field(max_length=200)] = ""
    department: Annotated[str | None, Field(min_length=1, max_length=64)] = None
