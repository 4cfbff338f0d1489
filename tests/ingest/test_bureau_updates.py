"""科室填报: department officers update their own bureau KPIs, with note, evidence, history and audit."""

import pytest
from sqlalchemy import select

from auth.principal import Principal
from auth.scope import PermissionDenied
from db.models import AuditLog, BureauUpdate, Kpi
from db.session import read_session
from ingest.bureau_updates import editable_kpis, record_update, update_history
from tests.apptest import open_bureau_entry, wenling_department


@pytest.fixture(scope="module")
def preschool(demo_db) -> Principal:
    return wenling_department("xueqian", "学前教育科")


def rows(code: str, period: str) -> list[tuple]:
    with read_session() as s:
        return [(r.value, r.note, r.evidence) for r in s.scalars(
            select(BureauUpdate).join(Kpi, Kpi.id == BureauUpdate.kpi_id)
            .where(Kpi.code == code, BureauUpdate.period == period).order_by(BureauUpdate.id))]


def test_department_sees_only_its_kpis(preschool):
    assert [k.code for k in editable_kpis(preschool, "2025-taizhou")] == ["TZ25-05", "TZ25-07", "TZ25-08", "TZ25-10"]
    other_bureau = Principal(None, "x", "department", preschool.bureau_id + 1, department="学前教育科")
    assert editable_kpis(other_bureau, "2025-taizhou") == []


def test_record_supersede_history_and_audit(preschool):
    rid1 = record_update(preschool, "TZ25-05", "2026-01", 3, "新园验收 3 所", "温教发〔2026〕1号")
    rid2 = record_update(preschool, "TZ25-05", "2026-01", 4, "补录城东园", "")
    assert rows("TZ25-05", "2026-01") == [(3.0, "新园验收 3 所", "温教发〔2026〕1号"), (4.0, "补录城东园", None)]
    hist = [h for h in update_history(preschool, "TZ25-05") if h["period"] == "2026-01"]
    assert [(h["value"], h["current"]) for h in hist] == [(4.0, True), (3.0, False)]
    with read_session() as s:
        log = s.scalars(select(AuditLog).where(AuditLog.entity == "bureau_update", AuditLog.entity_id == str(rid2))).one()
    assert log.before["value"] == 3.0 and log.after["value"] == 4.0 and log.after["note"] == "补录城东园"
    assert rid1 < rid2


@pytest.mark.parametrize("value,note,period,message", [
    (None, "说明", "2026-02", "请填写本期数值。"),
    (-1, "说明", "2026-02", "数值不能为负数（填写的是 -1）。"),
    (2, "  ", "2026-02", "请填写进展说明：本期做了什么、数值从何而来。"),
    (2.5, "说明", "2026-02", "“新投用公办幼儿园”以所计，应为整数（填写的是 2.5）。"),
    (2, "说明", "2026-2", "期间格式应为 YYYY-MM（如 2025-03），收到：2026-2"),
])
def test_bad_input_is_refused_and_nothing_written(preschool, value, note, period, message):
    before = rows("TZ25-05", "2026-02")
    with pytest.raises(ValueError) as exc:
        record_update(preschool, "TZ25-05", period, value, note)
    assert str(exc.value) == message
    assert rows("TZ25-05", "2026-02") == before


def test_another_departments_kpi_is_refused(preschool):
    with pytest.raises(PermissionDenied, match="指标 TZ25-04 归体卫艺科填报，您无权修改。"):
        record_update(preschool, "TZ25-04", "2026-02", 100, "越权")
    assert rows("TZ25-04", "2026-02") == []


