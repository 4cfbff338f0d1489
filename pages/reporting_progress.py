"""填报进度: for a period, which schools submitted on time, late, or not at all, by district,
with the list to chase as an Excel file."""


import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import deadlines, figures, progress, school_list
from kpis.periods import label
from pages import html_parts as hp
from pages import kpi_widgets as ui
from pages.common import md_escape, require_principal

st.title("填报进度")
principal = require_principal()
plan, bar, data_stamp = ui.dashboard_filters(principal, "rp", with_school=False)


@st.cache_data(show_spinner="正在统计报送情况…", max_entries=64)
def _progress(principal, plan_key, period, district, school_type, stamp):
    with read_session() as s:
        return progress.reporting_progress(s, principal, plan_key, period, district, None, school_type)


try:
    scope, table, deadline = _progress(principal, plan.key, bar["period"], bar["district"], bar["school_type"],
                                       data_stamp)
except (PermissionDenied, figures.ScopeError) as exc:
    ui.show_error(exc)
    st.stop()

due = f"截止时间 {deadlines.show(deadline)}" if deadline is not None else "未设置截止时间"
st.markdown(f"**{md_escape(scope.label)}　·　{label(bar['period'])}　·　{due}**")
counts = table["报送状态"].value_counts()
st.html(hp.metrics([hp.Metric("应报学校", f"{len(table)} 所"),
                    hp.Metric("按时报送", f"{int(counts.get(progress.ON_TIME, 0))} 所"),
                    hp.Metric("逾期报送", f"{int(counts.get(progress.LATE, 0))} 所"),
                    hp.Metric("未报送", f"{int(counts.get(progress.MISSING, 0))} 所")]))
if table.empty:
    st.info("所选范围内没有应报学校。")
    st.stop()

st.subheader("各片区/街道报送情况")
dist = progress.by_district(table)
STATE_COLOURS = ((progress.ON_TIME, "#2e7d32"), (progress.LATE, "#ef8c00"), (progress.MISSING, "#c62828"))
rows = [hp.BarRow(str(row["片区/街道"]),
                  [hp.Segment(float(row[state]), colour, f"{row['片区/街道']} {state}：{int(row[state])} 所")
                   for state, colour in STATE_COLOURS],
                  f"{int(row['应报'])} 所")
        for _, row in dist.iterrows()]
st.html('<div class="ek-chart-title">各片区/街道学校报送情况（所）</div>' + hp.bar_rows(rows)
        + hp.legend([(state, colour, "box") for state, colour in STATE_COLOURS]))
shown = dist.copy()
shown["按时率"] = [f"{v:.1f}%" for v in shown["按时率"]]
for col in (*progress.STATES, "应报"):
    shown[col] = [f"{int(v)} 所" for v in shown[col]]
st.html(hp.table(shown, "各片区/街道报送情况"))


def _shown(view: pd.DataFrame) -> pd.DataFrame:
    # Beijing wall-clock times already (kpis.progress), written as every date is written.
    view["首次报送时间"] = [deadlines.show(pd.Timestamp(v).to_pydatetime()) if pd.notna(v) else "—"
                        for v in view["首次报送时间"]]
    view["逾期天数"] = [f"{int(v)} 天" if pd.notna(v) and v else "—" for v in view["逾期天数"]]
    return view


PROGRESS_FILTERS = [school_list.ALL, school_list.NOT_REPORTED, school_list.LATE_ONLY, school_list.REPORTED]

st.subheader("催报名单")
chase = progress.chase_list(table).copy()
if chase.empty:
    st.success("所有学校均已报送，无需催报。")
else:
    st.caption(f"尚未报送 {len(chase)} 所（已逾期报送的学校已报送，不再列入；联系人取自学校名册）。")
    # A callable: the workbook is written when the button is clicked, not on every run (with
    # thousands of schools to chase, openpyxl took seconds of each page load). Above the list: it is
    # what the page is for. on_click="ignore": a download changes nothing on the page, and a rerun
    # racing the file request could drop the callable before the browser fetched it.
    st.download_button("导出催报名单（Excel）", lambda: progress.chase_list_xlsx(table, scope.label, bar["period"]),
                       file_name=f"催报名单_{plan.key}_{bar['period']}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    # At most one page of the list travels to the browser (a province can have thousands to chase);
    # the Excel file holds all of them.
    ui.paged_table(chase, f"rp_chase_{plan.key}_{bar['period']}_{bar['district']}_{bar['school_type']}", _shown, "催报名单")

with st.expander("全部学校报送明细"):
    tools = st.container(horizontal=True)
    with tools, st.popover("搜索与筛选", icon=":material/search:"):
        query = st.text_input("搜索学校", key="rp_query", placeholder="输入学校名称或标识码（部分即可）")
        status = st.selectbox("报送状态", PROGRESS_FILTERS, key="rp_status", placeholder="请选择…")
    tools.download_button(f"下载全部 {len(table)} 所学校报送明细（Excel）",
                          lambda: school_list.schools_xlsx(_shown(table.copy()), f"{scope.label} {label(bar['period'])} "
                                                           "学校报送明细", None),
                          file_name=f"学校报送明细_{plan.key}_{bar['period']}.xlsx", icon=":material/download:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="rp_all_xlsx",
                          on_click="ignore")
    chosen = school_list.describe_choice(query, status, None)
    if chosen:
        st.caption(f"当前：{md_escape(chosen)}")
    full = school_list.filter_schools(table, query, status or school_list.ALL)
    ui.paged_table(full, f"rp_all_{plan.key}_{bar['period']}_{bar['district']}_{bar['school_type']}_"
                         f"{school_list.normalise_query(query)}_{status}", _shown)
