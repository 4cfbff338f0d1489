"""Issue 18 in AppTest: one current period on every page (clock injected), 不适用 at a private
kindergarten, and the drill-down context carried by the links between dashboards."""

import re
from datetime import datetime
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select

from auth.principal import Principal
from core.timezones import CHINA
from db.models import OrgUnit, Plan
from db.session import read_session
from kpis import current
from tests.apptest import open_app as app
from tests.pages.test_dashboard_pages import card_texts, overview_body
from tests.pages.html_views import metrics as shown_metrics
from tests.pages.html_views import sidebar_links

@pytest.fixture(autouse=True)
def through_app_py(monkeypatch):
    """Switch pages as the server does: through app.py's navigation (sidebar, notice and all).
    AppTest otherwise treats the folder pages/ as Streamlit's legacy page list and runs a switched-to
    page file on its own (the server never does: app.py turns that mode off, docs/decisions.md)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class Routed(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", Routed)
    yield
    PagesManager.uses_pages_directory = None


DURING = datetime(2025, 8, 20, 9, 0, tzinfo=CHINA)  # the plan year runs: July is being reported
AFTER = datetime(2026, 12, 5, 9, 0, tzinfo=CHINA)  # a year after the plan ended


def wenling():
    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2025-taizhou"))
        districts = s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.bureau_id == plan.bureau_id, OrgUnit.level == "district").order_by(OrgUnit.code)).all()
        private_kg = s.scalar(select(OrgUnit).where(
            OrgUnit.bureau_id == plan.bureau_id, OrgUnit.level == "school", OrgUnit.school_type == "11",
            OrgUnit.ownership == "民办", OrgUnit.inclusive.is_(False)).order_by(OrgUnit.code))
        return plan.bureau_id, districts, private_kg.id, private_kg.code, private_kg.name


def leader(bureau_id):
    return Principal(None, "leader18", "leader", bureau_id=bureau_id, display_name="局领导")


def notices(at):
    """The plan-ended banner(s) above the page, as text."""
    import re
    from html import unescape

    return [unescape(m) for h in at.get("html") for m in re.findall(r'<div class="ek-notice" role="status">(.*?)</div>', h.proto.body)]


@pytest.mark.parametrize("clock, period, ended", [(DURING, "2025-07", False), (AFTER, "2025-12", True)])
def test_every_page_opens_on_the_one_current_period(demo_db, monkeypatch, clock, period, ended):
    monkeypatch.setattr(current, "now", lambda: clock)
    bureau, *_ = wenling()
    who = leader(bureau)
    at = app(principal=who, plan="2025-taizhou")
    assert at.selectbox(key="ov_period").value == period
    assert at.query_params["period"] == [period] or at.query_params["period"] == period
    label = f"{period[:4]}年{int(period[5:])}月"
    assert label in overview_body(at)
    expected_notice = ["2025年工作要点已结束；请导入2026年工作要点。各页面默认显示2025年12月。"] if ended else []
    assert notices(at) == expected_notice
    for page, key in (("pages/kpi_detail.py", "dt_period"), ("pages/reporting_progress.py", "rp_period"),
                      ("pages/data_quality.py", "dq_period")):
        other = app(page, principal=who, plan="2025-taizhou")
        assert other.selectbox(key=key).value == period, page
        assert notices(other) == expected_notice, page
    # 数据填报 of a school officer of the same bureau opens on the same month (no notice for them).
    with read_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == bureau, OrgUnit.level == "school")
                          .order_by(OrgUnit.code))
    officer = Principal(None, "s18", "school", bureau_id=bureau, scope_org_id=school.id)
    up = app("pages/upload.py", principal=officer)
    assert up.selectbox(key="upload_period").value.period == period
    assert not notices(up)
    assert any("工作要点已结束" in c.value for c in up.caption) == ended


def test_an_address_with_a_period_keeps_it(demo_db, monkeypatch):
    monkeypatch.setattr(current, "now", lambda: AFTER)
    bureau, *_ = wenling()
    at = app(principal=leader(bureau), plan="2025-taizhou", period="2025-03")
    assert at.selectbox(key="ov_period").value == "2025-03"


def test_a_private_kindergarten_reads_not_applicable(demo_db):
    bureau, _d, school_id, code, name = wenling()
    officer = Principal(None, "kg18", "school", bureau_id=bureau, scope_org_id=school_id)
    at = app(principal=officer, plan="2025-taizhou", period="2025-06")
    body = overview_body(at)
    cards = card_texts(at)
    assert name in body
    # No "0 % 滞后" card for 公办园在园幼儿占比: it is listed as 不适用, with the reason, and not counted.
    assert not any('data-kpi="TZ25-06"' in c for c in cards)
    assert "<li>公办园在园幼儿占比：本指标分子只计公办学校，本校为民办幼儿园。</li>" in body
    assert re.search(r"不适用于本校的指标（\d+ 项，不计入上方统计）", body)
    strip = re.search(r'<div class="ek-strip">(.*?)</div>', body).group(1)
    assert sum(int(n) for n in re.findall(r"<b>(\d+)</b>", strip)) == len(cards) > 0
    assert f"共 {len(cards)} 项指标" in body
    # Its 指标详情 says so too, instead of a value and a red status.
    dt = app("pages/kpi_detail.py", principal=officer, plan="2025-taizhou", period="2025-06", kpi="TZ25-06")
    metrics = shown_metrics(dt)
    assert metrics["当前数值"] == "不适用" and metrics["报送覆盖"] == "不适用于本校"
    assert any("该指标不适用于本校" in i.value for i in dt.info)


def links(at) -> dict[str, dict[str, str]]:
    """The sidebar's page links: label → their query parameters."""
    return sidebar_links(at)


