"""Deterministic demo data: districts, schools, a year of school figures and bureau updates.

Every bureau gets the same shape of data from a seed derived from its plan id, so a demo looks
the same on every machine and tests can rely on it. The figures are plausible against the
targets, not copies of them: some KPIs end on track, some behind, a few schools report late or
not at all, and a few values jump from one month to the next."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from db.models import (
    BureauUpdate,
    DataElement,
    Kpi,
    KpiVersion,
    OrgUnit,
    Plan,
    ReportingPeriod,
    SchoolValues,
    Submission,
    encode_values,
)
from db.session import advance_id_sequence, refresh_statistics
from kpis.catalog.elements import plan_element_codes
from kpis.periods import make, shift, year_months
from kpis.vocabulary import DataPath, KpiKind, Pace
from core.timezones import CHINA
from seed import demo_cycle

# Towns and districts of each bureau (real place names where the plan names its area).
DISTRICTS = {
    "330681": ["暨阳街道", "浣东街道", "陶朱街道", "店口镇", "大唐街道", "枫桥镇", "山下湖镇"],
    "320412": ["湖塘镇", "牛塘镇", "南夏墅街道", "西湖街道", "嘉泽镇", "湟里镇", "礼嘉镇"],
    "420500": ["西陵区", "伍家岗区", "点军区", "猇亭区", "夷陵区", "宜都市", "当阳市", "远安县"],
    "340122": ["店埠镇", "撮镇镇", "长临河镇", "梁园镇", "桥头集镇", "石塘镇"],
    "331081": ["太平街道", "城东街道", "城西街道", "横峰街道", "大溪镇", "泽国镇", "松门镇", "箬横镇"],
}
DEFAULT_DISTRICTS = ["城关片区", "东部片区", "西部片区", "南部片区", "北部片区"]

SCHOOL_SUFFIX = {"11": "幼儿园", "21": "小学", "31": "初级中学", "34": "高级中学", "36": "职业技术学校", "51": "特殊教育学校"}
NAME_STEMS = ["实验", "中心", "第一", "第二", "城南", "城北", "育才", "新华", "启明", "东方", "阳光", "明德"]
SIZE = {"11": (90, 480), "21": (300, 2400), "31": (300, 1800), "34": (900, 3000), "36": (600, 2500), "51": (60, 220)}
# How many schools of each type a district has, before randomness.
PER_DISTRICT = {"11": (4, 7), "21": (3, 6), "31": (1, 3)}
DEADLINE_DAY = 10  # figures for a month are due on the 10th of the next month


def school_code(school_type: str, bureau_code: str, seq: int) -> str:
    """A 10-digit 学校标识码 whose first two digits are the school type."""
    return f"{school_type}{bureau_code[2:6]}{seq:04d}"


@dataclass
class DemoSummary:
    districts: int = 0
    schools: int = 0
    values: int = 0
    submissions: int = 0
    updates: int = 0
    states: int = 0  # reporting-cycle states (seed.demo_cycle)


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("|".join(map(str, parts)).encode("utf-8")))


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"


def demo_contact(code: str) -> tuple[str, str]:
    """A school's 联系人 and 联系电话, from its code alone (no draw from the generator's random
    stream, so every other demo figure stays as it was)."""
    n = int(code[-4:])
    return f"{SURNAMES[n % len(SURNAMES)]}老师", f"0576-86{code[-6:]}"


def _make_orgs(session: Session, plan: Plan, rng: random.Random, schools_total: int | None) -> list[OrgUnit]:
    bureau = plan.bureau
    names = DISTRICTS.get(bureau.code, DEFAULT_DISTRICTS)
    schools: list[OrgUnit] = []
    seq: dict[str, int] = {}

    def add_school(district: OrgUnit, stype: str, stem: str) -> None:
        seq[stype] = seq.get(stype, 0) + 1
        short = district.name[:-2] if len(district.name) > 3 else district.name[:-1]
        private = rng.random() < (0.42 if stype == "11" else 0.08 if stype in ("21", "31") else 0.0)
        org = OrgUnit(
            code=school_code(stype, bureau.code, seq[stype]),
            name=f"{short}{stem}{SCHOOL_SUFFIX[stype]}" if stype != "11" or not private else f"{short}{stem}双语{SCHOOL_SUFFIX[stype]}",
            level="school", parent_id=district.id, bureau_id=bureau.id, school_type=stype,
            ownership="民办" if private else "公办",
            inclusive=bool(private and stype == "11" and rng.random() < 0.7),
            opened_on=None, closed_on=None,
        )
        org.contact_person, org.contact_phone = demo_contact(org.code)
        schools.append(org)

    districts = []
    for i, name in enumerate(names, start=1):
        d = OrgUnit(code=f"{bureau.code}{i:03d}", name=name, level="district",
                    parent_id=bureau.id, bureau_id=bureau.id)
        session.add(d)
        districts.append(d)
    session.flush()
    if schools_total:
        # Scale mode: spread the requested number of schools across the districts.
        types = ["11"] * 45 + ["21"] * 35 + ["31"] * 15 + ["34"] * 3 + ["36"] * 1 + ["51"] * 1
        for n in range(schools_total):
            d = districts[n % len(districts)]
            add_school(d, rng.choice(types), f"{NAME_STEMS[n % len(NAME_STEMS)]}{n // len(NAME_STEMS) + 1}")
    else:
        for d in districts:
            for stype, (lo, hi) in PER_DISTRICT.items():
                stems = rng.sample(NAME_STEMS, rng.randint(lo, hi))
                for stem in stems:
                    add_school(d, stype, stem)
        # One high school per two districts, one vocational and one special school per bureau.
        for d in districts[::2]:
            add_school(d, "34", rng.choice(["第一", "第二", "实验"]))
        add_school(districts[0], "36", "")
        add_school(districts[0], "51", "")
    session.add_all(schools)
    session.flush()
    return schools


def _base_values(school: OrgUnit, elements: list[DataElement], rng: random.Random) -> dict[str, float]:
    """The school's December-of-last-year figures; later months drift from here."""
    lo, hi = SIZE[school.school_type]
    size = rng.randint(lo, hi)
    v: dict[str, float] = {}
    for el in elements:
        if school.school_type not in (el.school_types or []):
            continue
        c = el.code
        if c in ("kg_enrolled", "students"):
            v[c] = size
        elif c == "kg_quality_enrolled":
            v[c] = size if rng.random() < (0.93 if school.ownership == "公办" else 0.7) else 0
        elif c in ("vision_screened", "fitness_tested"):
            v[c] = size - rng.randint(0, max(1, size // 50))
        elif c == "myopia_students":
            base = {"21": 0.38, "31": 0.68, "34": 0.8}.get(school.school_type, 0.5)
            v[c] = round(size * min(0.95, max(0.1, rng.gauss(base, 0.06))))
        elif c == "fitness_excellent":
            v[c] = round(size * rng.uniform(0.12, 0.28))
        elif c == "fitness_good":
            v[c] = round(size * rng.uniform(0.28, 0.42))
        elif c == "smart_campus":
            v[c] = 1.0 if rng.random() < 0.82 else 0.0
        elif c == "safety_4x100":
            v[c] = 1.0 if rng.random() < 0.93 else 0.0
        elif c == "pe_daily_hours":
            v[c] = round(min(el.max_value or 5, max(0.5, rng.gauss(1.85, 0.3))), 1)
        elif c == "migrant_students":
            v[c] = round(size * rng.uniform(0.05, 0.35))
        elif c == "teachers":
            v[c] = max(3, round(size / rng.uniform(11, 18)))
        elif c == "teaching_area":
            v[c] = round(size * rng.uniform(3.2, 6.5), 1)
        elif c == "noon_rest_sets":
            v[c] = round(size * rng.uniform(0.0, 0.2))
        elif c == "kg_in_group":  # most kindergartens already belong to a 集团; some private ones not yet
            v[c] = 1.0 if rng.random() < (0.92 if school.ownership == "公办" else 0.65) else 0.0
        elif c == "psych_teachers":  # a few schools still without one
            v[c] = 0.0 if rng.random() < 0.15 else float(max(1, round(size / rng.uniform(600, 1200))))
        else:
            v[c] = _generic(el, rng)
        v[c] = _clamp(el, v[c])
    return v


def _generic(el: DataElement, rng: random.Random) -> float:
    if el.type == "bool":
        return 1.0 if rng.random() < 0.8 else 0.0
    lo, hi = el.min_value or 0.0, el.max_value if el.max_value is not None else 100.0
    if el.type == "percent":
        return round(rng.uniform(max(lo, 60), min(hi, 100)), 1)
    x = lo + (hi - lo) * rng.uniform(0.1, 0.4)
    return float(round(x)) if el.type == "int" else round(x, 1)


def _clamp(el: DataElement, x: float) -> float:
    if el.min_value is not None:
        x = max(el.min_value, x)
    if el.max_value is not None:
        x = min(el.max_value, x)
    return x


def _drift(school: OrgUnit, v: dict[str, float], month: int, rng: random.Random, elements: dict[str, DataElement]) -> dict[str, float]:
    """Next month's figures: slow trends toward the plan's aims, with noise."""
    out = dict(v)
    if "myopia_students" in out and month % 3 == 0:  # screening each quarter
        out["myopia_students"] = round(out["myopia_students"] * rng.uniform(0.975, 1.0))
    if out.get("smart_campus") == 0.0 and rng.random() < 0.06:
        out["smart_campus"] = 1.0
    if out.get("kg_in_group") == 0.0 and rng.random() < 0.05:
        out["kg_in_group"] = 1.0
    if out.get("psych_teachers") == 0.0 and rng.random() < 0.05:
        out["psych_teachers"] = 1.0
    if "pe_daily_hours" in out:
        out["pe_daily_hours"] = round(out["pe_daily_hours"] + rng.choice([0, 0, 0.1, -0.1, 0.1]), 1)
    if "noon_rest_sets" in out:
        out["noon_rest_sets"] = out["noon_rest_sets"] + rng.randint(0, 25)
    if month == 9:  # a new school year: enrolments move
        for c in ("kg_enrolled", "students"):
            if c in out:
                out[c] = round(out[c] * rng.uniform(0.95, 1.06))
        if "kg_quality_enrolled" in out and out["kg_quality_enrolled"]:
            out["kg_quality_enrolled"] = out.get("kg_enrolled", out["kg_quality_enrolled"])
    for c in ("vision_screened", "fitness_tested"):
        if c in out and "students" in out:
            out[c] = min(out[c], out["students"])
    for c in ("myopia_students",):
        if c in out and "vision_screened" in out:
            out[c] = min(out[c], out["vision_screened"])
    return {c: _clamp(elements[c], x) for c, x in out.items()}


def _csv_bytes(school: OrgUnit, period: str, values: dict[str, float]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["学校标识码", "期间", *values.keys()])
    w.writerow([school.code, period, *values.values()])
    return buf.getvalue().encode("utf-8")


def _milestone_series(months: list[str], rng: random.Random) -> list[float]:
    """A milestone as a 科室 would record it month by month: 0 until the month it is done, then 1.
    About half are done during the year, some only in December, some not at all (滞后 at year end)."""
    draw = rng.random()
    done_at = (rng.randint(2, 10) if draw < 0.5 else 11 if draw < 0.7 else None)  # index into the months
    return [1.0 if done_at is not None and i >= done_at else 0.0 for i in range(len(months))]


def _bureau_series(version: KpiVersion, months: list[str], rng: random.Random) -> list[float | None]:
    """Monthly figures a 科室 would record for a bureau KPI: cumulative progress, a level, or a
    milestone's 1 (已完成) / 0 (未完成)."""
    if version.kind == KpiKind.MILESTONE:
        return _milestone_series(months, rng)
    target = version.target
    perf = rng.choice([0.55, 0.8, 0.95, 1.0, 1.05, 1.15])
    out: list[float | None] = []
    if version.comparator in ("<=",):
        return [max(0.0, round(target + rng.choice([0, 0, 0, 1]))) for _ in months]
    if version.unit in ("%",):
        start = target * rng.uniform(0.85, 0.98)
        for i, _ in enumerate(months):
            out.append(round(min(100.0, start + (target * perf - start) * (i + 1) / len(months)), 1))
        return out
    final = target * perf
    for i, _ in enumerate(months):
        frac = (i + 1) / 12
        if version.pace == Pace.END_OF_YEAR:
            frac = 0.0 if i < 5 else min(1.0, (i - 4) / 7)
        out.append(float(round(final * frac)))
    return out


def _flush_rows(session: Session, sub_rows: list[dict], value_rows: list[dict], summary: DemoSummary) -> None:
    """Bulk-insert the pending submissions, then the values that point at them, and clear both lists."""
    if sub_rows:
        session.execute(insert(Submission), sub_rows)
        sub_rows.clear()
    if value_rows:
        session.execute(insert(SchoolValues), value_rows)
        value_rows.clear()


def generate(session: Session, plan_key: str, schools_total: int | None = None, months: int = 12) -> DemoSummary:
    """Create demo org units and figures for one plan's bureau (no-op when it already has schools)."""
    plan = session.scalar(select(Plan).where(Plan.plan_key == plan_key))
    if plan is None:
        raise KeyError(plan_key)
    summary = DemoSummary()
    has = session.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.bureau_id == plan.bureau_id))
    if has:
        return summary
    rng = _rng("demo", plan_key)
    schools = _make_orgs(session, plan, rng, schools_total)
    summary.schools = len(schools)
    summary.districts = len(DISTRICTS.get(plan.bureau.code, DEFAULT_DISTRICTS))

    # The elements this plan's school KPIs use, plus the basic sizes.
    versions = [(k.code, v) for k in session.scalars(select(Kpi).where(Kpi.plan_id == plan.id).order_by(Kpi.position))
                for v in k.versions if v.valid_to is None]
    used = plan_element_codes(session, plan)
    elements = [e for e in session.scalars(select(DataElement)) if e.code in used]
    by_code = {e.code: e for e in elements}

    # December of the year before (the baseline of relative targets) and the plan year.
    first = make(plan.year - 1, 12)
    periods = [shift(first, i) for i in range(months + 1)]
    tz = CHINA
    for p in periods[1:]:
        due = datetime.strptime(shift(p, 1) + f"-{DEADLINE_DAY:02d} 23:59", "%Y-%m-%d %H:%M").replace(tzinfo=tz)
        session.add(ReportingPeriod(bureau_id=plan.bureau_id, period=p, deadline=due))

    value_rows: list[dict] = []
    sub_rows: list[dict] = []
    # Submissions are inserted in bulk with ids assigned here, so their values can point at them.
    next_sub_id = (session.scalar(select(func.max(Submission.id))) or 0) + 1
    n_late_tail = max(1, len(schools) // 30)
    silent = set(rng.sample(range(len(schools)), n_late_tail))  # schools that stop reporting
    for idx, school in enumerate(schools):
        srng = _rng("school", plan_key, school.code)
        vals = _base_values(school, elements, srng)
        if not vals:
            continue
        jump_month = srng.randint(2, months) if srng.random() < 0.04 else None
        for m, period in enumerate(periods):
            if m > 0:
                vals = _drift(school, vals, (m - 1) % 12 + 1, srng, by_code)
            if idx in silent and m >= len(periods) - 2:
                continue  # missing, not zero: these schools have not reported the last months
            shown = dict(vals)
            if jump_month == m:
                for c in ("students", "kg_enrolled"):
                    if c in shown:  # a typo-like jump that the quality page should catch
                        shown[c] = _clamp(by_code[c], shown[c] * 3)
            content = _csv_bytes(school, period, shown)
            late_days = srng.choice([-8, -5, -3, -1, -1, 0, 2]) if srng.random() < 0.85 else srng.randint(3, 20)
            y, mo = map(int, shift(period, 1).split("-"))
            uploaded = datetime(y, mo, DEADLINE_DAY, 16, 0, tzinfo=tz) + timedelta(days=late_days)
            sub_id = next_sub_id
            next_sub_id += 1
            sub_rows.append(dict(
                id=sub_id, org_unit_id=school.id, period=period, uploaded_at=uploaded,
                filename=f"{school.code}_{period}.csv", content=content,
                sha256=hashlib.sha256(content).hexdigest(), status="accepted", errors=[],
                on_time=late_days <= 0,
            ))
            summary.submissions += 1
            value_rows.append(dict(org_unit_id=school.id, period=period, submission_id=sub_id,
                                   values_json=encode_values({by_code[c].id: x for c, x in shown.items()})))
            summary.values += len(shown)
        if len(value_rows) > 1000:
            _flush_rows(session, sub_rows, value_rows, summary)
    _flush_rows(session, sub_rows, value_rows, summary)
    advance_id_sequence(session, "submission")  # the ids above were chosen here, not by PostgreSQL
    if schools_total is None:  # the demo bureau's cycle states (scale data for the benchmarks has none)
        summary.states = demo_cycle.generate_states(session, plan)
    refresh_statistics(session, ["org_unit", "submission", "school_values"])

    # Bureau-level KPIs: a 科室 records progress each month (baseline month too for relative targets).
    months_list = year_months(plan.year)[:months]
    for code, v in versions:
        if v.data_path != DataPath.BUREAU:
            continue
        krng = _rng("bureau", plan_key, code)  # by code: adding a KPI to the catalog leaves the others' series alone
        series = _bureau_series(v, months_list, krng)
        if v.baseline_period and v.comparator in ("decrease_by", "increase_by"):
            base = round(krng.uniform(40, 60), 1)
            session.add(BureauUpdate(kpi_id=v.kpi_id, period=make(plan.year - 1, 12), value=base, note="基期数据"))
        for period, value in zip(months_list, series):
            if krng.random() < 0.05:
                continue
            note = ("月度进展（演示数据）" if v.kind != KpiKind.MILESTONE else
                    "已完成，见佐证材料（演示数据）" if value else "推进中，尚未完成（演示数据）")
            session.add(BureauUpdate(kpi_id=v.kpi_id, period=period, value=value, note=note))
            summary.updates += 1
    session.flush()
    return summary
