"""通知记录 (admins; a district officer sees the messages about their district and its schools):
every message, when, to which channel, delivered or failed, and the text sent."""

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from core.errors import EduKPIError
from db.session import read_session
from kpis import clock
from kpis.periods import label
from notify import channels, outbox
from notify.vocab import Status
from pages.common import md_escape, require_plan, require_principal, time_column

st.title("通知记录")
st.caption("每一条通知：何时、发往哪个渠道、是否送达，以及发送的内容。")

me = require_principal()
if me.role not in ("admin", "district"):
    st.error("只有管理员和片区/街道可以查看通知记录。")
    st.stop()
plan = require_plan()
states = {"": "全部", "sent": Status.SENT.label, "failed": Status.FAILED.label, "pending": Status.PENDING.label}
status = st.selectbox("状态", list(states), format_func=lambda k: states[k], key="nl_status")
try:
    with read_session() as s:
        bureau = channels.bureau_of_plan(s, me, plan.key)
        rows = outbox.log_rows(s, me, bureau.id, status or None)
except (EduKPIError, PermissionDenied) as exc:
    st.error(md_escape(str(exc)))
    st.stop()

if not rows:
    st.info("还没有通知记录。")
    st.stop()
counts = {st_: sum(r.status.public == st_ for r in rows) for st_ in ("sent", "failed", "pending")}
st.markdown(f"共 {len(rows)} 条：已送达 {counts['sent']} 条，失败 {counts['failed']} 条，待发送 {counts['pending']} 条。")
st.dataframe(pd.DataFrame([{
    "编号": r.id, "时间": clock.local(r.created_at), "送达时间": clock.local(r.sent_at), "渠道": r.channel,
    "类型": r.kind.label, "规则": r.rule_label, "范围": r.scope_name or r.scope_code,
    "期间": label(r.period) if r.period else "",
    "状态": r.status.label, "尝试次数": r.attempts, "错误": r.error or "", "内容": r.text} for r in rows]),
    hide_index=True, width="stretch", column_config={"时间": time_column("时间"), "送达时间": time_column("送达时间")})
by_id = {r.id: r for r in rows}
pick = st.selectbox("查看全文", list(by_id), format_func=lambda i: f"第 {i} 条 · {by_id[i].channel} · {by_id[i].rule_label}",
                    key="nl_pick")
st.text(by_id[pick].text)