def test_the_drill_down_travels_with_every_dashboard_link(demo_db):
    bureau, districts, *_ = wenling()
    (first, _), (second, second_name) = districts[0], districts[1]
    who = leader(bureau)
    at = app(principal=who, plan="2025-taizhou", period="2025-06", district=first, type="21")
    want = {"plan": "2025-taizhou", "period": "2025-06", "district": first, "type": "21"}
    for page in ("总览", "指标详情", "填报进度", "数据质量"):
        assert links(at)[page] == want, page
    assert links(at)["计划与指标"] == {"plan": "2025-taizhou"}
    # A district chosen on 总览 is in the links at once (written to the address before the rerun).
    at.selectbox(key="ov_district").select(second).run()
    assert links(at)["填报进度"]["district"] == second
    # Following a link: the next page opens on the same district, type and period.
    params = links(at)["填报进度"]
    rp = app("pages/reporting_progress.py", principal=who, **params)
    assert rp.selectbox(key="rp_district").value == second
    assert rp.selectbox(key="rp_type").value == "21" and rp.selectbox(key="rp_period").value == "2025-06"
    assert second_name in " ".join(m.value for m in rp.markdown)
    dq = app("pages/data_quality.py", principal=who, **links(rp)["数据质量"])
    assert dq.selectbox(key="dq_district").value == second
    dt = app("pages/kpi_detail.py", principal=who, **links(dq)["指标详情"])
    assert dt.selectbox(key="dt_district").value == second and dt.selectbox(key="dt_type").value == "21"
    # Another plan is another bureau: its district, school and period are not carried over.
    from auth.principal import SYSTEM

    sysadmin = app("pages/kpi_detail.py", principal=SYSTEM, plan="2025-taizhou", period="2025-06", district=first)
    assert links(sysadmin)["总览"]["district"] == first
    box = sysadmin.selectbox(key="plan")
    box.select(next(o for o in box.options if "2022" in o and "宜昌" in o)).run()
    assert links(sysadmin)["总览"]["plan"] == "2022-yichang"
    assert "district" not in links(sysadmin)["总览"] and links(sysadmin)["总览"].get("period") != "2025-06"


def test_the_big_screen_mode_has_no_sidebar_and_large_type(demo_db):
    bureau, *_ = wenling()
    at = app(principal=leader(bureau), plan="2025-taizhou", period="2025-06", screen="1")
    assert not at.title  # no page title: the figures fill the screen
    assert 'class="ek-ov ek-screen"' in overview_body(at)
    assert any('[data-testid="stSidebar"]' in h.value and "display:none" in h.value for h in at.get("html"))
    assert len(card_texts(at)) == 26
