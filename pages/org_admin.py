"""学校与填报期 (admins): the bureau's school roster (download, edit, upload, preview, confirm) and
the reporting deadlines of the last 13 months and next month (set one, or return it to the default).

Every action goes through ingest.roster / kpis.deadlines, which check again that the signed-in user is
an admin of the plan's bureau and write the audit log in the same transaction."""

import pandas as pd
import streamlit as st

from core.errors import EduKPIError

from db.session import read_session, write_session
from kpis import deadlines
from ingest import roster
from kpis.periods import current_period, label
from pages.errors import show_error, stop_on
from pages.common import md_escape, md_escape_frame, require_plan, require_principal

st.title("学校与填报期")
st.caption("维护本局的学校名册（下载、在 Excel/WPS 中修改、上传、核对后导入），调整各月数据的报送截止时间。"
           "每一次导入和调整都会记入审计日志。")

me = require_principal()
if me.role != "admin":
    st.error("只有管理员可以维护学校名册和填报截止时间。")
    st.stop()
plan = require_plan()

flash = st.session_state.pop("_org_admin_flash", None)
if flash:
    st.success(md_escape(flash))


def _issues_frame(issues) -> pd.DataFrame:  # noqa: ANN001
    # st.table renders its cells as markdown; the cells quote what the roster file holds.
    return md_escape_frame(pd.DataFrame(
        [{"工作表": i.sheet or "", "行": "" if i.row is None else str(i.row), "列": i.column or "",
          "填写内容": i.value or "", "问题与改正方法": i.message} for i in issues],
        columns=["工作表", "行", "列", "填写内容", "问题与改正方法"]))


tab_roster, tab_deadlines = st.tabs(["学校名册", "填报截止时间"], key="org_admin_tab")  # keyed: stays open after a save

