"""The briefing capabilities notify's rules and worker use (notify.briefings.BriefingTools), built here
because briefing sits above notify: the entry points (the CLI's notify commands) hand them in."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from auth.principal import SYSTEM
from briefing import export, layout, snapshot
from db.models import Briefing
from notify.briefings import BriefingTools


def _newest_or_new(session: Session, plan_key: str, period: str) -> Briefing:
    """The period's newest snapshot; made now (as the system) when there is none."""
    return (snapshot.latest_for_period(session, SYSTEM, plan_key, period)
            or snapshot.create_briefing(session, SYSTEM, plan_key, period))


def _render(snap: dict[str, Any], fmt: str, size: str) -> tuple[list[bytes], str]:
    files = export.render(snap, fmt, size)
    return files, export.file_names(snap, fmt, len(files))[0]


def tools() -> BriefingTools:
    return BriefingTools(make=_newest_or_new, page_count=layout.page_count, render=_render)
