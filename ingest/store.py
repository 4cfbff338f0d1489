"""Writing uploads: the submission (original bytes, sha256, who, when, status, error report),
its values, supersession of the previous upload, deadlines, and the audit log — all in the
caller's single transaction, so an upload is stored whole or not at all."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm import Session

from auth import audit
from auth.principal import Principal
from db import bulk
from db.models import ReportingPeriod, SchoolValues, Submission, decode_values, encode_values
from kpis import deadlines
from workflow import cycle, locks
from core.timezones import CHINA  # noqa: F401 - Beijing time, defined once

DEADLINE_DAY = deadlines.DEADLINE_DAY
CHUNK = 900


def default_deadline(period: str) -> datetime:
    """Figures for a month are due on the 10th of the next month, 23:59 Beijing time (kpis.deadlines keeps the rule)."""
    return deadlines.default_deadline(period)


def deadline_of(session: Session, bureau_id: int, period: str, create: bool = False) -> datetime:
    rp = session.scalar(select(ReportingPeriod).where(ReportingPeriod.bureau_id == bureau_id,
                                                      ReportingPeriod.period == period))
    if rp is None:
        due = default_deadline(period)
        if create:
            session.add(ReportingPeriod(bureau_id=bureau_id, period=period, deadline=due))
            session.flush()
        return due
    return rp.deadline.astimezone(CHINA)  # stored in UTC (db.types.UTCDateTime), read in Beijing time


def _chunks(items: list, n: int = CHUNK):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def current_values(session: Session, org_ids: list[int], period: str) -> dict[int, dict[int, float]]:
    """school id → {element id: value} for the period (schools without figures are absent)."""
    t = SchoolValues.__table__.c
    if len(org_ids) > CHUNK:  # a district workbook: one pass over the period beats many IN lists
        wanted = set(org_ids)
        rows = session.connection().execute(select(t.org_unit_id, t.values_json).where(t.period == period)).all()
        return {org: decode_values(text) for org, text in rows if org in wanted}
    out: dict[int, dict[int, float]] = {}
    for chunk in _chunks(org_ids):
        for org, text in session.connection().execute(
                select(t.org_unit_id, t.values_json).where(t.period == period, t.org_unit_id.in_(chunk))):
            out[org] = decode_values(text)
    return out


def current_submissions(session: Session, org_ids: list[int], period: str) -> dict[int, Row]:
    """org → the accepted submission in force for the period, as a light row (id, org_unit_id,
    sha256, on_time): callers need only those, and a district file asks about 10,000 schools at once."""
    c = Submission.__table__.c
    q = select(c.id, c.org_unit_id, c.sha256, c.on_time).where(c.period == period, c.status == "accepted")
    out: dict[int, Row] = {}
    if len(org_ids) > CHUNK:  # a district workbook: one pass over the period beats many IN lists
        wanted = set(org_ids)
        for sub in session.connection().execute(q).all():
            org = sub.org_unit_id
            if org in wanted and (org not in out or out[org].id < sub.id):  # the newest, as ORDER BY id gives
                out[org] = sub
        return out
    for chunk in _chunks(org_ids):
        for sub in session.connection().execute(q.where(c.org_unit_id.in_(chunk)).order_by(c.id)).all():
            out[sub.org_unit_id] = sub
    return out


def held_bytes(session: Session, sha256: str) -> int | None:
    """The id of a submission that holds these bytes (None if none does yet)."""
    c = Submission.__table__.c
    return session.scalar(select(c.id).where(c.sha256 == sha256, func.length(c.content) > 0).limit(1))


def file_bytes(session: Session, sub: Submission) -> bytes:
    """A submission's file: its own content, or that of the row of the same sha256 holding it."""
    if sub.content:
        return bytes(sub.content)
    holder = held_bytes(session, sub.sha256)
    return b"" if holder is None else bytes(session.get(Submission, holder).content)


def stored_today(session: Session, who: Principal, uploader: str) -> int:
    """Bytes of upload content this account stored since midnight, Beijing time."""
    c = Submission.__table__.c
    midnight = datetime.now(CHINA).replace(hour=0, minute=0, second=0, microsecond=0)
    account = c.uploaded_by == who.user_id if who.user_id is not None else \
        c.uploaded_by.is_(None) & (c.uploaded_by_name == uploader)
    return int(session.scalar(select(func.coalesce(func.sum(func.length(c.content)), 0))
                              .where(account, c.uploaded_at >= midnight)) or 0)