with tab_roster:
    try:
        with read_session() as s:
            schools = roster.list_schools(s, me, plan.key)
            template = roster.export_roster(s, me, plan.key)
    except EduKPIError as exc:
        stop_on(exc)
    now = current_period()
    open_now = [x for x in schools if x.open_in(now)]
    districts = sorted({x.district for x in schools})
    c1, c2, c3 = st.columns(3)
    c1.metric("在办学校", f"{len(open_now)} 所")
    c2.metric("片区/街道", f"{len(districts)} 个")
    c3.metric("已停办或未开办", f"{len(schools) - len(open_now)} 所")
    if schools:
        st.markdown(f"**各片区学校数**（单位：所，{label(now)}在办）")
        st.dataframe(pd.DataFrame(roster.counts_by_district(schools, now)), hide_index=True, width="stretch")
        st.markdown(f"**全部学校**（{len(schools)} 所）")
        wanted = st.text_input("查找学校", placeholder="输入学校名称、标识码或片区的一部分，如 太平", key="roster_search").strip()
        listed = [x for x in schools if not wanted or wanted in x.name or wanted in x.code or wanted in x.district]
        if wanted:
            st.caption(f"找到 {len(listed)} 所学校。")
        if listed:
            st.dataframe(pd.DataFrame([{
                "所属片区": x.district, "学校标识码": x.code, "学校名称": x.name, "学校类型": x.type_label,
                "办学性质": x.ownership, "普惠性": ("是" if x.inclusive else "否") if x.school_type == "11" and x.ownership == "民办" else "",
                "开办年月": label(x.opened_on) if x.opened_on else "", "停办年月": label(x.closed_on) if x.closed_on else "",
                "状态": "在办" if x.open_in(now) else "已停办" if x.closed_on and x.closed_on < now else "未开办",
            } for x in listed], columns=["所属片区", "学校标识码", "学校名称", "学校类型", "办学性质", "普惠性",
                                         "开办年月", "停办年月", "状态"]), hide_index=True, width="stretch")
    else:
        st.info("本局还没有任何学校。请下载空白名册，逐行填写本局学校后上传导入。")

    st.subheader("第一步：下载名册")
    st.download_button("下载学校名册（.xlsx）" if schools else "下载空白名册模板（.xlsx）", data=template,
                       file_name=roster.export_filename(plan.bureau), icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="roster_download", on_click="ignore")
    st.caption("在 Excel 或 WPS 中修改学校信息或在末尾增加学校行（“说明”工作表列出每一列的填写要求），保存后上传。"
               "系统中有而名册中没有的学校不会被删除；学校停办请填写停办年月。")

    st.subheader("第二步：上传并核对")
    round_ = st.session_state.get("_roster_round", 0)
    file = st.file_uploader("选择学校名册（Excel 工作簿 .xlsx / .xls，或 CSV 文件 .csv）", key=f"roster_file_{round_}")
    if file is not None:
        content = file.getvalue()
        with read_session() as s:
            preview = roster.preview_roster(s, me, plan.key, file.name, content)
        if preview.errors:
            st.error(f"名册“{md_escape(file.name)}”有 {len(preview.errors)} 处错误，未导入任何内容。请按下表逐条改正后重新上传。")
            st.table(_issues_frame(preview.errors), hide_index=True)
        else:
            st.info(md_escape(preview.summary))  # names new districts as written in the file
            for w in preview.warnings:
                st.warning(md_escape(w.message))
            table = preview.change_table()
            if table:
                st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
            if preview.has_changes:
                if st.button("确认导入", type="primary", key="roster_apply", icon=":material/check:"):
                    try:
                        with write_session() as s:
                            done = roster.apply_roster(s, me, plan.key, file.name, content)
                    except roster.RosterRejected as exc:  # the database changed since the preview
                        st.error("名册未导入：" + md_escape(exc.preview.summary))
                        st.table(_issues_frame(exc.preview.errors), hide_index=True)
                    except EduKPIError as exc:
                        show_error(exc)
                    else:
                        st.session_state["_org_admin_flash"] = "已导入学校名册：" + done.summary
                        st.session_state["_roster_round"] = round_ + 1
                        st.rerun()
            else:
                st.success("名册与系统中的学校信息一致，没有需要导入的内容。")

with tab_deadlines:
    with read_session() as s:
        rows = deadlines.list_deadlines(s, me, plan.key)
    shown = [r for r in rows if r.period in set(deadlines.window())]
    st.caption("默认截止时间为次月10日 23:59（北京时间）。遇春节等假期可以推迟；截止时间不能早于该月结束。"
               "调整后，已上传报表的按时/逾期会按新的截止时间重新判定。")
    st.dataframe(pd.DataFrame([{"填报期": r.label, "截止时间（北京时间）": deadlines.show(r.deadline), "状态": r.state}
                               for r in shown]), hide_index=True, width="stretch", height="content")
    by_period = {r.period: r for r in shown}
    chosen = st.selectbox("要调整的填报期", list(by_period), format_func=label, index=None,
                          placeholder="请选择…", key="deadline_period")
    if chosen is not None:
        current = by_period[chosen]
        text = st.text_input("新的截止时间（北京时间，年-月-日 时:分）", value=deadlines.show_input(current.deadline),
                             placeholder="如 2026-02-20 23:59", key=f"deadline_text_{chosen}")
        b1, b2 = st.columns(2)
        save = b1.button("保存截止时间", type="primary", key="deadline_save", icon=":material/event:")
        reset = b2.button("恢复默认截止时间", key="deadline_reset", disabled=current.is_default and not current.stored)
        if save or reset:
            try:
                with write_session() as s:
                    change = (deadlines.reset_deadline(s, me, plan.key, chosen) if reset
                              else deadlines.set_deadline(s, me, plan.key, chosen, text))
            except EduKPIError as exc:
                show_error(exc)
            else:
                st.session_state["_org_admin_flash"] = change.message
                st.rerun()
