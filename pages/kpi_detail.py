"""指标详情: one KPI — definition and verbatim clause, trend against target and pace line, districts
ranked, every school's figure with missing and late schools marked, data-quality flags, history."""


import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import clock, compute, detail, figures, formatting, school_list
from kpis.catalog.query import DATA_PATH_LABELS, FREQUENCY_LABELS, KIND_LABELS
from kpis.periods import label
from pages import followup_widgets as fw
from pages import html_parts as hp
from pages import svg_charts as svg
from pages import kpi_widgets as ui
from pages.common import md_escape, require_principal
from kpis.vocabulary import DataPath, KpiKind, Pace

st.title("指标详情")
principal = require_principal()
# The plan and scope pickers are folded into 筛选 (six drop-downs filled a phone's first screen),
# the KPI picker into 切换指标 beside it (the KPI's name heads the page); the browser draws a
# popover's controls only when it is opened (docs/decisions.md).
pickers = st.container(horizontal=True)  # 筛选 and 切换指标 side by side
with pickers:
    plan, bar, data_stamp = ui.dashboard_filters(principal, "dt")

try:
    with read_session() as s:
        choices = detail.kpi_choices(s, principal, plan.key)
except (PermissionDenied, figures.ScopeError) as exc:
    ui.show_error(exc)
    st.stop()
if not choices:
    st.info("该工作要点还没有指标。")
    st.stop()
codes = [c for c, _ in choices]
names = dict(choices)
wanted = st.query_params.get("kpi")
with pickers, st.popover(f"切换指标（本计划共 {len(codes)} 项）", icon=":material/swap_horiz:"):
    code = st.selectbox("指标", codes, index=codes.index(wanted) if wanted in codes else 0,
                        format_func=lambda c: f"{c}　{names[c]}", key="detail_kpi", placeholder="请选择…")
st.query_params["kpi"] = code
try:
    d = ui.kpi_detail(principal, plan.key, code, bar["period"], bar["district"], bar["school"], bar["school_type"],
                      data_stamp)
except (PermissionDenied, figures.ScopeError) as exc:
    ui.show_error(exc)
    st.stop()

r, k = d.result, d.definition
st.html(f'<h3 class="ek-kpi-title">{hp.e(r.name)}　{ui.status_chip(r)}</h3>')  # HTML, not markdown: no raw-HTML parser to fetch
st.caption(f"{md_escape(r.code)}　·　{md_escape(ui.context_line(d.scope.label, bar))}")
# 督办: open items here (overdue in red) and, for a leader on a red KPI, 发起督办 (issue 17)
fw.kpi_strip(principal, plan.key, r, bar["school"] or bar["district"], d.scope.label, bar["district"], bar["school"])
# The headline figures in one wrapping row: four across at 1920 px, two rows on a laptop or phone.
st.html(hp.metrics([
    hp.Metric("当前数值", formatting.value_text(r)),
    hp.Metric("目标", formatting.target_text(r), formatting.expected_text(r)),
    hp.Metric("报送覆盖", formatting.coverage_text(r), None if r.coverage is None else f"覆盖率 {r.coverage * 100:.0f}%"),
    hp.Metric("较上月", formatting.change_short(r)),
]))
if not r.applies:
    st.info(f"该指标不适用于本校：{md_escape(r.na_reason)}不计入本校的指标统计。", icon=":material/block:")
if formatting.level_text(r):
    st.caption(md_escape(formatting.level_text(r)))
if r.withheld:
    st.warning(f"报送覆盖 {formatting.coverage_text(r)}，低于 80%，暂不判断状态；按已报送学校计算为“{r.status}”。")
if r.value is None and r.data_path == DataPath.SCHOOL and r.expected_count:
    st.warning("本期所选范围内没有学校报送该指标所需的数据（无数据不等于 0）。")

ISSUES_SHOWN = 20  # data-quality notes listed one by one below the school table
st.subheader("月度趋势")
t = d.trend
x = [label(p) for p in t["period"]]
unit_title = "百分点" if k.is_relative else (r.unit or "数值")
is_milestone = r.kind == KpiKind.MILESTONE


def _num(v) -> float | None:  # noqa: ANN001 - a pandas cell
    return None if pd.isna(v) else float(v)


def _tip(period: str, v) -> str:  # noqa: ANN001 - a pandas cell
    if pd.isna(v):
        return f"{period}：无数据"
    return f"{period}：{formatting.figure_text(v, r.unit, r.kind) if is_milestone else formatting.with_unit(v, '百分点' if k.is_relative else (r.unit or ''))}"


marker_colours = [compute.WITHHELD_COLOUR if w else compute.STATUS_COLOURS[s] for s, w in zip(t["status"], t["withheld"])]
series = [svg.Series("实际值", [_num(v) for v in t["value"]], "#1f5fa8", markers=marker_colours,
                     tips=[_tip(p, v) for p, v in zip(x, t["value"])])]
