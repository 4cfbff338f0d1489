"""总览: every KPI of a plan against its target for a period and scope, as cards grouped by category."""

import streamlit as st

from auth.scope import PermissionDenied
from kpis import figures
from kpis.periods import label
from pages import kpi_widgets as ui
from pages.common import in_app_links, require_plan, require_principal

# First, so the browser starts fetching st.html's code while it fetches the pickers' (see docs/benchmarks.md).
in_app_links()
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

# Everything below the pickers is one HTML block (docs/decisions.md: the 总览 is one HTML block).
params = {"plan": plan.key, "period": bar["period"]}
for name in ("district", "school"):
    if bar[name]:
        params[name] = bar[name]
if bar["school_type"]:
    params["type"] = bar["school_type"]
st.html(ui.overview_html(f"{scope.label}　·　{label(bar['period'])}　·　共 {len(results)} 项指标", results, params))
if not results:
    st.info("所选范围内没有适用的指标。请换一个片区、学校或学校类型。")
    st.stop()
