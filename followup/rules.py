"""The 督办 state machine and who may take each step, on plain facts (no database): one table says
from which states an action may be taken, which state follows, and whether the owner or the
leader takes it, so the service, the page's buttons and the tests read the same rules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from auth.principal import Principal
from core.errors import Invalid
from kpis.followup_view import ItemState, OwnerKind

S = ItemState


class FollowupError(Invalid):
    """Input a 督办 step cannot accept (empty cause, a due date in the past, a step not allowed in the
    item's state); str(err) says what to change."""


class Action(StrEnum):
    """A step of an item, as stored in followup_event.action and shown in its timeline."""

    OPEN = "发起督办"
    PROGRESS = "更新进展"
    SUBMIT = "申请办结"
    ACCEPT = "验收通过"
    RETURN = "退回整改"
    ASK_EXTENSION = "申请延期"
    GRANT_EXTENSION = "同意延期"
    REFUSE_EXTENSION = "不同意延期"


@dataclass(frozen=True)
class Step:
    from_states: tuple[ItemState, ...]
    to_state: ItemState | None  # None: the state does not change
    by: str  # owner | leader


STEPS: dict[Action, Step] = {
    Action.PROGRESS: Step((S.OPEN, S.IN_PROGRESS), S.IN_PROGRESS, "owner"),
    Action.SUBMIT: Step((S.OPEN, S.IN_PROGRESS), S.TO_ACCEPT, "owner"),
    Action.ASK_EXTENSION: Step((S.OPEN, S.IN_PROGRESS), None, "owner"),
    Action.ACCEPT: Step((S.TO_ACCEPT,), S.CLOSED, "leader"),
    Action.RETURN: Step((S.TO_ACCEPT,), S.IN_PROGRESS, "leader"),
    Action.GRANT_EXTENSION: Step((S.OPEN, S.IN_PROGRESS, S.TO_ACCEPT), None, "leader"),
    Action.REFUSE_EXTENSION: Step((S.OPEN, S.IN_PROGRESS, S.TO_ACCEPT), None, "leader"),
}

LEADER_ROLES = ("leader", "admin")  # open items, accept, send back, decide extensions


def is_leader(p: Principal, bureau_id: int) -> bool:
    return p.role in LEADER_ROLES and (p.bureau_id is None or p.bureau_id == bureau_id)


def is_owner(p: Principal, bureau_id: int, owner_kind: str, owner: str, owner_org_id: int | None) -> bool:
    """The owning 科室's officers, the owning district's officers; an admin of the bureau may act for them."""
    if p.bureau_id is not None and p.bureau_id != bureau_id:
        return False
    if p.role == "admin":
        return True
    if owner_kind == OwnerKind.DEPARTMENT:
        return p.role == "department" and bool(p.department) and p.department == owner
    return p.role == "district" and owner_org_id is not None and p.scope_org_id == owner_org_id


def allowed(action: Action, state: str, has_request: bool) -> bool:
    """May `action` be taken on an item in `state` (with or without an extension asked for)?"""
    step = STEPS[action]
    if state not in step.from_states:
        return False
    if action == Action.ASK_EXTENSION:
        return not has_request
    if action in (Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION):
        return has_request
    return True


def refusal(action: Action, state: str, has_request: bool) -> str:
    """Why `action` may not be taken now, in Chinese."""
    if action in (Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION) and not has_request:
        return "该督办事项没有待审批的延期申请。"
    if action == Action.ASK_EXTENSION and has_request and state in STEPS[action].from_states:
        return "已有一项延期申请等待局领导审批，请等审批后再申请。"
    if state == S.CLOSED:
        return "该督办事项已办结，不能再操作。"
    if action in (Action.ACCEPT, Action.RETURN):
        return f"该督办事项当前为“{state}”，责任单位申请办结后才能验收或退回。"
    return f"该督办事项当前为“{state}”（待局领导验收），不能{action}；如需补充，请等验收结果。"


def actions_for(p: Principal, bureau_id: int, owner_kind: str, owner: str, owner_org_id: int | None,
                state: str, has_request: bool) -> list[Action]:
    """The steps this principal may take on the item now (the page shows exactly these)."""
    leader = is_leader(p, bureau_id)
    owner_ok = is_owner(p, bureau_id, owner_kind, owner, owner_org_id)
    return [a for a, step in STEPS.items()
            if (leader if step.by == "leader" else owner_ok) and allowed(a, state, has_request)]
