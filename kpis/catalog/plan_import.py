"""Save a reviewed, newly read plan (kpis.plan_reader) as a new plan of the catalog.

The admin has edited and accepted candidate targets; this checks every row and the plan's
identity, says in Chinese what is wrong and where, and only then writes the plan, its tree and
its KPIs through kpis.catalog.sync.sync_catalog — the same path as the five reviewed plans — with
an audit row in the same transaction. Nothing is written when anything is wrong."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import product

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth import audit, scope
from auth.principal import Principal
from db.models import Kpi, OrgUnit, Plan
from kpis.catalog.import_review import ACTION, ReviewCounts, compare, flat as _flat
from kpis.catalog.sync import sync_catalog
from kpis.periods import current_period
from kpis.catalog.files import CATALOG_DIR, Catalog, validate_plan
from core.errors import Invalid

COMPARATORS = {">=": "不低于", "<=": "不高于", "==": "等于", "decrease_by": "下降", "increase_by": "提高"}
CATEGORIES = json.loads((CATALOG_DIR / "schema.json").read_text(encoding="utf-8"))[
    "properties"]["kpis"]["items"]["properties"]["category"]["enum"]


class ImportRejected(Invalid):
    """The plan cannot be saved; .problems are Chinese messages, each saying what, where and how to fix."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    plan_key: str
    kpis: int
    items: int
    codes: list[str]
    reading: ReviewCounts  # what the review changed of the reader's reading (kpis.catalog.import_review)


def bureaus(session: Session, principal: Principal) -> list[dict]:
    """The bureaus this principal may import a plan for."""
    scope.require(principal.role == "admin", "只有管理员可以导入新的工作要点。")
    q = select(OrgUnit).where(OrgUnit.level == "bureau").order_by(OrgUnit.code)
    return [{"code": o.code, "name": o.name} for o in session.scalars(q)
            if scope.can_view_bureau(principal, o.id)]


def plan_exists(session: Session, plan_key: str) -> bool:
    return session.scalar(select(Plan.id).where(Plan.plan_key == plan_key)) is not None


def _prefix(session: Session, plan_key: str, year: int, count: int) -> str:
    """Two capital letters for the KPI codes (XX26-01), unused by any existing KPI of that year."""
    letters = [c.upper() for c in re.sub(r"[^a-z]", "", plan_key.split("-", 1)[-1])]
    tries = []
    if len(letters) >= 2:
        tries += [letters[0] + x for x in letters[1:]]
    tries += ["".join(p) for p in product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)]
    used = set(session.scalars(select(Kpi.code)))
    yy = f"{year % 100:02d}"
    for p in tries:
        if not any(f"{p}{yy}-{i:02d}" in used for i in range(1, count + 1)):
            return p
    raise ImportRejected(["无法为指标分配代码，请联系系统维护人员。"])


def _number(value, label: str, where: str, problems: list[str], required: bool = True) -> float | None:
    if value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}：{label}为空。请填写一个数字，如 50。")
        return None
    try:
        x = float(str(value).strip().replace("，", "").replace(",", ""))
    except ValueError:
        problems.append(f"{where}：{label}“{value}”不是数字。请只填写数字，如 50 或 2.5。")
        return None
    if x != x or x in (float("inf"), float("-inf")):
        problems.append(f"{where}：{label}不是有效数字。")
        return None
    return int(x) if x.is_integer() else x


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())


def editor_rows(records: list[dict]) -> list[dict]:
    """The review table's rows (Chinese column names, as 计划导入 shows them) as rows for save_plan.
    A row the reviewer added has empty cells where the reader had filled them: an unticked or empty
    采纳 is not accepted, an empty 比较 is no comparator (check_rows says so)."""
    to_comparator = {v: k for k, v in COMPARATORS.items()}
    return [{
        "accepted": bool(r.get("采纳")) if not _blank(r.get("采纳")) else False,
        "item": "" if _blank(r.get("条目")) else str(r["条目"]).strip(),
        "name": "" if _blank(r.get("指标名称")) else str(r["指标名称"]).strip(),
        "source": "" if _blank(r.get("原文")) else str(r["原文"]).strip(),
        "comparator": to_comparator.get(r.get("比较")),
        "value": None if _blank(r.get("目标值")) else r["目标值"],
        "value_upper": None if _blank(r.get("上限")) else r["上限"],
        "unit": "" if _blank(r.get("单位")) else str(r["单位"]).strip(),
        "category": None if _blank(r.get("类别")) else r["类别"],
    } for r in records]


