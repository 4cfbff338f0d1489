"""指标详情: one KPI — definition and verbatim clause, trend against target and pace line, districts
ranked, every school's figure with missing and late schools marked, data-quality flags, history."""

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import clock, compute, detail, figures, formatting, school_list
from kpis.catalog.query import DATA_PATH_LABELS, FREQUENCY_LABELS, KIND_LABELS
from kpis.periods import label
from pages import followup_widgets as fw
from pages import kpi_widgets as ui
from pages.common import md_escape, require_principal
from kpis.vocabulary import DataPath, KpiKind, Pace

st.title("指标详情")
principal = require_principal()
# The plan and scope pickers are folded into 筛选 (six drop-downs filled a phone's first screen);
# the KPI picker stays in sight: it is what this page is about.
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
st.markdown(f"### {md_escape(html.escape(r.name))}　{ui.status_chip(r)}", unsafe_allow_html=True)
st.caption(f"{md_escape(r.code)}　·　{md_escape(ui.context_line(d.scope.label, bar))}")
# 督办: open items here (overdue in red) and, for a leader on a red KPI, 发起督办 (issue 17)
fw.kpi_strip(principal, plan.key, r, bar["school"] or bar["district"], d.scope.label, bar["district"], bar["school"])
# Metrics of a fixed width in a wrapping row: four across at 1920 px, two rows on a laptop.
with st.container(horizontal=True, gap="medium"):
    st.metric("当前数值", formatting.value_text(r), width=300)
    st.metric("目标", formatting.target_text(r), formatting.expected_text(r), delta_color="off", delta_arrow="off",
              width=300)
    st.metric("报送覆盖", formatting.coverage_text(r),
              None if r.coverage is None else f"覆盖率 {r.coverage * 100:.0f}%", delta_color="off", delta_arrow="off",
              width=390)  # "10000/10000 所已报送" at a province's size
    st.metric("较上月", formatting.change_short(r), width=300)
if not r.applies:
    st.info(f"该指标不适用于本校：{md_escape(r.na_reason)}不计入本校的指标统计。", icon=":material/block:")
if formatting.level_text(r):
    st.caption(md_escape(formatting.level_text(r)))
if r.withheld:
    st.warning(f"报送覆盖 {formatting.coverage_text(r)}，低于 80%，暂不判断状态；按已报送学校计算为“{r.status}”。")
if r.value is None and r.data_path == DataPath.SCHOOL and r.expected_count:
    st.warning("本期所选范围内没有学校报送该指标所需的数据（无数据不等于 0）。")

ISSUES_SHOWN = 20  # data-quality notes listed one by one below the school table
PLOT_CONFIG = {"displayModeBar": False, "locale": "zh-CN"}
LAYOUT = dict(font=dict(family="Noto Sans CJK SC, sans-serif", size=13), margin=dict(l=10, r=10, t=40, b=10),
              height=340, legend=dict(orientation="h", y=-0.18), plot_bgcolor="#ffffff")

st.subheader("月度趋势")
t = d.trend
x = [label(p) for p in t["period"]]
unit_title = "百分点" if k.is_relative else (r.unit or "数值")
fig = go.Figure()
fig.add_trace(go.Scatter(
    x=x, y=t["value"], mode="lines+markers", name="实际值",
    line=dict(color="#1f5fa8", width=2.5),
    marker=dict(size=10, color=[compute.WITHHELD_COLOUR if w else compute.STATUS_COLOURS[s]
                                for s, w in zip(t["status"], t["withheld"])]),
    hovertemplate="%{x}：%{y:.2f}<extra></extra>"))
fig.add_trace(go.Scatter(x=x, y=t["target"], mode="lines", name="目标", line=dict(color="#c62828", dash="dash"),
                         hovertemplate="目标 %{y:.2f}<extra></extra>"))
if k.pace == Pace.LINEAR:
    fig.add_trace(go.Scatter(x=x, y=t["expected"], mode="lines", name="进度线（目标×月份÷12）",
                             line=dict(color="#ef8c00", dash="dot"), hovertemplate="按进度应达 %{y:.2f}<extra></extra>"))
title = f"{html.escape(r.name)}：{'较基期变化' if k.is_relative else '实际值'}与目标" + ("、进度线" if k.pace == Pace.LINEAR else "")
if r.kind == KpiKind.MILESTONE:
    title = f"{html.escape(r.name)}：逐月完成情况"
fig.update_layout(title=title, xaxis_title="期间", yaxis_title=unit_title, **LAYOUT)
if r.kind == KpiKind.MILESTONE:  # 1/0 on the axis would read as a count: say what they mean
    fig.update_traces(hovertemplate="%{x}：%{text}<extra></extra>", selector=dict(name="实际值"),
                      text=[formatting.figure_text(v, r.unit, r.kind) if pd.notna(v) else "无数据" for v in t["value"]])
    fig.update_traces(hovertemplate="目标：年内完成<extra></extra>", selector=dict(name="目标"))
    fig.update_layout(yaxis=dict(title="完成情况", tickvals=[0, 1], ticktext=["未完成", "已完成"], range=[-0.2, 1.2]))