keys = [("实际值", "#1f5fa8", "line")]
if not is_milestone:
    series.append(svg.Series("目标", [_num(v) for v in t["target"]], "#c62828", "dash"))
    keys.append(("目标", "#c62828", "dash"))
if k.pace == Pace.LINEAR:
    series.append(svg.Series("进度线（目标×月份÷12）", [_num(v) for v in t["expected"]], "#ef8c00", "dot"))
    keys.append(("进度线（目标×月份÷12）", "#ef8c00", "dot"))
if is_milestone:
    chart_title = f"{r.name}：逐月完成情况（目标：年内完成）"
else:
    chart_title = (f"{r.name}：{'较基期变化' if k.is_relative else '实际值'}与目标" + ("、进度线" if k.pace == Pace.LINEAR else "")
                   + f"（{unit_title}）")
month_labels = [p[5:].lstrip("0") + "月" if len(p) == 7 else label(p) for p in t["period"]]
y_ticks = [(0, "未完成"), (1, "已完成")] if is_milestone else None
alt = f"{chart_title}。" + "；".join(_tip(p, v) for p, v in zip(x, t["value"]))
if not is_milestone and r.target is not None:
    alt += f"。目标 {formatting.target_text(r)}"
st.html(f'<div class="ek-chart-title">{hp.e(chart_title)}</div>'
        + svg.images(lambda f: svg.line_chart(month_labels, series, chart_title, y_ticks, f), alt)
        + hp.legend(keys + [("点的颜色表示当月状态", "#8a96a3", "box")]))

if r.data_path == DataPath.SCHOOL and not d.districts.empty:
    st.subheader("片区排名")
    dd = d.districts
    rank_unit = r.unit if not k.is_relative else "百分点"
    ref = r.expected if r.expected is not None else r.target
    rows = [hp.BarRow(str(n), [hp.Segment(float(v) if pd.notna(v) else 0.0,
                                          compute.WITHHELD_COLOUR if w else compute.STATUS_COLOURS.get(s, compute.WITHHELD_COLOUR),
                                          f"{n}：{formatting.with_unit(v, rank_unit) if pd.notna(v) else '无数据'}（{s}）")],
                      formatting.number(v) if pd.notna(v) else "无数据")
            for n, v, s, w in zip(dd["片区/街道"], dd["value"], dd["status"], dd["withheld"])]
    ref_name = "进度线" if r.expected is not None and k.pace == Pace.LINEAR else "目标"
    st.html(f'<div class="ek-chart-title">{hp.e(f"各片区/街道{r.name}（由好到差，{unit_title}）")}</div>'
            + hp.bar_rows(rows, ref, f"{ref_name} {formatting.number(ref) if ref is not None else '—'}")
            + hp.legend([(f"{ref_name}（红色虚线）", "#c62828", "dash")]))
    table = dd.assign(**{"报送": [f"{a}/{b} 所" for a, b in zip(dd["reported"], dd["expected_count"])],
                         "数值": [formatting.with_unit(v, rank_unit) if pd.notna(v) else "无数据" for v in dd["value"]]})
    table.insert(0, "名次", range(1, len(table) + 1))
    st.html(hp.table(table[["名次", "片区/街道", "数值", "status", "报送"]].rename(columns={"status": "状态"}), "片区排名"))

if d.distribution is not None and not d.distribution.empty:
    st.subheader("学校分布（差异系数）")
    dist_title = f"各校生均值分布（差异系数 {formatting.number(r.value, 3)}；纵轴为学校数，单位：所）"
    values = list(d.distribution["value"])
    st.html(f'<div class="ek-chart-title">{hp.e(dist_title)}</div>'
            + svg.images(lambda f: svg.histogram(values, 20, dist_title, f),
                         f"{dist_title}：共 {len(values)} 所，最低 {formatting.number(min(values))}，"
                         f"最高 {formatting.number(max(values))}"))

