"""学校名册: the admin keeps a bureau's schools (and the districts/towns they belong to) by spreadsheet.

Workflow: ``export_roster`` gives the bureau's current schools as an .xlsx (a template when there are
none) → the admin edits it in Excel/WPS → ``preview_roster`` says what would be added, changed (field
by field) and left as it is, and which schools in the database the file does not list → ``apply_roster``
checks the file again and writes it in the caller's transaction with one audit row, or raises
``RosterRejected`` and writes nothing. Schools are never deleted: one that closed gets a 停办年月.

Files are read by the upload machinery (ingest.safety / ingest.read), and problems are ingest Issues
(sheet, row, column, value, what was expected, how to fix it)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit
from auth import scope as authz
from auth.principal import Principal
from kpis.plans import plan_for
from db.models import OrgUnit, Plan
from ingest import read as ingest_read
from ingest.issues import Issue, Rejected, column_letter, show_value
from ingest.values import normalise_text, parse_code, parse_period
from kpis.orgs import SCHOOL_TYPE_LABELS
from core.errors import Invalid

SHEET = "学校名册"
CODE, NAME, DISTRICT, OWNERSHIP, INCLUSIVE, OPENED, CLOSED = (
    "学校标识码", "学校名称", "所属片区", "办学性质", "普惠性", "开办年月", "停办年月")
COLUMNS = [CODE, NAME, DISTRICT, OWNERSHIP, INCLUSIVE, OPENED, CLOSED]
REQUIRED = [CODE, NAME, DISTRICT, OWNERSHIP]
# Field of the model ← column; an optional column left out of the file leaves its field as it is.
FIELDS = {NAME: "name", DISTRICT: "district", OWNERSHIP: "ownership", INCLUSIVE: "inclusive",
          OPENED: "opened_on", CLOSED: "closed_on"}
OWNERSHIPS = ("公办", "民办")
TYPES_TEXT = "、".join(f"{k} {v}" for k, v in SCHOOL_TYPE_LABELS.items())
MAX_NAME = 200
_FIX_FILE = "请下载本系统的学校名册，在其中修改后上传"
_HEADER_NOTE = re.compile(r"[（(].*?[)）]|[*＊\s]")


class RosterRejected(Invalid):
    """The roster has errors; nothing was written. ``preview`` holds every issue."""

    def __init__(self, preview: "RosterPreview"):
        super().__init__("；".join(i.message for i in preview.errors))
        self.preview = preview


@dataclass(frozen=True)
class RosterRow:
    """One school as the file gives it (row = the spreadsheet row number)."""

    row: int
    code: str
    name: str
    district: str
    ownership: str
    inclusive: bool | None  # None: the column is not in the file
    opened_on: str | None
    closed_on: str | None
    given: frozenset[str]  # model fields the file's columns give

    @property
    def school_type(self) -> str:
        return self.code[:2]

    def values(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in ("name", "district", "ownership", "inclusive", "opened_on", "closed_on")
                if f in self.given}


@dataclass(frozen=True)
class FieldChange:
    field: str  # model field
    label: str  # the column's Chinese name
    before: object
    after: object


@dataclass(frozen=True)
class SchoolChange:
    code: str
    name: str
    district: str
    action: str  # 新增 | 修改 | 不变 | 名册中未列出
    changes: tuple[FieldChange, ...] = ()


@dataclass
class RosterPreview:
    bureau_code: str
    bureau_name: str
    filename: str
    added: list[SchoolChange] = field(default_factory=list)
    changed: list[SchoolChange] = field(default_factory=list)
    unchanged: list[SchoolChange] = field(default_factory=list)
    unlisted: list[SchoolChange] = field(default_factory=list)  # in the database, not in the file
    new_districts: list[str] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: list[RosterRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)

    @property
    def summary(self) -> str:
        if self.errors:
            return f"名册有 {len(self.errors)} 处错误，未导入任何内容。请逐条修改后重新上传。"
        text = (f"新增 {len(self.added)} 所、修改 {len(self.changed)} 所、不变 {len(self.unchanged)} 所学校")
        if self.new_districts:
            text += f"；新建片区 {len(self.new_districts)} 个（{'、'.join(self.new_districts)}）"
        if self.unlisted:
            text += f"；另有 {len(self.unlisted)} 所学校在系统中但名册中未列出（不会删除）"
        return text + "。"

    def change_table(self) -> list[dict[str, str]]:
        """One row per school that is added, changed or not listed; changes field by field."""
        out = []
        for c in self.added:
            out.append({"操作": "新增", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "；".join(f"{f.label}：{show_field(f.field, f.after)}" for f in c.changes)})
        for c in self.changed:
            out.append({"操作": "修改", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "；".join(f"{f.label}：{show_field(f.field, f.before)} → {show_field(f.field, f.after)}"
                                          for f in c.changes)})
        for c in self.unlisted:
            out.append({"操作": "名册中未列出", "学校标识码": c.code, "学校名称": c.name, "所属片区": c.district,
                        "变更内容": "保留不变；如已停办，请在名册中列出并填写停办年月"})
        return out


def show_field(name: str, value: object) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


# ---- the bureau and its schools -----------------------------------------------------------------

def _bureau(session: Session, principal: Principal, plan_key: str, write: bool) -> OrgUnit:
    if write:
        return plan_for(session, principal, plan_key, roles=("admin",),
                        denied="只有{bureau}的管理员可以维护学校名册。").bureau
    return plan_for(session, principal, plan_key, roles=("admin", "leader", "department"),
                    denied="您无权查看{bureau}的学校名册。").bureau


@dataclass(frozen=True)
class SchoolInfo:
    code: str
    name: str
    district_code: str
    district: str
    school_type: str
    ownership: str
    inclusive: bool
    opened_on: str | None
    closed_on: str | None

    @property
    def type_label(self) -> str:
        return SCHOOL_TYPE_LABELS.get(self.school_type, "")

    def open_in(self, period: str) -> bool:
        return (self.opened_on is None or self.opened_on <= period) and (self.closed_on is None or self.closed_on >= period)


def _schools(session: Session, bureau: OrgUnit) -> tuple[list[OrgUnit], list[OrgUnit]]:
    orgs = list(session.scalars(select(OrgUnit).where(OrgUnit.bureau_id == bureau.id).order_by(OrgUnit.code)))
    return [o for o in orgs if o.level == "district"], [o for o in orgs if o.level == "school"]


def list_schools(session: Session, principal: Principal, plan_key: str) -> list[SchoolInfo]:
    """The bureau's schools by district (districts in code order), then by code."""
    bureau = _bureau(session, principal, plan_key, write=False)
    districts, schools = _schools(session, bureau)
    names = {d.id: (d.code, d.name) for d in districts}
    order = {d.id: i for i, d in enumerate(districts)}
    schools.sort(key=lambda o: (order.get(o.parent_id, len(order)), o.code))
    return [SchoolInfo(o.code, o.name, *names.get(o.parent_id, ("", "")), o.school_type or o.code[:2],
                       o.ownership or "", bool(o.inclusive), o.opened_on, o.closed_on) for o in schools]


