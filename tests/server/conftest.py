"""Fixtures for the server suite: the real server on SQLite and on PostgreSQL.

Every test that takes ``server`` runs twice, once per backend. PostgreSQL comes from
``VERIFICA_TEST_PG_URL`` (a URL to any database on a server where that user may create
databases; ``.ci/run`` starts one). Each server gets its own, freshly created database.

When ``VERIFICA_TEST_PG_URL`` is not set, the PostgreSQL variants FAIL with a message saying how to
provide it — so CI can never pass without having run them. A developer without PostgreSQL can opt
out explicitly with ``VERIFICA_TEST_SKIP_PG=1``, which turns them into visible skips.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from server_helpers import Databases, ServerProcess, pg_base_url

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        pg_base_url()
    return str(request.param)


@pytest.fixture(scope="session")
def databases(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    dbs = Databases(backend, tmp_path_factory.mktemp(f"db-{backend}"))
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def start_server(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], ServerProcess]]:
    """Start another real server (own database and data folder) for this backend."""
    started: list[ServerProcess] = []

    def start(name: str) -> ServerProcess:
        server = ServerProcess(databases.new(name), tmp_path_factory.mktemp(f"server-{name}"))
        started.append(server)
        server.prepare()
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server: Callable[[str], ServerProcess]) -> ServerProcess:
    """The shared server of this backend; tests keep apart by using their own ids."""
    return start_server("shared")
