"""The upload service: read → validate → preview or store, for one file.

`upload(..., commit=False)` previews (nothing is written); `commit=True` stores the file whatever
the outcome: accepted (all values in the same transaction), rejected (with its error report), or
recognised as identical to the upload already in force."""

from __future__ import annotations

import gc
import hashlib
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from db.models import DataElement, OrgUnit, Submission
from db.session import is_contention, queue_writers, read_session, write_session
from ingest import checks, sandbox, store
from ingest.issues import Issue, Rejected
from ingest.read import Sheet
from ingest.validate import School, Target, Validation, _header_key, validate
from ingest.values import ElementRule, parse_code
from workflow import locks
from kpis.catalog.elements import bureau_element_codes
from kpis.catalog.rules import load_rules
from kpis.periods import is_period, previous_period
from core.errors import Unavailable

RETRY_SECONDS = 120.0  # how long a commit keeps retrying while other writers hold the database
WRITERS = "edukpi.uploads"  # uploads take turns on PostgreSQL, as they do on SQLite
DAILY_BYTES = 200 * 1024 * 1024  # upload bytes one account may store per day (Beijing time)


def daily_cap_mb() -> int:
    """DAILY_BYTES in MB, as messages and the page state it."""
    return DAILY_BYTES // 1024 // 1024


class StorageBusy(Unavailable):
    """The database stayed busy with other writers for RETRY_SECONDS: nothing of this file was
    written (the transaction rolled back), and the user is told to upload it again."""

    def __init__(self, filename: str):
        super().__init__(f"系统正忙（多人同时提交），文件“{filename}”未能保存，数据没有写入。请稍等一两分钟后重新上传同一文件。")


@dataclass
class ValueLine:
    school_code: str
    school_name: str
    element: str  # element name
    unit: str
    value: float
    last_period: float | None  # the previous month's value
    in_force: float | None  # what this period held before this upload
    outlier: bool
    kind: str = "int"  # the element's type: int float percent bool
    reference: str = ""  # what the value was compared with, in Chinese ("上期为 812人")

    def show(self, x: float | None) -> str:
        """A value as the preview writes it: 是/否 for a yes/no element, never 1/0."""
        if x is None:
            return ""
        return ("是" if x else "否") if self.kind == "bool" else f"{x:g}"


@dataclass
class UploadResult:
    status: str  # ready (preview, no errors) | accepted | rejected | identical | invalid (preview with errors)
    filename: str
    sha256: str
    period: str | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    lines: list[ValueLine] = field(default_factory=list)
    schools: int = 0
    values: int = 0
    changed: int = 0  # values that differ from what the period held
    submission_id: int | None = None
    on_time: bool | None = None
    deadline: datetime | None = None
    refused: list[Issue] = field(default_factory=list)  # rows refused on their own (the others are stored)
    blank: list[str] = field(default_factory=list)  # schools whose row was left blank: their data is left alone
    unchanged: list[str] = field(default_factory=list)  # schools whose row repeats what they hold: not stored again
    kept_on_time: int = 0  # corrections after the deadline of on-time submissions (they stay on time)
    same_bytes: bool = False  # identical: the very file in force (else: the same numbers)

    @property
    def refused_schools(self) -> list[str]:
        return list(dict.fromkeys(i.school or f"第 {i.row} 行" for i in self.refused))

    @property
    def replaces(self) -> bool:
        return any(line.in_force is not None for line in self.lines)

    @property
    def outliers(self) -> list[ValueLine]:
        return [line for line in self.lines if line.outlier]


def _bureau_of(org: OrgUnit) -> int:
    return int(scope.bureau_of(org) or 0)


