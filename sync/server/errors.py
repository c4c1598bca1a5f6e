"""Expected server-side failures, with a message in es-MX and English.

``ServerProblem`` is for the operator (CLI: a plain message, exit code 2). ``ApiError`` is an
HTTP answer to a client: the status code and a body ``{"detail": en, "detail_es": es}``.
Anything else raised inside the server is a bug: logged with context, answered 500.
"""

from __future__ import annotations


class ServerProblem(Exception):
    """Something the operator must fix (unmigrated database, unreachable server, bad option)."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(en)
        self.es = es
        self.en = en

    def text(self) -> str:
        """Both languages, Spanish first (the CLI prints this)."""
        return f"{self.es}\n{self.en}"


class InvalidRequest(ServerProblem):
    """A value given by a person or a client was refused (unknown role, short password...).

    ``status`` is the HTTP status when the API raises it: 422 by default, 404 when something
    named does not exist, 409 when it already exists.
    """

    def __init__(self, es: str, en: str, *, status: int = 422) -> None:
        super().__init__(es, en)
        self.status = status


class ApiError(Exception):
    """An HTTP error answer with a bilingual message."""

    def __init__(
        self,
        status: int,
        es: str,
        en: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, object] | None = None,
    ) -> None:
        super().__init__(en)
        self.status = status
        self.es = es
        self.en = en
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, object]:
        return {"detail": self.en, "detail_es": self.es, **self.extra}
