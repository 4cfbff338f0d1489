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
from kpis import compute, detail, figures, formatting
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label
from pages.common import md_escape

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
def _options(principal: Principal, plan_key: str, _stamp: tuple) -> tuple[dict, list[str], int]:
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


def _qp(name: str) -> str | None:
    v = st.query_params.get(name)
    return v or None


def scope_bar(principal: Principal, plan_key: str, data_stamp: tuple, with_school: bool = True,
              key: str = "scope") -> dict | None:
    """Period, district, school and school-type pickers offering only what the principal may see.

    The choice lives in the URL (?period=…&district=…&school=…&type=…) so links carry it."""
    opts, periods, year = _options(principal, plan_key, data_stamp)
    if not periods:
        st.info("该工作要点还没有任何报送期间或数据。请先导入学校报表或录入科室进展。")
        return None
    cols = st.columns(4 if with_school else 3)
    wanted = _qp("period")
    default = wanted if wanted in periods else figures.default_period(periods, year)
    period = cols[0].selectbox("期间", periods, index=periods.index(default), format_func=label,
                               key=f"{key}_period", placeholder="请选择…")

    districts = [c for c, _ in opts["districts"]]
    d_names = dict(opts["districts"])
    d_options = ([ALL] if opts["bureau"] else []) + districts
    district = None
    if d_options:
        wanted = _qp("district")
        idx = d_options.index(wanted) if wanted in d_options else 0
        district = cols[1].selectbox("片区/街道", d_options, index=idx, key=f"{key}_district",
                                     format_func=lambda c: "全部片区/街道" if c == ALL else d_names.get(c, c),
                                     placeholder="请选择…") or None
    else:
        cols[1].selectbox("片区/街道", ["本校所在片区"], disabled=True, key=f"{key}_district_none")

    t_options = [ALL] + list(SCHOOL_TYPE_LABELS)
    wanted = _qp("type")
    school_type = cols[2].selectbox("学校类型", t_options, index=t_options.index(wanted) if wanted in t_options else 0,
                                    format_func=lambda c: "全部类型" if c == ALL else SCHOOL_TYPE_LABELS[c],
                                    key=f"{key}_type", placeholder="请选择…") or None

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
                                   key=f"{key}_school", placeholder="请选择…", help=hint) or None
    for name, value in (("period", period), ("district", district), ("type", school_type), ("school", school)):
        if value:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]
    return {"period": period, "district": district, "school": school, "school_type": school_type, "year": year}


def paged_table(table, key: str, fmt=None, fit_height: bool = False, **dataframe_kw) -> None:
    """One window of at most school_list.PAGE_SIZE rows of `table` with "共 N 所，显示第 a–b 所" and a
    page number (only the window travels to the browser). `key` names the list and what it shows: a
    new key (another search or filter) starts again at page 1. `fmt` formats the window's rows;
    `fit_height` sizes the grid to the window's rows (at most 600 px). An empty table gets a hint instead."""
    from kpis import school_list

    if table.empty:  # a search or filter that matches nothing
        st.info("没有符合条件的学校。请检查搜索词（学校名称或 10 位标识码的一部分），或把“报送状态”改为“全部学校”。")
        return
    page_key = "page_" + format(zlib.crc32(key.encode()), "x")
    win = school_list.window(len(table), st.session_state.get(page_key, 1))
    if st.session_state.get(page_key, 1) != win.page:
        st.session_state[page_key] = win.page  # fewer pages than before: the last one
    view = table.iloc[win.start:win.end]
    if fit_height:
        dataframe_kw["height"] = min(600, 38 + 35 * max(1, len(view)))
    st.caption(win.note + (f"（第 {win.page}/{win.pages} 页）" if win.pages > 1 else ""))
    st.dataframe(fmt(view.copy()) if fmt else view, hide_index=True, width="stretch", **dataframe_kw)
    if win.pages > 1:
        st.number_input(f"页码（共 {win.pages} 页，每页 {school_list.PAGE_SIZE} 所）", min_value=1,
                        max_value=win.pages, step=1, key=page_key, width=260)


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
OVERVIEW_CSS = """
.ek-ov{color:#1d2733;line-height:1.4}
.ek-ov .ek-plan{font-size:.9rem;color:#4a5868;margin:0 0 2px 0}
.ek-ov .ek-scope{font-weight:700;font-size:1.05rem;margin:0 0 6px 0}
.ek-ov .ek-sum{margin:0 0 4px 0}
.ek-ov .ek-sum>span{display:inline-block;margin:0 14px 6px 0;white-space:nowrap}
.ek-ov .ek-sum i{display:inline-block;width:11px;height:11px;border-radius:3px;background:var(--c);margin-right:5px;vertical-align:-1px}
.ek-ov .ek-sum b{font-size:1.15rem}
.ek-ov .ek-note{font-size:.875rem;color:#6b7785;margin:0 0 4px 0}
.ek-ov h4.ek-cat{font-size:1.25rem;font-weight:600;margin:18px 0 8px 0;padding:0}
.ek-ov .ek-cats{display:flex;flex-wrap:wrap;column-gap:30px;align-items:flex-start}
.ek-ov .ek-cats>section{flex:0 1 auto;min-width:0}
.ek-ov .ek-grid{display:flex;flex-wrap:wrap;gap:10px}
.ek-ov a.ek-card{box-sizing:border-box;width:290px;display:flex;flex-direction:column;gap:2px;padding:11px 14px 10px 14px;border:1px solid #d5dae1;
  border-left:4px solid var(--c);border-radius:8px;background:#fff;color:inherit;text-decoration:none}
.ek-ov a.ek-card:hover{border-color:#8fa0b3;border-left-color:var(--c);box-shadow:0 2px 8px rgba(29,39,51,.12)}
.ek-ov a.ek-card:focus-visible{outline:2px solid #1f6feb;outline-offset:2px}
.ek-ov .ek-top{display:flex;justify-content:space-between;gap:8px;align-items:flex-start}
.ek-ov .ek-name{font-weight:600;line-height:1.35}
.ek-ov .ek-chip{background:var(--c);color:#fff;border-radius:10px;padding:1px 9px;font-size:.8rem;white-space:nowrap}
.ek-ov .ek-value{font-size:1.55rem;font-weight:700;margin:2px 0 0 0}
.ek-ov .ek-small{font-size:.85rem;color:#4a5868}
.ek-ov .ek-bar{height:8px;border-radius:4px;background:#e6eaf0;margin:6px 0}
.ek-ov .ek-bar>div{height:8px;border-radius:4px;background:var(--c)}
.ek-ov .ek-bar.ek-none{background:repeating-linear-gradient(45deg,#eceff3,#eceff3 6px,#f7f8fa 6px,#f7f8fa 12px)}
.ek-ov .ek-foot{display:flex;justify-content:space-between;flex-wrap:wrap;gap:6px;font-size:.8rem;color:#4a5868}
.ek-ov .ek-link{margin-top:4px;font-size:.85rem;color:#1f5fa8}
.ek-ov a.ek-card:hover .ek-link{text-decoration:underline}
"""