def load_context(session: Session, bureau_id: int | None, codes: set[str] | None = None,
                 ) -> tuple[list[ElementRule], dict[str, School], dict[str, int]]:
    """Element rules, schools by code (with the elements each reports) and element ids by code.

    With a bureau and `codes` (the school codes a file names), only those schools are loaded: a
    one-school file in a bureau of 10,000 schools need not build 10,000 School records. Lookups of
    any of those codes give exactly what loading the whole bureau would give."""
    q = select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.school_type, OrgUnit.parent_id, OrgUnit.bureau_id) \
        .where(OrgUnit.level == "school")
    if bureau_id is not None:
        q = q.where(OrgUnit.bureau_id == bureau_id)
    conn = session.connection()  # Core rows as plain tuples: no ORM loading for 10,000 schools
    if bureau_id is not None and codes is not None and len(codes) <= store.CHUNK:
        orgs = conn.execute(q.where(OrgUnit.code.in_(sorted(codes)))).all() if codes else []
        bureaus = {int(o[5] or 0) for o in orgs} | {bureau_id}
    else:
        orgs = conn.execute(q).all()  # Rows unpack like tuples; fetched at once
        bureaus = {int(b or 0) for b in {o[5] for o in orgs}}
    used_by_bureau = {b: bureau_element_codes(session, b) for b in bureaus}
    all_used = set().union(*used_by_bureau.values()) if used_by_bureau else set()
    els = [e for e in session.scalars(select(DataElement).order_by(DataElement.id)) if e.code in all_used]
    types = {e.code: set(e.school_types or []) for e in els}
    reported: dict[tuple[int, str], frozenset[str]] = {}
    schools = {}
    for oid, code, name, school_type, parent_id, bureau in orgs:
        key = (int(bureau or 0), school_type or "")
        elements = reported.get(key)
        if elements is None:
            elements = reported[key] = frozenset(c for c in used_by_bureau[key[0]] if key[1] in types.get(c, ()))
        schools[code] = School(oid, code, name, key[1], parent_id, key[0], elements)
    rules = [ElementRule(e.code, e.name, e.unit or "", e.type, e.min_value, e.max_value) for e in els]
    return rules, schools, {e.code: e.id for e in els}


def target_of(session: Session, org_code: str) -> Target | None:
    org = session.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
    return None if org is None else Target(org.id, org.code, org.name, org.level)


UPLOAD_ROLES = ("school", "district", "admin")  # who may send school figures at all


def _check_target(p: Principal, org: OrgUnit) -> None:
    facts = scope.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)
    if org.level == "school":
        scope.require(scope.can_submit_for(p, facts), f"您无权为“{org.name}”填报数据。")
    else:
        scope.require(scope.can_view_org(p, facts) and p.role in ("district", "admin"),
                      f"您无权为“{org.name}”上传多校数据。")


def upload(principal: Principal, filename: str, content: bytes, *, period: str | None = None,
           org_code: str | None = None, uploader: str | None = None, commit: bool = False,
           engine: Engine | None = None, now: datetime | None = None, detail: bool | None = None,
           source: str = "file", parsed: tuple[Sheet | None, list[Issue]] | None = None) -> UploadResult:
    """Check one file (and with commit=True store it). Raises PermissionDenied if the principal may
    not upload for org_code; every problem with the file itself is in the result's errors. `detail`
    (default: when previewing) lists every value with last period's and flags outliers."""
    # A commit that meets other writers (SQLite still locked after its busy timeout, PostgreSQL
    # serialization failure or deadlock) rolled back whole; it is tried again from the start until
    # RETRY_SECONDS have passed, then StorageBusy says so in Chinese. No "database is locked".
    # Before anything else, so a role that never uploads leaves nothing behind, not even a rejected file.
    scope.require(principal.role in UPLOAD_ROLES, "只有学校填报员、片区/街道填报员和管理员可以上传学校数据。")
    # Parsed once, in a child process under limits, before any database work (and not again on a retry).
    # The web form hands over the sheet it built (ingest.form), and goes on exactly as a file does.
    kwargs = dict(period=period, org_code=org_code, uploader=uploader, commit=commit, engine=engine, now=now,
                  detail=detail, source=source, parsed=parsed if parsed is not None else _parse(filename, content))
    with _no_cycle_collection():
        if not commit:
            return _upload_once(principal, filename, content, **kwargs)
        return _with_retries(principal, filename, content, kwargs)


