"""Load a plan by its key and check the principal's right to it: the one way every service does it.

A plan that does not exist is PlanNotFound; a principal outside the plan's bureau (or without the
role the action needs) is auth.scope.PermissionDenied. Both belong to core.errors' family, so a page
shows them and a command prints them the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from auth import scope as authz
from auth.principal import Principal
from core.errors import NotFound
from db.models import Plan


class PlanNotFound(NotFound, KeyError):
    """No plan has this key. (A KeyError too, for callers that look plans up like a mapping.)"""

    exit_code = 2

    def __init__(self, plan_key: str) -> None:
        super().__init__(f"未找到计划 {plan_key}。请用 python -m kpis catalog 查看计划编号。")
        self.plan_key = plan_key


def get_plan(session: Session, plan_key: str, *, with_bureau: bool = True) -> Plan:
    """The plan, unchecked (for callers that check the principal themselves, and for the system)."""
    q = select(Plan).where(Plan.plan_key == plan_key)
    if with_bureau:
        q = q.options(selectinload(Plan.bureau))
    plan = session.scalar(q)
    if plan is None:
        raise PlanNotFound(plan_key)
    return plan


def plan_for(session: Session, principal: Principal, plan_key: str, *,
             roles: Iterable[str] | None = None, denied: str = "您无权查看该教育局的数据。",
             may: Callable[[Principal, Plan], bool] | None = None) -> Plan:
    """The plan, after checking that the principal may read its bureau, has one of `roles` (if
    given) and passes `may` (if given); otherwise PermissionDenied with `denied`, which may name the
    bureau as {bureau}."""
    plan = get_plan(session, plan_key)
    allowed = (authz.can_view_bureau(principal, plan.bureau_id)
               and (roles is None or principal.role in set(roles))
               and (may is None or may(principal, plan)))
    authz.require(allowed, denied.format(bureau=plan.bureau.name if plan.bureau else ""))
    return plan
