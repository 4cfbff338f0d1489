"""指标定义修订: an admin changes a KPI's target, comparator, baseline, pace, owner or formula from a
chosen month; earlier months keep the old definition. The rules live in kpis/revise.py."""

from __future__ import annotations

import streamlit as st

from core.errors import EduKPIError

from kpis.catalog import revise
from kpis.catalog.query import DATA_PATH_LABELS, FREQUENCY_LABELS, KIND_LABELS
from kpis.formatting import PACE_LABELS
from kpis.orgs import SCHOOL_TYPE_LABELS
from kpis.periods import label, year_months
from kpis.catalog.plan_import import COMPARATORS as COMPARATOR_WORDS
from pages.errors import show_error, stop_on
from pages.common import md_escape, require_plan, require_principal

OWNERSHIP = {"全部学校": None, "仅公办": "公办", "仅民办": "民办"}

st.title("指标定义修订")
st.caption("修改指标的目标、比较方式、基线、判断方式、责任科室或计算公式。新定义从所选月份起生效，"
           "之前的月份仍按原定义计算和显示；每次修订都记录修改人和原因。")

principal = require_principal()
if principal.role != "admin":
    st.warning("只有管理员可以修改指标定义。")
    st.stop()
plan = require_plan()

try:
    choices = revise.kpi_choices(principal, plan.key)
except EduKPIError as exc:
    stop_on(exc)
names = dict(choices)
code = st.selectbox("指标", list(names), format_func=lambda c: f"{c} {names[c]}", key="revise_kpi",
                    placeholder="请选择指标…")
if code is None:
    st.stop()

saved = st.session_state.pop("revise_saved", None)
if saved:
    st.success(saved)

cur = revise.current_definition(principal, plan.key, code)
st.markdown(f"**原文：** {md_escape(cur['source'])}")
st.caption(f"现行定义自 {label(cur['valid_from'])} 起生效　·　类别：{md_escape(cur['category'])}　·　"
           f"计算方式：{KIND_LABELS.get(cur['kind'], cur['kind'])}　·　数据来源：{DATA_PATH_LABELS.get(cur['data_path'], cur['data_path'])}")


def _pick(label_text: str, options: dict, current, key: str):
    keys = list(options)
    return st.selectbox(label_text, keys, index=keys.index(current) if current in keys else 0,
                        format_func=lambda k: options[k], key=key, placeholder="请选择…")


left, right = st.columns(2)
with left:
    name = st.text_input("指标名称", value=cur["name"], key=f"rv_name_{code}")
    comparator = _pick("比较方式", COMPARATOR_WORDS, cur["comparator"], f"rv_cmp_{code}")
    target = st.number_input(f"目标值（{md_escape(cur['unit'])}）", value=float(cur["target"]), step=1.0, format="%g",
                             key=f"rv_target_{code}")
    upper = st.number_input("目标上限（区间目标才填，如 1-2 所的 2）", value=cur["target_upper"], step=1.0,
                            format="%g", placeholder="无", key=f"rv_upper_{code}")
    unit = st.text_input("单位", value=cur["unit"], key=f"rv_unit_{code}",
                         help="百分比写 %；“下降 1 个百分点”这类目标的单位写“个百分点”。")
with right:
    baseline_value = st.number_input("基线值（“下降/提高”类目标必填）", value=cur["baseline_value"], format="%g",
                                     placeholder="无", key=f"rv_base_{code}")
    baseline_period = st.text_input("基线期间（YYYY-MM）", value=cur["baseline_period"] or "",
                                    placeholder=f"例如 {plan.year - 1}-12", key=f"rv_base_p_{code}")
    pace = _pick("判断方式", PACE_LABELS, cur["pace"], f"rv_pace_{code}")
    frequency = _pick("频次", FREQUENCY_LABELS, cur["frequency"], f"rv_freq_{code}")
    owner = st.text_input("责任科室", value=cur["owner"] or "", key=f"rv_owner_{code}")
note = st.text_input("说明（可选）", value=cur["note"] or "", key=f"rv_note_{code}")

changes = {"name": name, "comparator": comparator, "target": target, "target_upper": upper, "unit": unit,
           "baseline_value": baseline_value, "baseline_period": baseline_period, "pace": pace,
           "frequency": frequency, "owner": owner, "note": note}