@contextmanager
def _no_cycle_collection():
    """A district file makes some 500,000 short-lived objects (cells, rows, parameters) that plain
    reference counting frees; the cycle collector would walk them ~300 times per file for nothing
    (0.2 s of CPU, 10–15 % of the upload). It is paused for the upload and resumed afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(filename: str, content: bytes) -> tuple[Sheet | None, list[Issue]]:
    """The data sheet, or the issues that say why the file cannot be read."""
    try:
        return sandbox.read(filename, content), []
    except Rejected as rej:
        return None, list(rej.issues)
    except Exception:  # noqa: BLE001 - a reader bug must reject the file, not crash the page or lose it
        return None, [Issue("文件无法读取（格式异常）", fix="请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传")]


def _with_retries(principal: Principal, filename: str, content: bytes, kwargs: dict) -> UploadResult:
    give_up = time.monotonic() + RETRY_SECONDS
    pause = 0.05
    while True:
        try:
            return _upload_once(principal, filename, content, **kwargs)
        except Exception as exc:
            if not is_contention(exc):
                raise
            if time.monotonic() + pause > give_up:
                raise StorageBusy(filename) from exc
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 2.0)


def _upload_once(principal: Principal, filename: str, content: bytes, *, period: str | None = None,
                 org_code: str | None = None, uploader: str | None = None, commit: bool = False,
                 engine: Engine | None = None, now: datetime | None = None, detail: bool | None = None,
                 source: str = "file", parsed: tuple[Sheet | None, list[Issue]] = (None, [])) -> UploadResult:
    detail = (not commit) if detail is None else detail
    if period is not None and not is_period(period):
        raise ValueError(f"期间格式应为 YYYY-MM，收到：{period!r}")
    sha = hashlib.sha256(content).hexdigest()
    result = UploadResult("ready", filename, sha, period)
    sheet, read_errors = parsed
    result.errors = list(read_errors)
    uploader = uploader or principal.display_name or principal.username
    opener = write_session if commit else read_session
    with opener(engine) as s:
        if commit:
            queue_writers(s, WRITERS)
        target_org = None
        if org_code is not None:
            target_org = s.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
            if target_org is None:
                raise ValueError(f"未找到单位 {org_code}")
            _check_target(principal, target_org)
        elif principal.role == "school" and principal.scope_org_id:
            target_org = s.get(OrgUnit, principal.scope_org_id)
        bureau_id = _bureau_of(target_org) if target_org is not None else principal.bureau_id
        rules, schools, element_ids = load_context(s, bureau_id, _school_codes(sheet))
        target = Target(target_org.id, target_org.code, target_org.name, target_org.level) if target_org else None
        v = Validation(period=period)
        if sheet is not None:
            try:
                v = validate(sheet, rules, schools, principal, period, target)
            except Exception:  # noqa: BLE001
                v.errors = [Issue("文件内容无法识别", fix="请使用本系统下载的模板填写后再上传")]
        result.errors += v.errors
        result.warnings = v.warnings
        result.period = v.period or period
        now = now or datetime.now(timezone.utc)
        bureau_for_deadline = bureau_id or (v.rows[0].school.bureau_id if v.rows else None)
        locks.ensure_open(s, bureau_for_deadline, result.period)  # a locked period: refused, nothing written
        if result.period and bureau_for_deadline:
            result.deadline = store.deadline_of(s, bureau_for_deadline, result.period, create=commit)
            result.on_time = now <= result.deadline
        in_force = _check_rules(s, v, result, rules, element_ids, sheet)
        # An issue on a data row refuses that school's row only; any other refuses the file.
        bad_rows = {i.row for i in result.errors if v.data_start is not None and i.row is not None and i.row >= v.data_start}
        bad_rows |= {rv.row for rv in v.rows if rv.school.id in v.duplicates}  # two rows: both refused
        good = [rv for rv in v.rows if rv.row not in bad_rows]
        if any(i.row not in bad_rows for i in result.errors) or not good:
            if not result.errors:
                result.errors = [Issue("文件中没有可导入的数据", fix="请在模板中填写数据后再上传")]
            result.status = "invalid"
            if commit and _over_cap(s, principal, uploader, content, sha, result, refused=True):
                return result
            if commit:
                org_id = target_org.id if target_org else principal.scope_org_id
                sub = store.store_rejected(s, principal, filename, content, sha, org_id, result.period,
                                           [i.as_dict() for i in result.errors], uploader, result.on_time)
                result.submission_id, result.status = sub.id, "rejected"
            return result
        result.refused, result.errors = result.errors, []
        result.blank = [b.name for b in v.blank]

        period = result.period
        org_ids = [rv.school.id for rv in good]
        multi = target is None or target.level != "school"  # a district's (or untargeted) workbook
        past = checks.history_values(s, org_ids, period) if detail else {}
        code_of = {i: c for c, i in element_ids.items()}
        rule_of = {r.code: r for r in rules}
        rows_for_store: list[tuple[int, dict[int, float]]] = []
        ids_of: dict[tuple[str, ...], tuple[int, ...]] = {}  # most rows share one tuple of element codes
        n_values = n_changed = 0
        for rv in good:
            ids = ids_of.get(rv.codes)
            if ids is None:
                ids = ids_of[rv.codes] = tuple(map(element_ids.__getitem__, rv.codes))
            sid = rv.school.id
            by_id = dict(zip(ids, rv.numbers))
            held = in_force.get(sid, {})
            diff = len(by_id) if not held else sum(1 for el, x in by_id.items() if held.get(el) != x)
            if multi and held and not diff:
                result.unchanged.append(rv.school.name)  # the school's own submission stays in force
                continue
            rows_for_store.append((sid, by_id))
            n_values += len(by_id)
            n_changed += diff
            if detail:
                result.lines += _lines(rv, by_id, held, past.get(sid, []), period, code_of, rule_of)
        result.schools, result.values, result.changed = len(rows_for_store), n_values, n_changed
        for line in result.outliers:
            result.warnings.append(Issue(
                f"“{line.school_name}”的“{line.element}”本期为 {line.value:g}{line.unit}，{line.reference}，变化较大",
                fix="请核对是否填写有误；确认无误可照常提交", level="warning", school=line.school_name))
        previous = store.current_submissions(s, [sid for sid, _ in rows_for_store], period)
        # A correction after the deadline of a school that reported on time stays on time.
        on_time = {sid: bool(result.on_time) or bool(previous[sid].on_time if sid in previous else False)
                   for sid, _ in rows_for_store}
        result.kept_on_time = sum(1 for sid in on_time if on_time[sid] and not result.on_time)
        same_bytes = _same_file_in_force(s, sha, period, org_ids)
        if result.changed == 0 and not result.refused and (same_bytes or all(sid in in_force for sid, _ in rows_for_store)):
            result.status, result.same_bytes = "identical", same_bytes
            if commit:
                audit.record(s, principal, "upload_identical", "submission", None,
                             after={"filename": filename, "sha256": sha, "period": period},
                             bureau_id=bureau_for_deadline)
            return result
        if not commit:
            return result
        if _over_cap(s, principal, uploader, content, sha, result, refused=False):
            return result
        file_org = target_org if target_org is not None and target_org.level != "bureau" else None
        file_org_id = file_org.id if file_org is not None else (
            good[0].school.id if len(v.rows) == 1 else good[0].school.parent_id)
        sub, _changed = store.store_accepted(s, principal, filename, content, sha, file_org_id, period, rows_for_store,
                                             uploader, on_time, [w.as_dict() for w in result.warnings],
                                             code_of, existing=in_force,
                                             org_codes={rv.school.id: rv.school.code for rv in good},
                                             source=source)
        if result.refused:
            store.store_refused_rows(s, principal, sub, _refused_by_school(result.refused, {rv.row: rv.school.id for rv in v.rows}), uploader,
                                     bool(result.on_time))
        result.submission_id, result.status = sub.id, "accepted"
        return result


def _over_cap(s: Session, principal: Principal, uploader: str, content: bytes, sha: str, result: UploadResult,
              refused: bool) -> bool:
    """Whether storing this file would take the account past DAILY_BYTES today; if so the result
    says it in Chinese (first), nothing of the file is stored and one audit row records the attempt.
    A refused file whose bytes are already held costs nothing."""
    if refused and store.held_bytes(s, sha) is not None:
        return False
    used = store.stored_today(s, principal, uploader)
    if used + len(content) <= DAILY_BYTES:
        return False
    cap = daily_cap_mb()
    result.errors.insert(0, Issue(
        f"您的账户今天已保存 {used / 1024 / 1024:.1f} MB 上传文件，再保存本文件（{len(content) / 1024 / 1024:.1f} MB）"
        f"将超过每个账户每天 {cap} MB 的上限，本文件未保存，数据没有写入",
        fix="请核对文件后明天再上传；如确需今天提交，请联系本局管理员"))
    result.status = "rejected"
    audit.record(s, principal, "upload_over_cap", "submission", None,
                 after={"filename": result.filename, "sha256": sha, "bytes": len(content), "stored_today": used})
    return True


def _check_rules(s: Session, v: Validation, result: UploadResult, rules: list[ElementRule],
                 element_ids: dict[str, int], sheet: Sheet | None) -> dict[int, dict[int, float]]:
    """The rules between numbers on every school row, over what the period held before (returned:
    school id → {element id: value}, read once for the rest of the upload)."""
    if not v.rows or not result.period:
        return {}
    in_force = store.current_values(s, [rv.school.id for rv in v.rows], result.period)
    code_of = {i: c for c, i in element_ids.items()}
    held = {org: {code_of[e]: x for e, x in vals.items() if e in code_of} for org, vals in in_force.items()}
    for issue in checks.rule_issues(v.rows, held, load_rules(), rules, sheet.name if sheet else None):
        (result.errors if issue.level == "error" else result.warnings).append(issue)
    return in_force


def _lines(rv, by_id: dict[int, float], held: dict[int, float], past: list, period: str,
           code_of: dict[int, str], rule_of: dict[str, ElementRule]) -> list[ValueLine]:
    """Preview lines of one school: each value with last period's, what the period held, and the
    reference an outlier is judged against (ingest.checks.reference)."""
    out = []
    prev_period = previous_period(period)
    for el, x in by_id.items():
        rule = rule_of[code_of[el]]
        hist = checks.element_history(past, el)
        prev_x = next((v for p, v in hist if p == prev_period), None)
        ref = None if rule.type == "bool" else checks.reference(x, period, held.get(el), hist, rule.unit)
        out.append(ValueLine(rv.school.code, rv.school.name, rule.name, rule.unit, x, prev_x, held.get(el),
                             bool(ref and ref.outlier), rule.type, ref.text if ref else ""))
    return out


def _refused_by_school(refused: list[Issue], school_of_row: dict[int, int]) -> list[tuple[int, list[dict]]]:
    """(school id, its issues) for the refused rows of schools the uploader may report for (a row
    with an unknown or foreign code has no school to record it against: the file keeps it)."""
    out: dict[int, list[dict]] = {}
    for i in refused:
        if i.row in school_of_row:
            out.setdefault(school_of_row[i.row], []).append(i.as_dict())
    return list(out.items())


def _school_codes(sheet: Sheet | None) -> set[str] | None:
    """The codes in the 学校标识码 column, found as validate() finds it; None when there is none."""
    if sheet is None:
        return None
    rows = sheet.rows
    try:
        for i, r in enumerate(rows[:10]):
            for j, c in enumerate(r):
                if isinstance(c, str) and _header_key(c) == "学校标识码":
                    cells = [row[j] for row in rows[i + 1:] if j < len(row)]
                    # a text of ASCII digits is its own code (what parse_code would return)
                    return {c if type(c) is str and c.isdigit() and c.isascii() else parse_code(c) for c in cells}
    except Exception:  # noqa: BLE001 - then load the whole bureau; validate() reports the problem
        return None
    return None


def _same_file_in_force(s: Session, sha: str, period: str, org_ids: list[int]) -> bool:
    """The same bytes were accepted before for these schools and period, and are still in force."""
    subs = store.current_submissions(s, org_ids, period)
    if len(subs) != len(org_ids):
        return False
    return all(sub.sha256 == sha for sub in subs.values())


def _beijing(at: datetime) -> datetime:
    """Wall-clock Beijing time (SQLite hands back the naive Beijing time it was written with)."""
    return at.astimezone(store.CHINA).replace(tzinfo=None) if at.tzinfo else at


def history(principal: Principal, org_code: str, period: str | None = None, engine: Engine | None = None) -> list[dict]:
    """The uploads of a school (and the district files that covered it), newest first."""
    with read_session(engine) as s:
        org = s.scalar(select(OrgUnit).where(OrgUnit.code == org_code))
        if org is None:
            return []
        scope.require(scope.can_view_org(principal, scope.OrgFacts(org.id, org.level, org.parent_id, org.bureau_id)),
                      "您无权查看该单位的填报记录。")
        q = select(Submission).where(Submission.org_unit_id == org.id)
        if period:
            q = q.where(Submission.period == period)
        out = []
        bureau = _bureau_of(org)
        due: dict[str, datetime] = {}  # a period's deadline, read once: a correction after it is shown as such
        for sub in s.scalars(q.order_by(Submission.uploaded_at.desc(), Submission.id.desc())):
            if sub.period and sub.period not in due and bureau:
                due[sub.period] = store.deadline_of(s, bureau, sub.period)
            late = sub.period in due and sub.uploaded_at is not None and sub.uploaded_at > due[sub.period]
            out.append({"source": sub.source, "after_deadline": late, "id": sub.id, "period": sub.period, "filename": sub.filename, "status": sub.status,
                        "uploaded_at": _beijing(sub.uploaded_at), "uploader": sub.uploaded_by_name, "sha256": sub.sha256,
                        # A refused file reported nothing, so it is neither on time nor late.
                        "on_time": None if sub.status == "rejected" else sub.on_time, "errors": sub.errors or [], "parent_id": sub.parent_id,
                        "supersedes_id": sub.supersedes_id})
        return out
