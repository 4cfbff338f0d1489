"""AppTest of 总览, 指标详情, 填报进度 and 数据质量 against the shared demo database."""

import re

from sqlalchemy import delete, func, select

from auth import audit
from auth.principal import SYSTEM, Principal
from db.models import BureauUpdate, Kpi, OrgUnit, Plan, Submission
from tests.apptest import open_app as app
from tests.pages.html_views import metric_notes, tables
from tests.pages.html_views import metrics as shown_metrics
from tests.stored_values import stored_values
from db.session import read_session, write_session



def overview_body(at) -> str:
    """The 总览 below its pickers: one st.html block (scope line, status counts, cards)."""
    bodies = [h.value for h in at.main.get("html") if "ek-ov" in h.value]
    assert len(bodies) == 1, bodies
    return bodies[0]


def card_texts(at):
    """The HTML of each KPI card (one <a class="ek-card"> per KPI)."""
    return re.findall(r'<a class="ek-card".*?</a>', overview_body(at), flags=re.S)


def kg_public_share(period="2025-06"):
    """公办园在园幼儿占比 of 温岭 by hand: Σ kg_enrolled of 公办 kindergartens ÷ Σ of all."""
    with read_session() as s:
        rows = [(v.ownership, v.value) for v in stored_values(s, period=period, element="kg_enrolled")
                if v.school.startswith("111081")]
        expected = s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.code.like("111081%")))
    return sum(v for o, v in rows if o == "公办") / sum(v for _, v in rows) * 100, len(rows), expected


def test_overview_shows_every_kpi_as_a_card_red_first(demo_db):
    at = app(period="2025-06")
    assert at.title[0].value == "总览"
    cards = card_texts(at)
    assert len(cards) == 26  # 2025-taizhou has 26 KPIs, one card each
    body = overview_body(at)
    # Grouped by status in the order a leader reads: 滞后, 预警, 达标, 未到期, 覆盖不足, 无数据.
    order = ["滞后", "预警", "达标", "未到期", "覆盖不足", "无数据"]
    statuses = [re.search(r'data-status="([^"]+)"', c).group(1) for c in cards]
    assert statuses == sorted(statuses, key=order.index), statuses
    assert "滞后" in statuses and "达标" in statuses  # the demo has both, so the order is tested
    headers = re.findall(r'<h4 class="ek-group">(.*?)</h4>', body)
    assert headers == [f"{s}（{statuses.count(s)} 项）" for s in dict.fromkeys(statuses)]
    share, reported, expected = kg_public_share()
    card = next(c for c in cards if "公办园在园幼儿占比" in c)
    assert f"{share:.2f}".rstrip("0").rstrip(".") + "%" in card
    # Coverage says how final (issue 14): the demo's June figures are all confirmed by the bureau.
    assert f"已确认 {reported} · 待审 0 · 未提交 {expected - reported} / {expected} 所" in card
    assert "目标 ≥ 75%" in card and "较上月" in card and 'class="ek-bar"' in card and "学前 · TZ25-06" in card
    # The card shows its status in words and colour, and opens the KPI's detail for the same period.
    status = re.search(r'data-status="([^"]+)"', card).group(1)
    assert f'<span class="ek-chip" title="{status}">{status}</span>' in card
    assert re.search(r'href="kpi_detail\?plan=2025-taizhou&amp;period=2025-06&amp;kpi=TZ25-06"', card), card
    strip = re.search(r'<div class="ek-strip">(.*?)</div>', body).group(1)
    counted = re.findall(r">([^<>\s]+) <b>(\d+)</b> 项", strip)
    assert [w for w, _ in counted] == order  # one line, in reading order
    for word, n in counted:
        assert statuses.count(word) == int(n), word  # the counts at the top are the cards' statuses
    # Clicks on cards and on the sidebar's links switch page in this session (app.py's script in the
    # sidebar), not by reloading the app. (AppTest keeps app.py's sidebar only on the page it opened.)
    home = app(None)
    assert any("__edukpiInAppLinks" in h.value and "a[data-inapp]" in h.value for h in home.sidebar.get("html"))


