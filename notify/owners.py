"""Messages to whoever owns a piece of work — a 科室 by name or a 片区/街道 — used by 督办 (followup/):
a new item at once, and the daily reminders (due soon, overdue) that followup hands in as a source.

followup/ sits above notify/, so notify cannot ask it for its items; the CLI's notify commands pass
`followup.for_notify.reminders` in, as they pass the briefing tools (notify.briefings). Without a
source the reminders are skipped; a new item's message is queued by followup itself
(notify.events.to_owner)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.models import NotifyChannel, OrgUnit
from notify.compose import drafts, for_scope
from notify.outbox import Draft
from notify.vocab import RuleKind, ScopeLevel


@dataclass(frozen=True)
class OwnerNote:
    """One message for the owner of a 督办 item. `key` makes it once-only in the outbox
    (e.g. 'followup|item12|due|2026-01-07'); `department` or `district_id` names the owner."""

    bureau_id: int
    department: str | None
    district_id: int | None
    key: str
    subject: str
    lines: tuple[str, ...]


# (session, bureau id, today in Beijing, days before the due date) → the notes due today
Reminders = Callable[[Session, int, date, int], list[OwnerNote]]


def targets(channels: list[NotifyChannel], note: OwnerNote) -> list[NotifyChannel]:
    """The owner's own channels; when the owner has none, the bureau's, so a 督办 is never unheard."""
    if note.department:
        own = for_scope(channels, ScopeLevel.DEPARTMENT, department=note.department)
    else:
        own = for_scope(channels, ScopeLevel.DISTRICT, note.district_id)
    return own or for_scope(channels, ScopeLevel.BUREAU, note.bureau_id)


def note_drafts(channels: list[NotifyChannel], note: OwnerNote, scope_code: str) -> list[Draft]:
    return drafts(targets(channels, note), RuleKind.FOLLOWUP, scope_code, note.district_id, None, note.key,
                  note.subject, list(note.lines), [], ["请登录 EduKPI 打开“督办”页面处理。"])


def scope_code(session: Session, note: OwnerNote) -> str:
    if note.department:
        return note.department
    org = session.get(OrgUnit, note.district_id) if note.district_id else None
    return org.code if org else ""


def reminder_drafts(session: Session, chans: list[NotifyChannel], bureau_id: int, today: date, days_before: int,
                    reminders: Reminders) -> list[Draft]:
    return [d for note in reminders(session, bureau_id, today, days_before)
            for d in note_drafts(chans, note, scope_code(session, note))]
