"""UI pieces shared by the leader dashboards (总览, 指标详情, 填报进度, 数据质量).

Not a page: app.py registers pages explicitly. Figures come from kpis/ through caches keyed on
figures.data_stamp(), so an accepted upload shows on the next page load and nothing is stale."""

from __future__ import annotations

import html

import streamlit as st

from auth.principal import Principal
from auth.scope import PermissionDenied
from db.session import read_session
from kpis import compute, detail, figures, formatting
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label

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
        year = figures._plan(s, plan_key).year
    return opts, periods, year


@st.cache_data(show_spinner="正在计算指标…", max_entries=128)
def plan_status(principal: Principal, plan_key: str, period: str, district: str | None, school: str | None,
                school_type: str | None, data_stamp: tuple):
    with read_session() as s:
        return figures.plan_status(s, principal, plan_key, period, district, school, school_type)


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


def show_error(exc: Exception) -> None:
    """A refusal or a bad choice, in Chinese, without a traceback."""
    if isinstance(exc, PermissionDenied):
        st.error(f"无权查看：{exc}")
    else:
        st.error(str(exc))


def status_chip(r: compute.KpiResult) -> str:
    colour = r.colour
    text = html.escape(r.shown_status)
    title = f"报送覆盖不足，暂不判断（按已报送学校计为{r.status}）" if r.withheld else r.status
    return (f'<span title="{html.escape(title)}" style="background:{colour};color:#fff;border-radius:10px;'
            f'padding:1px 9px;font-size:0.8rem;white-space:nowrap">{text}</span>')


def progress_bar(r: compute.KpiResult) -> str:
    """A bullet-style bar: the value's share of the (pace-expected) target, in the status colour."""
    share = formatting.progress(r)
    if share is None:
        return ('<div style="height:8px;border-radius:4px;background:repeating-linear-gradient(45deg,#eceff3,'
                '#eceff3 6px,#f7f8fa 6px,#f7f8fa 12px)"></div>')
    pct = round(share * 100, 1)
    return (f'<div style="height:8px;border-radius:4px;background:#e6eaf0;position:relative">'
            f'<div style="width:{pct}%;height:8px;border-radius:4px;background:{r.colour}"></div></div>')


def status_summary(results: list[compute.KpiResult]) -> str:
    counts = compute.status_counts(results)
    parts = []
    for s in (*compute.STATUSES, compute.WITHHELD_LABEL):
        colour = compute.WITHHELD_COLOUR if s == compute.WITHHELD_LABEL else compute.STATUS_COLOURS[s]
        parts.append(f'<span style="display:inline-block;margin:0 14px 6px 0;white-space:nowrap">'
                     f'<span style="display:inline-block;width:11px;height:11px;border-radius:3px;background:{colour};'
                     f'margin-right:5px;vertical-align:-1px"></span>{s} <b style="font-size:1.15rem">{counts[s]}</b> 项</span>')
    return "".join(parts)