def test_overview_filters_by_category(demo_db):
    at = app(period="2025-06", category="学前")
    cards = card_texts(at)
    from kpis.catalog.files import load_catalog

    plan = next(p for p in load_catalog().plans if p["plan"] == "2025-taizhou")
    assert len(cards) == sum(k["category"] == "学前" for k in plan["kpis"]) == 6
    assert all("学前 · " in c for c in cards)
    assert at.selectbox(key="ov_category").value == "学前"
    assert "学前　·　共 6 项指标" in overview_body(at)


def test_overview_filters_by_type_and_district(demo_db):
    at = app(period="2025-06", type="11")
    cards = card_texts(at)
    # Only kindergarten KPIs apply to kindergartens, and bureau counts belong to the whole bureau.
    names = {n for n in ("公办园在园幼儿占比", "优质园在园幼儿占比", "安防“四个100%”全面达标学校占比") if any(n in c for c in cards)}
    assert names == {"公办园在园幼儿占比", "优质园在园幼儿占比", "安防“四个100%”全面达标学校占比"}
    assert len(cards) == 3
    assert at.selectbox(key="ov_type").value == "11"
    assert all("&amp;type=11&amp;kpi=" in c for c in cards)  # the detail opens with the same filter


def test_overview_escapes_every_text_it_puts_into_html(demo_db):
    import dataclasses

    from kpis import figures
    from pages import kpi_widgets

    with read_session() as s:
        _scope, results = figures.plan_status(s, SYSTEM, "2025-taizhou", "2025-06", None, None, None)
    evil = dataclasses.replace(results[0], name='<img src=x onerror="alert(1)">指标', category="<b>类别</b>",
                               code='X"><script>1</script>')
    body = kpi_widgets.overview_html("<i>范围</i>", [evil], {"plan": "2025-taizhou", "period": "2025-06"})
    assert "<img" not in body and "<script>" not in body and "<b>类别" not in body and "<i>范围" not in body
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;指标" in body and "&lt;b&gt;类别&lt;/b&gt; · " in body
    assert 'href="kpi_detail?plan=2025-taizhou&amp;period=2025-06&amp;kpi=X%22%3E%3Cscript%3E1%3C%2Fscript%3E"' in body


def test_district_officer_gets_only_their_district(demo_db):
    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2025-taizhou"))
        district = s.scalar(select(OrgUnit).where(OrgUnit.bureau_id == plan.bureau_id, OrgUnit.level == "district")
                            .order_by(OrgUnit.code))
    officer = Principal(60, "d", "district", bureau_id=plan.bureau_id, scope_org_id=district.id)
    at = app(principal=officer, period="2025-06")
    assert at.selectbox(key="ov_district").options == [district.name]
    assert district.name in overview_body(at)
    assert not any("新增中小学午休躺睡装备" in c for c in card_texts(at))


def test_an_accepted_update_shows_on_the_next_load(demo_db):
    at = app(period="2025-06")
    before = next(c for c in card_texts(at) if "新投用公办幼儿园" in c)
    assert "8 所" not in before.split("目标")[0]
    with read_session() as s:
        kpi_id = s.scalar(select(Kpi.id).where(Kpi.code == "TZ25-05"))
    try:
        with write_session() as s:
            row = BureauUpdate(kpi_id=kpi_id, period="2025-06", value=8.0, note="测试：页面刷新")
            s.add(row)
            s.flush()
            audit.record(s, SYSTEM, "create", "bureau_update", row.id, after={"value": 8.0})
        at.run()
        after = next(c for c in card_texts(at) if "新投用公办幼儿园" in c)
        assert ">8 所<" in after and "达标" in after
    finally:
        with write_session() as s:
            s.execute(delete(BureauUpdate).where(BureauUpdate.note == "测试：页面刷新"))


def test_detail_page_for_a_school_kpi(demo_db):
    at = app("pages/kpi_detail.py", plan="2025-taizhou", kpi="TZ25-06", period="2025-06")
    assert at.title[0].value == "指标详情"
    metrics = shown_metrics(at)
    share, reported, expected = kg_public_share()
    assert metrics["当前数值"] == f"{share:.2f}".rstrip("0").rstrip(".") + "%"
    assert metrics["目标"] == "≥ 75%"
    assert metrics["报送覆盖"] == f"{reported}/{expected} 所已报送"
    frames = tables(at)
    ranking = next(f for f in frames if "名次" in f.columns)
    assert len(ranking) == 8  # 温岭's eight towns and streets
    schools = next(f for f in frames if "学校标识码" in f.columns and "本校数值" in f.columns)
    assert len(schools) == expected
    assert (schools["报送状态"] == "未报送").sum() == expected - reported
    assert set(schools.loc[schools["报送状态"] == "未报送", "本校数值"]) <= {"未报送"}
    source = " ".join(m.value for m in at.markdown)
    assert "公办园在园幼儿占比" in source and "原文" in source