def counts_by_district(schools: list[SchoolInfo], period: str) -> list[dict[str, object]]:
    """Per district: schools open in the period by type, the total, and those closed by then."""
    out: dict[str, dict[str, object]] = {}
    for s in schools:
        row = out.setdefault(s.district, {"所属片区": s.district, **{v: 0 for v in SCHOOL_TYPE_LABELS.values()},
                                          "合计（所）": 0, "已停办（所）": 0})
        if s.open_in(period):
            row[s.type_label] += 1
            row["合计（所）"] += 1
        elif s.closed_on is not None and s.closed_on < period:
            row["已停办（所）"] += 1
    return list(out.values())


# ---- download ------------------------------------------------------------------------------------

_EXPLANATION = [
    ("列", "填写要求"),
    (CODE, "必填。10 位数字，前两位是学校类型：" + TYPES_TEXT + "。已有学校的标识码不要改动；一个标识码只能出现一次。"),
    (NAME, f"必填。学校全称，不超过 {MAX_NAME} 个字。"),
    (DISTRICT, "必填。学校所属的片区、街道或乡镇的名称。填写系统中没有的名称时，导入会在本局下新建该片区。"),
    (OWNERSHIP, "必填。公办 或 民办。"),
    (INCLUSIVE, "是 或 否，只对民办幼儿园有意义（普惠性民办园）；其他学校留空或填“否”。"),
    (OPENED, "选填。年-月，如 2021-09。"),
    (CLOSED, "选填。年-月，如 2025-07；学校停办后填写，停办年月不能早于开办年月。"),
    ("", ""),
    ("使用方法", "下载本名册 → 在 Excel 或 WPS 中修改或在末尾增加学校行 → 保存为 .xlsx → 在“学校与填报期”页面上传，"
                 "核对预览后点“确认导入”。"),
    ("", "导入按学校标识码对应：名册中的新标识码会新增学校，已有标识码只修改填写不同的字段。"),
    ("", "系统中有而名册中没有的学校不会被删除，只在预览中列为“名册中未列出”；学校停办请填写停办年月。"),
    ("", "名册有任何错误时不会导入任何内容，预览会逐条列出错误所在的行、列和修改方法。"),
]


