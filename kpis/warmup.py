"""Compute every plan's figures for its current period once, as the system, before the server answers
its first request (app.py): the first 总览 after a restart then finds them in the figures shared across
principals, and the database's pages and the lazily imported libraries warm (issue 18)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from auth.principal import SYSTEM
from kpis import current, figures
from kpis.catalog import query as catalog_query


def warm_up(session: Session) -> int:
    """Turns on the figures shared across principals (kpis.figures) and fills them for every plan's
    current period at bureau scope. Returns how many plans were computed."""
    figures.share_across_principals()
    plans = catalog_query.plans(session)
    for plan in plans:
        figures.plan_status(session, SYSTEM, plan.key, current.of_plan_year(plan.year).period, None, None, None)
    return len(plans)
