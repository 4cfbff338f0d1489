"""AppTest of 计划导入: paste a plan, see tree and candidates, save it; refusals and roles."""

from pathlib import Path

from sqlalchemy import select
import pytest
from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM, Principal
from db.models import AuditLog, Plan
from db.session import read_session
from kpis.catalog import query as catalog_query
from pages.common import plan_options
from tests.cleanup import remove_plan
from tests.pages.html_views import link_labels

APP = Path(__file__).resolve().parents[2] / "app.py"
TEXT = """示例市教育局2020年工作要点
一、推进优质均衡
1.扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。
2.提升健康水平。学生近视率下降1个百分点。2019年全市已新增学位8000个。
"""


def open_page(principal=SYSTEM):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = principal
    at.run()
    at.switch_page("pages/plan_import.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def cleanup():
    yield
    remove_plan("2020-shili", "330999")
    plan_options.clear()


def test_paste_review_and_save(demo_db, cleanup):
    at = open_page()
    assert at.title[0].value == "计划导入"
    at.button(key="read_pasted").click().run()
    assert "文本框是空的" in at.error[0].value
    at.text_area(key="import_text").input(TEXT)
    at.button(key="read_pasted").click().run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"部分": "1 个", "任务条目": "2 条", "候选指标": "4 项", "建议采纳": "3 项"}
    shown = " ".join(m.value for m in at.markdown)
    assert ":orange-background[新建改扩建幼儿园5所]" in shown
    # a bad plan id is refused and nothing is written
    at.text_input[0].input("wrong")
    at.button[-1].click().run()
    assert any("计划编号“wrong”格式不对" in e.value for e in at.error)
    with read_session() as s:
        assert s.scalar(select(Plan).where(Plan.plan_key == "2020-shili")) is None
    at.text_input[0].input("2020-shili")
    at.selectbox[0].select("新建教育局")
    at.text_input[2].input("330999")
    at.button[-1].click().run()
    assert not at.exception
    assert "已保存计划 2020-shili" in at.success[0].value, [e.value for e in at.error]
    # saved as read: the review changed nothing of the three pre-ticked figures
    assert any("本次复核：读取时建议采纳 3 项：原样保存 3 项、修改后保存 0 项、取消 0 项" in c.value for c in at.caption)
    with read_session() as s:
        rows = catalog_query.catalog(s, "2020-shili")
        assert [(r["target"], r["unit"], r["comparator"]) for r in rows] == [
            (5, "所", ">="), (92, "%", ">="), (1, "百分点", "decrease_by")]
        assert s.scalar(select(AuditLog).where(AuditLog.action == "import_plan", AuditLog.entity_id == "2020-shili"))


def test_only_admins_see_and_use_the_page(demo_db):
    leader = Principal(user_id=None, username="lead", role="leader", bureau_id=None)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = leader
    at.run()
    assert not at.exception
    links = link_labels(at)
    assert "计划与指标" in links and "计划导入" not in links
    admin = AppTest.from_file(str(APP), default_timeout=120)
    admin.session_state["principal"] = SYSTEM
    admin.run()
    assert "计划导入" in link_labels(admin)


def test_text_without_numbering_or_targets_is_explained(demo_db):
    at = open_page()
    at.text_area(key="import_text").input("这是一段没有任何编号的文字，也没有目标。")
    at.button(key="read_pasted").click().run()
    assert not at.exception
    # A pasted paragraph is read like a whole plan (issue 19 §1): one item, and no target in it.
    assert "没有找到量化目标" in at.warning[0].value
    at.text_area(key="import_text").input("某县教育局2020年工作要点\n一、加强党建\n1.加强学习。深入学习党的创新理论。\n")
    at.button(key="read_pasted").click().run()
    assert not at.exception
    assert "没有找到量化目标" in at.warning[0].value
    at.text_input[0].input("2020-kong")
    at.button[-1].click().run()
    assert any("没有采纳任何指标" in e.value for e in at.error)
    with read_session() as s:
        assert s.scalar(select(Plan).where(Plan.plan_key == "2020-kong")) is None


MISSED = """关于印发《补录市教育局2020年工作要点》的通知
补教〔2020〕1号
补录市教育局2020年工作要点
一、推进优质均衡
1.扩大学前资源。新建改扩建幼儿园5所，托育服务惠及家庭二千户。
2.提升健康水平。学生近视率下降1个百分点。
【打印】【关闭】
"""


@pytest.fixture
def cleanup_added():
    yield
    remove_plan("2020-bulu", "330997")
    plan_options.clear()


def test_a_missed_target_is_added_by_hand_and_unplaced_text_is_shown(demo_db, cleanup_added):
    at = open_page()
    at.text_area(key="import_text").input(MISSED)
    at.button(key="read_pasted").click().run()
    assert not at.exception
    editor = at.data_editor[0]
    assert editor.editing_mode == "dynamic"  # the reviewer can add rows
    assert [e.label for e in at.expander][-1] == "未归入条目的文字（3 行）"
    shown = " ".join(m.value for m in at.markdown)
    assert "补教〔2020〕1号" in shown and "【打印】【关闭】" in shown
    key = editor.key
    # a row for the target the reader missed (托育服务惠及家庭二千户), first with its clause in the wrong item
    added = {"采纳": True, "条目": "2", "指标名称": "托育服务惠及家庭数", "原文": "托育服务惠及家庭二千户",
             "比较": "不低于", "目标值": 2000, "单位": "户"}
    at.session_state[key] = {"edited_rows": {}, "added_rows": [added], "deleted_rows": []}
    at.text_input[0].input("2020-bulu")
    at.selectbox[0].select("新建教育局")
    at.text_input[2].input("330997")
    at.button[-1].click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "第 3 行" in errors and "请把“条目”改为 1" in errors
    with read_session() as s:
        assert s.scalar(select(Plan).where(Plan.plan_key == "2020-bulu")) is None
    at.session_state[key] = {"edited_rows": {}, "added_rows": [dict(added, 条目="1")], "deleted_rows": []}
    at.button[-1].click().run()
    assert not at.exception
    assert "已保存计划 2020-bulu" in at.success[0].value, [e.value for e in at.error]
    with read_session() as s:
        rows = catalog_query.catalog(s, "2020-bulu")
        assert [(r["target"], r["unit"], r["comparator"], r["category"]) for r in rows] == [
            (5, "所", ">=", "学前"), (1, "百分点", "decrease_by", "健康"), (2000, "户", ">=", "学前")]


def test_text_without_targets_can_still_get_targets_by_hand(demo_db):
    at = open_page()
    at.text_area(key="import_text").input("某县教育局2020年工作要点\n一、加强党建\n1.加强学习。深入学习党的创新理论。\n")
    at.button(key="read_pasted").click().run()
    assert not at.exception
    assert "没有找到量化目标" in at.warning[0].value and "手工添加" in at.warning[0].value
    assert at.data_editor[0].editing_mode == "dynamic"
