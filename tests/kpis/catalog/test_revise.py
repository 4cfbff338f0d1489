"""An admin revises a KPI definition: new version from a month, history kept, audited, refused
with every problem at once, and never reverted by the catalog sync on the next start."""

import pytest
from sqlalchemy import func, select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, Kpi, KpiVersion, Plan, BureauUpdate
from db.session import read_session, write_session
from kpis import figures
from kpis.catalog import revise
from kpis.catalog.query import version_at
from seed.bootstrap import initialise


@pytest.fixture
def engine(new_engine):
    engine = new_engine("revise")
    initialise(engine)
    return engine


def admin_of(engine, plan_key: str) -> Principal:
    with read_session(engine) as s:
        bureau = s.scalar(select(Plan.bureau_id).where(Plan.plan_key == plan_key))
    return Principal(user_id=None, username="wj_admin", role="admin", bureau_id=bureau, display_name="武进管理员")


def versions(engine, code: str) -> list[tuple]:
    with read_session(engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == code))
        return [(v.valid_from, v.valid_to, v.target, v.revised_by, v.reason)
                for v in sorted(kpi.versions, key=lambda v: v.id)]


def status_at(engine, code: str, period: str):
    with read_session(engine) as s:
        _scope, results = figures.plan_status(s, SYSTEM, "2021-wujin", period)
    return next(r for r in results if r.code == code)


def test_a_new_target_applies_from_its_month_and_earlier_months_keep_the_old_one(engine):
    admin = admin_of(engine, "2021-wujin")
    # WJ21-01 新增学位6590个 (bureau count, linear pace). 科室 figures: 3,300 by June, 5,000 by September.
    with write_session(engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == "WJ21-01"))
        s.add_all([BureauUpdate(kpi_id=kpi.id, period="2021-06", value=3300),
                   BureauUpdate(kpi_id=kpi.id, period="2021-09", value=5000)])
    rev = revise.revise(admin, "2021-wujin", "WJ21-01", {"target": 7000}, "2021-07", "局务会将目标调整为7000个", engine=engine)
    assert rev.changed == {"target": (6590.0, 7000)} and not rev.replaced_same_month
    assert versions(engine, "WJ21-01") == [("2021-01", "2021-06", 6590.0, None, None),
                                           ("2021-07", None, 7000.0, "武进管理员", "局务会将目标调整为7000个")]
    june, september = status_at(engine, "WJ21-01", "2021-06"), status_at(engine, "WJ21-01", "2021-09")
    # June under the old target: pace 6590 × 6/12 = 3295, 3300 ≥ 3295 → 达标.
    assert (june.target, june.expected, june.status) == (6590.0, 3295.0, "达标")
    # September under the new one: pace 7000 × 9/12 = 5250, 5000 < 5250 → not on track.
    assert (september.target, september.expected) == (7000.0, 5250.0) and september.status != "达标"
    with read_session(engine) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.entity == "kpi_version")).one()
    assert (row.action, row.entity_id) == ("update", "WJ21-01")
    assert row.before == {"target": 6590.0, "valid_from": "2021-01"}
    assert row.after == {"target": 7000, "valid_from": "2021-07", "reason": "局务会将目标调整为7000个"}


def test_a_revision_in_the_current_versions_first_month_replaces_it_but_keeps_it_as_history(engine):
    admin = admin_of(engine, "2021-wujin")
    rev = revise.revise(admin, "2021-wujin", "WJ21-01", {"owner": "计划财务科"}, "2021-01", "责任科室更正", engine=engine)
    assert rev.replaced_same_month
    with read_session(engine) as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == "WJ21-01"))
        assert [version_at(kpi, p).owner for p in ("2021-01", "2021-12")] == ["计划财务科", "计划财务科"]
        assert version_at(kpi).owner == "计划财务科"
        assert len(kpi.versions) == 2  # the replaced one is still there, ending before it starts
    assert versions(engine, "WJ21-01")[0][:2] == ("2021-01", "2020-12")


def test_every_problem_is_reported_at_once_and_nothing_changes(engine):
    admin = admin_of(engine, "2021-wujin")
    before = versions(engine, "WJ21-01")
    with pytest.raises(revise.RevisionError) as err:
        revise.revise(admin, "2021-wujin", "WJ21-01",
                      {"target": 5, "target_upper": 3, "comparator": "decrease_by", "name": "  "},
                      "2020-07", "", engine=engine)
    assert err.value.problems == [
        "指标名称不能为空。",
        "目标上限（3）不能小于目标值（5）。",
        "“下降/提高”类目标需要基线值和基线期间（例如 2024 年末的近视率）。",
        "生效月份不能早于现行定义的生效月份（2021年1月）：已经按现行定义显示过的月份不能改写。",
        "请填写修改原因（例如“局务会调整年度目标”），它会显示在定义历史中。",
    ]
    assert versions(engine, "WJ21-01") == before
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_same_definition_bad_month_and_forbidden_fields_are_refused(engine):
    admin = admin_of(engine, "2021-wujin")
    with pytest.raises(revise.RevisionError, match="新定义与现行定义完全相同"):
        revise.revise(admin, "2021-wujin", "WJ21-01", {"target": 6590}, "2021-07", "无变化", engine=engine)
    with pytest.raises(revise.RevisionError, match="生效月份“2021-7”不是有效的月份"):
        revise.revise(admin, "2021-wujin", "WJ21-01", {"target": 7000}, "2021-7", "原因", engine=engine)
    with pytest.raises(revise.RevisionError, match="必须在计划年度 2021 年之内"):
        revise.revise(admin, "2021-wujin", "WJ21-01", {"target": 7000}, "2022-01", "原因", engine=engine)
    with pytest.raises(revise.RevisionError, match="不能修改的字段：source"):
        revise.revise(admin, "2021-wujin", "WJ21-01", {"source": "改写原文"}, "2021-07", "原因", engine=engine)


