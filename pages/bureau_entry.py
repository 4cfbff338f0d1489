"""科室填报: a department officer updates their bureau-level KPIs (counts, milestones) with a note
and evidence, one period at a time, and sees the history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from kpis import clock
from ingest import evidence as evidence_files
from kpis.catalog import milestone
from ingest.bureau_updates import attachment_file, editable_kpis, record_update, update_history
from kpis.formatting import COUNT_UNITS
from kpis.periods import current_period, label, year_months
from pages.common import current_principal, md_escape, period_asked_or_current, plan_selector, time_column
from kpis.vocabulary import KpiKind

st.title("科室填报")
st.caption("各科室按期间录入本科室负责的局级指标进展（数量、里程碑），并写明进展说明和佐证材料。")

principal = current_principal()
if principal is None or principal.role not in ("department", "admin"):
    st.warning("只有科室填报员和管理员可以录入局级指标进展。")
    st.stop()

plan = plan_selector()
if plan is None:
    st.stop()
kpis = editable_kpis(principal, plan.key)
if not kpis:
    who = f"“{md_escape(principal.department)}”" if principal.department else "您"
    st.info(f"这份工作要点中没有{who}负责填报的局级指标。")
    st.stop()

kpi = st.selectbox("指标", kpis, format_func=lambda k: k.label, key="bureau_kpi", placeholder="请选择…")
if kpi is None:
    st.stop()
is_milestone = kpi.kind == KpiKind.MILESTONE
if is_milestone:
    st.caption(f"负责科室：{md_escape(kpi.owner)}　·　里程碑：按期填报已完成或未完成　·　目标：{md_escape(kpi.target_text)}")
else:
    st.caption(f"负责科室：{md_escape(kpi.owner)}　·　单位：{md_escape(kpi.unit or '—')}　·　目标：{md_escape(kpi.target_text)}")


def shown(value: float | None) -> str:
    """A recorded figure as the officer reads it: '3所', or 已完成/未完成 for a milestone."""
    if value is None:
        return ""
    return milestone.word(value) if is_milestone else f"{value:g}{md_escape(kpi.unit)}"


months = sorted(set(year_months(plan.year)) | {current_period()}, reverse=True)
period = st.selectbox("期间", months, format_func=label, key="bureau_period", placeholder="请选择…",
                      index=months.index(period_asked_or_current(months, plan)))

history = update_history(principal, kpi.code)
current = next((h for h in history if h["period"] == period and h["current"]), None)
if current:
    st.info(f"{label(period)}当前{'完成情况' if is_milestone else '数值'}：{shown(current['value'])}"
            f"（{md_escape(current['by'])} 于 {clock.stamp(current['at'])} 录入）。"
            "再次保存会新增一条记录并取代它，原记录保留在历史中。")
elif is_milestone and (earlier := next((h for h in history if h["period"] < period and h["current"]), None)):
    st.info(f"{label(period)}尚未填报，按最近一次填报（{label(earlier['period'])}）计为：{shown(earlier['value'])}。")

# The inputs belong to one (KPI, period): choosing another one loads that entry's value, note and
# evidence (or empties them), and a save empties them for the next entry. Written into the widgets'
# state before they are drawn, so a number typed for one KPI is never saved on another.
entry = (kpi.code, period)
if st.session_state.pop("bureau_clear", False):
    st.session_state.update(bureau_value=None, bureau_done=None, bureau_note="", bureau_evidence="",
                            bureau_coord=False, bureau_checkin="")
    st.session_state["bureau_entry"] = entry
elif st.session_state.get("bureau_entry") != entry or "bureau_note" not in st.session_state:
    st.session_state.update(
        bureau_value=None if current is None or is_milestone else float(current["value"]),
        bureau_done=None if current is None or not is_milestone else
        (milestone.DONE if current["value"] >= 1 else milestone.NOT_DONE),
        bureau_note="" if current is None else current["note"],
        bureau_evidence="" if current is None else current["evidence"],
        bureau_coord=bool(current and current["needs_coordination"]),
        bureau_checkin="" if current is None else current["checkin_note"])
    st.session_state["bureau_entry"] = entry

saved = st.session_state.pop("bureau_saved", None)
if saved:
    st.success(saved[0])
    st.caption(md_escape(saved[1]))  # what was saved besides the figure: the note and the check-in

with st.form("bureau_form", clear_on_submit=False):
    if is_milestone:
        choice = st.radio(
            "完成情况", [milestone.DONE, milestone.NOT_DONE], horizontal=True, key="bureau_done",
            help="这项任务截至本期末是否已经完成；未填报的月份沿用最近一次填报。")
        value = None if choice is None else milestone.as_value(choice == milestone.DONE)
        placeholder = "已完成：写明完成时间和依据（验收、发文、评估结果）；未完成：写明进展和预计完成时间（必填）"
    else:
        value = st.number_input(
            f"本期数值（{md_escape(kpi.unit)}）" if kpi.unit else "本期数值", min_value=0.0, step=1.0,
            placeholder="请输入数值",
            # Things counted one by one read "8", not "8.00"; rates and amounts keep two decimals.
            format="%.0f" if kpi.unit in COUNT_UNITS else "%.2f",
            help="累计类指标填截至本期末的累计数。", key="bureau_value")
        placeholder = "本期做了什么、数值从何而来（必填）"
    note = st.text_area("进展说明", placeholder=placeholder, key="bureau_note")
    coord = st.checkbox("需要局里协调", key="bureau_coord",
                        help="勾选后，局领导在“指标详情”的进展时间线上会看到这条需要协调的标记。")
    checkin = st.text_area("备注（可选）", placeholder="需要协调什么、遇到的困难、下一步安排", key="bureau_checkin",
                           height=80)
    evidence = st.text_input("佐证材料", placeholder="文件名、文号或网址，如：温教发〔2025〕12号", key="bureau_evidence")
    # A new key after each save empties the picker, so the same files are not attached twice.
    uploads = st.file_uploader(
        "佐证文件（可多选）", type=list(evidence_files.ALLOWED_EXTENSIONS), accept_multiple_files=True,
        key=f"bureau_files_{st.session_state.get('bureau_files_round', 0)}",
        help=f"支持 {evidence_files.ACCEPTED}，每个文件不超过 {evidence_files.MAX_BYTES // 1024 // 1024} MB，"
             f"每次最多 {evidence_files.MAX_FILES} 个；按文件内容检查类型。")
    submitted = st.form_submit_button("保存", type="primary")
if submitted:
    try:
        files = [(f.name, f.getvalue()) for f in uploads or []]
        record_update(principal, kpi.code, period, value, note, evidence, attachments=files,
                      needs_coordination=coord, checkin_note=checkin)
    except (ValueError, PermissionDenied) as exc:
        st.error(f"未保存：{md_escape(exc)}")  # messages quote file names and what was typed
    else:
        attached = f"，附佐证文件 {len(files)} 个" if files else ""
        figure = f"“{shown(value)}”" if is_milestone else f" {shown(value)}"
        details = f"进展说明：{note.strip()}" + ("　·　需要局里协调" if coord else "") + (
            f"　·　备注：{checkin.strip()}" if checkin.strip() else "")
        st.session_state["bureau_saved"] = (f"已保存：{md_escape(kpi.name)} {label(period)} 为{figure}{attached}。",
                                            details)
        st.session_state["bureau_files_round"] = st.session_state.get("bureau_files_round", 0) + 1
        st.session_state["bureau_clear"] = True
        st.rerun()

st.subheader("历史记录")
if not history:
    st.caption("还没有任何记录。")
else:
    st.dataframe(pd.DataFrame([{
        "期间": label(h["period"]), ("完成情况" if is_milestone else "数值"): shown(h["value"]),
        "状态": "当前有效" if h["current"] else "已被取代", "进展说明": h["note"],
        "需要协调": "是" if h["needs_coordination"] else "", "备注": h["checkin_note"], "佐证材料": h["evidence"],
        "佐证文件": "、".join(a.name for a in h["attachments"]),
        "录入人": h["by"], "录入时间": clock.local(h['at']),
    } for h in history]), hide_index=True, width="stretch", column_config={"录入时间": time_column("录入时间")})
    with_files = [h for h in history if h["attachments"]]
    if with_files:
        st.markdown("**佐证文件下载**")
        for h in with_files:
            st.caption(f"{label(h['period'])} · {shown(h['value'])} · {md_escape(h['by'])} 于 {clock.stamp(h['at'])} 录入")
            for a in h["attachments"]:
                # The bytes are read (and the reader's scope checked again) only when the button is clicked.
                st.download_button(
                    f"下载 {md_escape(a.name)}（{evidence_files.size_text(a.size)}）", key=f"bureau_att_{a.id}",
                    data=lambda aid=a.id: attachment_file(principal, aid).content, file_name=a.name,
                    mime=a.content_type, on_click="ignore", icon=":material/download:")
