"""UI pieces shared by the leader dashboards (总览, 指标详情, 填报进度, 数据质量).

Not a page: app.py registers pages explicitly. Figures come from kpis/ through caches keyed on
figures.data_stamp(), so an accepted upload shows on the next page load and nothing is stale."""

from __future__ import annotations

import html
import zlib
from urllib.parse import urlencode

import streamlit as st

from auth.principal import Principal
from auth.scope import PermissionDenied
from db.session import read_session
from kpis import compute, current, detail, figures, formatting
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label
from pages import html_parts
from pages.common import md_escape, plan_options, require_plan, sync_param

ALL = ""  # the "whole scope" choice of a filter
# A school picker lists at most this many schools. Every option travels to the browser on every
# run: 10,000 of them (a province) added ~3 s to each page load in Chromium, more than the rest
# of 总览. Above the limit the user narrows by 片区/街道 or 学校类型 first (a ?school= link still works).
SCHOOL_PICKER_LIMIT = 500


def stamp() -> tuple:
    """The data fingerprint; read on every run (a few index lookups) to key the caches."""
    with read_session() as s:
        return figures.data_stamp(s)


@st.cache_data(show_spinner=False, max_entries=64)
def _options(principal: Principal, plan_key: str, data_stamp: tuple) -> tuple[dict, list[str], int]:
    with read_session() as s:
        opts = figures.scope_options(s, principal, plan_key)
        periods = figures.available_periods(s, principal, plan_key)
        year = figures.plan_year(s, principal, plan_key)
    return opts, periods, year


@st.cache_data(show_spinner="正在计算指标…", max_entries=128)
def plan_status(principal: Principal, plan_key: str, period: str, district: str | None, school: str | None,
                school_type: str | None, data_stamp: tuple, confirmed_only: bool = False):
    with read_session() as s:
        return figures.plan_status(s, principal, plan_key, period, district, school, school_type,
                                   confirmed_only=confirmed_only)


@st.cache_data(show_spinner="正在计算指标…", max_entries=64)
def kpi_detail(principal: Principal, plan_key: str, code: str, period: str, district: str | None,
               school: str | None, school_type: str | None, data_stamp: tuple) -> detail.KpiDetail:
    with read_session() as s:
        return detail.kpi_detail(s, principal, plan_key, code, period, district, school, school_type)


@st.cache_data(show_spinner=False, max_entries=32)
def plan_categories(principal: Principal, plan_key: str, period: str, data_stamp: tuple) -> list[str]:
    """The KPI categories of the plan in plan order (the 总览's 类别 filter)."""
    with read_session() as s:
        figures.plan_year(s, principal, plan_key)  # the principal may read the plan's bureau
        return list(dict.fromkeys(d.category or "其他" for d in figures.kpi_defs(s, plan_key, period)))


def _qp(name: str) -> str | None:
    v = st.query_params.get(name)
    return v or None


