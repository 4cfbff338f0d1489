"""The audit log: every change to data, definitions and users, with who, when, before and after."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from auth.principal import Principal
from db.models import AuditLog, utcnow


def record(session: Session, who: Principal, action: str, entity: str, entity_id: object = None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditLog:
    """Add an audit row in the caller's transaction, so the log and the change commit together."""
    row = AuditLog(user_id=who.user_id, action=action, entity=entity,
                   entity_id=None if entity_id is None else str(entity_id),
                   before=_jsonable(before), after=_jsonable(after))
    session.add(row)
    return row


def record_many(session: Session, who: Principal, action: str, entity: str,
                rows: list[tuple[object, dict[str, Any] | None, dict[str, Any] | None]]) -> None:
    """Many audit rows of one action (entity_id, before, after) in the caller's transaction, in bulk."""
    if not rows:
        return
    now = utcnow()
    session.flush()
    session.connection().execute(AuditLog.__table__.insert(), [
        {"at": now, "user_id": who.user_id, "action": action, "entity": entity,
         "entity_id": None if eid is None else str(eid), "before": _jsonable(b), "after": _jsonable(a)}
        for eid, b, a in rows])


def _jsonable(d: dict[str, Any] | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out: dict[str, Any] = {}
    for k, v in d.items():
        out[k] = v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
    return out
