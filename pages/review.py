"""审核与确认: a district officer reviews the schools of their district for a period (figures against
last month, findings), approves one or many, returns one with a reason; the bureau (admins and
the leaders named for it) confirms a district or the whole period, which locks it; an admin unlocks
with a reason. Every action goes through workflow.cycle, which checks scope, state and lock again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import EduKPIError
from db.session import read_session, write_session
from kpis.clock import local, stamp
from kpis.periods import label
from pages.common import (default_period_index, md_escape, md_escape_frame, period_asked_or_current, require_plan,
                          require_principal, time_column)
from pages.errors import show_error, stop_on
from workflow import cycle, review, rules, status
from workflow.states import State

ALL = "__all__"
# What the reviewer saw in the previous run (code → submission id): an action names it, so a
# school that submitted again in between is not approved on figures nobody looked at.
SEEN = "review_seen"

st.title("审核与确认")
principal = require_principal()
if principal.role not in ("district", "admin", "leader"):
    st.warning("审核与确认由片区/街道、局领导和管理员使用。")
    st.stop()
plan = require_plan()
seen_before: dict[str, int | None] = st.session_state.get(SEEN, {})

try:
    with read_session() as s:
        periods = review.periods(s, principal, plan.key)
except EduKPIError as err:
    stop_on(err)
c1, c2 = st.columns(2)
period = c1.selectbox("填报期间", periods, format_func=label, key="review_period",
                      index=default_period_index(periods, period_asked_or_current(periods, plan)))
st.query_params["period"] = period
district = None
try:
    with read_session() as s:
        whole = status.cycle_status(s, principal, plan.key, period)
        can_confirm = rules.may_confirm(s, principal, whole.bureau_id)
        district_step = rules.settings_of(s, whole.bureau_id).district_review
except EduKPIError as err:
    stop_on(err)
districts = sorted({(x.district_code, x.district) for x in whole.schools if x.district_code})
if principal.role == "district":
    c2.selectbox("片区/街道", [d for _, d in districts] or ["本片区"], disabled=True, key="review_district_fixed")
else:
    codes = [ALL] + [c for c, _ in districts]
    names = dict(districts)
    want_d = st.query_params.get("district")
    pick = c2.selectbox("片区/街道", codes, index=codes.index(want_d) if want_d in codes else 0, key="review_district",
                        format_func=lambda c: "全部片区/街道" if c == ALL else names.get(c, c))
    district = None if pick == ALL else pick
    if district:
        st.query_params["district"] = district
    elif "district" in st.query_params:
        del st.query_params["district"]

try:
    with read_session() as s:
        st_ = status.cycle_status(s, principal, plan.key, period, district) if district else whole
        findings = review.outliers_by_school(s, principal, plan.key, period, district)
except EduKPIError as err:
    stop_on(err)

flash = st.session_state.pop("review_flash", None)
if flash:
    (st.success if flash[0] == "ok" else st.warning)(flash[1])

counts = st_.counts
scope_name = md_escape(dict(districts).get(district, "") if district else (districts[0][1] if principal.role == "district"
                                                                          and districts else st_.bureau))
# Each state on its own (not coverage's 待审, which lumps 已提交, 已退回 and 片区已审核): whose move it is differs —
# the district's for 已提交, the school's for 已退回, the bureau's for 片区已审核.
st.markdown(f"**{scope_name} · {label(period)}**　" + " · ".join(f"{k} {v}" for k, v in counts.items())
            + f" / {len(st_.schools)} 所")
if st_.lock:
    st.info(f"{label(period)}的数据{st_.lock.text()}：不能再上传、填报、审核或修改。"
            + ("如需更正，可在下方解锁（须填写原因）。" if principal.role == "admin" else "如需更正，请联系本局管理员解锁。"),
            icon=":material/lock:")

table = pd.DataFrame([{
    "学校标识码": x.code, "学校": x.name, "片区/街道": x.district, "状态": str(x.state),
    "提交时间": local(x.submitted_at), "需核对": f"{findings.get(x.code, 0)} 项" if findings.get(x.code) else "",
    "提交编号": "" if x.submission_id is None else str(x.submission_id),
    "退回原因": x.reason or "" if x.state == State.RETURNED else "",
} for x in st_.schools], columns=["学校标识码", "学校", "片区/街道", "状态", "提交时间", "需核对", "提交编号", "退回原因"])
st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(1, len(table))),
             column_config={"提交时间": time_column("提交时间")})
st.session_state[SEEN] = {x.code: x.submission_id for x in st_.schools}
by_code = {x.code: x for x in st_.schools}


def _act(fn, ok: str) -> None:  # noqa: ANN001 - a callable taking the write session
    try:
        with write_session() as s:
            fn(s)
    except EduKPIError as err:
        show_error(err)
        return
    st.session_state["review_flash"] = ("ok", ok)
    st.rerun()


def _name(code: str) -> str:
    x = by_code.get(code)
    return f"{x.name}（{x.state}）" if x else code


if not st_.lock:
    if principal.role == "district":
        ready = [x.code for x in st_.schools if x.state == State.SUBMITTED]
    elif can_confirm:
        ready = [x.code for x in st_.schools if x.state == State.REVIEWED or (not district_step and x.state == State.SUBMITTED)]
    else:
        ready = []
    returnable = [x.code for x in st_.schools if x.state in (State.SUBMITTED, State.REVIEWED)]
    if principal.role == "district" or can_confirm:
        st.subheader("审核通过")
        chosen = st.multiselect("选择学校（可多选）", ready, format_func=_name, key="review_pick",
                                placeholder="选择要审核通过的学校" if ready else "没有待审核的学校")
        if st.button("审核通过所选学校", type="primary", disabled=not chosen, key="review_approve",
                     icon=":material/check:"):
            try:
                with write_session() as s:
                    out = cycle.approve_many(s, principal, period, [(c, seen_before.get(c)) for c in chosen])
            except EduKPIError as err:
                stop_on(err)
            good = [c for c, r in out.items() if r in (State.REVIEWED, State.CONFIRMED)]
            bad = [f"{by_code[c].name}：{r}" for c, r in out.items() if c not in good]
            st.session_state["review_flash"] = ("ok" if not bad else "warn",
                                                f"已审核通过 {len(good)} 所学校。" + ("".join(f"\n\n{md_escape(b)}" for b in bad)))
            st.rerun()

        st.subheader("退回")
        back = st.selectbox("退回的学校", returnable, format_func=_name, index=None, key="review_return_school",
                            placeholder="选择要退回的学校" if returnable else "没有可退回的报表")
        reason = st.text_area("退回原因（学校会在数据填报页面看到）", key="review_reason", max_chars=500,
                              placeholder="例如：近视学生数比上月少一半，请核实筛查人数后重新上传。")
        if st.button("退回", disabled=back is None, key="review_return", icon=":material/undo:"):
            _act(lambda s: cycle.return_(s, principal, back, period, reason, submission_id=seen_before.get(back)),
                 f"已退回“{by_code[back].name}”{label(period)}的报表，原因：{reason.strip()}")
    if can_confirm:
        st.subheader("确认与锁定")
        if district:
            if st.button(f"确认{dict(districts).get(district, '')}已审核的学校", key="review_confirm_district",
                         icon=":material/verified:"):
                _act(lambda s: cycle.confirm(s, principal, plan.key, period, district),
                     f"已确认{dict(districts).get(district, '')} {label(period)}已审核的学校。")
        st.caption("确认本期会把所有待确认的学校计为已确认并锁定本期：此后上传、网页填报和科室填报都会被拒绝，直到管理员解锁。")
        if st.button(f"确认并锁定{label(period)}", type="primary", key="review_lock", icon=":material/lock:"):
            try:
                with write_session() as s:
                    done = cycle.lock(s, principal, plan.key, period)
            except EduKPIError as err:
                stop_on(err)
            st.session_state["review_flash"] = ("ok", f"{label(period)}已确认并锁定：本次确认 {done.confirmed} 所学校，"
                                                      f"另有 {done.left} 所学校未确认（未提交、已退回或未经片区审核）。")
            st.rerun()
elif principal.role == "admin":
    with st.expander("解锁本期", icon=":material/lock_open:"):
        why = st.text_area("解锁原因（记入审计日志）", key="review_unlock_reason", max_chars=500)
        if st.button("解锁", key="review_unlock"):
            _act(lambda s: cycle.unlock(s, principal, plan.key, period, why), f"{label(period)}已解锁。")

st.subheader("学校数据与记录")
look = st.selectbox("查看学校", [x.code for x in st_.schools], format_func=_name, index=None, key="review_look",
                    placeholder="选择学校，查看本期数据（对照上月）和审核记录")
if look:
    try:
        with read_session() as s:
            rows = review.school_values(s, principal, plan.key, look, period)
            steps = status.history(s, principal, look, period)
    except EduKPIError as err:
        stop_on(err)
    if rows:
        st.table(md_escape_frame(pd.DataFrame([{
            "项目": r.element, "本期": f"{r.value:g} {r.unit}".strip(),
            "上月": "" if r.last is None else f"{r.last:g} {r.unit}".strip(), "变化": r.change, "核对提示": r.issue}
            for r in rows])), hide_index=True)
    else:
        st.caption("该校本期还没有数据。")
    if steps:
        st.table(md_escape_frame(pd.DataFrame([{
            "时间": stamp(t.at), "由": t.from_state, "到": t.to_state, "操作人": t.by, "原因": t.reason or ""}
            for t in steps])), hide_index=True)