def test_detail_page_for_a_cumulative_bureau_kpi(demo_db):
    at = app("pages/kpi_detail.py", plan="2021-wujin", kpi="WJ21-01", period="2021-06")
    metrics = shown_metrics(at)
    assert metrics["目标"] == "≥ 6,590 个"
    text = shown_metrics(at)["目标"] + " ".join(str(n) for n in metric_notes(at).values())
    assert "按进度应达 3,295 个" in text  # 6590 × 6/12
    assert any("期间" in d.columns and "说明" in d.columns for d in tables(at))


def test_milestones_read_done_or_not_done_on_cards_and_detail(demo_db):
    at = app(plan="2022-zhuji", period="2022-12")
    cards = {re.search(r'data-kpi="([^"]+)"', c).group(1): c for c in card_texts(at)}
    milestones = ["ZJ22-16", "ZJ22-17", "ZJ22-18", "ZJ22-20", "ZJ22-21", "ZJ22-22"]
    words = []
    for code in milestones:
        card = cards[code]
        value = re.search(r'class="ek-value">(.*?)</', card).group(1)
        status = re.search(r'data-status="([^"]+)"', card).group(1)
        # done → 达标; not done in December → 滞后; never reported → 无数据 (the demo reports every one)
        assert (value, status) in {("已完成", "达标"), ("未完成", "滞后")}, (code, value, status)
        assert "目标 年内完成" in card and not re.search(r"[>\s][01] 项", card), card
        words.append(value)
    assert set(words) == {"已完成", "未完成"}  # some done, some not, in the demo
    at = app("pages/kpi_detail.py", plan="2022-zhuji", kpi="ZJ22-20", period="2022-12")
    assert not at.exception, at.exception
    metrics = shown_metrics(at)
    assert metrics["目标"] == "年内完成" and metrics["当前数值"] in ("已完成", "未完成")
    updates = next(d for d in tables(at) if "完成情况" in d.columns)
    assert set(updates["完成情况"]) <= {"已完成", "未完成"}


def test_reporting_progress_counts_and_export(demo_db):
    at = app("pages/reporting_progress.py", plan="2025-taizhou", period="2025-12")
    m = shown_metrics(at)
    with read_session() as s:
        total = s.scalar(select(func.count()).select_from(OrgUnit).where(OrgUnit.level == "school",
                                                                       OrgUnit.code.like("__1081____")))
        subs = s.execute(select(Submission.org_unit_id, Submission.on_time).join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
                         .where(Submission.period == "2025-12", OrgUnit.code.like("__1081____"),
                                Submission.status == "accepted")).all()
    on_time = sum(1 for _, ok in subs if ok)
    assert m["应报学校"] == f"{total} 所"
    assert m["按时报送"] == f"{on_time} 所"
    assert m["逾期报送"] == f"{len(subs) - on_time} 所"
    assert m["未报送"] == f"{total - len(subs)} 所"
    assert at.get("download_button")
    chase = next(d for d in tables(at) if "报送状态" in d.columns and "说明" in d.columns)
    assert len(chase) == total - len(subs)  # only the schools that have not reported (issue 19 §4)
    assert {"联系人", "联系电话"} <= set(chase.columns)
    # Dates are written one way everywhere: 2026年1月10日, never 2026年01月10日 (issue 19 §4).
    assert any("截止时间 2026年1月10日 23:59" in m.value for m in at.markdown)


def test_data_quality_page_lists_jumps(demo_db):
    at = app("pages/data_quality.py", plan="2025-taizhou", period="2025-04")
    m = shown_metrics(at)
    assert m["环比跳变"] != "0 条"
    table = next(d for d in tables(at) if "问题类型" in d.columns)
    assert (table["问题类型"] == "环比跳变").all() and table["说明"].str.contains("由上月").all()