def check_rows(rows: list[dict], items: set[str] | dict[str, str]) -> tuple[list[dict], list[str]]:
    """The accepted rows as clean KPI fields, and the problems found (row numbers start at 1).
    With `items` as {number: text}, a row's source clause must stand in its item's text (whitespace
    aside), as the catalog requires; a row added by hand gets its category guessed from the clause."""
    from kpis.plan_reader.targets import _category
    from kpis.plan_reader.numbers import normalise

    texts = items if isinstance(items, dict) else None
    flat_items = {k: _flat(v) for k, v in texts.items()} if texts is not None else {}
    problems: list[str] = []
    clean: list[dict] = []
    for n, r in enumerate(rows, start=1):
        if not r.get("accepted"):
            continue
        src = str(r.get("source") or "").strip()
        where = f"第 {n} 行（{src[:20] or '原文为空'}）"
        name = str(r.get("name") or "").strip()
        if len(name) < 2:
            problems.append(f"{where}：指标名称至少 2 个字。请在“指标名称”列填写，如“公办园在园幼儿占比”。")
        if len(src) < 4:
            problems.append(f"{where}：原文条款至少 4 个字。请填写计划中的原句。")
        item = str(r.get("item") or "").strip()
        if item not in items:
            problems.append(f"{where}：条目“{item}”不在计划的条目中。请填写左侧计划结构中的条目编号。")
        elif texts is not None and len(src) >= 4 and _flat(src) not in flat_items[item]:
            other = next((k for k, v in flat_items.items() if _flat(src) in v), None)
            if other is not None:
                problems.append(f"{where}：这句原文在条目“{other}”中，不在条目“{item}”中。请把“条目”改为 {other}。")
            else:
                problems.append(f"{where}：在计划文本中找不到这句原文。请从左侧计划结构中复制原句"
                                "（只复制含目标的那一句即可）。")
        if r.get("category") in (None, "") and len(src) >= 4:
            r = dict(r, category=_category(normalise(src)))
        value = _number(r.get("value"), "目标值", where, problems)
        upper = _number(r.get("value_upper"), "上限", where, problems, required=False)
        if value is not None and upper is not None and upper < value:
            problems.append(f"{where}：上限 {upper} 小于目标值 {value}。区间如 1-2所 应填目标值 1、上限 2。")
        unit = str(r.get("unit") or "").strip()
        if not unit:
            problems.append(f"{where}：单位为空。请填写单位，如 %、所、个、人。")
        comparator = r.get("comparator")
        if comparator not in COMPARATORS:
            problems.append(f"{where}：比较方式无效。请从“不低于、不高于、等于、下降、提高”中选择。")
        category = r.get("category")
        if category not in CATEGORIES:
            problems.append(f"{where}：类别无效。请从下拉列表中选择。")
        clean.append({"item": item, "name": name, "source": src, "value": value, "value_upper": upper,
                      "unit": unit, "comparator": comparator, "category": category})
    if not clean and not problems:
        problems.append("没有采纳任何指标。请至少勾选一行“采纳”后再保存。")
    return clean, problems