def scope_bar(principal: Principal, plan_key: str, data_stamp: tuple, with_school: bool = True,
              key: str = "scope") -> dict:
    """Period, district, school and school-type pickers offering only what the principal may see.

    The choice lives in the URL (?period=…&district=…&school=…&type=…) so links carry it; each picker
    writes its choice to the URL as it changes (on_change), so the sidebar's links, drawn before the
    page, already carry it. Without ?period= the plan's current period (kpis.current) is chosen."""
    opts, periods, year = _options(principal, plan_key, data_stamp)
    cur = current.of_plan_year(year)
    periods = sorted(set(periods) | {cur.period})
    cols = st.columns(4 if with_school else 3)
    wanted = _qp("period")
    default = wanted if wanted in periods else cur.period
    period = cols[0].selectbox("期间", periods, index=periods.index(default), format_func=label,
                               key=f"{key}_period", placeholder="请选择…",
                               on_change=sync_param, args=(f"{key}_period", "period"))

    districts = [c for c, _ in opts["districts"]]
    d_names = dict(opts["districts"])
    d_options = ([ALL] if opts["bureau"] else []) + districts
    district = None
    if d_options:
        wanted = _qp("district")
        idx = d_options.index(wanted) if wanted in d_options else 0
        district = cols[1].selectbox("片区/街道", d_options, index=idx, key=f"{key}_district",
                                     format_func=lambda c: "全部片区/街道" if c == ALL else d_names.get(c, c),
                                     placeholder="请选择…", on_change=sync_param,
                                     args=(f"{key}_district", "district", ("school",))) or None
    else:
        cols[1].selectbox("片区/街道", ["本校所在片区"], disabled=True, key=f"{key}_district_none")

    t_options = [ALL] + list(SCHOOL_TYPE_LABELS)
    wanted = _qp("type")
    school_type = cols[2].selectbox("学校类型", t_options, index=t_options.index(wanted) if wanted in t_options else 0,
                                    format_func=lambda c: "全部类型" if c == ALL else SCHOOL_TYPE_LABELS[c],
                                    key=f"{key}_type", placeholder="请选择…", on_change=sync_param,
                                    args=(f"{key}_type", "type", ("school",))) or None

    school = None
    if with_school:
        schools = [(c, n) for c, n, dc, t in opts["schools"]
                   if (district is None or dc == district) and (school_type is None or t == school_type)]
        s_names = dict(schools)
        wanted = _qp("school")
        listed = [c for c, _ in schools]
        too_many = len(listed) > SCHOOL_PICKER_LIMIT
        if too_many:
            listed = [wanted] if wanted in s_names else []
        s_options = ([ALL] if (opts["bureau"] or districts) else []) + listed
        all_label = f"全部学校（共 {len(schools)} 所，请先选片区或类型）" if too_many else "全部学校"
        hint = (f"所选范围内有 {len(schools)} 所学校，超过 {SCHOOL_PICKER_LIMIT} 所时不逐一列出：请先选择片区/街道"
                f"或学校类型缩小范围，再在此选择学校。" if too_many else None)
        school = cols[3].selectbox("学校", s_options, index=s_options.index(wanted) if wanted in s_options else 0,
                                   format_func=lambda c: all_label if c == ALL else s_names.get(c, c),
                                   key=f"{key}_school", placeholder="请选择…", help=hint,
                                   on_change=sync_param, args=(f"{key}_school", "school")) or None
    for name, value in (("period", period), ("district", district), ("type", school_type), ("school", school)):
        if value:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
    return {"period": period, "district": district, "school": school, "school_type": school_type, "year": year,
            "current": cur}


FILTER_LABEL = "筛选：工作要点 · 期间 · 范围"


def dashboard_filters(principal: Principal, key: str, with_school: bool = True, extra=None):
    """The plan and scope pickers of a dashboard, folded into one 筛选 popover (on a phone six
    drop-downs filled the first screen; on any screen the browser draws them only when opened,
    docs/decisions.md). Returns (plan, bar, data_stamp); ``extra`` adds pickers of the page's own."""
    if not plan_options():
        require_plan()  # says there is no plan yet, and stops
    data_stamp = stamp()
    with st.popover(FILTER_LABEL, icon=":material/filter_list:"):
        plan = require_plan()
        bar = scope_bar(principal, plan.key, data_stamp, with_school=with_school, key=key)
        if extra is not None:
            bar["extra"] = extra(plan, bar, data_stamp)
    return plan, bar, data_stamp


def context_line(scope_label: str, bar: dict) -> str:
    """'温岭市教育局 · 泽国镇　·　2025年12月　·　仅小学': what the folded pickers have chosen."""
    parts = [scope_label, label(bar["period"])]
    if bar["school_type"] and "仅" not in scope_label:
        parts.append(SCHOOL_TYPE_LABELS.get(bar["school_type"], bar["school_type"]))
    return "　·　".join(parts)


