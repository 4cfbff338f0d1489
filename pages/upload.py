"""数据填报: a school (or its district) downloads the template, uploads the filled file, sees the
preview with changes and outliers, and submits; rejected files show every problem by cell."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from auth.scope import PermissionDenied
from ingest.store import CHINA
from ingest.targets import period_choices, upload_targets
from ingest.template import build_template, template_filename
from ingest.upload import StorageBusy, UploadResult, history, upload
from kpis.periods import label
from pages.common import current_principal, default_period_index, md_escape, md_escape_frame, org_current, plan_selector

STATUS_LABELS = {"accepted": "已采用", "superseded": "已被新文件替换", "rejected": "未通过检查"}

st.title("数据填报")
st.caption("下载本单位的填报模板，在 Excel 或 WPS 中填写后上传；系统逐格检查，确认无误后提交。")

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
choice = st.selectbox("填报期间", choices, format_func=lambda c: label(c.period), key="upload_period",
                      placeholder="请选择…",
                      index=default_period_index([c.period for c in choices], now.period if now else None))
if now is not None and now.ended:
    st.caption(f"本局{now.plan_year}年工作要点已结束，默认显示其最后一个月（{label(now.period)}）；"
               "填报其他月份请在上方选择。")
if choice is None:
    st.stop()
period = choice.period
due = choice.deadline.astimezone(CHINA)
st.caption(f"{label(period)}数据的报送截止时间：{due.year}年{due.month}月{due.day}日 {due:%H:%M}（北京时间）")

st.subheader("第一步：下载模板")
try:
    template = build_template(principal, target.code, period)
    st.download_button("下载填报模板（.xlsx）", data=template, file_name=template_filename(target.code, period),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="download_template")
except (PermissionDenied, ValueError) as exc:
    st.error(md_escape(exc))

st.subheader("第二步：上传填好的文件")
file = st.file_uploader("选择文件（Excel 工作簿 .xlsx / .xls，或 CSV 文件 .csv）", key=f"upload_file_{target.code}_{period}")

done = st.session_state.get("upload_done")
if done and done["key"] == (target.code, period):
    r: UploadResult = done["result"]
    if r.status == "accepted":
        timing = "按时报送" if r.on_time else "已超过截止时间（记为迟报）"
        st.success(f"已提交：{md_escape(r.filename)}，{r.schools} 所学校、{r.values} 个数值已写入{label(period)}数据"
                   f"（其中 {r.changed} 个与原有数据不同），{timing}。提交编号：{r.submission_id}。")
    elif r.status == "identical":
        st.info(f"这个文件与本期已采用的文件完全相同（{md_escape(r.filename)}），数据没有变化，无需重复提交。")


def _issues_frame(issues) -> pd.DataFrame:
    # st.table renders its cells as markdown; the cells quote what the file holds.
    return md_escape_frame(pd.DataFrame(
        [{"工作表": i.sheet or "", "行": "" if i.row is None else str(i.row), "列": i.column or "",
          "填写内容": i.value or "", "问题与改正方法": i.message} for i in issues],
        columns=["工作表", "行", "列", "填写内容", "问题与改正方法"]))


if file is not None:
    content = file.getvalue()
    key = (target.code, period, hashlib.sha256(content).hexdigest())
    cache = st.session_state.setdefault("upload_previews", {})
    try:
        if key not in cache:
            result = upload(principal, file.name, content, period=period, org_code=target.code)
            if result.errors:  # keep every rejected file, with its error report
                result = upload(principal, file.name, content, period=period, org_code=target.code, commit=True)
            cache[key] = result
        result = cache[key]
    except (PermissionDenied, StorageBusy) as exc:
        st.error(md_escape(exc))
        st.stop()
    if result.errors:
        st.error(f"文件“{md_escape(result.filename)}”未通过检查，共 {len(result.errors)} 处问题，数据没有写入。"
                 "请按下表逐项改正后重新上传。" + (f"（文件已留存备查，编号 {result.submission_id}）"
                                                   if result.submission_id else "（文件未留存）"))
        st.table(_issues_frame(result.errors), hide_index=True)
    elif done and done["key"] == (target.code, period) and done["sha"] == key[2]:
        pass  # just submitted; the message above says so
    else:
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("学校", f"{result.schools} 所")
        c2.metric("数值", f"{result.values} 个")
        c3.metric("与本期已报数据不同", f"{result.changed} 个")
        c4.metric("变化较大需核对", f"{len(result.outliers)} 项")
        if result.replaces:
            st.info(f"本期已有报送数据。提交后将替换原数据（旧文件保留在填报记录中），其中 {result.changed} 个数值会改变。")
        for w in result.warnings:
            st.warning(md_escape(w.message))
        rows = []
        for line in result.lines:
            change = "" if line.last_period is None else f"{line.value - line.last_period:+g}"
            rows.append({"学校": line.school_name, "项目": line.element, "本期填报": f"{line.value:g}",
                         "单位": line.unit, "上期": "" if line.last_period is None else f"{line.last_period:g}",
                         "较上期变化": change,
                         "本期原有数据": "" if line.in_force is None else f"{line.in_force:g}",
                         "提示": "⚠ 变化较大，请核对" if line.outlier else ""})
        st.subheader("第三步：核对并提交")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if st.button("确认提交", type="primary", key="upload_submit", icon=":material/upload:"):
            try:
                final = upload(principal, file.name, content, period=period, org_code=target.code, commit=True)
            except StorageBusy as exc:
                st.error(md_escape(exc))
                st.stop()
            cache.pop(key, None)
            if final.errors:
                st.error("提交时检查未通过：" + "；".join(md_escape(i.message) for i in final.errors[:5]))
            else:
                st.session_state["upload_done"] = {"key": (target.code, period), "sha": key[2], "result": final}
                st.rerun()

with st.expander("填报记录", expanded=False):
    records = history(principal, target.code)
    if not records:
        st.caption("还没有任何填报记录。")
    else:
        st.dataframe(pd.DataFrame([{
            "期间": label(h["period"]) if h["period"] else "", "文件": h["filename"],
            "状态": STATUS_LABELS.get(h["status"], h["status"]), "上传时间": f"{h['uploaded_at']:%Y-%m-%d %H:%M}",
            "上传人": h["uploader"] or "", "是否按时": "" if h["on_time"] is None else ("按时" if h["on_time"] else "迟报"),
            "问题数": len([e for e in h["errors"] if e.get("level", "error") == "error"]) if h["status"] == "rejected" else 0,
        } for h in records]), hide_index=True, width="stretch")