def save_plan(session: Session, principal: Principal, doc: dict, rows: list[dict], source_text: str,
              plan_key: str, year, title: str, bureau_code: str, bureau_name: str) -> ImportResult:
    """Check everything, then write the plan, its tree and its accepted KPIs, audit-logged."""
    scope.require(principal.role == "admin", "只有管理员可以导入新的工作要点。")
    problems: list[str] = []
    plan_key = (plan_key or "").strip()
    if not plan_key:
        problems.append("请填写计划编号：年份-拼音，全部小写，如 2026-wenling。")
    elif not re.fullmatch(r"[0-9]{4}-[a-z]+", plan_key):
        problems.append(f"计划编号“{plan_key}”格式不对。请用“年份-拼音”，全部小写，如 2026-wenling。")
    elif plan_exists(session, plan_key):
        problems.append(f"计划编号 {plan_key} 已经存在。请换一个编号（导入只新建计划，不覆盖已有计划）。")
    y = _number(year, "年份", "计划信息", problems)
    if y is not None and not (2000 <= y <= 2100 and float(y).is_integer()):
        problems.append(f"计划信息：年份 {y} 不对。请填写四位年份，如 2026。")
    if y is not None and re.fullmatch(r"[0-9]{4}-[a-z]+", plan_key) and plan_key[:4] != str(int(y)):
        problems.append(f"计划编号 {plan_key} 的年份与计划年份 {int(y)} 不一致。请让编号以年份开头。")
    title = (title or "").strip()
    if len(title) < 4:
        problems.append("计划信息：标题至少 4 个字。请填写工作要点的标题。")
    bureau_code, bureau_name = (bureau_code or "").strip(), (bureau_name or "").strip()
    if not bureau_code:
        problems.append("请选择所属教育局；新建教育局时填写 6 位行政区划代码，如 331081。")
    elif not re.fullmatch(r"[0-9]{6}", bureau_code):
        problems.append(f"教育局代码“{bureau_code}”不对。请填写 6 位行政区划代码，如 331081。")
    existing = session.scalar(select(OrgUnit).where(OrgUnit.code == bureau_code)) if bureau_code else None
    if existing is not None and existing.level != "bureau":
        problems.append(f"代码 {bureau_code} 已被“{existing.name}”使用，它不是教育局。请核对教育局代码。")
    if existing is None and len(bureau_name) < 2:
        problems.append("新建教育局须填写名称，如“温岭市教育局”。")
    if existing is not None and existing.level == "bureau":
        scope.require(scope.can_view_bureau(principal, existing.id), "您只能为本教育局导入工作要点。")
        bureau_name = existing.name
    elif principal.bureau_id is not None:
        problems.append("您只能为本教育局导入工作要点，不能新建教育局。")
    items = {it["number"]: it["text"] for s in doc.get("sections", []) for it in s["items"]}
    if not items:
        problems.append("计划中没有识别出任何条目。请检查文本是否包含“一、”“1.”这样的编号。")
    clean, row_problems = check_rows(rows, items)
    problems += row_problems
    if len(clean) > 99:
        problems.append(f"采纳了 {len(clean)} 项指标，一份计划最多 99 项。请取消采纳不需要的行。")
    if problems:
        raise ImportRejected(problems)

    year_i = int(y)
    prefix = _prefix(session, plan_key, year_i, len(clean))
    from kpis.plan_reader import kpi_fields
    from kpis.plan_reader.targets import Candidate

    kpis = []
    for i, r in enumerate(clean, start=1):
        c = Candidate(item=r["item"], source=r["source"], start=0, end=0, value=r["value"],
                      value_upper=r["value_upper"], unit=r["unit"], comparator=r["comparator"],
                      confidence=1.0, name=r["name"], category=r["category"])
        kpis.append(kpi_fields(c, f"{prefix}{year_i % 100:02d}-{i:02d}", year_i))
    plan_doc = {
        "plan": plan_key, "year": year_i, "title": title,
        "bureau": {"code": bureau_code, "name": bureau_name},
        "script": doc.get("script", "simplified"),
        "sections": [{"number": s["number"], "title": s["title"] or s["number"],
                      "items": [{"number": it["number"], "title": it["title"] if len(it["title"]) >= 2 else it["text"][:20],
                                 "owner": it["owner"], "text": it["text"]} for it in s["items"]]}
                     for s in doc["sections"]],
        "kpis": kpis,
    }
    schema_problems = validate_plan(plan_doc, {}, None, check_sources=False)
    if schema_problems:
        raise ImportRejected([f"计划数据不完整：{p}。请检查后重试。" for p in schema_problems])
    report = sync_catalog(session, Catalog(elements=[], plans=[plan_doc]), today_period=current_period())
    plan = session.scalar(select(Plan).where(Plan.plan_key == plan_key))
    plan.source_text = source_text
    reading = compare(doc.get("kpis", []), clean)
    audit.record(session, principal, ACTION, "plan", plan_key, before=None, after={
        "title": title, "year": year_i, "bureau": bureau_code, "kpis": [k["code"] for k in kpis],
        "items": len(items), "kpis_added": report.kpis_added, "reading": reading.as_dict(),
    })
    session.flush()
    return ImportResult(plan_key, len(kpis), len(items), [k["code"] for k in kpis], reading)