def paged_table(table, key: str, fmt=None, label: str = "", unit: str = "所") -> None:
    """One window of at most school_list.PAGE_SIZE rows of `table` with "共 N 所，显示第 a–b 所" and a
    page number (only the window travels to the browser, as an HTML table: pages/html_parts.py). `key`
    names the list and what it shows: a new key (another search or filter) starts again at page 1.
    `fmt` formats the window's rows; `unit` counts the rows (所, or 条 for notes). An empty table gets
    a hint about the school search instead."""
    from kpis import school_list

    if table.empty:  # a search or filter that matches nothing
        st.info("没有符合条件的学校。请检查搜索词（学校名称或 10 位标识码的一部分），或把“报送状态”改为“全部学校”。")
        return
    page_key = "page_" + format(zlib.crc32(key.encode()), "x")
    win = school_list.window(len(table), st.session_state.get(page_key, 1))
    if st.session_state.get(page_key, 1) != win.page:
        st.session_state[page_key] = win.page  # fewer pages than before: the last one
    view = table.iloc[win.start:win.end]
    st.caption(win.describe(unit) + (f"（第 {win.page}/{win.pages} 页）" if win.pages > 1 else ""))
    st.html(html_parts.table(fmt(view.copy()) if fmt else view, label))
    if win.pages > 1:  # folded like the pickers: the browser draws the input only when it is opened
        with st.popover(f"翻页（第 {win.page}/{win.pages} 页）", icon=":material/menu_book:"):
            st.number_input(f"页码（共 {win.pages} 页，每页 {school_list.PAGE_SIZE} {unit}）", min_value=1,
                            max_value=win.pages, step=1, key=page_key)


def show_error(exc: Exception) -> None:
    """A refusal or a bad choice, in Chinese, without a traceback."""
    if isinstance(exc, PermissionDenied):
        st.error(f"无权查看：{md_escape(exc)}")
    else:
        st.error(md_escape(exc))  # may quote a code taken from the address


def status_chip(r: compute.KpiResult) -> str:
    colour = r.colour
    text = html.escape(r.shown_status)
    title = f"报送覆盖不足，暂不判断（按已报送学校计为{r.status}）" if r.withheld else r.status
    return (f'<span title="{html.escape(title)}" style="background:{colour};color:#fff;border-radius:10px;'
            f'padding:1px 9px;font-size:0.8rem;white-space:nowrap">{text}</span>')