def test_a_province_sized_school_picker_asks_to_narrow_first(demo_db, monkeypatch):
    """Above SCHOOL_PICKER_LIMIT schools the picker lists none (each option costs browser time on
    every run); a narrower district or type lists them again, and a ?school= link still opens its school."""
    from pages import kpi_widgets

    with read_session() as s:
        plan = s.scalar(select(Plan).where(Plan.plan_key == "2025-taizhou"))
        schools = s.execute(select(OrgUnit.code, OrgUnit.name, OrgUnit.parent_id).where(
            OrgUnit.bureau_id == plan.bureau_id, OrgUnit.level == "school").order_by(OrgUnit.code)).all()
        district = s.scalar(select(OrgUnit).where(OrgUnit.id == schools[0].parent_id))
    in_district = [c for c, _, p in schools if p == district.id]
    monkeypatch.setattr(kpi_widgets, "SCHOOL_PICKER_LIMIT", len(in_district))
    assert len(schools) > len(in_district)

    at = app(period="2025-06")
    box = at.selectbox(key="ov_school")
    assert box.options == [f"全部学校（共 {len(schools)} 所，请先选片区或类型）"]
    assert f"{len(schools)} 所学校" in box.help and "缩小范围" in box.help
    assert len(card_texts(at)) == 26  # the bureau's figures are unaffected

    at = app(period="2025-06", district=district.code)
    assert at.selectbox(key="ov_school").options == ["全部学校"] + [n for c, n, p in schools if p == district.id]

    code, name, _ = schools[0]
    at = app(period="2025-06", school=code)
    assert at.selectbox(key="ov_school").options == [f"全部学校（共 {len(schools)} 所，请先选片区或类型）", name]
    assert at.selectbox(key="ov_school").value == code
    assert name in overview_body(at)  # the scope line of the 总览 names the school


def kg_schools_of_wenling():
    """(code, name) of every school that must report TZ25-06: 温岭's kindergartens, by code."""
    with read_session() as s:
        return s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.code.like("111081%"), OrgUnit.level == "school", OrgUnit.school_type == "11")
            .order_by(OrgUnit.code)).all()


def school_frame(at):
    return next(d for d in tables(at) if "学校标识码" in d.columns and "本校数值" in d.columns)


def test_detail_school_table_searches_filters_and_pages(demo_db, monkeypatch):
    """The 学校明细 shows one page of the searched and filtered schools with "共 N 所，显示第 a–b 所";
    the whole list stays downloadable."""
    from kpis import school_list

    schools = kg_schools_of_wenling()
    _share, reported, expected = kg_public_share()
    assert len(schools) == expected > 20
    monkeypatch.setattr(school_list, "PAGE_SIZE", 10)
    at = app("pages/kpi_detail.py", plan="2025-taizhou", kpi="TZ25-06", period="2025-06")
    captions = " ".join(c.value for c in at.caption)
    assert f"共 {expected} 所，显示第 1–10 所（第 1/{-(-expected // 10)} 页）" in captions
    frame = school_frame(at)
    assert len(frame) == 10
    # The table's own order is 片区/街道 then 标识码; page 2 holds the next ten of that order.
    first_ten = list(frame["学校标识码"])
    page_box = next(n for n in at.number_input if n.label.startswith("页码"))
    page_box.set_value(2).run()
    assert not at.exception
    frame2 = school_frame(at)
    assert len(frame2) == 10 and not set(frame2["学校标识码"]) & set(first_ten)
    assert "显示第 11–20 所" in " ".join(c.value for c in at.caption)
    assert any(b.label == f"下载全部 {expected} 所学校明细（Excel）" for b in at.get("download_button"))

    # Search by part of a name: exactly the schools whose name contains it, back on page 1.
    word = schools[0].name[:2]
    matching = sorted(c for c, n in schools if word in n)
    at.text_input(key="school_query").input(word).run()
    frame = school_frame(at)
    assert 0 < len(matching) <= 10 and sorted(frame["学校标识码"]) == matching
    assert f"共 {len(matching)} 所，显示第 1–{min(10, len(matching))} 所" in " ".join(c.value for c in at.caption)

    # Search by a whole 标识码 with spaces around it: that one school.
    at.text_input(key="school_query").input(f"  {schools[5].code} ").run()
    frame = school_frame(at)
    assert list(frame["学校标识码"]) == [schools[5].code] and list(frame["学校名称"]) == [schools[5].name]
    assert "共 1 所，显示第 1–1 所" in " ".join(c.value for c in at.caption)

    # 逾期报送 only: the late schools of the KPI's own table (kpis.detail), all of them 逾期.
    from kpis import detail

    with read_session() as s:
        full = detail.kpi_detail(s, SYSTEM, "2025-taizhou", "TZ25-06", "2025-06").schools
    late = sorted(full.loc[full["报送状态"] == "逾期", "学校标识码"])
    assert len(late) > 0
    at.text_input(key="school_query").input("").run()
    at.selectbox(key="school_status").select(school_list.LATE_ONLY).run()
    assert f"共 {len(late)} 所，显示第 1–{min(10, len(late))} 所" in " ".join(c.value for c in at.caption)
    frame = school_frame(at)
    assert len(frame) == min(10, len(late)) and set(frame["学校标识码"]) <= set(late)
    assert set(frame["报送状态"]) == {"逾期"}

    # 未报送 only: in the demo every kindergarten has reported 2025-06, so none (else: each one 未报送).
    at.selectbox(key="school_status").select(school_list.NOT_REPORTED).run()
    if expected == reported:
        assert any("没有符合条件的学校" in i.value for i in at.info)
    else:
        frame = school_frame(at)
        assert set(frame["报送状态"]) == {"未报送"} and set(frame["本校数值"]) == {"未报送"}
    at.selectbox(key="school_status").select(school_list.ALL).run()

    # Nothing matches: a Chinese hint, no table, and the download is still there.
    at.text_input(key="school_query").input("没有这所学校").run()
    assert not at.exception
    assert any("没有符合条件的学校" in i.value for i in at.info)
    assert not any("本校数值" in d.columns for d in tables(at))
    assert any(b.label.startswith("下载全部") for b in at.get("download_button"))


