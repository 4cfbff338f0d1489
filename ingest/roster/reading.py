"""Reading a roster file: through ingest.sandbox (ingest.read in a parse worker under limits, ingest.safety first),
into rows and ingest Issues."""

from __future__ import annotations

import re


from ingest import sandbox
from ingest.issues import Issue, Rejected, column_letter, show_value
from ingest.values import normalise_text, parse_code, parse_period
from kpis.orgs import SCHOOL_TYPE_LABELS
from ingest.roster.model import (CONTACT, MAX_CONTACT, PHONE, PHONE_PATTERN)
from ingest.roster.model import (CLOSED, CODE, COLUMNS, DISTRICT, FIELDS, INCLUSIVE, MAX_NAME, NAME, OPENED,
                                 OWNERSHIP, OWNERSHIPS, REQUIRED, TYPES_TEXT, RosterRow)

_FIX_FILE = "请下载本系统的学校名册，在其中修改后上传"
_HEADER_NOTE = re.compile(r"[（(].*?[)）]|[*＊\s]")


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
        sheet = sandbox.read(filename, content)
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
        contact = _name(cell(r, CONTACT)) or None
        if contact and len(contact) > MAX_CONTACT:
            err(CONTACT, f"联系人过长（{len(contact)} 个字）", contact, expected=f"不超过 {MAX_CONTACT} 个字",
                fix="请只填写联系人姓名（可加职务，如“王芳 教务主任”）")
        phone = _text(cell(r, PHONE)) or None
        if phone and not re.match(PHONE_PATTERN, phone):
            err(PHONE, "联系电话无法识别", phone, expected="电话号码，如 0576-86123456 或 13812345678",
                fix="请只填写一个电话号码（以文本格式填写，不要写成科学计数法）")
        if len(errors) == bad:
            out.append(RosterRow(n, code, name, district, ownership, inclusive if INCLUSIVE in cols else None,
                                 months.get(OPENED), months.get(CLOSED), given, contact, phone))
    if not out and not errors:
        errors.append(Issue("名册中没有任何学校（表头以下都是空行）", fix="请在表头下逐行填写学校后再上传", **where))
    return out, errors, warnings, sheet.name
