"""计划与指标: the chosen plan as a tree — sections, numbered items, and the KPIs with their targets."""

import streamlit as st

from db.session import read_session
from kpis.catalog import query as catalog_query
from pages.common import current_principal, md_escape, plan_selector
from kpis.vocabulary import DataPath, KpiKind

st.title("计划与指标")
st.caption("工作要点的每一条任务，以及从中提炼出的量化指标和目标值。")

plan = plan_selector()
if plan is None:
    st.stop()

with read_session() as s:
    tree = catalog_query.plan_tree_for(s, current_principal(), plan.key)

items = sum(len(sec.items) for sec in tree)
kpis = [k for sec in tree for it in sec.items for k in it.kpis]
c1, c2, c3, c4 = st.columns(4)
c1.metric("部分", f"{len(tree)} 个")
c2.metric("任务条目", f"{items} 条")
c3.metric("量化指标", f"{len(kpis)} 项")
c4.metric("学校填报指标", f"{sum(k['data_path'] == 'school' for k in kpis)} 项")

show_text = st.toggle("显示条目原文", value=False)
only_kpi = st.toggle("只看含指标的条目", value=False)

for sec in tree:
    label = f"{sec.number}、{sec.title}" if not sec.number.endswith("是") else sec.title
    with st.expander(f"{md_escape(label)}　（{len(sec.items)} 条任务，{sec.kpi_count} 项指标）", expanded=sec.kpi_count > 0):
        for it in sec.items:
            if only_kpi and not it.kpis:
                continue
            number = it.number if it.number.endswith("是") else f"{it.number}."
            owner = f"　·　{md_escape(it.owner)}" if it.owner else ""
            st.markdown(f"**{md_escape(number)} {md_escape(it.title)}**{owner}")
            if show_text:
                st.caption(md_escape(it.text))
            for k in it.kpis:
                path = catalog_query.DATA_PATH_LABELS[k["data_path"]]
                freq = catalog_query.FREQUENCY_LABELS[k["frequency"]]
                named = k["data_path"] == DataPath.SCHOOL or k["kind"] == KpiKind.MILESTONE  # 比率…, 里程碑: say how it is judged
                how = f"{catalog_query.KIND_LABELS[k['kind']]}　·　{path}" if named else path
                st.markdown(
                    f"- `{k['code']}` {md_escape(k['name'])}　目标 **{md_escape(k['target_text'])}**"
                    f"　·　{how}（{freq}）　·　{md_escape(k['owner'])}\n\n"
                    f"  原文：{md_escape(k['source'])}"
                )
