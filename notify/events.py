"""Events other code raises in its own transaction: the reporting cycle's 退回修改 and 待审核, a new
督办 item, and a briefing snapshot just made. Each queues its messages with the caller's session, so
the event and its messages commit together or not at all (the outbox pattern); the worker delivers
them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import Invalid, NotFound
from db.models import Briefing, OrgUnit
from notify import channels as channel_service
from notify import compose
from notify.outbox import enqueue as queue
from notify.owners import OwnerNote, note_drafts, scope_code
from notify.rules import briefing_drafts, rules_for
from notify.vocab import RuleKind

REVIEW_RULES = (RuleKind.RETURNED, RuleKind.AWAITING_REVIEW)


def enqueue(session: Session, rule: RuleKind | str, *, school: int | str, period: str, event_id: str | int,
            reason: str | None = None) -> list[int]:
    """Queue a reporting-cycle message: `rule` RETURNED (the school's figures were sent back, with the
    reason) or AWAITING_REVIEW (the school submitted; its district should review). `school` is the
    school's id or 学校标识码; `event_id` names the transition (e.g. its row id): the same event queued
    twice is sent once, a later return of the same school and period is a new message.
    Returns the ids of the queued rows ([] when the rule is off or nobody has a channel)."""
    rule = RuleKind(rule)
    if rule not in REVIEW_RULES:
        raise Invalid(f"规则 {rule} 不是报送流程的事件（应为 returned 或 awaiting_review）。")
    q = select(OrgUnit).where(OrgUnit.id == school) if isinstance(school, int) else select(OrgUnit).where(
        OrgUnit.code == str(school))
    org = session.scalar(q)
    if org is None or org.level != "school":
        raise NotFound(f"未找到学校 {school}。")
    if not rules_for(session, org.bureau_id)[rule].enabled:
        return []
    chans = channel_service.active_channels(session, org.bureau_id)
    district = session.get(OrgUnit, org.parent_id) if org.parent_id else None
    return queue(session, compose.review(chans, rule, org, district, period, str(event_id), reason))


def briefing_created(session: Session, briefing: Briefing, pages: int) -> list[int]:
    """Queue a new briefing snapshot of `pages` pages for the bureau's channels (call in the
    transaction that made it)."""
    if briefing is None:
        return []
    plan, bureau = compose.briefing_plan(session, briefing)
    if not rules_for(session, bureau.id)[RuleKind.BRIEFING].enabled:
        return []
    return queue(session, briefing_drafts(session, briefing, pages))


def briefing_by_id(session: Session, briefing_id: int) -> Briefing:
    row = session.get(Briefing, briefing_id)
    if row is None:
        raise NotFound("该期简报已不存在。")
    return row


def to_owner(session: Session, note: OwnerNote) -> list[int]:
    """Queue `note` in the caller's transaction (the event and its message commit together); returns
    the new outbox ids ([] when the 督办提醒 rule is off or the bureau has no channel)."""
    if not rules_for(session, note.bureau_id)[RuleKind.FOLLOWUP].enabled:
        return []
    chans = channel_service.active_channels(session, note.bureau_id)
    return queue(session, note_drafts(chans, note, scope_code(session, note)))
