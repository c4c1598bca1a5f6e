"""The task runner: one database worker, one small pool for the rest, results on the GUI thread.

Shaped after Anki's ``aqt/taskman.py`` (STYLE.md, "What we take" 2 and 3):

* every SQLite call of the app runs on ONE worker thread (``run_db``), so there is one writer and
  the GUI thread never waits for the database;
* network and CPU work (sync, decoding, PDF rendering) runs on a small pool (``run``);
* every background call is *op → success | failure*; the callbacks run on the GUI thread, so they
  may touch widgets, and ``op`` must not;
* a write declares which kinds of records it changed; after it succeeds the runner emits
  ``changed`` and each screen decides whether to refresh itself. Screens never call each other.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop.ui import messages

log = logging.getLogger(__name__)

T = TypeVar("T")
SuccessHandler = Callable[[T], None]
FailureHandler = messages.FailureHandler

# The pool is for network and CPU work; a few threads are plenty on a municipal laptop.
POOL_WORKERS = max(2, min(4, os.cpu_count() or 2))


class TaskRunner(QObject):
    """Runs background work and hands the outcome back to the GUI thread.

    Signals:
        changed(set): the kinds of records (table names such as ``"permit_cases"``) that a
            successful write changed. Emitted on the GUI thread after its success handler.
        pending_changed(int): the number of jobs not yet delivered, after it changed.
    """

    changed = Signal(set)
    pending_changed = Signal(int)
    # Internal: carries a finished job (a zero-argument callable) from a worker to the GUI thread.
    _finished = Signal(object)

    def __init__(self, lang: str = "es", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verifica-db")
        self._pool = ThreadPoolExecutor(max_workers=POOL_WORKERS, thread_name_prefix="verifica")
        self._pending = 0
        self._closed = False
        # Queued: the slot always runs in the thread this object lives in (the GUI thread), even
        # though the signal is emitted from a worker.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- public API ----------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Jobs submitted whose callbacks have not run yet."""
        return self._pending

    def run_db(
        self,
        op: Callable[[], T],
        on_success: SuccessHandler[T] | None = None,
        on_failure: FailureHandler | None = None,
        *,
        changes: Iterable[str] = (),
    ) -> Future[T]:
        """Run ``op`` on the single database worker.

        Args:
            op: the work; it may use the store's writer connection and must not touch widgets.
            on_success: called on the GUI thread with ``op``'s result.
            on_failure: called on the GUI thread with the exception; by default a
                :class:`~desktop.errors.Problem` is shown as it is and anything else is reported
                as a bug.
            changes: kinds of records ``op`` writes; announced through ``changed`` on success.
        """
        return self._submit(self._db, op, on_success, on_failure, frozenset(changes))

    def run(
        self,
        op: Callable[[], T],
        on_success: SuccessHandler[T] | None = None,
        on_failure: FailureHandler | None = None,
    ) -> Future[T]:
        """Run ``op`` on the pool (network, decoding, rendering); never for database work."""
        return self._submit(self._pool, op, on_success, on_failure, frozenset())

    def shutdown(self) -> None:
        """Stop accepting work and wait for the workers.

        Queued database jobs still run (an acknowledged write is never dropped); queued pool
        jobs are cancelled. Callbacks of jobs that finish now are not delivered: the windows they
        would update are closing.
        """
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._db.shutdown(wait=True)

    # -- internals -----------------------------------------------------------------------

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        op: Callable[[], T],
        on_success: SuccessHandler[T] | None,
        on_failure: FailureHandler | None,
        changes: frozenset[str],
    ) -> Future[T]:
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        future = executor.submit(op)
        self._pending += 1
        self.pending_changed.emit(self._pending)

        def finish() -> None:
            self._complete(future, on_success, on_failure, changes)

        # Runs on the worker when ``op`` returns; only emits a signal (thread-safe).
        future.add_done_callback(lambda _f: self._finished.emit(finish))
        return future

    @Slot(object)
    def _deliver(self, finish: Callable[[], None]) -> None:
        self._pending -= 1
        try:
            if not self._closed:
                finish()
        finally:
            self.pending_changed.emit(self._pending)

    def _complete(
        self,
        future: Future[Any],
        on_success: SuccessHandler[Any] | None,
        on_failure: FailureHandler | None,
        changes: frozenset[str],
    ) -> None:
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            _deliver_to_live_screen(on_failure or self.report_failure, error)
            return
        try:
            if on_success is not None:
                _deliver_to_live_screen(on_success, future.result())
        finally:
            # The write is committed whatever the handler did: views must still refresh.
            if changes:
                self.changed.emit(set(changes))

    def report_failure(self, error: BaseException) -> None:
        """The default failure handler: a Problem as it is, anything else as a bug."""
        messages.show_error(error, self.lang)


def _deliver_to_live_screen(handler: Callable[[Any], object], value: Any) -> None:
    """Call ``handler``; a screen closed while its job ran has nowhere to show the result.

    The job itself finished (a write is committed, and ``changed`` still announces it); only its
    screen is gone, so Qt refuses to touch the deleted widgets. That result is dropped with a log
    line instead of reaching the user as an "unexpected error".
    """
    try:
        handler(value)
    except RuntimeError as error:
        if "already deleted" not in str(error):
            raise
        log.info("a result arrived for a screen already closed: %s", error)