def test_page_saves_with_note_and_shows_history(preschool):
    at = open_bureau_entry(preschool)
    kbox = at.selectbox(key="bureau_kpi")
    assert [o.split(" ")[0] for o in kbox.options] == ["TZ25-05", "TZ25-07", "TZ25-08", "TZ25-10"]
    kbox.select(next(o for o in kbox.options if o.startswith("TZ25-08"))).run()
    at.selectbox(key="bureau_period").select("2025-12").run()
    at.number_input(key="bureau_value").set_value(3.0)
    at.text_area(key="bureau_note").input("实验幼儿园通过一级园评估")
    at.text_input(key="bureau_evidence").input("台教函〔2025〕88号")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存：争创一级幼儿园 2025年12月 为 3所。"
    assert rows("TZ25-08", "2025-12")[-1] == (3.0, "实验幼儿园通过一级园评估", "台教函〔2025〕88号")
    table = at.dataframe[0].value
    assert table.iloc[0]["状态"] == "当前有效" and table.iloc[0]["佐证材料"] == "台教函〔2025〕88号"
    # A note is required: the page says so and writes nothing.
    before = rows("TZ25-08", "2025-12")
    at.number_input(key="bureau_value").set_value(4.0)
    at.text_area(key="bureau_note").input("")
    at.button[0].click().run()
    assert at.error[0].value == "未保存：请填写进展说明：本期做了什么、数值从何而来。"
    assert rows("TZ25-08", "2025-12") == before


@pytest.fixture(scope="module")
def finance(demo_db) -> Principal:
    return wenling_department("caiwu", "计划财务科")


def test_a_milestone_is_recorded_as_done_or_not_done(finance):
    # 经费 KPIs of 2025-taizhou: two milestones (开发食堂信息社会公开平台, 建成“资产调剂平台”)
    assert [(k.code, k.kind, k.target_text) for k in editable_kpis(finance, "2025-taizhou")] == [
        ("TZ25-25", "milestone", "年内完成"), ("TZ25-26", "milestone", "年内完成")]
    for value, message in ((None, "请选择完成情况：已完成或未完成。"), (2, "里程碑指标请填 1（已完成）或 0（未完成）。"),
                           (0.5, "里程碑指标请填 1（已完成）或 0（未完成）。")):
        with pytest.raises(ValueError) as exc:
            record_update(finance, "TZ25-25", "2026-02", value, "说明")
        assert str(exc.value) == message
    assert rows("TZ25-25", "2026-02") == []
    record_update(finance, "TZ25-25", "2026-02", 1, "平台已上线，见验收单", "温教财〔2026〕3号")
    assert rows("TZ25-25", "2026-02") == [(1.0, "平台已上线，见验收单", "温教财〔2026〕3号")]


def test_page_records_a_milestone_with_a_choice_not_a_number(finance):
    at = open_bureau_entry(finance)
    kbox = at.selectbox(key="bureau_kpi")
    assert kbox.options == ["TZ25-25 开发食堂信息社会公开平台（目标 年内完成）", "TZ25-26 建成“资产调剂平台”（目标 年内完成）"]
    kbox.select(kbox.options[1]).run()
    at.selectbox(key="bureau_period").select("2025-12").run()
    assert not at.number_input  # no number to type for a milestone
    radio = at.radio(key="bureau_done")
    assert radio.options == ["已完成", "未完成"]
    assert "里程碑" in at.caption[1].value and "年内完成" in at.caption[1].value
    # The demo's December entry is shown in words, never as 1项/0项.
    table = at.dataframe[0].value
    assert "完成情况" in table.columns and set(table["完成情况"]) <= {"已完成", "未完成"}
    radio.set_value("未完成")
    at.text_area(key="bureau_note").input("实体仓已建成，线上虚拟仓下月上线")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存：建成“资产调剂平台” 2025年12月 为“未完成”。"
    assert rows("TZ25-26", "2025-12")[-1] == (0.0, "实体仓已建成，线上虚拟仓下月上线", None)
    assert at.dataframe[0].value.iloc[0]["完成情况"] == "未完成"
    assert "2025年12月当前完成情况：未完成" in at.info[0].value


def _current(principal: Principal, code: str, period: str) -> dict | None:
    return next((h for h in update_history(principal, code) if h["period"] == period and h["current"]), None)