# The 总览 is one st.html block (summary and every card), not ~70 Streamlit elements: the browser's
# time went into laying out one element container, bordered container and page link per card
# (docs/decisions.md, docs/benchmarks.md). Classes are prefixed ek- so they touch nothing else.
# The grid fills the width (auto-fill columns), red first; phones get one column of compact cards.
OVERVIEW_CSS = """
.ek-ov{color:#1d2733;line-height:1.35}
.ek-ov .ek-head{display:flex;flex-wrap:wrap;align-items:baseline;column-gap:14px;margin:0 0 4px 0}
.ek-ov .ek-scope{font-weight:700;font-size:1.05rem}
.ek-ov .ek-plan{font-size:.85rem;color:#4a5868}
.ek-ov .ek-strip{display:flex;flex-wrap:wrap;gap:4px 6px;margin:0 0 8px 0}
.ek-ov .ek-strip>span{display:inline-flex;align-items:center;gap:5px;border:1px solid #d5dae1;border-left:4px solid var(--c);
  border-radius:6px;padding:1px 8px;font-size:.9rem;white-space:nowrap;background:#fff}
.ek-ov .ek-strip>span.ek-zero{opacity:.55}
.ek-ov .ek-strip b{font-size:1.05rem}
.ek-ov h4.ek-group{font-size:1rem;font-weight:700;margin:10px 0 6px 0;padding:0;color:var(--c)}
.ek-ov .ek-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(255px,1fr));gap:8px}
.ek-ov a.ek-card{box-sizing:border-box;min-width:0;display:flex;flex-direction:column;gap:1px;padding:8px 11px 7px 11px;
  border:1px solid #d5dae1;border-left:5px solid var(--c);border-radius:8px;background:#fff;color:inherit;text-decoration:none}
.ek-ov a.ek-card:hover{border-color:#8fa0b3;border-left-color:var(--c);box-shadow:0 2px 8px rgba(29,39,51,.12)}
.ek-ov a.ek-card:focus-visible{outline:2px solid #1f6feb;outline-offset:2px}
.ek-ov .ek-top{display:flex;justify-content:space-between;gap:6px;align-items:flex-start}
.ek-ov .ek-name{font-weight:600;line-height:1.3;overflow-wrap:anywhere}
.ek-ov .ek-chip{background:var(--c);color:#fff;border-radius:10px;padding:0 8px;font-size:.78rem;white-space:nowrap}
.ek-ov .ek-mid{display:flex;flex-wrap:wrap;align-items:baseline;column-gap:10px}
.ek-ov .ek-value{font-size:1.4rem;font-weight:700}
.ek-ov .ek-small{font-size:.82rem;color:#4a5868}
.ek-ov .ek-bar{height:6px;border-radius:3px;background:#e6eaf0;margin:4px 0 3px 0}
.ek-ov .ek-bar>div{height:6px;border-radius:3px;background:var(--c)}
.ek-ov .ek-bar.ek-none{background:repeating-linear-gradient(45deg,#eceff3,#eceff3 6px,#f7f8fa 6px,#f7f8fa 12px)}
.ek-ov .ek-foot{display:flex;justify-content:space-between;flex-wrap:wrap;column-gap:6px;font-size:.78rem;color:#4a5868}
.ek-ov .ek-meta{font-size:.75rem;color:#6b7785}
.ek-ov a.ek-card:hover .ek-meta{text-decoration:underline}
.ek-ov .ek-na{margin:12px 0 0 0;font-size:.85rem;color:#4a5868}
.ek-ov .ek-na ul{margin:4px 0 0 0;padding-left:18px}
.ek-ov .ek-note{font-size:.8rem;color:#6b7785;margin:12px 0 0 0}
@media (max-width:640px){
 .ek-ov .ek-grid{grid-template-columns:1fr;gap:6px}
 .ek-ov a.ek-card{padding:6px 9px 5px 9px}
 .ek-ov .ek-value{font-size:1.2rem}
 .ek-ov .ek-plan{display:none}
 .ek-ov .ek-strip>span{font-size:.8rem;padding:0 6px}
}
.ek-ov.ek-screen{font-size:1.25rem}
.ek-ov.ek-screen .ek-scope{font-size:1.7rem}
.ek-ov.ek-screen .ek-strip>span{font-size:1.3rem;padding:2px 12px}
.ek-ov.ek-screen .ek-strip b{font-size:1.6rem}
.ek-ov.ek-screen h4.ek-group{font-size:1.4rem}
.ek-ov.ek-screen .ek-grid{grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.ek-ov.ek-screen .ek-value{font-size:2.1rem}
.ek-ov.ek-screen .ek-small,.ek-ov.ek-screen .ek-foot{font-size:1.05rem}
@media print{
 .ek-ov .ek-grid{grid-template-columns:repeat(3,1fr);gap:6px}
 .ek-ov a.ek-card{break-inside:avoid;box-shadow:none}
 .ek-ov h4.ek-group{break-after:avoid}
 .ek-ov *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
# The order a leader reads the 总览 in: what is off track first.
GROUP_ORDER = (compute.BEHIND, compute.WARN, compute.MET, compute.NOT_DUE, compute.WITHHELD_LABEL, compute.NO_DATA)


def group_colour(status: str) -> str:
    return compute.WITHHELD_COLOUR if status == compute.WITHHELD_LABEL else compute.STATUS_COLOURS[status]


def ordered(results: list[compute.KpiResult]) -> list[compute.KpiResult]:
    """Red first: 滞后, 预警, 达标, 未到期, 覆盖不足, 无数据; plan order within each; 不适用 left out."""
    rank = {s: i for i, s in enumerate(GROUP_ORDER)}
    shown = [r for r in results if r.applies]
    return sorted(shown, key=lambda r: rank[r.shown_status])  # stable: plan order within a status


def detail_href(params: dict[str, str]) -> str:
    """A relative link to the 指标详情 page (same folder as every page, so it also works under a
    server.baseUrlPath). Opening it anew keeps the user signed in (the sign-in cookie)."""
    return "kpi_detail?" + urlencode(params)


def kpi_card(r: compute.KpiResult, href: str, badge: str = "") -> str:
    """One KPI as a link-card: name and status, value with unit, target and pace, bar, coverage,
    change since last month, and category · code. A function of the card's data alone; `badge` is
    extra HTML under the value (the 督办 badge, pages.followup_widgets.badge_html)."""
    e = html.escape
    extra = formatting.expected_text(r) or formatting.pace_note(r)
    level = formatting.level_text(r)
    share = formatting.progress(r)
    bar = ('<div class="ek-bar ek-none"></div>' if share is None else
           f'<div class="ek-bar"><div style="width:{round(share * 100, 1)}%"></div></div>')
    title = f"报送覆盖不足，暂不判断（按已报送学校计为{r.status}）" if r.withheld else r.status
    return (f'<a class="ek-card" data-kpi="{e(r.code)}" data-status="{e(r.shown_status)}" href="{e(href)}" '
            f'target="_self" style="--c:{r.colour}">'
            f'<div class="ek-top"><span class="ek-name">{e(r.name)}</span>'
            f'<span class="ek-chip" title="{e(title)}">{e(r.shown_status)}</span></div>'
            f'<div class="ek-mid"><span class="ek-value">{e(formatting.value_text(r))}</span>'
            f'<span class="ek-small">目标 {e(formatting.target_text(r))}</span></div>{badge}'
            + (f'<div class="ek-small">{e(extra)}</div>' if extra else "")
            + (f'<div class="ek-small">{e(level)}</div>' if level else "")
            + bar
            + f'<div class="ek-foot"><span>{e(formatting.coverage_text(r))}</span><span>{e(formatting.change_text(r))}</span></div>'
            f'<div class="ek-meta">{e(r.category or "其他")} · {e(r.code)} · 查看详情 →</div></a>')


def status_strip(results: list[compute.KpiResult]) -> str:
    """The one-line count of KPIs in each status, in reading order (不适用 not counted)."""
    counts = compute.status_counts(results)
    return "".join(
        f'<span class="{"ek-zero" if not counts[s] else ""}" style="--c:{group_colour(s)}">'
        f'{html.escape(s)} <b>{counts[s]}</b> 项</span>' for s in GROUP_ORDER)


def overview_html(heading: str, results: list[compute.KpiResult], link_params: dict[str, str],
                  plan_line: str | None = None, screen: bool = False,
                  badges: dict[str, str] | None = None) -> str:
    """The whole 总览 body below the pickers as one HTML string: the scope line, the status strip,
    the cards grouped by status (滞后 first), each linking to its detail; then the KPIs that do not
    apply to the chosen school, one line each. ``screen``: the 大屏 type sizes; ``badges`` maps a
    KPI code to HTML shown on its card (督办)."""
    e = html.escape
    parts = [f'<div class="ek-ov{" ek-screen" if screen else ""}"><style>{OVERVIEW_CSS}</style>',
             f'<div class="ek-head"><span class="ek-scope">{e(heading)}</span>'
             + (f'<span class="ek-plan">{e(plan_line)}</span>' if plan_line else "") + "</div>",
             f'<div class="ek-strip">{status_strip(results)}</div>']
    groups: dict[str, list[compute.KpiResult]] = {}
    for r in ordered(results):
        groups.setdefault(r.shown_status, []).append(r)
    for status, items in groups.items():
        parts.append(f'<section style="--c:{group_colour(status)}"><h4 class="ek-group">{e(status)}（{len(items)} 项）</h4>'
                     '<div class="ek-grid">')
        parts += [kpi_card(r, detail_href({**link_params, "kpi": r.code}), (badges or {}).get(r.code, ""))
                  for r in items]
        parts.append("</div></section>")
    na = [r for r in results if not r.applies]
    if na:
        parts.append(f'<div class="ek-na"><b>不适用于本校的指标（{len(na)} 项，不计入上方统计）</b><ul>'
                     + "".join(f"<li>{e(r.name)}：{e(r.na_reason or '')}</li>" for r in na) + "</ul></div>")
    if groups:
        parts.append('<p class="ek-note">报送覆盖低于 80% 的指标不着色（显示为“覆盖不足”）；累计类指标按全年线性进度判断，'
                     '年末考核类指标 12 月前未达成显示为“未到期”。点击卡片查看指标详情。</p>')
    parts.append("</div>")
    return "".join(parts)
