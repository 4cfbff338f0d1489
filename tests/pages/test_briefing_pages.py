"""AppTest of 月度简报 and 简报归档: roles, generating a snapshot from the page, comparing two months."""

from pathlib import Path

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM, Principal
from briefing import snapshot
from db.models import AuditLog, Briefing, OrgUnit, Plan
from db.session import read_session, write_session
from tests.pages.html_views import link_labels

APP = Path(__file__).resolve().parents[2] / "app.py"


def _bureau(plan_key: str = "2025-taizhou") -> int:
    with read_session() as s:
        return s.scalar(select(Plan.bureau_id).where(Plan.plan_key == plan_key))


def open_page(page: str, principal: Principal, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["principal"] = principal
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _briefings(plan_key: str) -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(Briefing).join(Plan, Plan.id == Briefing.plan_id)
                        .where(Plan.plan_key == plan_key))


def test_leader_generates_a_snapshot_from_the_page(demo_db):
    leader = Principal(user_id=None, username="leader", role="leader", bureau_id=_bureau("2022-yichang"), display_name="局长")
    at = open_page("pages/briefing.py", leader, plan="2022-yichang", period="2022-10")
    assert at.title[0].value == "月度简报"
    assert any("尚未保存" in i.value for i in at.info)  # a preview until a snapshot exists
    before = _briefings("2022-yichang")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert _briefings("2022-yichang") == before + 1
    with read_session() as s:
        row = s.scalar(select(Briefing).join(Plan, Plan.id == Briefing.plan_id)
                       .where(Plan.plan_key == "2022-yichang").order_by(Briefing.id.desc()))
        assert row.period == "2022-10" and row.snapshot["created_by"] == "局长"
        assert s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "briefing", AuditLog.entity_id == str(row.id))) == 1
    assert any("数字已冻结" in c.value for c in at.caption)
    labels = [b.label for b in at.button]
    assert {"导出 PNG（每页一张）", "导出 PDF", "导出 PPTX"} <= set(labels)


def test_export_from_the_page_offers_downloads(demo_db):
    with write_session() as s:
        row = snapshot.create_briefing(s, SYSTEM, "2022-yichang", "2022-09")
    at = open_page("pages/briefing.py", SYSTEM, plan="2022-yichang", number=str(row.number))
    next(b for b in at.button if b.label == "导出 PPTX").click().run()
    assert not at.exception, at.exception
    assert not at.error
    files = at.session_state["briefing_files"][("2022-yichang", row.number, "pptx")]
    assert files[0] == [f"宜昌市教育局_2022年9月月度简报_第{row.number}期.pptx"]
    assert files[1][0][:2] == b"PK"


def test_school_officer_is_refused(demo_db):
    with read_session() as s:
        school = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == _bureau(), OrgUnit.level == "school"))
    who = Principal(user_id=None, username="s", role="school", bureau_id=_bureau(), scope_org_id=school.id)
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["principal"] = who
    at.run()
    # not in the school officer's navigation, and refused if reached anyway
    links = link_labels(at)
    assert "总览" in links and "月度简报" not in links and "简报归档" not in links
    direct = AppTest.from_file(str(Path(APP).parent / "pages" / "briefing.py"), default_timeout=60)
    direct.session_state["principal"] = who
    direct.run()
    assert direct.error and "只有局领导、科室和管理员" in direct.error[0].value


def test_archive_lists_and_compares_two_months(demo_db):
    with write_session() as s:
        a = snapshot.create_briefing(s, SYSTEM, "2024-county", "2024-03")
        b = snapshot.create_briefing(s, SYSTEM, "2024-county", "2024-09")
    at = open_page("pages/briefing_archive.py", SYSTEM, plan="2024-county")
    assert at.title[0].value == "简报归档"
    listing = at.dataframe[0].value
    assert f"第 {b.number} 期" in list(listing["期号"]) and "2024年3月" in list(listing["月份"])
    compared = at.dataframe[1].value
    sa, sb = a.snapshot, b.snapshot
    want = sum(1 for x, y in zip(sa["kpis"], sb["kpis"]) if x["shown_status"] != y["shown_status"])
    assert any(f"{want} 项指标状态不同" in m.value for m in at.markdown)
    assert list(compared["编号"]) == [k["code"] for k in sa["kpis"]]
    # choosing the same one twice is explained, not crashed
    at.selectbox(key="archive_a").set_value(at.selectbox(key="archive_b").value).run()
    assert not at.exception and any("同一期" in w.value for w in at.warning)