st.plotly_chart(fig, config=PLOT_CONFIG, key="trend_chart")

if r.data_path == DataPath.SCHOOL and not d.districts.empty:
    st.subheader("片区排名")
    dd = d.districts
    colours = [compute.WITHHELD_COLOUR if w else compute.STATUS_COLOURS.get(s, compute.WITHHELD_COLOUR)
               for s, w in zip(dd["status"], dd["withheld"])]
    bars = go.Figure(go.Bar(y=[html.escape(str(n)) for n in dd["片区/街道"]], x=dd["value"], orientation="h", marker_color=colours,
                            text=[formatting.number(v) if pd.notna(v) else "无数据" for v in dd["value"]],
                            textposition="auto", hovertemplate="%{y}：%{x:.2f}<extra></extra>"))
    bars.add_vline(x=r.expected if r.expected is not None else r.target, line_dash="dash", line_color="#c62828",
                   annotation_text="目标", annotation_position="top")
    bars.update_layout(title=f"各片区/街道{html.escape(r.name)}（由好到差）", xaxis_title=unit_title,
                       yaxis_title="片区/街道", yaxis=dict(autorange="reversed"),
                       **{**LAYOUT, "height": max(260, 40 * len(dd) + 90)})
    st.plotly_chart(bars, config=PLOT_CONFIG, key="district_chart")
    table = dd.assign(**{"报送": [f"{a}/{b} 所" for a, b in zip(dd["reported"], dd["expected_count"])],
                         "数值": [formatting.with_unit(v, r.unit if not k.is_relative else "百分点") if pd.notna(v)
                                else "无数据" for v in dd["value"]]})
    table.insert(0, "名次", range(1, len(table) + 1))
    st.dataframe(table[["名次", "片区/街道", "数值", "status", "报送"]].rename(columns={"status": "状态"}),
                 hide_index=True, width="stretch")

if d.distribution is not None and not d.distribution.empty:
    st.subheader("学校分布（差异系数）")
    hist = go.Figure(go.Histogram(x=d.distribution["value"], nbinsx=20, marker_color="#1f5fa8",
                                  hovertemplate="区间 %{x}：%{y} 所<extra></extra>"))
    hist.update_layout(title=f"各校生均值分布（差异系数 {formatting.number(r.value, 3)}）",
                       xaxis_title="生均值", yaxis_title="学校数（所）", **LAYOUT)
    st.plotly_chart(hist, config=PLOT_CONFIG, key="dist_chart")

if r.data_path == DataPath.SCHOOL:
    st.subheader("学校明细")
    all_schools = d.schools
    value_unit = r.level_unit
    missing = int((all_schools["报送状态"] == "未报送").sum())
    late = int((all_schools["报送状态"] == "逾期").sum())
    st.caption(f"共 {len(all_schools)} 所应报学校：未报送 {missing} 所，逾期 {late} 所。"
               f"可按学校名称或标识码搜索、按报送状态筛选、按本校数值排序；每页最多显示 {school_list.PAGE_SIZE} 所，"
               "全部学校可下载为 Excel。")
    c1, c2, c3 = st.columns([2, 2, 1.4])
    query = c1.text_input("搜索学校", key="school_query", placeholder="输入学校名称或标识码（部分即可）")
    status = c2.selectbox("报送状态", school_list.STATUS_FILTERS, key="school_status", placeholder="请选择…")
    order = c3.selectbox("排序", school_list.SORTS, key="school_sort", placeholder="请选择…")
    shown = school_list.filter_schools(all_schools, query, status or school_list.ALL,
                                       order or school_list.DEFAULT_ORDER)

    def _with_units(view: pd.DataFrame) -> pd.DataFrame:
        view["本校数值"] = [formatting.with_unit(v, value_unit) if pd.notna(v) else "未报送" for v in view["本校数值"]]
        return view

    # The key names one search: a new search, filter or order starts again at page 1.
    ui.paged_table(shown, repr(("kpi_detail", school_list.normalise_query(query), status, order, code,
                                bar["period"], bar["district"], bar["school"], bar["school_type"])),
                   _with_units, fit_height=True)
    # Written when clicked (a callable), not on every run: the whole list, whatever the search shows.
    st.download_button(f"下载全部 {len(all_schools)} 所学校明细（Excel）",
                       lambda: school_list.schools_xlsx(all_schools, f"{d.scope.label} {label(r.period)} {r.code} "
                                                        f"{r.name} 学校明细", value_unit),
                       file_name=f"学校明细_{plan.key}_{r.code}_{r.period}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="school_xlsx")
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
        st.dataframe(upd, hide_index=True, width="stretch")

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
st.dataframe(pd.DataFrame(hist_rows), hide_index=True, width="stretch")
