"""A district approving while the school re-uploads never ends approved on figures the district did
not see — on SQLite (writers queue: whichever commits second decides) and on PostgreSQL (the upload
commits between the approval's read and its UPDATE, whose version check then refuses it)."""

from __future__ import annotations

import threading

import pytest

from db.session import write_session
from tests.conftest import on_postgres
from tests.ingest.helpers import OTHER_SCHOOL
from tests.workflow.helpers import send, state_row, who
from workflow import cycle
from workflow.states import StaleReview, State


def test_approval_racing_a_re_upload(demo_db, monkeypatch):
    period = "2027-06"
    first = send(period, school=OTHER_SCHOOL)
    district = who("demo_district")
    results: dict[str, object] = {}

    def re_upload():
        results["second"] = send(period, school=OTHER_SCHOOL, students=950, name="更正.xlsx")

    real = cycle._check_seen
    racer = threading.Thread(target=re_upload)

    def check_then_race(org, per, row, submission_id):  # after the approval has read the row
        real(org, per, row, submission_id)
        racer.start()
        racer.join(timeout=3)  # PostgreSQL: the upload commits now; SQLite: it waits for our write lock

    monkeypatch.setattr(cycle, "_check_seen", check_then_race)
    try:
        with write_session() as s:
            results["approved"] = cycle.approve(s, district, OTHER_SCHOOL, period, submission_id=first.submission_id)
    except StaleReview as err:
        results["refused"] = str(err)
    racer.join(timeout=120)
    assert not racer.is_alive()
    second = results["second"]
    state, sid, _version = state_row(OTHER_SCHOOL, period)
    # Either way the school's newest submission is the one in force, and it awaits review.
    assert (state, sid) == (State.SUBMITTED, second.submission_id)
    if on_postgres():  # the upload committed between the approval's read and its UPDATE
        assert "重新提交" in results["refused"] and "approved" not in results
    else:  # SQLite: the approval held the write lock; the re-upload came after and reopened the review
        assert results["approved"] == State.REVIEWED and "refused" not in results