def test_archive_compares_values_in_percentage_points_and_units(demo_db):
    # 2025-taizhou, demo data: 公办园在园幼儿占比 64.99% in June, 63.32% in October → 63.32 − 64.99 = −1.67 个百分点;
    # 新增中小学午休躺睡装备 2,850 套 → 4,750 套 (科室 updates of June and October): +1,900 套
    with write_session() as s:
        june = snapshot.create_briefing(s, SYSTEM, "2025-taizhou", "2025-06").number
        october = snapshot.create_briefing(s, SYSTEM, "2025-taizhou", "2025-10").number
    at = open_page("pages/briefing_archive.py", SYSTEM, plan="2025-taizhou")
    at.selectbox(key="archive_a").set_value(june).run()
    at.selectbox(key="archive_b").set_value(october).run()
    assert not at.exception, at.exception
    compared = at.dataframe[1].value.set_index("编号")
    assert compared.loc["TZ25-06", "数值变化"] == "−1.67 个百分点"
    assert compared.loc["TZ25-04", "数值变化"] == "+1,900 套"
    assert compared.loc["TZ25-06", f"2025年6月（第{june}期）数值"] == "64.99%"


def test_archive_pickers_run_by_month_and_every_briefing_can_be_opened(demo_db):
    # made out of month order: September first, then March, then nine more Septembers (11 in all, > 8)
    with write_session() as s:
        made = [snapshot.create_briefing(s, SYSTEM, "2021-wujin", p).number
                for p in ["2021-09", "2021-03"] + ["2021-09"] * 9]
    at = open_page("pages/briefing_archive.py", SYSTEM, plan="2021-wujin")
    older, newer = at.selectbox(key="archive_a"), at.selectbox(key="archive_b")
    order = list(older.options)  # the labels, in the pickers' order
    march = next(i for i, o in enumerate(order) if o.startswith(f"2021年3月 · 第 {made[1]} 期"))
    first_september = next(i for i, o in enumerate(order) if o.startswith(f"2021年9月 · 第 {made[0]} 期"))
    assert march < first_september and list(newer.options) == order
    # by default the newest September against the newest earlier month (March)
    assert newer.value == made[-1] and older.value == made[1]
    # the opener lists every briefing, newest month first, and links to the chosen one
    opener = at.selectbox(key="archive_open")
    assert {o.split("第 ")[1].split(" 期")[0] for o in opener.options} >= {str(n) for n in made}
    opener.set_value(made[0]).run()
    link = next(p for p in at.get("page_link") if str(p.proto.label) == f"打开第 {made[0]} 期")
    assert f"number={made[0]}" in link.proto.query_string


def test_page_messages_quote_names_literally_not_as_markdown(demo_db, monkeypatch):
    from briefing import export

    with write_session() as s:
        row = snapshot.create_briefing(s, SYSTEM, "2022-yichang", "2022-08")

    def fails(*args, **kwargs):
        raise export.RenderError("第 1 页“*重点*_指标_”面板内容超出")

    monkeypatch.setattr(export, "render", fails)
    at = open_page("pages/briefing.py", SYSTEM, plan="2022-yichang", number=str(row.number))
    next(b for b in at.button if b.label == "导出 PDF").click().run()
    assert not at.exception, at.exception
    # shown as written: the asterisks and underscores are escaped, not emphasis
    assert at.error[0].value == "导出失败：第 1 页“\\*重点\\*\\_指标\\_”面板内容超出"
