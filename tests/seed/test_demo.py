"""Demo data: valid school codes, values within each element's range, deterministic."""

from sqlalchemy import func, select

from db.models import BureauUpdate, DataElement, Kpi, KpiVersion, OrgUnit, Plan, Submission
from tests.stored_values import stored_values
from db.session import read_session
from kpis.orgs import SCHOOL_TYPE_LABELS, is_valid_school_code
from seed.demo import school_code


def test_school_code_shape():
    assert school_code("21", "331081", 7) == "2110810007"
    assert is_valid_school_code("2110810007", "21")
    assert not is_valid_school_code("2110810007", "31")
    assert not is_valid_school_code("9910810007")
    assert not is_valid_school_code("211081000")


def test_every_school_code_is_valid(demo_db):
    with read_session() as s:
        schools = list(s.scalars(select(OrgUnit).where(OrgUnit.level == "school")))
        parents = {o.id: o.parent.level for o in schools}
    assert len(schools) > 300
    codes = [o.code for o in schools]
    assert len(codes) == len(set(codes))
    for o in schools:
        assert o.school_type in SCHOOL_TYPE_LABELS
        assert is_valid_school_code(o.code, o.school_type), o.code
        assert o.ownership in ("公办", "民办")
        assert parents[o.id] == "district"


def test_every_value_respects_its_element_range(demo_db):
    with read_session() as s:
        ranges = {e.code: (e.min_value, e.max_value) for e in s.scalars(select(DataElement))}
        values = stored_values(s)
    assert len(values) > 1000
    for v in values:
        lo, hi = ranges[v.element]
        assert lo is None or v.value >= lo, v
        assert hi is None or v.value <= hi, v


def test_values_only_for_the_school_types_that_report_them(demo_db):
    with read_session() as s:
        types = {e.id: e.school_types for e in s.scalars(select(DataElement))}
        rows = {(v.element_id, v.school_type) for v in stored_values(s)}
    assert rows
    for element_id, stype in rows:
        assert stype in types[element_id]


def test_some_schools_are_missing_and_some_late(demo_db):
    with read_session() as s:
        late = s.scalar(select(func.count()).select_from(Submission).where(Submission.on_time.is_(False)))
        total = s.scalar(select(func.count()).select_from(Submission))
        schools = {o.id: o.bureau_id for o in s.scalars(select(OrgUnit).where(OrgUnit.level == "school"))}
        months = {}  # school → the periods it submitted
        # The generator's own files (no uploader): other tests in the session upload into this database too.
        demo_files = select(Submission.org_unit_id, Submission.period).where(
            Submission.uploaded_by.is_(None), Submission.uploaded_by_name.is_(None))
        for org_id, period in s.execute(demo_files):
            months.setdefault(org_id, set()).add(period)
    assert 0 < late < total * 0.3
    # Every bureau has a few schools that stopped reporting (missing months, not zeros), not many.
    for bureau in set(schools.values()):
        ids = [i for i, b in schools.items() if b == bureau]
        most = max(len(months.get(i, ())) for i in ids)
        short = [i for i in ids if len(months.get(i, ())) < most]
        assert 0 < len(short) <= len(ids) * 0.1, (bureau, len(short), len(ids))


def test_milestones_get_plausible_updates_some_done_some_not(demo_db):
    """Each 科室 records its milestones as 1 (已完成) or 0 (未完成): some done during the year, some not by December."""
    with read_session() as s:
        rows = s.execute(select(Plan.plan_key, Plan.year, Kpi.code, BureauUpdate.period, BureauUpdate.value, BureauUpdate.note)
                         .join(Kpi, Kpi.id == BureauUpdate.kpi_id).join(Plan, Plan.id == Kpi.plan_id)
                         .join(KpiVersion, KpiVersion.kpi_id == Kpi.id)
                         .where(KpiVersion.kind == "milestone", KpiVersion.valid_to.is_(None),
                                BureauUpdate.note.like("%演示数据%"))).all()  # not what other tests recorded
    assert rows
    assert {v for *_, v, _ in rows} == {0.0, 1.0}
    assert all(("已完成" in n) == (v == 1.0) for *_, v, n in rows)
    december: dict[str, float] = {}
    for plan, year, code, period, value, _ in sorted(rows, key=lambda r: r[3]):
        assert period.startswith(f"{year}-")
        if period <= f"{year}-12":
            december[code] = value  # the newest entry of the year, as the dashboard carries it
    done, not_done = [c for c, v in december.items() if v == 1.0], [c for c, v in december.items() if v == 0.0]
    assert len(december) == 22 and len(done) >= 5 and len(not_done) >= 3, (done, not_done)
    for code in done:  # once done a milestone is not undone in the demo
        values = [v for _, _, c, _, v, _ in sorted(rows, key=lambda r: r[3]) if c == code]
        assert values == sorted(values)


def test_demo_is_deterministic(new_engine):
    from seed.bootstrap import initialise

    def snapshot(name):
        engine = new_engine(name)
        initialise(engine, with_demo=True)
        with read_session(engine) as s:
            rows = sorted((v.school, v.period, v.element, v.value) for v in stored_values(s))[:3000]
        return rows

    assert snapshot("a") == snapshot("b")
