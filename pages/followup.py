"""督办: the follow-up items of red KPIs — my to-dos, every item I may see by state, owner and due date,
the 滞后 KPIs nobody follows up (未安排督办), and one item's timeline with the steps I may take."""

from datetime import timedelta

import pandas as pd
import streamlit as st

import followup
from core.errors import EduKPIError
from db.session import read_session, write_session
from followup.rules import Action
from kpis import clock, figures
from kpis.followup_view import ItemState, date_text, one_line
from kpis.periods import label
from pages import followup_widgets as fw
from pages.common import md_escape, require_plan, require_principal
from pages.errors import show_error
from ingest import evidence as evidence_files

st.title("督办")
st.caption("滞后或预警的指标由局领导发起督办：写明原因分析、整改措施、责任单位和办结期限；责任单位更新进展、"
           "申请办结或延期，局领导验收。超过办结期限仍未办结的标为“逾期”。")
principal = require_principal()
plan = require_plan()
today = fw.today()

done = st.session_state.pop("followup_done", None)
if done:
    st.success(done)

try:
    with read_session() as s:
        todo = followup.todo_items(s, principal, today)
        items = followup.list_items(s, principal, plan.key)
        mine = {v.id for v in followup.list_items(s, principal, plan.key, only_mine=True)}
except EduKPIError as err:
    show_error(err)
    st.stop()
todo = [t for t in todo if f"plan={plan.key}&" in t.link]

st.subheader(f"我的待办（{len(todo)} 项）")
if not todo:
    st.caption("没有需要您处理的督办事项。")
for t in todo:
    tone = {"overdue": "red", "soon": "orange"}.get(t.urgency, "blue")
    word = {"overdue": "已逾期", "soon": "即将到期"}.get(t.urgency, "待办")
    item_id = t.link.rsplit("item=", 1)[-1]
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(f":{tone}-badge[{word}] **{md_escape(t.title)}**　{md_escape(t.detail)}")
        if st.button("处理", key=f"fu_todo_{item_id}", icon=":material/arrow_forward:"):
            st.query_params["item"] = item_id
            st.session_state["fu_item"] = int(item_id)
            st.rerun()

st.subheader("督办事项")
FILTERS = ["未办结", "逾期", *ItemState, "全部"]
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
which = c1.segmented_control("状态", FILTERS, default="未办结", key="fu_filter") or "未办结"
only_mine = c2.toggle("只看我负责的", key="fu_mine", value=principal.role in ("department", "district"))


def keep(v) -> bool:  # noqa: ANN001 - an ItemView
    if which == "未办结" and v.state == ItemState.CLOSED:
        return False
    if which == "逾期" and not v.overdue(today):
        return False
    if which in tuple(ItemState) and v.state != which:
        return False
    return not only_mine or v.id in mine


shown = [v for v in items if keep(v)]
if not shown:
    st.info("没有符合条件的督办事项。" + ("可在“指标详情”中为滞后或预警的指标发起督办。" if not items else ""))
else:
    st.dataframe(pd.DataFrame([{
        "编号": v.id, "指标": f"{v.kpi_code} {v.kpi_name}", "范围": v.scope_name, "期间": label(v.period),
        "状态": v.state_text(today), "责任单位": v.owner_name, "办结期限": date_text(v.due),
        "原因分析": one_line(v.cause), "整改措施": one_line(v.measures),
    } for v in shown]), hide_index=True, width="stretch",
        column_config={"编号": st.column_config.NumberColumn(format="%d", width="small")})

if principal.role in ("leader", "admin", "department"):
    with st.expander("未安排督办的滞后指标", icon=":material/report:"):
        period = st.query_params.get("period") or (max(v.period for v in items) if items else None)
        try:
            with read_session() as s:
                periods = figures.available_periods(s, principal, plan.key)
                period = period if period in periods else (periods[-1] if periods else None)
                missing = followup.untracked(s, principal, plan.key, period) if period else []
        except EduKPIError as err:
            show_error(err)
            missing = []
        if not missing:
            st.caption("全局滞后的指标都已安排督办。" if period else "尚无数据。")
        for u in missing:
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.markdown(f":red-badge[未安排督办] **{md_escape(u.code)} {md_escape(u.name)}**　{label(period)} 滞后，"
                            f"责任科室：{md_escape(u.owner or '—')}")
                st.page_link("pages/kpi_detail.py", label="去发起", icon=":material/flag:",
                             query_params={"plan": plan.key, "kpi": u.code, "period": period})

# ---- one item --------------------------------------------------------------------------------
ids = [v.id for v in items]
wanted = st.query_params.get("item")
if wanted and wanted.isdigit() and int(wanted) in ids and "fu_item" not in st.session_state:
    st.session_state["fu_item"] = int(wanted)
if not ids:
    st.stop()
names = {v.id: f"第 {v.id} 号　{v.kpi_name}（{v.scope_name}）　{v.state_text(today)}" for v in items}
chosen = st.selectbox("查看督办事项", ids, format_func=names.get, key="fu_item", index=None,
                      placeholder="选择一项查看进展和办理")
if chosen is None:
    st.stop()
st.query_params["item"] = str(chosen)
try:
    with read_session() as s:
        d = followup.item_detail(s, principal, chosen)
except EduKPIError as err:
    show_error(err)
    st.stop()
