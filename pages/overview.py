"""总览: every KPI of a plan against its target for a period and scope, as cards grouped by category."""

import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import figures
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label
from notify import outbox
from pages import followup_widgets as fw
from pages import kpi_widgets as ui
from pages.common import in_app_links, plan_label, plan_options, require_plan, require_principal

# First, so the browser starts fetching st.html's code while it fetches the pickers' (see docs/benchmarks.md).
in_app_links()
st.title("总览")
principal = require_principal()

if not plan_options():
    require_plan()  # says there is no plan yet, and stops
data_stamp = ui.stamp()
# The five pickers sit in a popover: their widgets are computed on every run (the URL and session keep
# the choice) but the browser only draws them when 筛选 is opened; drawn up front they cost more than
# all the cards together (docs/decisions.md, docs/benchmarks.md). The choice shows in the line below.
with st.popover("筛选：工作要点 · 期间 · 片区/街道 · 学校类型 · 学校", icon=":material/filter_list:"):
    plan = require_plan()
    bar = ui.scope_bar(principal, plan.key, data_stamp, key="ov")
    # Issue 14: how final a figure is — only the schools the bureau confirmed, if asked (?confirmed=1).
    confirmed_only = st.toggle("只看已确认数据", value=st.query_params.get("confirmed") == "1", key="ov_confirmed")
if principal.role in ("admin", "leader"):
    with read_session() as s:
        failed = outbox.failed_notice_for_plan(s, principal, plan.key)
    if failed:
        st.warning(f"有 {failed} 条通知最终发送失败（催报、简报等未送达）。"
                   + ("请到“通知设置”页查看原因并重新发送。" if principal.role == "admin" else "请联系管理员处理。"),
                   icon=":material/notifications_off:")
if bar is None:
    st.info("该工作要点还没有任何报送期间或数据。请先导入学校报表或录入科室进展。")
    st.stop()
try:
    scope, results = ui.plan_status(principal, plan.key, bar["period"], bar["district"], bar["school"],
                                    bar["school_type"], data_stamp, confirmed_only)
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
scope_line = [scope.label, label(bar["period"])]
if confirmed_only:
    params["confirmed"] = "1"
    scope_line.append("只含已确认数据")
if bar["school_type"]:
    scope_line.append(SCHOOL_TYPE_LABELS.get(bar["school_type"], bar["school_type"]))
st.html(ui.overview_html("　·　".join([*scope_line, f"共 {len(results)} 项指标"]), results, params,
                         plan_line=plan_label(plan), badges=fw.card_badges(principal, plan.key, bar["district"],
                                                                           bar["school"])))
if not results:
    st.info("所选范围内没有适用的指标。请换一个片区、学校或学校类型。")
    st.stop()