def export_roster(session: Session, principal: Principal, plan_key: str) -> bytes:
    """The bureau's schools in the import layout (headers only when it has none), with a 说明 sheet."""
    bureau = _bureau(session, principal, plan_key, write=True)
    schools = list_schools(session, principal, plan_key)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(COLUMNS)
    for s in schools:
        ws.append([s.code, s.name, s.district, s.ownership,
                   ("是" if s.inclusive else "否") if (s.school_type == "11" and s.ownership == "民办") else "",
                   s.opened_on or "", s.closed_on or ""])
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = head_fill
        c.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABCDEFG", (14, 30, 16, 10, 8, 10, 10)):
        ws.column_dimensions[letter].width = width
    last = max(len(schools) + 200, 500)
    for col in ("A", "F", "G"):  # codes and months stay text, so Excel keeps 0s and does not make dates
        for r in range(2, last + 1):
            ws[f"{col}{r}"].number_format = "@"
    for col, options, title in (("D", "公办,民办", OWNERSHIP), ("E", "是,否", INCLUSIVE)):
        dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=True,
                            errorTitle=f"{title}填写有误", error=f"请从列表中选择：{options.replace(',', '、')}")
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.append([f"{bureau.name} 学校名册（共 {len(schools)} 所学校）"])
    info["A1"].font = Font(bold=True, size=13)
    info.append([])
    for row in _EXPLANATION:
        info.append(list(row))
    info["A3"].font = info["B3"].font = Font(bold=True)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 100
    for r in info.iter_rows(min_row=3):
        r[1].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_filename(bureau_name: str) -> str:
    return f"{bureau_name}_学校名册.xlsx"


# ---- reading a roster ----------------------------------------------------------------------------

def _header_name(raw: object) -> str:
    return _HEADER_NOTE.sub("", normalise_text(raw))


def _find_header(rows: list[list[object]]) -> int | None:
    for i, r in enumerate(rows[:10]):
        if any(_header_name(c) == CODE for c in r):
            return i
    return None


def _text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return "" if raw is None else str(raw).strip()


def _name(raw: object) -> str:
    """A name as typed (full-width brackets stay), without outer spaces or line breaks."""
    return re.sub(r"\s+", " ", _text(raw)).strip()


