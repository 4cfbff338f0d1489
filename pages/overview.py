"""总览: every KPI of a plan against its target for a period and scope, red first (滞后, 预警, then
达标, 未到期, 覆盖不足, 无数据) in a grid that fills the width; ?screen=1 is the 大屏 for a meeting room."""

import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import figures
from notify import outbox
from pages import followup_widgets as fw
from pages import kpi_widgets as ui
from pages import nav
from pages.common import drill_context, plan_label, require_principal

ALL_CATEGORIES = "全部类别"
# 大屏: no sidebar, header or toolbar, the pickers out of sight; the figures refresh on their own.
SCREEN_CSS = """<style>
[data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stHeader"],
[data-testid="stToolbar"],[data-testid="stPopover"],[data-testid="stMainMenu"]{display:none !important}
[data-testid="stMainBlockContainer"]{padding:1.2rem 2rem 1rem 2rem !important;max-width:100% !important}
</style>"""
SCREEN_REFRESH_SECONDS = 300

screen = st.query_params.get("screen") == "1"
if screen:
    st.html(SCREEN_CSS)
else:
    st.title("总览")
principal = require_principal()


def _page_pickers(plan, bar: dict, data_stamp: tuple) -> tuple[str | None, bool]:
    """类别 as a filter (the cards are grouped by status; the category is on each card), and how final
    the figures must be (issue 14): only the schools the bureau confirmed, if asked (?confirmed=1)."""
    confirmed_only = st.toggle("只看已确认数据", value=st.query_params.get("confirmed") == "1", key="ov_confirmed")
    if confirmed_only:
        st.query_params["confirmed"] = "1"
    elif "confirmed" in st.query_params:
        del st.query_params["confirmed"]
    return _category_picker(plan, bar, data_stamp), confirmed_only


def _category_picker(plan, bar: dict, data_stamp: tuple) -> str | None:
    wanted = st.query_params.get("category")
    choices = [ALL_CATEGORIES, *ui.plan_categories(principal, plan.key, bar["period"], data_stamp)]
    chosen = st.selectbox("类别", choices, index=choices.index(wanted) if wanted in choices else 0,
                          key="ov_category", placeholder="请选择…")
    if chosen and chosen != ALL_CATEGORIES:
        st.query_params["category"] = chosen
        return chosen
    if "category" in st.query_params:
        del st.query_params["category"]
    return None


# The pickers sit in a popover: their widgets are computed on every run (the URL and session keep
# the choice) but the browser only draws them when 筛选 is opened; drawn up front they cost more than
# all the cards together (docs/decisions.md, docs/benchmarks.md). The choice shows in the line below.
plan, bar, data_stamp = ui.dashboard_filters(principal, "ov", extra=_page_pickers)
category, confirmed_only = bar["extra"]
if principal.role in ("admin", "leader") and not screen:
    with read_session() as s:
        failed = outbox.failed_notice_for_plan(s, principal, plan.key)
    if failed:
        st.warning(f"有 {failed} 条通知最终发送失败（催报、简报等未送达）。"
                   + ("请到“通知设置”页查看原因并重新发送。" if principal.role == "admin" else "请联系管理员处理。"),
                   icon=":material/notifications_off:")


def body() -> None:
    stamp = ui.stamp() if screen else data_stamp  # the 大屏 re-reads the data on every refresh
    try:
        scope, results = ui.plan_status(principal, plan.key, bar["period"], bar["district"], bar["school"],
                                        bar["school_type"], stamp, confirmed_only)
    except (PermissionDenied, figures.ScopeError) as exc:
        ui.show_error(exc)
        return
    if category:
        results = [r for r in results if (r.category or "其他") == category]
    # Everything below the pickers is one HTML block (docs/decisions.md: the 总览 is one HTML block).
    params = {k: v for k, v in drill_context().items() if k in ("plan", "period", "district", "school", "type")}
    params.update(plan=plan.key, period=bar["period"])
    heading = [ui.context_line(scope.label, bar)]
    if confirmed_only:
        params["confirmed"] = "1"
        heading.append("只含已确认数据")
    if category:
        heading.append(category)
    heading.append(f"共 {sum(r.applies for r in results)} 项指标")
    badges = fw.card_badges(principal, plan.key, bar["district"], bar["school"])  # 督办 on the cards (issue 17)
    st.html(ui.overview_html("　·　".join(heading), results, params, plan_line=plan_label(plan), screen=screen,
                             badges=badges))
    if not results:
        st.info("所选范围内没有适用的指标。请换一个片区、学校、学校类型或类别。")
    if screen:
        st.caption(f"大屏模式：每 {SCREEN_REFRESH_SECONDS // 60} 分钟自动刷新；按 F11 全屏；"
                   "去掉地址中的 screen=1 返回普通页面。")


if screen:
    st.fragment(run_every=SCREEN_REFRESH_SECONDS)(body)()
else:
    body()
    # A plain link (an st.page_link would fetch its own script for one link): the 大屏 opens in this tab.
    st.html(nav.link_html(nav.Link("overview", "大屏模式（会议室投屏）", "tv", {**drill_context(), "screen": "1"})))
