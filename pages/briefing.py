"""月度简报: the fixed 16:9 briefing of a month, its numbered snapshots and offline exports."""

import streamlit as st

from core.errors import EduKPIError

from briefing import export, layout, snapshot
from db.session import read_session, write_session
from kpis import clock, figures
from kpis.periods import label
from notify import events as notify_events
from pages import kpi_widgets as ui
from pages.errors import show_error, stop_on
from pages.common import md_escape, period_asked_or_current, require_plan, require_principal

PREVIEW = 0  # the "current figures, not saved" choice of the snapshot picker
SIZE_LABELS = {"1920x1080": "1920×1080", "1280x720": "1280×720"}
MIME = {"png": "image/png", "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

st.title("月度简报")
principal = require_principal()
if principal.role not in snapshot.BRIEFING_ROLES:
    st.error("只有局领导、科室和管理员可以查看月度简报。")
    st.stop()

plan = require_plan()


@st.cache_data(show_spinner="正在汇总本月数据…", max_entries=32)
def preview(principal, plan_key: str, period: str, data_stamp: tuple) -> dict:
    with read_session() as s:
        return snapshot.build_snapshot(s, principal, plan_key, period)


try:
    with read_session() as s:
        periods = figures.available_periods(s, principal, plan.key)
        saved = snapshot.list_briefings(s, principal, plan.key)
except EduKPIError as exc:
    stop_on(exc)
if not periods:
    st.info("该工作要点还没有任何报送期间或数据，暂时无法生成简报。请先导入学校报表或录入科室进展。")
    st.stop()

wanted_number = st.query_params.get("number")
by_number = {b.number: b for b in saved}
if wanted_number and wanted_number.isdigit() and int(wanted_number) in by_number:
    default_period = by_number[int(wanted_number)].period
else:
    default_period = period_asked_or_current(periods, plan)
if default_period not in periods:
    periods = sorted(set(periods) | {default_period})

c1, c2, c3 = st.columns([1, 2, 1], vertical_alignment="bottom")
period = c1.selectbox("月份", periods, index=periods.index(default_period), format_func=label,
                      key="briefing_period", placeholder="请选择…")
st.query_params["period"] = period
numbers = [b.number for b in saved if b.period == period]
options = numbers + [PREVIEW]
chosen_default = int(wanted_number) if wanted_number and wanted_number.isdigit() and int(wanted_number) in numbers else (
    numbers[0] if numbers else PREVIEW)
number_key = f"briefing_number_{plan.key}_{period}"
if st.session_state.get(number_key) not in options:
    st.session_state.pop(number_key, None)
# The index only seeds a new picker; afterwards its state (set by generate() too) decides.
seed = {} if number_key in st.session_state else {"index": options.index(chosen_default)}
chosen = c2.selectbox(
    "简报", options, key=number_key, **seed,
    format_func=lambda n: "当前数据预览（未保存为快照）" if n == PREVIEW else
    f"第 {n} 期（生成于 {clock.stamp(by_number[n].created_at)}）", placeholder="请选择…")
if chosen == PREVIEW:
    st.query_params.pop("number", None)
else:
    st.query_params["number"] = str(chosen)



def generate(plan_key: str, month: str, key: str) -> None:
    """Runs before the next script run, so the picker can be moved to the new snapshot."""
    try:
        with write_session() as s:
            row = snapshot.create_briefing(s, principal, plan_key, month)
            notify_events.briefing_created(s, row, layout.page_count(row.snapshot))  # sent with the snapshot, or not at all
    except EduKPIError as exc:
        st.session_state["briefing_error"] = f"未能生成快照：{exc}"
        return
    st.session_state[key] = row.number
    st.query_params["number"] = str(row.number)
    st.session_state["briefing_made"] = f"已生成第 {row.number} 期简报快照。"


c3.button("生成本月简报快照", type="primary", icon=":material/photo_camera:", width="stretch",
          on_click=generate, args=(plan.key, period, number_key))
if "briefing_error" in st.session_state:
    st.error(md_escape(st.session_state.pop("briefing_error")))
if "briefing_made" in st.session_state:
    st.toast(st.session_state.pop("briefing_made"))

if chosen == PREVIEW:
    try:
        snap = preview(principal, plan.key, period, ui.stamp())
    except EduKPIError as exc:
        show_error(exc)
        st.stop()
    st.info("这是按当前数据生成的预览，尚未保存。点击“生成本月简报快照”即冻结为带编号的一期，之后可随时原样重现并导出。")
else:
    snap = by_number[chosen].snapshot
    st.caption(f"第 {chosen} 期快照：数字已冻结，重新打开或导出都与生成时一致，不受之后上传数据的影响。")

st.iframe(layout.render_html(snap, "first"), height="content")

with st.expander("附表：全部指标一览"):
    st.iframe(layout.render_html(snap, "appendix"), height="content")

st.markdown("#### 导出")
# PDF/PNG and PPTX are laid out for different uses, so their page counts differ (issue 19 §4).
st.caption(export.FORMAT_NOTE)
if chosen == PREVIEW:
    st.caption("导出前请先生成快照：导出的文件与带编号的快照对应，可在“简报归档”中追溯。")
    st.stop()
size = st.radio("图片尺寸（PNG）", list(SIZE_LABELS), format_func=SIZE_LABELS.get, horizontal=True, key="briefing_size")
files_key = "briefing_files"
made = st.session_state.setdefault(files_key, {})
cols = st.columns(3)
for col, fmt, text in zip(cols, export.FORMATS, ("导出 PNG（每页一张）", "导出 PDF", "导出 PPTX")):
    if col.button(text, key=f"export_{fmt}", width="stretch"):
        with st.spinner("正在离线渲染，请稍候…"):
            try:
                files = export.render(snap, fmt, size)
                with write_session() as s:
                    row = snapshot.get_briefing(s, principal, plan.key, chosen)
                    for data in files:
                        snapshot.store_file(s, principal, row, fmt, data)
                made[(plan.key, chosen, fmt)] = (export.file_names(snap, fmt, len(files)), files)
            except export.RenderError as exc:  # its message may quote KPI names
                show_error(exc, intro="导出失败：")
            except EduKPIError as exc:
                show_error(exc)
for fmt in export.FORMATS:
    entry = made.get((plan.key, chosen, fmt))
    if not entry:
        continue
    names, files = entry
    dcols = st.columns(min(4, len(files)))
    for i, (name, data) in enumerate(zip(names, files)):
        dcols[i % len(dcols)].download_button(f"下载 {md_escape(name)}", data, file_name=name, mime=MIME[fmt],
                                              key=f"dl_{fmt}_{i}", icon=":material/download:", on_click="ignore")
