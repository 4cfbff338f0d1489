"""Writing uploads: the submission (original bytes, sha256, who, when, status, error report),
its values, supersession of the previous upload, deadlines, and the audit log — all in the
caller's single transaction, so an upload is stored whole or not at all."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import Principal
from db import bulk
from db.models import DataValue, ReportingPeriod, Submission
from kpis.periods import shift

DEADLINE_DAY = 10
CHINA = timezone(timedelta(hours=8))
CHUNK = 900


def default_deadline(period: str) -> datetime:
    """Figures for a month are due on the 10th of the next month, 23:59 Beijing time."""
    y, m = map(int, shift(period, 1).split("-"))
    return datetime(y, m, DEADLINE_DAY, 23, 59, tzinfo=CHINA)


def deadline_of(session: Session, bureau_id: int, period: str, create: bool = False) -> datetime:
    rp = session.scalar(select(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau_id,
                                                      ReportingPeriod.period == period))
    if rp is None:
        due = default_deadline(period)
        if create:
            session.add(ReportingPeriod(bureau_id=bureau_id, period=period, deadline=due))
            session.flush()
        return due
    due = rp.deadline
    # SQLite keeps the wall-clock time without its offset; deadlines are written in Beijing time.
    return due if due.tzinfo else due.replace(tzinfo=CHINA)


def _chunks(items: list, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def current_values(session: Session, org_ids: list[int], period: str) -> dict[tuple[int, int], tuple[int, float]]:
    """(org, element) → (data_value id, value) for the period."""
    out: dict[tuple[int, int], tuple[int, float]] = {}
    if len(org_ids) > CHUNK:  # a district workbook: one pass over the period beats many IN lists
        wanted = set(org_ids)
        for vid, org, el, val in session.execute(
                select(DataValue.id, DataValue.org_unit_id, DataValue.element_id, DataValue.value)
                .where(DataValue.period == period)):
            if org in wanted:
                out[(org, el)] = (vid, val)
        return out
    for chunk in _chunks(org_ids):
        for vid, org, el, val in session.execute(
                select(DataValue.id, DataValue.org_unit_id, DataValue.element_id, DataValue.value)
                .where(DataValue.period == period, DataValue.org_unit_id.in_(chunk))):
            out[(org, el)] = (vid, val)
    return out


def current_submissions(session: Session, org_ids: list[int], period: str) -> dict[int, Submission]:
    out: dict[int, Submission] = {}
    for chunk in _chunks(org_ids):
        for sub in session.scalars(select(Submission).where(
                Submission.period == period, Submission.status == "accepted",
                Submission.org_unit_id.in_(chunk)).order_by(Submission.id)):
            out[sub.org_unit_id] = sub
    return out


def store_rejected(session: Session, who: Principal, filename: str, content: bytes, sha256: str,
                   org_id: int | None, period: str | None, errors: list[dict], uploader: str,
                   on_time: bool | None) -> Submission:
    sub = Submission(org_unit_id=org_id, period=period, uploaded_by=who.user_id, uploaded_by_name=uploader,
                     uploaded_at=datetime.now(CHINA), filename=filename[:300], content=content,
                     sha256=sha256, status="rejected", errors=errors, on_time=on_time)
    session.add(sub)
    session.flush()
    audit.record(session, who, "upload_rejected", "submission", sub.id,
                 after={"filename": filename, "sha256": sha256, "period": period, "errors": len(errors)})
    return sub


def store_accepted(session: Session, who: Principal, filename: str, content: bytes, sha256: str,
                   file_org_id: int, period: str, rows: list[tuple[int, dict[int, float]]], uploader: str,
                   on_time: bool, warnings: list[dict], element_codes: dict[int, str]) -> tuple[Submission, int]:
    """One file submission (+ one child per school when it covers several) and all values.

    rows: (school id, {element id: value}). Returns the file submission and the number of values
    that changed against what the period held before."""
    now = datetime.now(CHINA)  # wall-clock Beijing time, as deadlines (SQLite drops the offset)
    org_ids = [org for org, _ in rows]
    previous = current_submissions(session, org_ids, period)
    single = len(rows) == 1 and rows[0][0] == file_org_id
    file_sub = Submission(org_unit_id=file_org_id, period=period, uploaded_by=who.user_id,
                          uploaded_by_name=uploader, uploaded_at=now, filename=filename[:300], content=content,
                          sha256=sha256, status="accepted", errors=warnings, on_time=on_time,
                          supersedes_id=previous[file_org_id].id if single and file_org_id in previous else None)
    session.add(file_sub)
    session.flush()
    if single:
        sub_of = {file_org_id: file_sub.id}
    else:
        child_rows = [dict(org_unit_id=org, period=period, uploaded_by=who.user_id, uploaded_by_name=uploader,
                           uploaded_at=now, filename=filename[:300], content=b"", sha256=sha256, status="accepted",
                           errors=[], on_time=on_time, parent_id=file_sub.id,
                           supersedes_id=previous[org].id if org in previous else None) for org in org_ids]
        conn = session.connection()
        table = Submission.__table__
        ids = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), child_rows).scalars().all()
        sub_of = dict(zip(org_ids, ids))
    if previous:
        t = Submission.__table__
        session.connection().execute(update(t).where(t.c.id == bindparam("sid")).values(status="superseded"),
                                     [{"sid": p.id} for p in previous.values()])

    existing = current_values(session, org_ids, period)
    inserts, updates, changed = [], [], 0
    audits = []
    for org, values in rows:
        before, after = {}, {}
        for el, x in values.items():
            old = existing.get((org, el))
            if old is None:
                inserts.append((org, el, period, x, sub_of[org]))
                after[element_codes[el]] = x
                changed += 1
            else:
                updates.append((x, sub_of[org], old[0]))
                if old[1] != x:
                    before[element_codes[el]] = old[1]
                    after[element_codes[el]] = x
                    changed += 1
        audits.append((org, before, after))
    values_table = DataValue.__table__
    bulk.insert_rows(session, values_table, ("org_unit_id", "element_id", "period", "value", "submission_id"), inserts)
    bulk.update_rows(session, values_table, ("value", "submission_id"), "id", updates)
    audit.record_many(session, who, "submit_values", "submission", [
        (sub_of[org],
         {"period": period, "org_unit_id": org, "values": before} if before else None,
         {"period": period, "org_unit_id": org, "filename": filename, "sha256": sha256, "values": after,
          "supersedes": previous[org].id if org in previous else None})
        for org, before, after in audits])
    return file_sub, changed