if st.checkbox("同时修改计算方式和公式", key=f"rv_formula_on_{code}"):
    elements = revise.element_choices(principal, plan.key)
    el_names = {e["code"]: f"{e['name']}（{e['unit'] or '—'}）" for e in elements}
    kind = _pick("计算方式", KIND_LABELS, cur["kind"], f"rv_kind_{code}")
    old = cur["formula"] or {}
    formula: dict | None = None
    if kind in revise.SCHOOL_KINDS:
        types = st.multiselect("参与计算的学校类型", list(SCHOOL_TYPE_LABELS), format_func=SCHOOL_TYPE_LABELS.get,
                               default=old.get("school_types") or [], key=f"rv_types_{code}", placeholder="请选择学校类型…")
        if kind == "ratio":
            num = st.multiselect("分子数据项（相加）", list(el_names), format_func=el_names.get, key=f"rv_num_{code}",
                                 default=[t["element"] for t in old.get("numerator", []) if t.get("element") in el_names],
                                 placeholder="请选择数据项…")
            only = st.selectbox("分子只统计", list(OWNERSHIP), key=f"rv_own_{code}")
            den = st.multiselect("分母数据项（相加）", list(el_names), format_func=el_names.get, key=f"rv_den_{code}",
                                 default=[t["element"] for t in old.get("denominator", []) if t.get("element") in el_names],
                                 placeholder="请选择数据项…")
            factor = st.number_input("倍数（百分比填 100）", value=float(old.get("factor", 100)), format="%g",
                                     key=f"rv_factor_{code}")
            formula = {"numerator": [{"element": e, **({"ownership": OWNERSHIP[only]} if OWNERSHIP[only] else {})}
                                     for e in num],
                       "denominator": [{"element": e} for e in den], "factor": factor}
        elif kind == "sum":
            terms = st.multiselect("相加的数据项", list(el_names), format_func=el_names.get, key=f"rv_terms_{code}",
                                   placeholder="请选择数据项…")
            formula = {"terms": [{"element": e} for e in terms]}
        elif kind in ("mean", "share_of_schools"):
            element = st.selectbox("数据项", list(el_names), format_func=el_names.get, key=f"rv_el_{code}",
                                   index=None, placeholder="请选择数据项…")
            formula = {"element": element}
            if kind == "share_of_schools":
                is_bool = next((e["type"] for e in elements if e["code"] == element), None) == "bool"
                if is_bool:
                    answer = st.radio("达标条件：该数据项为", ["是", "否"], horizontal=True, key=f"rv_yes_{code}")
                    formula.update(op="==", value=answer == "是")
                else:
                    op = st.selectbox("达标条件", list(revise.CONDITION_OPS), key=f"rv_op_{code}")
                    value = st.number_input("条件值", value=0.0, format="%g", key=f"rv_val_{code}")
                    formula.update(op=op, value=value)
        else:
            st.info("差异系数的公式请在指标目录文件中配置（需要指标数据项和学生数数据项）。")
            formula = old or None
        if formula is not None and types:
            formula["school_types"] = types
    changes.update(kind=kind, data_path="school" if kind in revise.SCHOOL_KINDS else "bureau", formula=formula)

months = [m for m in year_months(plan.year) if m >= cur["valid_from"]]
valid_from = st.selectbox("新定义从哪个月起生效", months, format_func=label, key=f"rv_from_{code}",
                          index=len(months) - 1 if months else None, placeholder="请选择月份…")
reason = st.text_area("修改原因（必填，会显示在定义历史中）", key=f"rv_reason_{code}",
                      placeholder="例如：局务会决定将年度目标调整为 7000 个")

if st.button("保存修订", type="primary", key=f"rv_save_{code}"):
    try:
        rev = revise.revise(principal, plan.key, code, changes, valid_from or "", reason)
    except EduKPIError as exc:
        show_error(exc, many="未保存，请修改以下问题：")
    else:
        fields = "、".join(revise.FIELD_LABELS[f] for f in rev.changed)
        st.session_state["revise_saved"] = (f"已保存 {rev.code} 的新定义（修改了{fields}），自 {label(rev.valid_from)} 起生效。"
                                            + ("原定义已被同月生效的新定义取代，仍保留在定义历史中。" if rev.replaced_same_month else ""))
        st.rerun()

st.page_link("pages/kpi_detail.py", label="在指标详情中查看定义历史", icon=":material/history:",
             query_params={"plan": plan.key, "kpi": code})
