"""计划导入: paste or upload a new 工作要点, review the targets read from it, save it as a new plan."""

import pandas as pd
import streamlit as st

from core.cjk import fold_radicals
from core.errors import EduKPIError

from db.session import read_session, write_session
from kpis.catalog import plan_import
from kpis.plan_reader import read_plan
from kpis.plan_reader.sources import read_plan_file
from pages.errors import show_error
from pages.common import current_principal, md_escape, plan_options

st.title("计划导入")
st.caption("粘贴或上传新一年的工作要点，系统读出条目和量化目标；逐条核对、修改、采纳后保存为新计划。")

principal = current_principal()
if principal is None or principal.role != "admin":
    st.error("只有管理员可以导入工作要点。")
    st.stop()

COMPARATOR_LABELS = plan_import.COMPARATORS
COLUMNS = {"采纳": "bool", "条目": "object", "指标名称": "object", "比较": "object", "目标值": "float64",
           "上限": "float64", "单位": "object", "原文": "object", "类别": "object", "置信度": "float64", "说明": "object"}

source = st.radio("计划来源", ["粘贴文本", "上传文件"], horizontal=True, key="import_source")
text = None
if source == "粘贴文本":
    pasted = st.text_area("工作要点全文", height=180, key="import_text",
                          placeholder="把工作要点全文粘贴到这里，包括“一、”“1.”这样的编号……")
    if st.button("读取计划", type="primary", key="read_pasted"):
        if not pasted.strip():
            st.error("文本框是空的。请先粘贴工作要点全文，再点“读取计划”。")
        else:
            text = fold_radicals(pasted)  # copied from a PDF viewer: ⼯作 → 工作, one character for one
else:
    upload = st.file_uploader("上传工作要点（.txt、.docx 或 .pdf）", type=["txt", "docx", "pdf"], key="import_file",
                              help="PDF 须是导出的文字版；扫描件没有文字，请改传 Word 文件或粘贴正文。")
    if upload is not None and st.button("读取计划", type="primary", key="read_file"):
        try:
            text = read_plan_file(upload.name, upload.getvalue())
        except EduKPIError as exc:
            show_error(exc)

if text is not None:
    doc = read_plan(text)
    if not any(s["items"] for s in doc["sections"]):
        st.error("没有在文本中识别出任何条目。请检查文本是否包含“一、”“（一）”“1.”这样的编号。")
    else:
        st.session_state["import_doc"] = doc
        st.session_state["import_raw"] = text
        st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1

doc = st.session_state.get("import_doc")
if doc is None:
    st.info("读取后，这里会并排显示计划结构和候选指标。")
    st.stop()

