"""What notify needs of the briefing package, handed in by the callers that may import it.

briefing/ sits above notify/ (a briefing snapshot queues its messages through notify in its own
transaction), so notify cannot import briefing. The few things the rules and the worker need of a
briefing — make last month's snapshot on a set day, count its pages, render a page as PNG or the
whole PDF — come in as a BriefingTools built by `briefing.for_notify.tools()` at the entry points
(the CLI's notify commands, the pages). Without tools, briefing rules are skipped and a queued
briefing message waits for a worker that has them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from db.models import Briefing


@dataclass(frozen=True)
class BriefingTools:
    # (session, plan key, period) → the period's newest snapshot, made now if there is none
    make: Callable[[Session, str, str], Briefing]
    # snapshot JSON → its number of pages
    page_count: Callable[[dict[str, Any]], int]
    # (snapshot JSON, "png" | "pdf", "WIDTHxHEIGHT") → (the files, the first file's name)
    render: Callable[[dict[str, Any], str, str], tuple[list[bytes], str]]
