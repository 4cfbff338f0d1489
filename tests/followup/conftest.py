"""督办 tests share the demo database; every item a test opens is removed after it, so the briefing
and dashboard tests never meet them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from auth.identity import principal_named
from auth.principal import Principal
from db.models import FollowupAttachment, FollowupEvent, FollowupItem, OrgUnit
from db.session import read_session, write_session

PLAN = "2025-taizhou"
TODAY = date(2025, 12, 1)  # the clock the tests hold: the demo's November figures are the latest


def remove_items() -> None:
    with write_session() as s:
        events = select(FollowupEvent.id)
        s.execute(delete(FollowupAttachment).where(FollowupAttachment.event_id.in_(events)))
        s.execute(delete(FollowupEvent))
        s.execute(delete(FollowupItem))


@pytest.fixture
def clean(demo_db):
    remove_items()
    yield
    remove_items()


def who(username: str) -> Principal:
    with read_session() as s:
        return principal_named(s, username)


def district_code(n: int = 0) -> str:
    with read_session() as s:
        return list(s.scalars(select(OrgUnit.code).where(OrgUnit.level == "district", OrgUnit.code.like("331081%"))
                              .order_by(OrgUnit.code)))[n]