def test_detail_school_table_sorts_by_value(demo_db):
    from kpis import school_list

    at = app("pages/kpi_detail.py", plan="2025-taizhou", kpi="TZ25-06", period="2025-06")
    at.selectbox(key="school_sort").select(school_list.HIGH_FIRST).run()
    frame = school_frame(at)
    values = [float(v.rstrip("%").replace(",", "")) for v in frame["本校数值"] if v != "未报送"]
    assert values == sorted(values, reverse=True) and len(values) >= 2
    assert all(v == "未报送" for v in frame["本校数值"][len(values):])  # unreported schools last


def test_reporting_progress_lists_page_and_search(demo_db, monkeypatch):
    """填报进度's chase list and full list show one page each; the full list is searchable and its
    whole content downloadable."""
    from kpis import school_list

    with read_session() as s:
        schools = s.execute(select(OrgUnit.code, OrgUnit.name).where(
            OrgUnit.level == "school", OrgUnit.code.like("__1081____")).order_by(OrgUnit.code)).all()
        subs = s.execute(select(OrgUnit.code, Submission.on_time).join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
                         .where(Submission.period == "2025-12", OrgUnit.code.like("__1081____"),
                                Submission.status == "accepted")).all()
    to_chase = len(schools) - len(subs)
    assert len(schools) > 20 and to_chase > 0
    monkeypatch.setattr(school_list, "PAGE_SIZE", 10)
    at = app("pages/reporting_progress.py", plan="2025-taizhou", period="2025-12")
    captions = [c.value for c in at.caption]
    assert f"共 {to_chase} 所，显示第 1–{min(10, to_chase)} 所" + (
        f"（第 1/{-(-to_chase // 10)} 页）" if to_chase > 10 else "") in captions
    pages = -(-len(schools) // 10)
    assert f"共 {len(schools)} 所，显示第 1–10 所（第 1/{pages} 页）" in captions
    frames = [d for d in tables(at) if "报送状态" in d.columns and "说明" in d.columns]
    assert all(len(f) <= 10 for f in frames)
    assert any(b.label == f"下载全部 {len(schools)} 所学校报送明细（Excel）" for b in at.get("download_button"))

    # Search the full list by a school's 标识码: that school alone.
    code, name = schools[7]
    at.text_input(key="rp_query").input(code).run()
    assert not at.exception
    assert "共 1 所，显示第 1–1 所" in [c.value for c in at.caption]
    one = next(f for f in tables(at) if len(f) == 1 and "学校名称" in f.columns)
    assert list(one["学校名称"]) == [name]
    at.text_input(key="rp_query").input("没有这所学校").run()
    assert any("没有符合条件的学校" in i.value for i in at.info)
