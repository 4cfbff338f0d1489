"""数据填报: a school types its figures into the web form (在线填报, pages/upload_form.py), or
downloads the template (prefilled with the values in force when correcting), uploads the filled
file, sees the preview with changes and outliers, and submits; problems are shown by cell, a
district workbook's bad rows are refused school by school, with a marked-up copy to download."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from core.errors import EduKPIError
from db.session import read_session
from ingest.markup import marked_copy, marked_filename
from ingest.store import CHINA
from ingest.targets import period_choices, upload_targets
from ingest.template import build_template, template_filename
from ingest.upload import UploadResult, daily_cap_mb, history, upload
from kpis import deadlines
from kpis.clock import stamp
from kpis.periods import label
from pages import upload_form
from pages.common import (
    current_principal,
    default_period_index,
    md_escape,
    md_escape_frame,
    org_current,
    plan_selector,
    time_column,
)
from pages.errors import stop_on
from workflow import status as cycle_status
from workflow.states import State

STATUS_LABELS = {"accepted": "已采用", "superseded": "已被新文件替换", "rejected": "未通过检查"}

st.title("数据填报")
st.caption("在网页上直接填写（手机也可以），或下载填报模板在 Excel/WPS 中填写后上传；系统逐项检查，确认无误后提交。")

principal = current_principal()
if principal is None or principal.role not in ("school", "district", "admin"):
    st.warning("只有学校填报员、片区/街道填报员和管理员可以填报数据。")
    st.stop()

bureau_code = None
if principal.bureau_id is None:
    plan = plan_selector()
    if plan is None:
        st.stop()
    bureau_code = plan.bureau_code

targets = upload_targets(principal, bureau_code)
if not targets:
    st.warning("您的账号没有可填报的单位，请联系管理员设置数据范围。")
    st.stop()
if len(targets) == 1:
    target = targets[0]
    st.markdown(f"**填报单位：** {md_escape(target.name)}（{md_escape(target.code)}）")
else:
    target = st.selectbox("填报单位", targets, format_func=lambda t: t.label, key="upload_target",
                          placeholder="请选择…")
    if target is None:
        st.stop()

choices = period_choices(principal, target.code)
now = org_current(target.code)  # the bureau's one current period, as on every dashboard (kpis.current)
wanted = st.query_params.get("period")  # 我的待办 links here with the period to report or fix
index = next((i for i, c in enumerate(choices) if c.period == wanted), None)
choice = st.selectbox("填报期间", choices, format_func=lambda c: label(c.period), key="upload_period",
                      placeholder="请选择…",
                      index=index if index is not None else default_period_index([c.period for c in choices],
                                                                                 now.period if now else None))
if now is not None and now.ended:
    st.caption(f"本局{now.plan_year}年工作要点已结束，默认显示其最后一个月（{label(now.period)}）；"
               "填报其他月份请在上方选择。")
if choice is None:
    st.stop()
period = choice.period
due = choice.deadline.astimezone(CHINA)
st.caption(f"{label(period)}数据的报送截止时间：{deadlines.show(due)}（北京时间）")
try:
    with read_session() as s:
        report, lock = cycle_status.report_state(s, principal, target.code, period)
except EduKPIError as exc:
    stop_on(exc)
if lock is not None:
    st.info(f"{label(period)}的数据{lock.text()}，不能再上传或修改；如需更正，请联系本局管理员解锁。", icon=":material/lock:")
elif report is not None and report.state == State.RETURNED:
    st.error(f"本期报表已被退回（{md_escape(report.changed_by or '审核人')}，{stamp(report.changed_at)}）："
             f"{md_escape(report.reason or '')}\n\n请按退回原因改正后重新上传，提交后将再次审核。", icon=":material/undo:")
elif report is not None:
    st.caption(f"本期报表状态：{report.state}" + (f"（提交编号 {report.submission_id}）" if report.submission_id else ""))

tab_form, tab_file = st.tabs(["在线填报", "上传文件"])
with tab_form:
    if target.level == "school":
        upload_form.render(principal, target.code, period)
    else:
        st.info("在线填报按学校进行：请在上方“填报单位”中选择一所学校。全片区的多校工作簿请在“上传文件”中下载和上传。")

def _issues_frame(issues) -> pd.DataFrame:
    # st.table renders its cells as markdown; the cells quote what the file holds.
    return md_escape_frame(pd.DataFrame(
        [{"学校": i.school or "", "行": "" if i.row is None else str(i.row), "列": i.column or "",
          "填写内容": i.value or "", "问题与改正方法": i.message} for i in issues],
        columns=["学校", "行", "列", "填写内容", "问题与改正方法"]))


def _marked_copy_button(name: str, content: bytes, issues, key: str) -> None:
    marked = marked_copy(name, content, issues)
    if marked is not None:
        st.download_button("下载标注了错误的工作簿（.xlsx）", data=marked, file_name=marked_filename(name),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", key=key, on_click="ignore",
                           help="出错的单元格标红并附批注；工作表保护已取消，可直接改正或删除出错的行后重新上传。")


def _done_message(r: UploadResult) -> None:
    if r.status == "accepted":
        timing = "按时报送" if r.on_time else ("截止后更正，仍记为按时报送" if r.kept_on_time else "已超过截止时间（记为迟报）")
        st.success(f"已提交：{md_escape(r.filename)}，{r.schools} 所学校、{r.values} 个数值已写入{label(period)}数据"
                   f"（其中 {r.changed} 个与原有数据不同），{timing}。提交编号：{r.submission_id}。")
        if r.refused:
            st.warning(f"{len(r.refused_schools)} 所学校被拒收，其数据没有改动：{md_escape('、'.join(r.refused_schools))}。"
                       "改正后重新上传整个文件即可（已接收学校的数据不会重复记录）。")
    elif r.status == "identical":
        st.info(f"这个文件与本期已采用的文件完全相同（{md_escape(r.filename)}），数据没有变化，无需重复提交。" if r.same_bytes
                else f"文件“{md_escape(r.filename)}”中的数值与本期已报数据完全相同，无需重复提交。")


with tab_file:
    st.subheader("第一步：下载模板")
    try:
        template = build_template(principal, target.code, period)
        st.download_button("下载填报模板（.xlsx）", data=template, file_name=template_filename(target.code, period),
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", key="download_template", on_click="ignore")
        st.caption("本期已有数据时，模板中已预填当前生效的数值，只需改动要更正的单元格。")
    except (PermissionDenied, ValueError) as exc:
        st.error(md_escape(exc))

    st.subheader("第二步：上传填好的文件")
    limit_mb = st.get_option("server.maxUploadSize")  # .streamlit/config.toml: the server refuses larger files
    file = st.file_uploader(f"选择文件（Excel 工作簿 .xlsx / .xls，或 CSV 文件 .csv；单个文件不超过 {limit_mb} MB）",
                            key=f"upload_file_{target.code}_{period}")
    st.caption(f"单个文件不超过 {limit_mb} MB；每个账号每天最多上传 {daily_cap_mb()} MB。")
    content = file.getvalue() if file is not None else b""
    sha = hashlib.sha256(content).hexdigest() if file is not None else None

    # The last submission's banner stays while its file is still chosen, and goes when another file is.
    done = st.session_state.get("upload_done")
    if done and done["key"] == (target.code, period) and sha in (None, done["sha"]):
        _done_message(done["result"])

    if file is not None:
        key = (target.code, period, sha)
        cache = st.session_state.setdefault("upload_previews", {})
        try:
            if key not in cache:
                result = upload(principal, file.name, content, period=period, org_code=target.code)
                if result.errors:  # keep every rejected file, with its error report
                    result = upload(principal, file.name, content, period=period, org_code=target.code, commit=True)
                cache[key] = result
            result = cache[key]
        except EduKPIError as exc:  # out of scope, a locked period, the database busy
            stop_on(exc)
        multi = target.level != "school"
        if result.errors:
            st.error(f"文件“{md_escape(result.filename)}”未通过检查，共 {len(result.errors)} 处问题，数据没有写入。"
                     "请按下表逐项改正后重新上传。" + (f"（文件已留存备查，编号 {result.submission_id}）"
                                                       if result.submission_id else "（文件未留存）"))
            st.table(_issues_frame(result.errors), hide_index=True)
            _marked_copy_button(file.name, content, result.errors, "marked_copy_rejected")
        elif done and done["key"] == (target.code, period) and done["sha"] == key[2]:
            pass  # just submitted; the message above says so
        elif result.status == "identical":
            _done_message(result)
        else:
            if multi:
                refused = f"，{len(result.refused_schools)} 所被拒收" if result.refused else ""
                st.markdown(f"**{result.schools} 所将接收{refused}**" +
                            (f"，{len(result.unchanged)} 所与已报数据相同（不重复记录）" if result.unchanged else "") +
                            (f"，{len(result.blank)} 所未填写（原有数据不变）" if result.blank else ""))
            if result.refused:
                st.error(f"以下 {len(result.refused_schools)} 所学校的行有错误，将被拒收（其数据不变）："
                         f"{md_escape('、'.join(result.refused_schools))}。其余学校照常接收。"
                         "也可改正后重新上传整个文件；如需删除出错的行，请先在 Excel/WPS 的“审阅”中点“撤销工作表保护”"
                         "（无密码），或下载下方标注了错误的工作簿（已取消保护）。")
                st.table(_issues_frame(result.refused), hide_index=True)
                _marked_copy_button(file.name, content, result.refused, "marked_copy_refused")
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("学校", f"{result.schools} 所")
            c2.metric("数值", f"{result.values} 个")
            c3.metric("与本期已报数据不同", f"{result.changed} 个")
            c4.metric("变化较大需核对", f"{len(result.outliers)} 项")
            if result.replaces:
                st.info(f"本期已有报送数据。提交后将替换原数据（旧文件保留在填报记录中），其中 {result.changed} 个数值会改变。")
            note = upload_form.timing_note(result)
            if note:
                getattr(st, note[0])(note[1])
            for w in result.warnings:
                st.warning(md_escape(w.message))
            st.subheader("第三步：核对并提交")
            st.dataframe(upload_form.preview_frame(result, with_school=True), hide_index=True, width="stretch")
            if st.button("确认提交", type="primary", key="upload_submit", icon=":material/upload:"):
                try:
                    final = upload(principal, file.name, content, period=period, org_code=target.code, commit=True)
                except EduKPIError as exc:
                    stop_on(exc)
                cache.pop(key, None)
                if final.errors:
                    st.error("提交时检查未通过：" + "；".join(md_escape(i.message) for i in final.errors[:5]))
                else:
                    st.session_state["upload_done"] = {"key": (target.code, period), "sha": key[2], "result": final}
                    st.rerun()


if report is not None:
    with st.expander("审核记录", expanded=report.state == State.RETURNED):
        with read_session() as s:
            steps = cycle_status.history(s, principal, target.code, period)
        if steps:
            st.table(md_escape_frame(pd.DataFrame([{"时间": stamp(t.at), "状态": f"{t.from_state} → {t.to_state}",
                                                    "操作人": t.by, "原因": t.reason or ""} for t in steps])),
                     hide_index=True)
        else:
            st.caption("本期还没有审核记录。")

with st.expander("填报记录", expanded=False):
    records = history(principal, target.code)
    if not records:
        st.caption("还没有任何填报记录。")
    else:
        st.dataframe(pd.DataFrame([{
            "期间": label(h["period"]) if h["period"] else "", "文件": h["filename"],
            "状态": STATUS_LABELS.get(h["status"], h["status"]), "上传时间": h["uploaded_at"],
            "来源": "网页填报" if h.get("source") == "form" else "文件",
            "上传人": h["uploader"] or "", "是否按时": "" if h["on_time"] is None else
            ("按时（截止后更正）" if h["on_time"] and h.get("after_deadline") else "按时" if h["on_time"] else "迟报"),
            "问题数": len([e for e in h["errors"] if e.get("level", "error") == "error"]) if h["status"] == "rejected" else 0,
        } for h in records]), hide_index=True, width="stretch", column_config={"上传时间": time_column("上传时间")})
