"""简报归档: every numbered briefing of a plan, any of them opened, and two compared KPI by KPI."""

import pandas as pd
import streamlit as st

from core.errors import EduKPIError

from briefing import snapshot
from db.session import read_session
from kpis import clock
from pages.errors import stop_on
from pages.common import md_escape, require_plan, require_principal, time_column
from kpis.vocabulary import Status

st.title("简报归档")
principal = require_principal()
if principal.role not in snapshot.BRIEFING_ROLES:
    st.error("只有局领导、科室和管理员可以查看简报归档。")
    st.stop()
plan = require_plan()

try:
    with read_session() as s:
        saved = snapshot.list_briefings(s, principal, plan.key)
        files = snapshot.file_counts(s, principal, [b.id for b in saved])
except EduKPIError as exc:
    stop_on(exc)
if not saved:
    st.info("该工作要点还没有生成过月度简报。请在“月度简报”页选择月份后点击“生成本月简报快照”。")
    st.page_link("pages/briefing.py", label="前往月度简报", icon=":material/slideshow:", query_params={"plan": plan.key})
    st.stop()

by_number = {b.number: b for b in saved}
in_months = snapshot.month_order(saved)  # oldest month first


def describe(n: int) -> str:
    b = by_number[n]
    return f"{b.snapshot.get('period_label', b.period)} · 第 {n} 期（生成于 {clock.stamp(b.created_at)}）"


STATUS_COLUMNS = (*Status, "覆盖不足")
rows = []
for b in reversed(in_months):
    counts = b.snapshot.get("counts", {})
    made = files.get(b.id, {})
    rows.append({"月份": b.snapshot.get("period_label", b.period), "期号": f"第 {b.number} 期",
                 "生成时间": clock.local(b.created_at), "生成人": b.snapshot.get("created_by", ""),
                 **{s: f"{counts.get(s, 0)} 项" for s in STATUS_COLUMNS},
                 "已导出": "、".join(f"{f.upper()} {n} 个" for f, n in sorted(made.items())) or "未导出"})
st.markdown(f"**共 {len(saved)} 期简报**（按月份排列，新的在前）")
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={"生成时间": time_column("生成时间")})

# Any briefing can be opened, however many there are: pick it, then follow the link.
newest_first = [b.number for b in reversed(in_months)]
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
to_open = c1.selectbox("打开一期简报", newest_first, format_func=describe, key="archive_open", placeholder="请选择…")
c2.page_link("pages/briefing.py", label=f"打开第 {to_open} 期", icon=":material/slideshow:",
             query_params={"plan": plan.key, "number": str(to_open)})

st.markdown("#### 两期对比")
if len(saved) < 2:
    st.info("至少要有两期简报才能对比。")
    st.stop()
numbers = [b.number for b in in_months]  # both pickers in month order
newest = numbers[-1]
earlier_months = [b.number for b in in_months if b.period < by_number[newest].period]
default_older = earlier_months[-1] if earlier_months else numbers[-2]
c1, c2 = st.columns(2)
older = c1.selectbox("较早的一期", numbers, index=numbers.index(default_older), format_func=describe, key="archive_a",
                     placeholder="请选择…")
newer = c2.selectbox("较新的一期", numbers, index=numbers.index(newest), format_func=describe, key="archive_b",
                     placeholder="请选择…")
if older == newer:
    st.warning("两次选择的是同一期。请在“较早的一期”或“较新的一期”中换一期再对比。")
    st.stop()
a, b = by_number[older].snapshot, by_number[newer].snapshot
la, lb = a.get("period_label", by_number[older].period), b.get("period_label", by_number[newer].period)
table = []
changed = 0
for r in snapshot.compare(a, b):
    x, y = r["a"], r["b"]
    sa = x["shown_status"] if x else "（无此指标）"
    sb = y["shown_status"] if y else "（无此指标）"
    moved = sa != sb
    changed += moved
    table.append({"编号": r["code"], "指标": r["name"],
                  f"{la}（第{older}期）数值": x["texts"]["value"] if x else "—", f"{la}（第{older}期）状态": sa,
                  f"{lb}（第{newer}期）数值": y["texts"]["value"] if y else "—", f"{lb}（第{newer}期）状态": sb,
                  "数值变化": r["change_text"], "状态变化": f"{sa} → {sb}" if moved else "不变"})
st.markdown(f"**{md_escape(la)}（第 {older} 期）与 {md_escape(lb)}（第 {newer} 期）：{changed} 项指标状态不同**")
st.caption("数值变化 = 较新一期减较早一期，按简报显示的数值计算：比率类指标以“个百分点”计，其他指标以其单位计。")
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