def test_a_bureau_count_becomes_a_school_ratio_only_with_a_complete_formula(engine):
    admin = admin_of(engine, "2021-wujin")
    change = {"kind": "ratio", "data_path": "school", "unit": "%", "target": 50,
              "formula": {"numerator": [{"element": "kg_enrolled", "ownership": "公办"}],
                          "denominator": [{"element": "no_such_element"}], "factor": 0}}
    with pytest.raises(revise.RevisionError) as err:
        revise.revise(admin, "2021-wujin", "WJ21-01", change, "2021-07", "改为学校填报", engine=engine)
    assert err.value.problems == ["比率的倍数必须是正数（百分比写 100），现在是“0”。",
                                  "公式中的数据项不存在：no_such_element。请从数据项目录中选择。"]
    with pytest.raises(revise.RevisionError, match="计算方式与数据来源不一致"):
        revise.revise(admin, "2021-wujin", "WJ21-01", {**change, "data_path": "bureau"}, "2021-07", "x", engine=engine)
    change["formula"] = {"numerator": [{"element": "kg_enrolled", "ownership": "公办"}],
                         "denominator": [{"element": "kg_enrolled"}], "factor": 100, "school_types": ["11"]}
    revise.revise(admin, "2021-wujin", "WJ21-01", change, "2021-07", "改为学校填报", engine=engine)
    with read_session(engine) as s:
        v = version_at(s.scalar(select(Kpi).where(Kpi.code == "WJ21-01")))
        assert (v.kind, v.data_path, v.formula["factor"]) == ("ratio", "school", 100)


def test_a_milestone_is_done_or_not_done_by_the_end_of_the_year(engine):
    admin = admin_of(engine, "2021-wujin")
    # WJ21-02 建成投用3所幼兒園 is a count of named projects; as a milestone it would need target 1, pace 年末考核
    with pytest.raises(revise.RevisionError) as err:
        revise.revise(admin, "2021-wujin", "WJ21-02", {"kind": "milestone", "pace": "level"}, "2021-07", "x",
                      engine=engine)
    assert err.value.problems == [
        "里程碑指标的目标是“完成”：比较方式为不低于、目标值为 1、无目标上限（几项具名工程或文件请用科室填报数计数）。",
        "里程碑指标在年末考核（判断方式应为年末考核）。"]
    revise.revise(admin, "2021-wujin", "WJ21-02", {"kind": "milestone", "target": 1, "unit": "项"}, "2021-07",
                  "三所幼儿园作为一项工程考核", engine=engine)
    with read_session(engine) as s:
        assert version_at(s.scalar(select(Kpi).where(Kpi.code == "WJ21-02"))).kind == "milestone"


def test_only_an_admin_of_the_plans_bureau_may_revise(engine):
    admin = admin_of(engine, "2021-wujin")
    other = Principal(None, "yc_admin", "admin", admin.bureau_id + 1000)
    leader = Principal(None, "leader", "leader", admin.bureau_id)
    for who in (other, leader):
        with pytest.raises(PermissionDenied, match="只有本局的管理员可以修改指标定义"):
            revise.revise(who, "2021-wujin", "WJ21-01", {"target": 7000}, "2021-07", "原因", engine=engine)
    choices = revise.kpi_choices(admin, "2021-wujin", engine=engine)
    # plan order (WJ21-16 sits on item 3, WJ21-01 on item 5), current names as the plan writes them
    assert choices[:2] == [("WJ21-16", "制定校級領導任用管理辦法"), ("WJ21-01", "新增學位")]
    assert len(choices) == 23


def test_the_catalog_sync_on_the_next_start_keeps_the_revision(engine):
    admin = admin_of(engine, "2021-wujin")
    revise.revise(admin, "2021-wujin", "WJ21-01", {"target": 7000}, "2021-07", "局务会调整", engine=engine)
    initialise(engine)  # what every start of the app does
    initialise(engine)
    assert [v[2] for v in versions(engine, "WJ21-01")] == [6590.0, 7000.0]
    with read_session(engine) as s:
        assert version_at(s.scalar(select(Kpi).where(Kpi.code == "WJ21-01"))).target == 7000.0
        assert s.scalar(select(func.count()).select_from(KpiVersion)) == 94  # 93 KPIs + this revision