def read_roster(filename: str, content: bytes) -> tuple[list[RosterRow], list[Issue], list[Issue], str | None]:
    """Rows, errors, warnings and the sheet's name of a roster file, checked on its own (no database)."""
    try:
        sheet = ingest_read.read(filename, content)
    except Rejected as exc:
        return [], list(exc.issues), [], None
    where = dict(sheet=sheet.name)
    rows = sheet.rows
    h = _find_header(rows)
    if h is None:
        return [], [Issue(f"找不到表头：没有“{CODE}”列", expected="第一行为表头：" + "、".join(COLUMNS),
                          fix=_FIX_FILE, **where)], [], sheet.name
    errors: list[Issue] = []
    warnings: list[Issue] = []
    cols: dict[str, int] = {}
    for j, raw in enumerate(rows[h]):
        name = _header_name(raw)
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(Issue(f"未知的列“{show_value(raw)}”", expected="、".join(COLUMNS),
                                fix="请删除该列，或把列名改为上述列名之一", row=h + 1, column=column_letter(j), **where))
        elif name in cols:
            errors.append(Issue(f"列“{name}”出现了两次（另一处在 {column_letter(cols[name])} 列）",
                                fix="请删除重复的列", row=h + 1, column=column_letter(j), **where))
        else:
            cols[name] = j
    for name in REQUIRED:
        if name not in cols:
            errors.append(Issue(f"缺少必填列“{name}”", expected="表头包括：" + "、".join(REQUIRED),
                                fix=f"请在表头中加上“{name}”列并逐行填写", row=h + 1, **where))
    if errors:
        return [], errors, [], sheet.name

    def cell(r: list[object], name: str) -> object:
        j = cols.get(name)
        return r[j] if j is not None and j < len(r) else None

    given = frozenset(FIELDS[c] for c in cols if c in FIELDS)
    out: list[RosterRow] = []
    first_row_of: dict[str, int] = {}
    for i in range(h + 1, len(rows)):
        r = rows[i]
        if all(_text(c) == "" for c in r):
            continue
        n = i + 1
        bad = len(errors)

        def err(column: str, problem: str, value: object = None, expected: str = "", fix: str = "") -> None:
            errors.append(Issue(problem, expected=expected, fix=fix, row=n, column=column,
                                value=None if value is None else show_value(value), **where))

        raw_code = cell(r, CODE)
        code = parse_code(raw_code) if raw_code not in (None, "") else ""
        if not code:
            err(CODE, "学校标识码为空", expected="10 位数字，如 2110810001", fix="请填写学校标识码，或删除这一行")
        elif not (len(code) == 10 and code.isdigit()):
            err(CODE, f"学校标识码应为 10 位数字，这里是 {len(code)} 个字符" if code.isdigit() else "学校标识码只能由数字组成",
                raw_code, expected="10 位数字，如 2110810001", fix="请核对学校标识码（以文本格式填写，不要写成科学计数法）")
        elif code[:2] not in SCHOOL_TYPE_LABELS:
            err(CODE, f"学校标识码前两位“{code[:2]}”不是已知的学校类型", raw_code, expected=f"前两位为 {TYPES_TEXT}",
                fix="请核对学校标识码")
        elif code in first_row_of:
            err(CODE, f"学校标识码与第 {first_row_of[code]} 行重复", raw_code, expected="每所学校只占一行",
                fix="请删除重复的一行，或改正其中一个标识码")
        else:
            first_row_of[code] = n
        name = _name(cell(r, NAME))
        if not name:
            err(NAME, "学校名称为空", fix="请填写学校全称")
        elif len(name) > MAX_NAME:
            err(NAME, f"学校名称过长（{len(name)} 个字）", name, expected=f"不超过 {MAX_NAME} 个字", fix="请填写学校全称，删去多余的文字")
        district = _name(cell(r, DISTRICT))
        if not district:
            err(DISTRICT, "所属片区为空", expected="片区、街道或乡镇的名称，如 太平街道", fix="请填写学校所属的片区")
        elif len(district) > MAX_NAME:
            err(DISTRICT, f"所属片区名称过长（{len(district)} 个字）", district, expected=f"不超过 {MAX_NAME} 个字")
        ownership = normalise_text(cell(r, OWNERSHIP))
        if ownership not in OWNERSHIPS:
            err(OWNERSHIP, "办学性质为空" if not ownership else "办学性质无法识别", ownership or None,
                expected="公办 或 民办", fix="请从下拉列表中选择“公办”或“民办”")
        inclusive: bool | None = None
        if INCLUSIVE in cols:
            raw_inc = normalise_text(cell(r, INCLUSIVE))
            if raw_inc in ("", "否"):
                inclusive = False
            elif raw_inc == "是":
                inclusive = True
            else:
                err(INCLUSIVE, "普惠性无法识别", raw_inc, expected="是 或 否（只对民办幼儿园填写）", fix="请填写“是”或“否”，或留空")
            if inclusive and not (code[:2] == "11" and ownership == "民办"):
                warnings.append(Issue("普惠性只对民办幼儿园记录，这一行不是民办幼儿园，已按“否”处理", row=n, column=INCLUSIVE,
                                      value=raw_inc, level="warning", **where))
                inclusive = False
        months: dict[str, str | None] = {}
        for col in (OPENED, CLOSED):
            raw = cell(r, col) if col in cols else None
            if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
                months[col] = None
                continue
            p = parse_period(raw)
            if p is None:
                err(col, f"{col}无法识别", raw, expected="年-月，如 2021-09", fix="请按“年-月”填写，或留空")
            months[col] = p
        if months.get(OPENED) and months.get(CLOSED) and months[CLOSED] < months[OPENED]:
            err(CLOSED, f"停办年月早于开办年月（{months[OPENED]}）", months[CLOSED], expected=f"{months[OPENED]} 或之后",
                fix="请核对开办年月和停办年月")
        if len(errors) == bad:
            out.append(RosterRow(n, code, name, district, ownership, inclusive if INCLUSIVE in cols else None,
                                 months.get(OPENED), months.get(CLOSED), given))
    if not out and not errors:
        errors.append(Issue("名册中没有任何学校（表头以下都是空行）", fix="请在表头下逐行填写学校后再上传", **where))
    return out, errors, warnings, sheet.name


