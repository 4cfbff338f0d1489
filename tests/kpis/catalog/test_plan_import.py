"""Saving a reviewed plan: what is written, what is refused, and that a refusal writes nothing."""

import pytest
from sqlalchemy import func, select

from auth.principal import SYSTEM, Principal
from auth.scope import PermissionDenied
from db import migrate
from db.models import AuditLog, Kpi, KpiVersion, OrgUnit, Plan, PlanItem
from db.session import read_session, write_session
from kpis.catalog import query as catalog_query
from kpis.catalog.plan_import import ImportRejected, save_plan
from kpis.plan_reader import read_plan

TEXT = """某市教育局2026年工作要点
一、推进优质均衡
1.扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。
2.提升健康水平。学生近视率下降1个百分点。2025年全市已新增学位8000个。
"""


@pytest.fixture
def engine(empty_engine):
    migrate.upgrade(empty_engine)
    return empty_engine


def rows_of(doc):
    return [dict(k) for k in doc["kpis"]]


def counts(engine):
    with read_session(engine) as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Plan, Kpi, OrgUnit, AuditLog))


def save(engine, rows, who=SYSTEM, **kw):
    doc = read_plan(TEXT)
    args = dict(plan_key="2026-moushi", year=2026, title=doc["title"], bureau_code="331099", bureau_name="某市教育局")
    args.update(kw)
    with write_session(engine) as s:
        return save_plan(s, who, doc, rows, TEXT, **args)


def test_accepted_rows_become_a_new_plan_with_audit(engine):
    doc = read_plan(TEXT)
    rows = rows_of(doc)
    assert [r["accepted"] for r in rows] == [True, True, True, False]  # the achieved 8000 is not pre-accepted
    rows[0]["name"] = "新建改扩建幼儿园数"
    result = save(engine, rows)
    assert result.kpis == 3 and result.codes == ["MO26-01", "MO26-02", "MO26-03"]
    with read_session(engine) as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2026-moushi"))
        assert plan.bureau.name == "某市教育局" and plan.source_text == TEXT and plan.year == 2026
        assert [it.number for it in s.scalars(select(PlanItem).order_by(PlanItem.id))] == ["1", "2"]
        rows_db = catalog_query.catalog(s, "2026-moushi")
        assert [(r["name"], r["target"], r["unit"], r["comparator"]) for r in rows_db] == [
            ("新建改扩建幼儿园数", 5, "所", ">="), ("普惠性幼儿园覆盖率", 92, "%", ">="), ("学生近视率下降", 1, "百分点", "decrease_by")]
        assert rows_db[2]["baseline"] == {"period": "2025", "value": None}
        assert s.scalar(select(KpiVersion.valid_from).join(Kpi).where(Kpi.code == "MO26-01")) == "2026-01"
        log = s.scalar(select(AuditLog).where(AuditLog.action == "import_plan"))
        assert log.entity_id == "2026-moushi" and log.after["kpis"] == result.codes


def test_bad_rows_are_refused_with_chinese_messages_and_nothing_is_written(engine):
    before = counts(engine)
    rows = rows_of(read_plan(TEXT))
    rows[0]["value"] = "五十"
    rows[1]["value_upper"] = 10
    rows[2]["unit"] = ""
    with pytest.raises(ImportRejected) as exc:
        save(engine, rows, plan_key="moushi", year=2026)
    text = "\n".join(exc.value.problems)
    assert "第 1 行" in text and "“五十”不是数字" in text
    assert "第 2 行" in text and "上限 10 小于目标值 92" in text
    assert "第 3 行" in text and "单位为空" in text
    assert "计划编号“moushi”格式不对" in text
    assert counts(engine) == before


def test_an_existing_plan_key_is_not_overwritten(engine):
    save(engine, rows_of(read_plan(TEXT)))
    before = counts(engine)
    with pytest.raises(ImportRejected, match="已经存在"):
        save(engine, rows_of(read_plan(TEXT)))
    with pytest.raises(ImportRejected, match="至少勾选一行"):
        save(engine, [dict(r, accepted=False) for r in rows_of(read_plan(TEXT))], plan_key="2026-other")
    assert counts(engine) == before


def test_only_admins_of_the_bureau_may_import(engine):
    leader = Principal(user_id=None, username="lead", role="leader", bureau_id=None)
    with pytest.raises(PermissionDenied):
        save(engine, rows_of(read_plan(TEXT)), who=leader)
    save(engine, rows_of(read_plan(TEXT)))  # creates bureau 331099
    with read_session(engine) as s:
        other = s.scalar(select(OrgUnit.id).where(OrgUnit.code == "331099")) + 1000
    foreign_admin = Principal(user_id=None, username="a2", role="admin", bureau_id=other)
    with pytest.raises(PermissionDenied):
        save(engine, rows_of(read_plan(TEXT)), who=foreign_admin, plan_key="2026-again")
    assert counts(engine)[0] == 1


def test_a_row_added_by_hand_is_checked_against_the_plan_text():
    from kpis.catalog.plan_import import check_rows, editor_rows

    items = {"1": "扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。",
             "2": "提升健康水平。学生近视率下降1个百分点。"}
    added = [
        {"采纳": True, "条目": "2", "指标名称": "幼儿园覆盖率", "原文": "普惠性幼儿园覆盖率达到92%以上", "比较": "不低于",
         "目标值": 92.0, "上限": float("nan"), "单位": "%", "类别": None},
        {"采纳": True, "条目": "1", "指标名称": "托位", "原文": "新增托位800个", "比较": "不低于", "目标值": 800,
         "上限": None, "单位": "个", "类别": None},
        {"采纳": None, "条目": None, "指标名称": None, "原文": None, "比较": None, "目标值": None, "上限": None,
         "单位": None, "类别": None},
        {"采纳": True, "条目": "1", "指标名称": "新建幼儿园", "原文": "新建改扩建 幼儿园5所", "比较": None,
         "目标值": None, "上限": None, "单位": "", "类别": None},
    ]
    rows = editor_rows(added)
    assert rows[2]["accepted"] is False and rows[0]["value_upper"] is None
    clean, problems = check_rows(rows, items)
    text = "\n".join(problems)
    assert "第 1 行" in text and "在条目“1”中，不在条目“2”中。请把“条目”改为 1" in text
    assert "第 2 行" in text and "在计划文本中找不到这句原文" in text
    assert "第 3 行" not in text  # not accepted, not checked
    assert "第 4 行" in text and "目标值为空" in text and "比较方式无效" in text and "单位为空" in text
    assert "找不到这句原文" not in text.split("第 4 行")[1]  # whitespace aside, the clause is in item 1
    assert clean[0]["category"] == "学前"  # guessed from the clause when the reviewer left it empty
