"""简报归档: every numbered briefing of a plan, and two of them compared KPI by KPI."""

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from briefing import snapshot
from db.session import read_session
from pages.common import require_plan, require_principal

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
except (PermissionDenied, snapshot.BriefingError) as exc:
    st.error(str(exc))
    st.stop()
if not saved:
    st.info("该工作要点还没有生成过月度简报。请在“月度简报”页选择月份后点击“生成本月简报快照”。")
    st.page_link("pages/briefing.py", label="前往月度简报", icon=":material/slideshow:", query_params={"plan": plan.key})
    st.stop()

STATUS_COLUMNS = ("达标", "预警", "滞后", "未到期", "无数据", "覆盖不足")
rows = []
for b in saved:
    counts = b.snapshot.get("counts", {})
    made = files.get(b.id, {})
    rows.append({"期号": f"第 {b.number} 期", "月份": b.snapshot.get("period_label", b.period),
                 "生成时间": f"{b.created_at:%Y-%m-%d %H:%M}", "生成人": b.snapshot.get("created_by", ""),
                 **{s: f"{counts.get(s, 0)} 项" for s in STATUS_COLUMNS},
                 "已导出": "、".join(f"{f.upper()} {n} 个" for f, n in sorted(made.items())) or "未导出"})
st.markdown(f"**共 {len(saved)} 期简报**（新的在前）")
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

cols = st.columns(4)
for i, b in enumerate(saved[:8]):
    cols[i % 4].page_link("pages/briefing.py", label=f"打开第 {b.number} 期（{b.snapshot.get('period_label', b.period)}）",
                          icon=":material/slideshow:", query_params={"plan": plan.key, "number": str(b.number)})

st.markdown("#### 两期对比")
if len(saved) < 2:
    st.info("至少要有两期简报才能对比。")
    st.stop()
by_number = {b.number: b for b in saved}
numbers = [b.number for b in saved]


def describe(n: int) -> str:
    return f"第 {n} 期 · {by_number[n].snapshot.get('period_label', by_number[n].period)}"


c1, c2 = st.columns(2)
older = c1.selectbox("较早的一期", numbers, index=1, format_func=describe, key="archive_a", placeholder="请选择…")
newer = c2.selectbox("较新的一期", numbers, index=0, format_func=describe, key="archive_b", placeholder="请选择…")
if older == newer:
    st.warning("两次选择的是同一期。请在“较早的一期”或“较新的一期”中换一期再对比。")
    st.stop()
a, b = by_number[older].snapshot, by_number[newer].snapshot
table = []
changed = 0
for r in snapshot.compare(a, b):
    x, y = r["a"], r["b"]
    sa = x["shown_status"] if x else "（无此指标）"
    sb = y["shown_status"] if y else "（无此指标）"
    moved = sa != sb
    changed += moved
    table.append({"编号": r["code"], "指标": r["name"],
                  f"第{older}期数值": x["texts"]["value"] if x else "—", f"第{older}期状态": sa,
                  f"第{newer}期数值": y["texts"]["value"] if y else "—", f"第{newer}期状态": sb,
                  "状态变化": f"{sa} → {sb}" if moved else "不变"})
st.markdown(f"**{describe(older)} 与 {describe(newer)}：{changed} 项指标状态不同**")
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