# ---- preview and apply ---------------------------------------------------------------------------

def _school_values(o: OrgUnit, district_name: str) -> dict[str, object]:
    return {"name": o.name, "district": district_name, "ownership": o.ownership or "",
            "inclusive": bool(o.inclusive), "opened_on": o.opened_on, "closed_on": o.closed_on}


_LABEL_OF = {v: k for k, v in FIELDS.items()}


def preview_roster(session: Session, principal: Principal, plan_key: str, filename: str, content: bytes) -> RosterPreview:
    """What importing the file would do; writes nothing."""
    bureau = _bureau(session, principal, plan_key, write=True)
    preview = RosterPreview(bureau.code, bureau.name, filename)
    rows, errors, warnings, sheet = read_roster(filename, content)
    preview.errors, preview.warnings, preview.rows = errors, warnings, rows
    districts, schools = _schools(session, bureau)
    dname = {d.id: d.name for d in districts}
    by_code = {o.code: o for o in schools}
    # Codes held elsewhere: a school of another bureau, or any org unit that is not a school here.
    codes = [r.code for r in rows]
    foreign = {c for i in range(0, len(codes), 900) for c in session.scalars(
        select(OrgUnit.code).where(OrgUnit.code.in_(codes[i:i + 900]))) if c not in by_code}
    known_districts = {d.name for d in districts}
    new_districts: list[str] = []
    for r in rows:
        if r.code in foreign:
            preview.errors.append(Issue("学校标识码已被其他教育局的机构使用", expected="本局学校的标识码",
                                        fix="请核对学校标识码；如该校确已划归本局，请联系系统管理员处理",
                                        sheet=sheet,
                                        row=r.row, column=CODE, value=r.code))
            continue
        if r.district not in known_districts and r.district not in new_districts:
            new_districts.append(r.district)
        old = by_code.get(r.code)
        if old is None:
            vals = r.values()
            changes = tuple(FieldChange(f, _LABEL_OF[f], None, vals[f]) for f in
                            ("ownership", "inclusive", "opened_on", "closed_on") if f in vals and vals[f] not in (None, "", False))
            changes = (FieldChange("school_type", "学校类型", None, SCHOOL_TYPE_LABELS[r.school_type]),) + changes
            preview.added.append(SchoolChange(r.code, r.name, r.district, "新增", changes))
            continue
        before = _school_values(old, dname.get(old.parent_id, ""))
        after = r.values()
        if "inclusive" not in after and before["inclusive"] and not (
                r.school_type == "11" and after.get("ownership", before["ownership"]) == "民办"):
            after["inclusive"] = False  # 普惠性 is a fact of private kindergartens only
        opened, closed = after.get("opened_on", before["opened_on"]), after.get("closed_on", before["closed_on"])
        if opened and closed and closed < opened:
            preview.errors.append(Issue(f"停办年月早于系统中记录的开办年月（{opened}）", expected=f"{opened} 或之后",
                                        fix="请核对停办年月，或在名册中加上“开办年月”列一并修改",
                                        sheet=sheet, row=r.row, column=CLOSED if "closed_on" in after else OPENED,
                                        value=closed if "closed_on" in after else opened))
            continue
        changes = tuple(FieldChange(f, _LABEL_OF[f], before[f], after[f]) for f in
                        ("name", "district", "ownership", "inclusive", "opened_on", "closed_on")
                        if f in after and before[f] != after[f])
        target = preview.changed if changes else preview.unchanged
        target.append(SchoolChange(r.code, r.name, r.district, "修改" if changes else "不变", changes))
    listed = {r.code for r in rows}
    preview.unlisted = [SchoolChange(o.code, o.name, dname.get(o.parent_id, ""), "名册中未列出")
                        for o in schools if o.code not in listed] if rows else []
    preview.new_districts = new_districts
    preview.errors.sort(key=lambda i: (i.row or 0, COLUMNS.index(i.column) if i.column in COLUMNS else 99))
    return preview


