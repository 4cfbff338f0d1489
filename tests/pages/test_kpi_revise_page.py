"""AppTest of 指标定义修订: an admin's mistakes are listed and change nothing; a revision is saved,
shown, audited, and appears in the detail page's definition history."""

from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM, Principal
from db.models import AuditLog, Kpi, Plan
from db.session import read_session
from tests.pages.html_views import tables

APP = Path(__file__).resolve().parents[2] / "app.py"


def revise_page(principal=SYSTEM, plan="2024-county"):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = principal
    at.query_params["plan"] = plan
    at.run()
    at.switch_page("pages/kpi_revise.py")
    at.query_params["plan"] = plan
    at.run()
    assert not at.exception, at.exception
    return at


def versions(code):
    with read_session() as s:
        kpi = s.scalar(select(Kpi).where(Kpi.code == code))
        return [(v.valid_from, v.valid_to, v.target, v.reason) for v in sorted(kpi.versions, key=lambda v: v.id)]


def test_mistakes_are_listed_and_nothing_is_saved(demo_db):
    at = revise_page()
    assert at.title[0].value == "指标定义修订"
    assert at.selectbox(key="revise_kpi").value == "XC24-01"
    before = versions("XC24-01")
    at.number_input(key="rv_upper_XC24-01").set_value(1)  # below the target of 4 所
    at.button(key="rv_save_XC24-01").click().run()
    assert not at.exception
    error = at.error[0].value
    assert "未保存" in error and "目标上限（1）不能小于目标值（4）" in error and "请填写修改原因" in error
    assert versions("XC24-01") == before


def test_a_revision_is_saved_from_the_chosen_month_and_shown_in_the_history(demo_db):
    at = revise_page()
    at.selectbox(key="revise_kpi").set_value("XC24-03").run()
    at.number_input(key="rv_target_XC24-03").set_value(12)
    at.selectbox(key="rv_from_XC24-03").set_value("2024-10")
    at.text_area(key="rv_reason_XC24-03").input("年中调整：两所学校项目延至下年")
    at.button(key="rv_save_XC24-03").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已保存 XC24-03 的新定义（修改了目标值），自 2024年10月 起生效。"
    old, new = versions("XC24-03")[-2:]
    assert old[1] == "2024-09" and (new[0], new[1], new[2]) == ("2024-10", None, 12.0)
    with read_session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.entity == "kpi_version", AuditLog.entity_id == "XC24-03")).one()
        assert row.after["target"] == 12 and row.after["valid_from"] == "2024-10"

    at.switch_page("pages/kpi_detail.py")
    at.query_params.update({"plan": "2024-county", "kpi": "XC24-03", "period": "2024-11"})
    at.run()
    assert not at.exception, at.exception
    history = [df for df in tables(at) if "修改原因" in df.columns][0]
    assert list(history["修改原因"]) == ["", "年中调整：两所学校项目延至下年"]
    assert list(history["修改人"]) == ["指标目录", "系统"]
    assert history["生效期间"].iloc[0] == "2024年1月 起，至 2024年9月"


def test_only_admins_reach_the_form(demo_db):
    with read_session() as s:
        bureau = s.scalar(select(Plan.bureau_id).where(Plan.plan_key == "2024-county"))
    leader = Principal(user_id=None, username="leader", role="leader", bureau_id=bureau)
    at = revise_page(principal=leader)
    assert at.warning[0].value == "只有管理员可以修改指标定义。"
    assert not at.button