items = [it for s in doc["sections"] for it in s["items"]]
c1, c2, c3, c4 = st.columns(4)
c1.metric("部分", f"{len(doc['sections'])} 个")
c2.metric("任务条目", f"{len(items)} 条")
c3.metric("候选指标", f"{len(doc['kpis'])} 项")
c4.metric("建议采纳", f"{sum(k['accepted'] for k in doc['kpis'])} 项")


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The item text, escaped, with each source clause on an orange background."""
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(md_escape(text[pos:start]))
        out.append(f":orange-background[{md_escape(text[start:end])}]")
        pos = end
    out.append(md_escape(text[pos:]))
    return "".join(out)


def section_label(sec: dict) -> str:
    if sec.get("level") == 0:
        return "导语（标题与第一个标题之间的文字）"
    if sec.get("level") == 2:
        return f"（{sec['number']}）{sec['title']}"
    if sec["number"].startswith("第"):  # a part: 第一部分 2025年工作回顾, 第二，2026年主要目标
        sep = " " if sec["number"].endswith(("部分", "章", "篇")) else "，"
        return f"{sec['number']}{sep}{sec['title']}"
    return f"{sec['number']}、{sec['title']}" if sec["number"] else (sec["title"] or "（未编号）")


def item_label(it: dict) -> str:
    if it.get("lead"):
        return "导语" if it["number"] == "导语" else f"{it['number']}（标题下、第一个编号前的文字）"
    own = it["number"].split(".")[-1]
    if own.startswith("第"):  # 第一， points; a part's own text (第一部分)
        number = it["number"] + (" " if own.endswith(("部分", "章", "篇")) else "，")
        return f"{number}{it['title']}"
    number = it["number"] if it["number"].endswith(("是", "）")) else f"{it['number']}."
    return f"{number} {it['title']}"


left, right = st.columns([2, 3], gap="large")
with left:
    st.subheader("计划结构")
    by_item: dict[str, list[dict]] = {}
    for k in doc["kpis"]:
        by_item.setdefault(k["item"], []).append(k)
    only = st.toggle("只看含候选指标的条目", value=True, key="import_only")
    for sec in doc["sections"]:
        n = sum(len(by_item.get(it["number"], [])) for it in sec["items"])
        with st.expander(f"{md_escape(section_label(sec))}（{len(sec['items'])} 条，{n} 项候选）", expanded=n > 0):
            for it in sec["items"]:
                cands = by_item.get(it["number"], [])
                if only and not cands:
                    continue
                st.markdown(f"**{md_escape(item_label(it))}**")
                st.markdown(highlighted(it["text"], [(k["start"], k["end"]) for k in cands]) if cands
                            else md_escape(it["text"]))
    unplaced = doc.get("unplaced", [])
    if unplaced:
        with st.expander(f"未归入条目的文字（{len(unplaced)} 行）", expanded=False):
            st.caption("网页杂项、通知文头、落款、页脚等，读取时没有归入任何条目。若其中有目标，请在右侧表格中添加一行，"
                       "原文条款须是计划条目中的原句。")
            st.markdown("\n".join(f"- {md_escape(line)}" for line in unplaced))

with right:
    st.subheader("候选指标")
    st.caption("橙色底纹为原文条款。勾选“采纳”的行会保存；可以直接修改名称、目标值、单位等。置信度低于 0.5 的默认不采纳。"
               "读取遗漏的目标：在表格右上角的工具栏点“＋”（或点表格最下方的空行）添加一行，选条目，从左侧复制原文条款，填写指标名称、比较、目标值和单位"
               "（类别可留空，保存时按原文推断）。")
    frame = pd.DataFrame([{
        "采纳": k["accepted"], "条目": k["item"], "指标名称": k["name"],
        "比较": COMPARATOR_LABELS[k["comparator"]], "目标值": float(k["value"]),
        "上限": None if k["value_upper"] is None else float(k["value_upper"]), "单位": k["unit"],
        "原文": k["source"], "类别": k["category"], "置信度": k["confidence"], "说明": "；".join(k["reasons"]),
    } for k in doc["kpis"]], columns=list(COLUMNS)).astype(COLUMNS)  # empty cells, not the word None
    if not len(frame):
        st.warning("没有找到量化目标。请检查粘贴或上传的文本是否完整，或在下表中手工添加目标；没有任何指标的计划不能保存。")
    edited = st.data_editor(
        frame, key=f"import_editor_{st.session_state.get('import_round', 0)}", hide_index=True,
        width="stretch", num_rows="dynamic", placeholder="", height=min(35 * (len(frame) + 2) + 3, 640),
        disabled=["置信度", "说明"],
        column_config={
            "采纳": st.column_config.CheckboxColumn("采纳", width="small", default=True),
            "条目": st.column_config.SelectboxColumn("条目", options=[it["number"] for it in items], width="small"),
            "指标名称": st.column_config.TextColumn("指标名称", width="medium"),
            "原文": st.column_config.TextColumn("原文", width="large"),
            "比较": st.column_config.SelectboxColumn("比较", options=list(COMPARATOR_LABELS.values()), required=True,
                                                   default=COMPARATOR_LABELS[">="], width="small"),
            "目标值": st.column_config.NumberColumn("目标值", format="%g", width="small"),
            "上限": st.column_config.NumberColumn("上限", format="%g", width="small"),
            "单位": st.column_config.TextColumn("单位", width="small"),
            "类别": st.column_config.SelectboxColumn("类别", options=plan_import.CATEGORIES),
            "置信度": st.column_config.ProgressColumn("置信度", min_value=0.0, max_value=1.0, format="%.2f"),
            "说明": st.column_config.TextColumn("说明", width="medium"),
        },
    )

st.divider()
st.subheader("保存为新计划")
with read_session() as s:
    known_bureaus = plan_import.bureaus(s, principal)
NEW = "新建教育局"
options = [f"{b['name']}（{b['code']}）" for b in known_bureaus] + ([NEW] if principal.bureau_id is None else [])
guess = next((i for i, b in enumerate(known_bureaus) if b["name"] == doc["bureau"]["name"]), None)
with st.form("import_save"):
    a, b, c = st.columns([1, 1, 2])
    plan_key = a.text_input("计划编号", placeholder="年份-拼音，如 2026-wenling")
    year = b.number_input("年份", min_value=2000, max_value=2100, value=int(doc["year"] or 2026), step=1)
    title = c.text_input("标题", value=doc["title"])
    d, e, f = st.columns([2, 1, 1])
    chosen = d.selectbox("所属教育局", options, index=guess if guess is not None else (len(options) - 1),
                         placeholder="请选择…")
    new_code = e.text_input("新教育局代码", placeholder="新建时填 6 位代码，如 331081")
    new_name = f.text_input("新教育局名称", value=doc["bureau"]["name"], placeholder="新建时填写，如 温岭市教育局")
    submitted = st.form_submit_button("保存为新计划", type="primary")

if submitted:
    if chosen == NEW:
        code, name = new_code, new_name
    else:
        picked = known_bureaus[options.index(chosen)] if chosen in options else {"code": "", "name": ""}
        code, name = picked["code"], picked["name"]
    rows = plan_import.editor_rows(edited.to_dict("records"))
    try:
        with write_session() as s:
            result = plan_import.save_plan(s, principal, doc, rows, st.session_state["import_raw"],
                                           plan_key, year, title, code, name)
    except EduKPIError as exc:
        show_error(exc, many="未保存，请改正以下问题后再保存：")
    else:
        plan_options.clear()
        st.success(f"已保存计划 {result.plan_key}：{result.items} 条任务、{result.kpis} 项指标"
                   f"（{result.codes[0] if result.codes else ''}…）。可在“计划与指标”页查看。")
        # the review's changes are how well the reader read this plan (python -m kpis catalog --reading)
        st.caption(f"本次复核：{result.reading.sentence()}")
