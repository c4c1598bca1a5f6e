"""A real TCP proxy on 127.0.0.1 that breaks HTTP exchanges on purpose (tests only).

It sits between the sync client and the real server. For every client connection it reads one
HTTP request (headers plus ``Content-Length`` body), draws a fault from a seeded random
generator and then:

* ``pass``: forwards the request and relays the whole response;
* ``reset_before``: resets the client connection (RST) without forwarding anything;
* ``reset_after``: forwards the request (the server acts on it), then resets the client
  connection instead of answering — the client cannot know whether it was applied;
* ``hang``: waits ``hang_s`` (shorter than the client's read timeout), then answers normally;
* ``hang_long``: forwards the request, then waits ``hang_long_s`` (longer than the client's read
  timeout) before answering — the client times out although the server acted;
* ``cut``: forwards the request and relays only part of the response (headers and part of the
  body), then closes;
* ``duplicate``: sends the request to the server twice and relays the second answer.

Each upstream exchange uses its own connection with ``Connection: close``, so one client
connection carries exactly one request and the client opens a new one for the next.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

FAULTS = ("pass", "reset_before", "reset_after", "hang", "hang_long", "cut", "duplicate")
DEFAULT_WEIGHTS = {
    "pass": 8,
    "reset_before": 2,
    "reset_after": 2,
    "hang": 2,
    "hang_long": 1,
    "cut": 2,
    "duplicate": 2,
}
MAX_HEADER = 64 * 1024


def _read_request(conn: socket.socket) -> bytes | None:
    """One whole HTTP request with a Content-Length body (or None when the client went away)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_HEADER and b"\r\n\r\n" not in data:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    lines = [
        line
        for line in head.split(b"\r\n")
        if line.partition(b":")[0].strip().lower() not in (b"connection", b"keep-alive")
    ]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


def _reset(conn: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer sees a connection reset, not a clean end."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


@dataclass
class FaultProxy:
    """Listens on 127.0.0.1:<free port> and forwards to ``upstream_port`` with faults."""

    upstream_port: int
    seed: int = 0
    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    hang_s: float = 0.05
    hang_long_s: float = 1.0
    enabled: bool = True
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=self.hang_long_s + 5)

    def _draw(self) -> str:
        with self._lock:
            if not self.enabled:
                fault = "pass"
            else:
                names = list(self.weights)
                fault = self._random.choices(names, [self.weights[n] for n in names])[0]
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()

    def _exchange(self, request: bytes) -> bytes:
        """Send one request upstream on a new connection; the whole response (read to EOF)."""
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(30)
            request = _read_request(conn)
            if request is None:
                conn.close()
                return
            fault = self._draw()
            if fault == "reset_before":
                _reset(conn)
                return
            if fault == "hang":
                time.sleep(self.hang_s)
            if fault == "duplicate":
                self._exchange(request)
            response = self._exchange(request)
            if fault == "reset_after":
                _reset(conn)
                return
            if fault == "hang_long":
                time.sleep(self.hang_long_s)
            if fault == "cut":
                head, _, body = response.partition(b"\r\n\r\n")
                conn.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
                _reset(conn)
                return
            conn.sendall(response)
            conn.shutdown(socket.SHUT_WR)
            conn.close()
        except OSError:
            conn.close()