def _next_district_code(session: Session, bureau: OrgUnit) -> str:
    """The bureau's code and a 3-digit number, as the demo generator numbers districts: the next free one."""
    taken = set(session.scalars(select(OrgUnit.code).where(OrgUnit.code.like(f"{bureau.code}%"))))
    n = 1
    while f"{bureau.code}{n:03d}" in taken:
        n += 1
    return f"{bureau.code}{n:03d}"


def apply_roster(session: Session, principal: Principal, plan_key: str, filename: str, content: bytes) -> RosterPreview:
    """Check the file again and write it in the caller's transaction (one audit row), or raise RosterRejected."""
    preview = preview_roster(session, principal, plan_key, filename, content)
    if preview.errors:
        raise RosterRejected(preview)
    if not preview.has_changes:
        return preview
    bureau = _bureau(session, principal, plan_key, write=True)
    districts, schools = _schools(session, bureau)
    district_of = {d.name: d for d in districts}
    for name in preview.new_districts:
        d = OrgUnit(code=_next_district_code(session, bureau), name=name, level="district",
                    parent_id=bureau.id, bureau_id=bureau.id)
        session.add(d)
        session.flush()
        district_of[name] = d
    by_code = {o.code: o for o in schools}
    rows = {r.code: r for r in preview.rows}
    before_log: dict[str, object] = {}
    after_log: dict[str, object] = {}
    for c in preview.added:
        r = rows[c.code]
        session.add(OrgUnit(code=r.code, name=r.name, level="school", parent_id=district_of[r.district].id,
                            bureau_id=bureau.id, school_type=r.school_type, ownership=r.ownership,
                            inclusive=bool(r.inclusive), opened_on=r.opened_on, closed_on=r.closed_on))
        after_log[r.code] = {"name": r.name, "district": r.district, "ownership": r.ownership,
                             "inclusive": bool(r.inclusive), "opened_on": r.opened_on, "closed_on": r.closed_on}
    for c in preview.changed:
        o = by_code[c.code]
        for f in c.changes:
            if f.field == "district":
                o.parent_id = district_of[f.after].id
            else:
                setattr(o, f.field, f.after)
        before_log[c.code] = {f.field: f.before for f in c.changes}
        after_log[c.code] = {f.field: f.after for f in c.changes}
    session.flush()
    audit.record(session, principal, "import_roster", "org_unit", bureau.code,
                 before={"roster": before_log} if before_log else None,
                 after={"filename": filename, "schools_added": len(preview.added),
                        "schools_changed": len(preview.changed), "districts_added": preview.new_districts,
                        "roster": after_log})
    return preview
