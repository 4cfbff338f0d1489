"""在线填报 (a helper of pages/upload.py, not a page): the school's fields as a form that fits a
phone — one column, labels with units, the plausible range, last period's and the value in force
under each field, 是/否 as two choices — then the same preview and submit as an uploaded file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import EduKPIError
from ingest.form import FormSpec, field_errors, form_spec, submit_form
from ingest.store import CHINA
from ingest.upload import StorageBusy, UploadResult
from kpis.periods import label
from pages.common import md_escape

# Phones: inputs at least 44 px tall and 16 px text (iOS zooms into smaller inputs); no fixed widths.
_TOUCH_CSS = """<style>
[data-testid="stForm"] [data-testid="stNumberInputContainer"] {height: auto; min-height: 46px;}
[data-testid="stForm"] input {min-height: 44px !important; font-size: 16px !important;}
[data-testid="stForm"] [data-testid="stRadio"] label {min-height: 40px; padding-right: 1.2rem;}
[data-testid="stForm"] button, [data-testid="stNumberInputContainer"] button {min-height: 44px;}
</style>"""


def _date(d) -> str:
    d = d.astimezone(CHINA)
    return f"{d.year}年{d.month}月{d.day}日 {d:%H:%M}"


def timing_note(result: UploadResult) -> tuple[str, str] | None:
    """(kind, text) of what the preview says about the deadline: None when on time."""
    if result.on_time is not False or result.deadline is None:
        return None
    due = _date(result.deadline)
    if result.kept_on_time and result.kept_on_time >= result.schools:
        return "info", (f"已过报送截止时间（{due}）。本次是对按时报送数据的更正，仍记为按时报送；"
                        "填报记录中标明“截止后更正”。")
    return "warning", f"已过报送截止时间（{due}），提交后将记为迟报。"


def preview_frame(result: UploadResult, with_school: bool) -> pd.DataFrame:
    """Every value: this period's, what the period held (新填报 when nothing), last period's, the hint."""
    rows = []
    for line in result.lines:
        row = {"学校": line.school_name} if with_school else {}
        changed = line.in_force is not None and line.in_force != line.value
        row.update({"项目": line.element, "本期填报": line.show(line.value) + ("" if line.kind == "bool" else line.unit),
                    "本期原有数据": "新填报" if line.in_force is None else
                    (line.show(line.in_force) + ("" if line.kind == "bool" else line.unit)) + ("（将更正）" if changed else ""),
                    "上期": line.show(line.last_period), "提示": f"⚠ 变化较大（{line.reference}）" if line.outlier else ""})
        rows.append(row)
    return pd.DataFrame(rows)


def _field(f, errors: list[str], key: str):
    title = f"{f.name}（{f.unit}）" if f.unit else f.name
    held = "" if f.in_force is None else f"　本期已报：{f.show(f.in_force)}"
    last = "" if f.last is None else f"　{label(f.last_period)}：{f.show(f.last)}"
    if f.type == "bool":
        index = None if f.in_force is None else (0 if f.in_force else 1)
        value = st.radio(md_escape(title), ["是", "否"], index=index, horizontal=True, key=key)
    else:
        step = 1 if f.type == "int" else 0.1
        start = None if f.in_force is None else (int(f.in_force) if f.type == "int" else float(f.in_force))
        value = st.number_input(md_escape(title), value=start, step=step, format="%d" if f.type == "int" else "%g",
                                placeholder="请填写", key=key)
    st.caption(md_escape(f"合理范围：{f.hint}{last}{held}"))
    for e in errors:
        st.error(md_escape(e))
    return value


def render(principal, school_code: str, period: str) -> None:
    try:
        spec: FormSpec = form_spec(principal, school_code, period)
    except (EduKPIError, ValueError) as exc:
        st.error(md_escape(exc))
        return
    if not spec.fields:
        st.info("该校本期没有需要填报的项目。")
        return
    state_key = f"web_form_state_{school_code}_{period}"
    state = st.session_state.get(state_key) or {}
    done = st.session_state.get("web_form_done")
    if done and done["key"] == (school_code, period):
        r: UploadResult = done["result"]
        timing = "按时报送" if r.on_time else ("截止后更正，仍记为按时报送" if r.kept_on_time else "已超过截止时间（记为迟报）")
        st.success(f"已提交：{spec.school_name} {label(period)}，{r.values} 个数值（其中 {r.changed} 个与原有数据不同），"
                   f"{timing}。提交编号：{r.submission_id}。")
    if spec.correcting:
        st.info("本期已有报送数据，表中已预填当前生效的数值；只需改动要更正的项目，再点“检查并预览”。")
    st.html(_TOUCH_CSS)
    preview: UploadResult | None = state.get("result")
    errors = field_errors(preview, spec) if preview is not None else {}
    with st.form(key="web_form", border=True):
        values = {f.code: _field(f, errors.get(f.code, []), f"wf_{school_code}_{period}_{f.code}") for f in spec.fields}
        for e in errors.get("", []):
            st.error(md_escape(e))
        checked = st.form_submit_button("检查并预览", type="secondary", icon=":material/fact_check:", width="stretch")
    if checked:
        try:
            result = submit_form(principal, spec, values)
        except (EduKPIError, StorageBusy) as exc:
            st.error(md_escape(exc))
            return
        st.session_state[state_key] = {"values": values, "result": result}
        st.session_state.pop("web_form_done", None)
        st.rerun()
    if preview is None:
        return
    if preview.errors or preview.refused:
        st.error(f"有 {len(preview.errors) + len(preview.refused)} 处问题，请按每项下方的提示改正后再点“检查并预览”。数据没有写入。")
        return
    if preview.status == "identical":
        st.info("填写的数值与本期已报数据完全相同，无需提交。")
        return
    note = timing_note(preview)
    if note:
        getattr(st, note[0])(note[1])
    for w in preview.warnings:
        st.warning(md_escape(w.message))
    st.markdown(f"**核对后提交**：{preview.values} 个数值，其中 {preview.changed} 个与本期原有数据不同。")
    st.dataframe(preview_frame(preview, with_school=False), hide_index=True, width="stretch")
    if st.button("确认提交", type="primary", key="web_form_submit", icon=":material/send:", width="stretch"):
        try:
            final = submit_form(principal, spec, state["values"], commit=True)
        except (EduKPIError, StorageBusy) as exc:
            st.error(md_escape(exc))
            return
        if final.errors:
            st.error("提交时检查未通过：" + "；".join(md_escape(i.message) for i in final.errors[:5]))
            return
        st.session_state.pop(state_key, None)
        st.session_state["web_form_done"] = {"key": (school_code, period), "result": final}
        for f in spec.fields:  # the fields show what is now in force
            st.session_state.pop(f"wf_{school_code}_{period}_{f.code}", None)
        st.rerun()