if r.data_path == DataPath.SCHOOL:
    st.subheader("学校明细")
    all_schools = d.schools
    value_unit = r.level_unit
    missing = int((all_schools["报送状态"] == "未报送").sum())
    late = int((all_schools["报送状态"] == "逾期").sum())
    st.caption(f"共 {len(all_schools)} 所应报学校：未报送 {missing} 所，逾期 {late} 所。"
               f"可按学校名称或标识码搜索、按报送状态筛选、按本校数值排序；每页最多显示 {school_list.PAGE_SIZE} 所，"
               "全部学校可下载为 Excel。")
    tools = st.container(horizontal=True)  # search and the Excel file above the list, side by side
    with tools, st.popover("搜索、筛选与排序", icon=":material/search:"):
        query = st.text_input("搜索学校", key="school_query", placeholder="输入学校名称或标识码（部分即可）")
        status = st.selectbox("报送状态", school_list.STATUS_FILTERS, key="school_status", placeholder="请选择…")
        order = st.selectbox("排序", school_list.SORTS, key="school_sort", placeholder="请选择…")
    # Written when clicked (a callable), not on every run: the whole list, whatever the search shows.
    tools.download_button(f"下载全部 {len(all_schools)} 所学校明细（Excel）",
                          lambda: school_list.schools_xlsx(all_schools, f"{d.scope.label} {label(r.period)} {r.code} "
                                                           f"{r.name} 学校明细", value_unit),
                          file_name=f"学校明细_{plan.key}_{r.code}_{r.period}.xlsx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="school_xlsx",
                          on_click="ignore")
    chosen = school_list.describe_choice(query, status, order)
    if chosen:
        st.caption(f"当前：{md_escape(chosen)}")
    shown = school_list.filter_schools(all_schools, query, status or school_list.ALL,
                                       order or school_list.DEFAULT_ORDER)

    def _with_units(view: pd.DataFrame) -> pd.DataFrame:
        view["本校数值"] = [formatting.with_unit(v, value_unit) if pd.notna(v) else "未报送" for v in view["本校数值"]]
        return view

    # The key names one search: a new search, filter or order starts again at page 1.
    ui.paged_table(shown, repr(("kpi_detail", school_list.normalise_query(query), status, order, code,
                                bar["period"], bar["district"], bar["school"], bar["school_type"])),
                   _with_units, "学校明细")
    if not d.issues.empty:
        st.subheader("数据质量提示")
        for row in d.issues.head(ISSUES_SHOWN).itertuples():
            st.warning(f"{md_escape(row.name)}（{md_escape(row.code)}）：{md_escape(row.message)}")
        if len(d.issues) > ISSUES_SHOWN:  # a province can have thousands: the 数据质量 page lists them all
            st.caption(f"另有 {len(d.issues) - ISSUES_SHOWN} 条提示未逐条列出，请在“数据质量”页面按类型查看全部。")
else:
    st.subheader("进展时间线（科室填报，最新在前）")
    if d.bureau_updates.empty:
        st.info("科室尚未填报该指标的进展。")
    else:
        upd = d.bureau_updates.copy()
        upd["期间"] = upd["期间"].map(label)
        upd["数值"] = [formatting.figure_text(v, r.unit, r.kind) if pd.notna(v) else "—" for v in upd["数值"]]
        if r.kind == KpiKind.MILESTONE:
            upd = upd.rename(columns={"数值": "完成情况"})
        upd["填报时间"] = [clock.stamp(t) for t in upd["填报时间"]]
        upd["需要协调"] = ["需要协调" if c else "" for c in upd["需要协调"]]
        upd = upd.fillna("")
        if upd.iloc[0]["需要协调"]:  # the newest check-in asks the bureau for help: say so above the table
            st.warning(f"科室最近一次填报（{upd.iloc[0]['填报时间']}）提出需要局里协调"
                       + (f"：{md_escape(upd.iloc[0]['备注'])}" if upd.iloc[0]["备注"] else "。"))
        st.caption("同一期间有多条记录时，以最新一条为准。")
        st.html(hp.table(upd, "进展时间线"))

st.subheader("指标定义")
st.markdown(f"**原文：** {md_escape(k.source)}")
formula_names = "、".join(d.elements.values()) if d.elements else "—"
st.markdown(
    f"- 类别：{md_escape(k.category)}　·　责任科室：{md_escape(k.owner or '—')}\n"
    f"- 计算方式：{KIND_LABELS.get(k.kind, k.kind)}　·　数据来源：{DATA_PATH_LABELS.get(k.data_path, k.data_path)}"
    f"　·　频次：{FREQUENCY_LABELS.get(k.frequency, k.frequency)}　·　判断方式：{formatting.PACE_LABELS.get(k.pace, k.pace)}\n"
    f"- 所用数据项：{md_escape(formula_names)}\n"
    f"- 当前使用的定义版本：自 {label(k.valid_from) if k.valid_from else '—'} 起"
)
st.markdown("**定义历史**")


def _span(h: dict) -> str:
    if h["valid_to"] is None:
        return f"{label(h['valid_from'])} 起（现行）"
    if h["valid_to"] < h["valid_from"]:
        return f"{label(h['valid_from'])} 起，已被同月生效的新定义取代"
    return f"{label(h['valid_from'])} 起，至 {label(h['valid_to'])}"


hist_rows = [{"生效期间": _span(h), "名称": h["name"], "目标": h["target_text"],
              "计算方式": KIND_LABELS.get(h["kind"], h["kind"]), "责任科室": h["owner"], "说明": h["note"] or "",
              "修改人": h["revised_by"] or "指标目录", "修改原因": h["reason"] or ""} for h in d.history]
st.html(hp.table(pd.DataFrame(hist_rows), "定义历史"))