def store_rejected(session: Session, who: Principal, filename: str, content: bytes, sha256: str,
                   org_id: int | None, period: str | None, errors: list[dict], uploader: str,
                   on_time: bool | None) -> Submission:
    """The refused file and its error report; bytes already held under the same sha256 (the same
    file refused again) are not stored a second time."""
    if held_bytes(session, sha256) is not None:
        content = b""
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
                   on_time: bool | dict[int, bool], warnings: list[dict], element_codes: dict[int, str],
                   existing: dict[tuple[int, int], float] | None = None,
                   org_codes: dict[int, str] | None = None, source: str = "file") -> tuple[Submission, int]:
    """One file submission (+ one child per school when it covers several) and all values.

    rows: (school id, {element id: value}); existing: what current_values() returned for these
    schools and period ({school id: {element id: value}}), if the caller already has it (read in the same transaction). Returns the
    file submission and the number of values that changed against what the period held before.

    One audit row per file: a single-school file keeps each value's before/after by element code;
    a multi-school file keeps, per school code, the before/after of every value it overwrote with a
    different one, and the count of values it added (those are the stored file's own cells)."""
    locks.ensure_open_for_org(session, file_org_id, period)  # every commit path refuses a locked period
    now = datetime.now(CHINA)
    org_ids = [org for org, _ in rows]
    previous = current_submissions(session, org_ids, period)
    single = len(rows) == 1 and rows[0][0] == file_org_id
    # on_time per school: a correction after the deadline keeps the on-time mark of what it corrects
    timely = on_time if isinstance(on_time, dict) else dict.fromkeys(org_ids, on_time)
    file_sub = Submission(org_unit_id=file_org_id, period=period, uploaded_by=who.user_id,
                          uploaded_by_name=uploader, uploaded_at=now, filename=filename[:300], content=content,
                          sha256=sha256, status="accepted", errors=warnings, source=source,
                          on_time=timely[file_org_id] if single else all(timely.values()),
                          supersedes_id=previous[file_org_id].id if single and file_org_id in previous else None)
    session.add(file_sub)
    session.flush()
    if single:
        sub_of = {file_org_id: file_sub.id}
    else:
        # Plain executemany, then read the ids back by parent (RETURNING with parameter order would
        # make SQLite insert row by row).
        c = Submission.__table__.c
        at, no_errors = bulk.bind_value(session, c.uploaded_at, now), bulk.bind_value(session, c.errors, [])
        shared = {"period": period, "uploaded_by": who.user_id, "uploaded_by_name": uploader, "uploaded_at": at,
                  "filename": filename[:300], "content": b"", "sha256": sha256, "status": "accepted",
                  "errors": no_errors, "source": source, "parent_id": file_sub.id}
        bulk.insert_shared(session, Submission.__table__, shared, ("org_unit_id", "supersedes_id", "on_time"),
                           [(org, previous[org].id if org in previous else None, timely[org]) for org in org_ids])
        sub_of = dict(session.execute(select(Submission.org_unit_id, Submission.id)
                                      .where(Submission.parent_id == file_sub.id)).all())
    if previous:
        t = Submission.__table__
        session.connection().execute(update(t).where(t.c.id == bindparam("sid")).values(status="superseded"),
                                     [{"sid": p.id} for p in previous.values()])

    if existing is None:
        existing = current_values(session, org_ids, period)
    inserts, updates, changed = [], [], 0
    before_all: dict[object, dict[str, float]] = {}
    after_all: dict[object, dict[str, float]] = {}
    added = 0
    for org, values in sorted(rows, key=lambda r: r[0]):  # in key order: (period, school)
        sub = sub_of[org]
        old_values = existing.get(org)
        if old_values is None:  # the school's first figures for the period: every value is new
            inserts.append((period, org, encode_values(values), sub))
            added += len(values)
            if single:
                after_all[org] = {element_codes[el]: x for el, x in values.items()}
            continue
        before, after = {}, {}
        for el, x in values.items():
            old = old_values.get(el)
            if old is None:
                added += 1
                if single:
                    after[element_codes[el]] = x
            elif old != x:
                before[element_codes[el]] = old
                after[element_codes[el]] = x
        # Values this file leaves out keep what the period held (a partial re-upload adds, never erases).
        updates.append((encode_values({**old_values, **values}), sub, period, org))
        changed += len(before)
        if before:
            before_all[org] = before
        if after:
            after_all[org] = after
    changed += added
    table = SchoolValues.__table__
    bulk.insert_rows(session, table, ("period", "org_unit_id", "values_json", "submission_id"), inserts)
    bulk.update_rows(session, table, ("values_json", "submission_id"), ("period", "org_unit_id"), updates)
    if single:
        org = file_org_id
        audit_before = {"period": period, "org_unit_id": org, "values": before_all[org]} if org in before_all else None
        audit_after = {"period": period, "org_unit_id": org, "filename": filename, "sha256": sha256,
                       "values": after_all.get(org, {}), "supersedes": previous[org].id if org in previous else None}
    else:
        code = org_codes or {}
        audit_before = {"period": period, "values": {code.get(o, str(o)): b for o, b in before_all.items()}} \
            if before_all else None
        audit_after = {"period": period, "org_unit_id": file_org_id, "filename": filename, "sha256": sha256,
                       "schools": len(rows), "added": added, "changed": changed,
                       "values": {code.get(o, str(o)): a for o, a in after_all.items()},
                       "superseded": len(previous)}  # each child's supersedes_id names the one it replaced
    audit.record_many(session, who, "submit_values", "submission", [(file_sub.id, audit_before, audit_after)])
    cycle.submitted(session, who, period, sub_of, uploader)  # 已提交 again: needs review
    return file_sub, changed


def store_refused_rows(session: Session, who: Principal, file_sub: Submission, refused: list[tuple[int, list[dict]]],
                       uploader: str, on_time: bool) -> None:
    """A district workbook's refused rows: one rejected child of the file per school, with that
    row's error report, so the school's 填报记录 shows the refusal (its figures are untouched)."""
    for org, errors in refused:
        session.add(Submission(org_unit_id=org, period=file_sub.period, uploaded_by=who.user_id,
                               uploaded_by_name=uploader, uploaded_at=file_sub.uploaded_at, filename=file_sub.filename,
                               content=b"", sha256=file_sub.sha256, status="rejected", errors=errors,
                               on_time=on_time, parent_id=file_sub.id, source=file_sub.source))
    session.flush()
    audit.record(session, who, "upload_rows_refused", "submission", file_sub.id,
                 after={"period": file_sub.period, "schools": [org for org, _ in refused],
                        "errors": sum(len(e) for _, e in refused)})
