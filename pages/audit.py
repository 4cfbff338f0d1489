"""审计日志 (admins): who changed what and when, with the values before and after."""

from datetime import datetime, time, timedelta, timezone

import pandas as pd
import streamlit as st

from core.errors import EduKPIError

from auth import audit
from db.session import read_session
from kpis import clock
from kpis.deadlines import CHINA  # 北京时间
from pages.errors import stop_on
from pages.common import current_principal, time_column

st.title("审计日志")
st.caption("每一次修改数据、定义和用户的操作：谁、什么时间、改了什么、改前和改后的值。")

me = current_principal()
if me is None or me.role != "admin":
    st.error("只有管理员可以查看审计日志。")
    st.stop()

c1, c2, c3 = st.columns([2, 2, 2])
actions = c1.multiselect("操作", list(audit.ACTION_LABELS), format_func=lambda a: audit.ACTION_LABELS[a],
                         placeholder="全部操作")
who = c2.text_input("操作人（用户名包含）", max_chars=60, placeholder="如 zhangsan")
today = datetime.now(CHINA).date()
span = c3.date_input("日期范围", value=(today - timedelta(days=30), today), format="YYYY-MM-DD")
if not isinstance(span, (tuple, list)) or len(span) != 2:
    st.info("请在日历中选择结束日期。")
    st.stop()
start, end = span
since = datetime.combine(start, time.min, CHINA).astimezone(timezone.utc)
until = datetime.combine(end + timedelta(days=1), time.min, CHINA).astimezone(timezone.utc)

try:
    with read_session() as s:
        rows = audit.entries(s, me, limit=1000, actions=actions or None, username=who or None,
                             since=since, until=until)
except EduKPIError as exc:
    stop_on(exc)


def when(at: datetime) -> str:
    return clock.stamp(at, seconds=True)


st.markdown(f"共 {len(rows)} 条记录（按时间倒序，最多显示 1000 条；时间为北京时间）。")
if rows:
    frame = pd.DataFrame([{
        "时间": clock.local(r.at), "操作人": r.who, "操作": r.action, "对象": r.entity, "对象编号": r.entity_id or "",
        "变更内容": r.changes,
    } for r in rows])
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "时间": time_column("时间", seconds=True),
        "操作人": st.column_config.TextColumn("操作人", width="medium"),
        "操作": st.column_config.TextColumn("操作", width="small"),
        "对象": st.column_config.TextColumn("对象", width="small"),
        "对象编号": st.column_config.TextColumn("对象编号", width="small"),
        "变更内容": st.column_config.TextColumn("变更内容", width="large"),
    })
    by_id = {r.id: r for r in rows}
    picked = st.selectbox("查看一条记录的修改前后", list(by_id), index=None, placeholder="请选择…",
                          format_func=lambda i: f"{when(by_id[i].at)} · {by_id[i].who} · {by_id[i].action}{by_id[i].entity}")
    if picked is not None:
        st.dataframe(pd.DataFrame(audit.before_after(by_id[picked].before, by_id[picked].after),
                                  columns=["字段", "修改前", "修改后"]), hide_index=True, width="stretch")
else:
    st.info("所选条件下没有记录。")