def detail_href(params: dict[str, str]) -> str:
    """A relative link to the 指标详情 page (same folder as every page, so it also works under a
    server.baseUrlPath). Opening it anew keeps the user signed in (the sign-in cookie)."""
    return "kpi_detail?" + urlencode(params)


def kpi_card(r: compute.KpiResult, href: str, badge: str = "") -> str:
    """One KPI as a link-card: name and status, value with unit, target, bar, coverage, change; `badge`
    is extra HTML under the value (the 督办 badge, pages.followup_widgets.badge_html)."""
    e = html.escape
    extra = formatting.expected_text(r)
    level = formatting.level_text(r)
    share = formatting.progress(r)
    bar = ('<div class="ek-bar ek-none"></div>' if share is None else
           f'<div class="ek-bar"><div style="width:{round(share * 100, 1)}%"></div></div>')
    title = f"报送覆盖不足，暂不判断（按已报送学校计为{r.status}）" if r.withheld else r.status
    return (f'<a class="ek-card" data-kpi="{e(r.code)}" data-status="{e(r.shown_status)}" href="{e(href)}" '
            f'target="_self" style="--c:{r.colour}">'
            f'<div class="ek-top"><span class="ek-name">{e(r.name)}</span>'
            f'<span class="ek-chip" title="{e(title)}">{e(r.shown_status)}</span></div>'
            f'<div class="ek-value">{e(formatting.value_text(r))}</div>{badge}'
            f'<div class="ek-small">目标 {e(formatting.target_text(r))}' + (f"　{e(extra)}" if extra else "") + "</div>"
            + (f'<div class="ek-small">{e(level)}</div>' if level else "")
            + bar
            + f'<div class="ek-foot"><span>{e(formatting.coverage_text(r))}</span><span>{e(formatting.change_text(r))}</span></div>'
            f'<div class="ek-link">{e(r.code)} 查看详情 →</div></a>')


def overview_html(heading: str, results: list[compute.KpiResult], link_params: dict[str, str],
                  plan_line: str | None = None, badges: dict[str, str] | None = None) -> str:
    """The whole 总览 body below the pickers as one HTML string: the scope line, the count of KPIs
    in each status, and one card per KPI grouped by category (each card links to its detail);
    `badges` maps a KPI code to HTML shown on its card (督办)."""
    e = html.escape
    counts = compute.status_counts(results)
    summary = "".join(
        f'<span style="--c:{compute.WITHHELD_COLOUR if s == compute.WITHHELD_LABEL else compute.STATUS_COLOURS[s]}">'
        f'<i></i>{e(s)} <b>{counts[s]}</b> 项</span>' for s in (*compute.STATUSES, compute.WITHHELD_LABEL))
    parts = [f'<div class="ek-ov"><style>{OVERVIEW_CSS}</style>']
    if plan_line:
        parts.append(f'<p class="ek-plan">{e(plan_line)}</p>')
    parts += [f'<p class="ek-scope">{e(heading)}</p>', f'<div class="ek-sum">{summary}</div>']
    if results:
        parts.append('<p class="ek-note">报送覆盖低于 80% 的指标不着色（显示为“覆盖不足”）；累计类指标按全年线性进度判断，'
                     '年末考核类指标 12 月前未达成显示为“未到期”。点击卡片查看指标详情。</p>')
    categories: dict[str, list[compute.KpiResult]] = {}
    for r in results:
        categories.setdefault(r.category or "其他", []).append(r)
    parts.append('<div class="ek-cats">')  # small categories sit side by side, large ones wrap
    for category, items in categories.items():
        parts.append(f'<section><h4 class="ek-cat">{e(category)}（{len(items)} 项）</h4><div class="ek-grid">')
        parts += [kpi_card(r, detail_href({**link_params, "kpi": r.code}), (badges or {}).get(r.code, ""))
                  for r in items]
        parts.append("</div></section>")
    parts.append("</div></div>")
    return "".join(parts)
