"""督办 pieces shown on other pages (not a page): the badge on a KPI card, the 发起督办 dialog and the
督办 strip on 指标详情. Kept apart from the cards' own code so 总览's builder only takes an optional
mapping of KPI code → badge HTML (docs/decisions.md)."""

from __future__ import annotations

import html
from datetime import date, timedelta

import streamlit as st

import followup
from auth.principal import Principal
from core.errors import EduKPIError
from core.timezones import CHINA, now_utc
from db.session import read_session, write_session
from followup.rules import LEADER_ROLES
from kpis.followup_view import date_text
from kpis.periods import label
from pages.common import md_escape
from pages.errors import show_error

RED = ("滞后", "预警")
DEFAULT_DAYS = 30  # a new item's due date, unless the leader picks another


def today() -> date:
    """Today in Beijing: the day overdue is judged against."""
    return now_utc().astimezone(CHINA).date()


def badge_html(open_count: int, overdue: int) -> str:
    """'督办 2 · 逾期 1' as a small pill: red when any item is overdue, blue otherwise."""
    if not open_count:
        return ""
    colour = "#c62828" if overdue else "#1f5fa8"
    text = f"督办 {open_count} 项" + (f" · 逾期 {overdue}" if overdue else "")
    title = f"{open_count} 项督办未办结" + (f"，其中 {overdue} 项已逾期" if overdue else "")
    return (f'<span class="ek-fu" data-followup="{open_count}" data-overdue="{overdue}" title="{html.escape(title)}" '
            f'style="display:inline-block;align-self:flex-start;margin-top:4px;border:1px solid {colour};color:{colour};'
            f'background:#fff;border-radius:10px;padding:0 8px;font-size:.78rem;line-height:1.5;white-space:nowrap">'
            f'{html.escape(text)}</span>')


def card_badges(principal: Principal, plan_key: str, district: str | None, school: str | None) -> dict[str, str]:
    """KPI code → badge HTML for the cards of 总览 (open items at the scope shown)."""
    try:
        with read_session() as s:
            counts = followup.badges(s, principal, plan_key, today(), district=district, school=school)
    except EduKPIError:
        return {}  # the page shows its own refusal; the cards simply carry no badge
    return {code: badge_html(n, late) for code, (n, late) in counts.items()}


@st.dialog("发起督办", width="large")
def open_dialog(principal: Principal, plan_key: str, code: str, name: str, period: str, scope_code: str | None,
                scope_label: str, status: str, owner: str) -> None:
    st.markdown(f"**{md_escape(code)} {md_escape(name)}**　{md_escape(scope_label)} · {label(period)} · {md_escape(status)}")
    with read_session() as s:
        choices = followup.owner_choices(s, principal, plan_key)
    values = [v for v, _ in choices]
    names = dict(choices)
    with st.form("followup_open"):
        cause = st.text_area("原因分析", placeholder="为什么滞后：数据、资源、进度上的原因（必填）", key="fu_cause")
        measures = st.text_area("整改措施", placeholder="谁在什么时候做什么（必填）", key="fu_measures")
        c1, c2 = st.columns(2)
        who = c1.selectbox("责任单位（科室或片区/街道）", values, index=values.index(owner) if owner in values else None,
                           format_func=lambda v: names[v], placeholder="请选择…", key="fu_owner")
        due = c2.date_input("办结期限", value=today() + timedelta(days=DEFAULT_DAYS), min_value=today(),
                            format="YYYY-MM-DD", key="fu_due")
        saved = st.form_submit_button("保存", type="primary")
    if saved:
        try:
            with write_session() as s:
                item_id = followup.open_item(s, principal, plan_key, code, period, cause=cause, measures=measures,
                                             owner=who or "", due=due, today=today(), scope=scope_code)
        except EduKPIError as err:
            show_error(err, "未保存：")
            return
        st.session_state["followup_opened"] = (f"已发起第 {item_id} 号督办：{name}，责任单位 {names.get(who, who)}，"
                                               f"办结期限 {date_text(due)}。")
        st.rerun()


def kpi_strip(principal: Principal, plan_key: str, r, scope_code: str | None, scope_label: str,  # noqa: ANN001
              district: str | None, school: str | None) -> None:
    """On 指标详情: the KPI's open items at this scope (overdue in red), a link to each on the 督办
    page, and 发起督办 for a leader when the KPI is 滞后/预警 here and nobody follows it up yet."""
    done = st.session_state.pop("followup_opened", None)
    if done:
        st.success(done)
    try:
        with read_session() as s:
            items = [v for v in followup.list_items(s, principal, plan_key, kpi_code=r.code)
                     if v.state != "已办结" and (v.scope_code == scope_code if scope_code else v.scope_level == "bureau")]
    except EduKPIError:
        return
    t = today()
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        for v in items:
            tone = "red" if v.overdue(t) else "blue"
            st.markdown(f":{tone}-badge[督办 第{v.id}号 · {md_escape(v.state_text(t))} · 期限 {date_text(v.due)}]")
            st.page_link("pages/followup.py", label="查看督办", icon=":material/assignment:",
                         query_params={"plan": plan_key, "item": str(v.id)})
        if principal.role in LEADER_ROLES and r.shown_status in RED and not items:
            if st.button("发起督办", icon=":material/flag:", type="primary", key="fu_open"):
                open_dialog(principal, plan_key, r.code, r.name, r.period, scope_code, scope_label, r.shown_status,
                            r.owner or "")
        elif r.shown_status == "滞后" and not items:
            st.caption("该指标滞后，尚未安排督办。")