def test_choosing_another_kpi_or_period_loads_its_entry_and_a_save_clears_the_form(preschool):
    """Issue 17 §5: a number typed for one KPI is never saved on another."""
    record_update(preschool, "TZ25-08", "2025-12", 5, "五所幼儿园通过评估", "台教函〔2025〕90号",
                  needs_coordination=True, checkin_note="需财务科拨付评估经费")
    at = open_bureau_entry(preschool)
    kbox = at.selectbox(key="bureau_kpi")
    kbox.select(next(o for o in kbox.options if o.startswith("TZ25-05"))).run()
    at.selectbox(key="bureau_period").select("2025-12").run()
    a = _current(preschool, "TZ25-05", "2025-12")
    assert at.number_input(key="bureau_value").value == (None if a is None else a["value"])
    at.number_input(key="bureau_value").set_value(8.0)
    at.text_area(key="bureau_note").input("写给 TZ25-05 的说明")
    kbox.select(next(o for o in kbox.options if o.startswith("TZ25-08"))).run()
    assert not at.exception, at.exception
    # B's own entry, not the 8 typed for A
    assert at.number_input(key="bureau_value").value == 5.0
    assert at.text_area(key="bureau_note").value == "五所幼儿园通过评估"
    assert at.text_input(key="bureau_evidence").value == "台教函〔2025〕90号"
    assert at.checkbox(key="bureau_coord").value is True
    assert at.text_area(key="bureau_checkin").value == "需财务科拨付评估经费"
    # A period without an entry empties the inputs.
    at.selectbox(key="bureau_period").select("2026-12").run()
    assert at.number_input(key="bureau_value").value is None and at.text_area(key="bureau_note").value == ""
    assert at.checkbox(key="bureau_coord").value is False
    # Save: the page says what was saved and the inputs are empty for a new entry.
    at.number_input(key="bureau_value").set_value(6.0)
    at.text_area(key="bureau_note").input("又一所通过评估")
    at.checkbox(key="bureau_coord").check()
    at.text_area(key="bureau_checkin").input("请局里协调评估专家")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存：争创一级幼儿园 2026年12月 为 6所。"
    assert any("又一所通过评估" in c.value and "需要局里协调" in c.value for c in at.caption)
    assert at.number_input(key="bureau_value").value is None and at.text_area(key="bureau_note").value == ""
    assert at.text_area(key="bureau_checkin").value == "" and at.checkbox(key="bureau_coord").value is False
    saved = _current(preschool, "TZ25-08", "2026-12")
    assert (saved["value"], saved["needs_coordination"], saved["checkin_note"]) == (6.0, True, "请局里协调评估专家")
    assert at.dataframe[0].value.iloc[0]["需要协调"] == "是"
    assert _current(preschool, "TZ25-05", "2025-12") == a  # nothing was written on A


def test_a_demo_department_account_can_try_milestone_entry(demo_db):
    """Issue 19 §4: the demo's 组织人事科 account (demo_personnel) owns milestone TZ25-23 beside two
    counts, so 已完成/未完成 can be tried with a demo account; demo_department (学前教育科) owns none."""
    from auth.identity import principal_named

    with read_session() as s:
        personnel, preschool_demo = principal_named(s, "demo_personnel"), principal_named(s, "demo_department")
    assert (personnel.role, personnel.department) == ("department", "组织人事科")
    assert "TZ25-23" not in [k.code for k in editable_kpis(preschool_demo, "2025-taizhou")]
    at = open_bureau_entry(personnel)
    kbox = at.selectbox(key="bureau_kpi")
    assert [o.split(" ")[0] for o in kbox.options] == ["TZ25-23", "TZ25-15", "TZ25-16"]
    kbox.select(kbox.options[0]).run()
    at.selectbox(key="bureau_period").select("2025-12").run()
    assert not at.number_input and at.radio(key="bureau_done").options == ["已完成", "未完成"]