v = d.item
tone = "red" if v.overdue(today) else ("green" if v.state == ItemState.CLOSED else "blue")
st.markdown(f"#### 第 {v.id} 号　{md_escape(v.kpi_code)} {md_escape(v.kpi_name)}　:{tone}-badge[{md_escape(v.state_text(today))}]")
st.markdown(
    f"- 范围：{md_escape(v.scope_name)}　·　{label(v.period)}发起时为“{md_escape(v.kpi_status)}”\n"
    f"- 责任单位：{md_escape(v.owner_name)}　·　办结期限：{date_text(v.due)}"
    + (f"（申请延期至 {date_text(v.requested_due)}，待审批）" if v.requested_due else "") + "\n"
    f"- 原因分析：{md_escape(v.cause)}\n- 整改措施：{md_escape(v.measures)}")


def act(fn, message: str) -> None:  # noqa: ANN001
    try:
        with write_session() as s:
            fn(s)
    except EduKPIError as err:
        show_error(err, "未保存：")
        return
    st.session_state["followup_done"] = message
    st.session_state["fu_round"] = st.session_state.get("fu_round", 0) + 1
    st.rerun()


rnd = st.session_state.get("fu_round", 0)
owner_steps = [a for a in (Action.PROGRESS, Action.SUBMIT) if a in d.actions]
if owner_steps:
    with st.form(f"fu_owner_{rnd}"):
        step = st.radio("办理", owner_steps, horizontal=True, key=f"fu_step_{rnd}")
        note = st.text_area("进展 / 办结说明", placeholder="做了什么、结果如何；申请办结时写明完成情况（必填）",
                            key=f"fu_note_{rnd}")
        files = st.file_uploader("佐证文件（可多选，如截图、验收单）", type=list(evidence_files.ALLOWED_EXTENSIONS),
                                 accept_multiple_files=True, key=f"fu_files_{rnd}",
                                 help=f"支持 {evidence_files.ACCEPTED}，每个不超过 "
                                      f"{evidence_files.MAX_BYTES // 1024 // 1024} MB。")
        if st.form_submit_button("提交", type="primary"):
            attached = [(f.name, f.getvalue()) for f in files or []]
            fn = followup.progress if step == Action.PROGRESS else followup.submit
            act(lambda s: fn(s, principal, chosen, note, today=today, attachments=attached),
                "已提交办结申请，等待局领导验收。" if step == Action.SUBMIT else "已更新进展。")
if Action.ASK_EXTENSION in d.actions:
    with st.expander("申请延期"):
        with st.form(f"fu_ext_{rnd}"):
            new_due = st.date_input("延期至", value=v.due + timedelta(days=14), min_value=v.due + timedelta(days=1),
                                    format="YYYY-MM-DD", key=f"fu_newdue_{rnd}")
            reason = st.text_area("延期理由", key=f"fu_reason_{rnd}", placeholder="为什么需要延期（必填）")
            if st.form_submit_button("提交延期申请"):
                act(lambda s: followup.ask_extension(s, principal, chosen, new_due, reason, today=today),
                    f"已申请延期至 {date_text(new_due)}，等待局领导审批。")
leader_steps = [a for a in (Action.ACCEPT, Action.RETURN, Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION)
                if a in d.actions]
if leader_steps:
    with st.form(f"fu_leader_{rnd}"):
        lnote = st.text_area("意见", key=f"fu_lnote_{rnd}", placeholder="验收意见或退回理由（退回时必填）")
        cols = st.columns(len(leader_steps))
        pressed = [a for a, c in zip(leader_steps, cols)
                   if c.form_submit_button(str(a), type="primary" if a in (Action.ACCEPT, Action.GRANT_EXTENSION)
                                           else "secondary", key=f"fu_btn_{a.name}_{rnd}")]
    if pressed:
        a = pressed[0]
        fns = {Action.ACCEPT: lambda s: followup.accept(s, principal, chosen, lnote, today=today),
               Action.RETURN: lambda s: followup.send_back(s, principal, chosen, lnote, today=today),
               Action.GRANT_EXTENSION: lambda s: followup.decide_extension(s, principal, chosen, True, lnote, today=today),
               Action.REFUSE_EXTENSION: lambda s: followup.decide_extension(s, principal, chosen, False, lnote,
                                                                            today=today)}
        act(fns[a], f"已{a}。")

def _file(aid: int) -> bytes:
    with read_session() as s:
        return followup.attachment_file(s, principal, aid).content


st.markdown("##### 办理过程（最新在前）")
for e in d.events:
    with st.container(border=True):
        st.markdown(f"**{md_escape(e.action)}**　{md_escape(e.by)}　{clock.stamp(e.at)}　→ {md_escape(e.state)}"
                    + (f"　期限 {date_text(e.due)}" if e.action in (Action.ASK_EXTENSION, Action.GRANT_EXTENSION) else ""))
        if e.note:
            st.text(e.note)
        for a in e.attachments:
            if a.content_type.startswith("image/"):  # screenshots show in the closing note itself
                with read_session() as s:
                    st.image(followup.attachment_file(s, principal, a.id).content, caption=a.name, width=480)
            else:
                st.download_button(f"下载 {a.name}（{evidence_files.size_text(a.size)}）", key=f"fu_att_{a.id}",
                                   data=lambda aid=a.id: _file(aid), file_name=a.name, mime=a.content_type,
                                   on_click="ignore", icon=":material/download:")
