"""总览: every KPI of a plan against its target for a period and scope, as cards grouped by category."""

import html

import streamlit as st

from auth.scope import PermissionDenied
from kpis import figures, formatting
from kpis.periods import label
from pages import kpi_widgets as ui
from pages.common import require_plan, require_principal

st.title("总览")
principal = require_principal()

plan = require_plan()
data_stamp = ui.stamp()
bar = ui.scope_bar(principal, plan.key, data_stamp, key="ov")
if bar is None:
    st.stop()
try:
    scope, results = ui.plan_status(principal, plan.key, bar["period"], bar["district"], bar["school"],
                                    bar["school_type"], data_stamp)
except (PermissionDenied, figures.ScopeError) as exc:
    ui.show_error(exc)
    st.stop()

st.markdown(f"**{html.escape(scope.label)}　·　{label(bar['period'])}　·　共 {len(results)} 项指标**")
st.markdown(ui.status_summary(results), unsafe_allow_html=True)
if not results:
    st.info("所选范围内没有适用的指标。请换一个片区、学校或学校类型。")
    st.stop()
st.caption("报送覆盖低于 80% 的指标不着色（显示为“覆盖不足”）；累计类指标按全年线性进度判断，年末考核类指标 12 月前未达成显示为“未到期”。")

categories: dict[str, list] = {}
for r in results:
    categories.setdefault(r.category or "其他", []).append(r)

for category, items in categories.items():
    st.markdown(f"#### {html.escape(category)}（{len(items)} 项）")
    # Cards of a fixed width in a wrapping row: four or five across at 1920 px, two on a laptop.
    with st.container(horizontal=True, gap="small"):
        for r in items:
            with st.container(border=True, key=f"card_{r.code}", width=340):
                extra = formatting.expected_text(r)
                level = formatting.level_text(r)
                lines = [
                    f'<div style="display:flex;justify-content:space-between;gap:8px;align-items:flex-start">'
                    f'<span style="font-weight:600;line-height:1.35">{html.escape(r.name)}</span>{ui.status_chip(r)}</div>',
                    f'<div style="font-size:1.55rem;font-weight:700;margin:4px 0 2px 0;color:#1d2733">'
                    f'{html.escape(formatting.value_text(r))}</div>',
                    f'<div style="font-size:0.85rem;color:#4a5868">目标 {html.escape(formatting.target_text(r))}'
                    + (f"　{html.escape(extra)}" if extra else "") + "</div>",
                ]
                if level:
                    lines.append(f'<div style="font-size:0.8rem;color:#4a5868">{html.escape(level)}</div>')
                lines += [
                    f'<div style="margin:6px 0">{ui.progress_bar(r)}</div>',
                    f'<div style="display:flex;justify-content:space-between;font-size:0.8rem;color:#4a5868;gap:6px;'
                    f'flex-wrap:wrap"><span>{html.escape(formatting.coverage_text(r))}</span>'
                    f'<span>{html.escape(formatting.change_text(r))}</span></div>',
                ]
                st.markdown("".join(lines), unsafe_allow_html=True)
                params = {"plan": plan.key, "kpi": r.code, "period": bar["period"]}
                for name in ("district", "school"):
                    if bar[name]:
                        params[name] = bar[name]
                if bar["school_type"]:
                    params["type"] = bar["school_type"]
                st.page_link("pages/kpi_detail.py", label=f"{r.code} 查看详情", icon=":material/query_stats:",
                             query_params=params)
