"""How the device cuts its outbox into push batches (sync/client.plan_push), on a real store."""

from __future__ import annotations

import datetime as dt

from desktop.core import permits
from desktop.store import Actor, Store, sync_state
from sync.client import plan_push


def test_a_batch_never_ends_between_a_status_history_row_and_its_case_move(
    store: Store, actor: Actor
) -> None:
    business = permits.create_business(store, actor, name="Papelería El Lápiz")
    case = permits.create_case(
        store, actor, folio="PC-2026-001", business_id=business, received_date=dt.date(2026, 2, 3)
    )
    permits.change_status(store, actor, case, "en_revision")
    collected = sync_state.collect(store)
    pending = collected.pending
    history = next(
        i
        for i, c in enumerate(pending)
        if c.entity == "case_status_history" and c.data.get("to_status") == "en_revision"
    )
    move = pending[history + 1]
    assert (move.entity, move.op, move.entity_id) == ("permit_cases", "update", case)

    def batch(limit: int) -> list[str]:
        plan = plan_push(pending, collected.known_versions, collected.blocked, limit=limit)
        return [c.id for c in plan.changes]

    # A limit that would end the batch on the history row moves the cut before it.
    assert batch(history + 1) == [c.id for c in pending[:history]]
    # With room for both, both go; a cut anywhere else is where the limit says.
    assert batch(history + 2) == [c.id for c in pending[: history + 2]]
    assert batch(history) == [c.id for c in pending[:history]]
