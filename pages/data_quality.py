"""数据质量: month-over-month jumps and values outside an element's plausible range, by school."""

import streamlit as st

from auth.scope import PermissionDenied
from db.session import read_session
from kpis import figures, quality
from kpis.formatting import number
from kpis.periods import label
from pages import html_parts as hp
from pages import kpi_widgets as ui
from pages.common import md_escape, require_principal

st.title("数据质量")
principal = require_principal()
plan, bar, data_stamp = ui.dashboard_filters(principal, "dq")


@st.cache_data(show_spinner="正在检查数据…", max_entries=64)
def _issues(principal, plan_key, period, district, school, school_type, stamp):
    with read_session() as s:
        return quality.quality_issues(s, principal, plan_key, period, district, school, school_type)


try:
    scope, issues = _issues(principal, plan.key, bar["period"], bar["district"], bar["school"], bar["school_type"],
                            data_stamp)
except (PermissionDenied, figures.ScopeError) as exc:
    ui.show_error(exc)
    st.stop()

st.markdown(f"**{md_escape(scope.label)}　·　{label(bar['period'])}**")
st.caption(f"环比跳变：与上月相比变化至少 {int(quality.JUMP_RATIO * 100)}%，且变化量不小于该数据项合理范围的 "
           f"{int(quality.JUMP_RANGE_SHARE * 100)}%；超出合理范围：低于下限或高于上限；数值间不符/存疑："
           "违反指标目录中的校验规则（如近视学生数不得多于视力筛查学生数），与上传和在线填报时的检查相同。这些数据同时在指标详情页提示。")
st.html(hp.metrics([
    hp.Metric("问题总数", f"{len(issues)} 条"),
    hp.Metric(quality.JUMP, f"{int((issues['kind'] == quality.JUMP).sum())} 条"),
    hp.Metric(quality.RANGE, f"{int((issues['kind'] == quality.RANGE).sum())} 条"),
    hp.Metric(quality.RULE, f"{int(issues['kind'].isin([quality.RULE, quality.RULE_SOFT]).sum())} 条"),
]))
if issues.empty:
    st.success("本期所选范围内未发现环比跳变、超出合理范围或数值间不符的数据。")
    st.stop()
kinds = ["全部", quality.JUMP, quality.RANGE, quality.RULE, quality.RULE_SOFT]
# Folded like the other pickers (the browser draws a popover's controls only when it is opened).
with st.popover(f"问题类型：{st.session_state.get('dq_kind') or '全部'}", icon=":material/filter_list:"):
    kind = st.radio("问题类型", kinds, key="dq_kind")
view = issues if kind == "全部" else issues[issues["kind"] == kind]


def _shown(rows):  # noqa: ANN001, ANN202 - one page of the notes, as the table shows them
    table = rows.assign(本月=[number(v) for v in rows["value"]],
                        上月=[number(v) if v == v and k in (quality.JUMP, quality.RANGE) else "—"
                             for v, k in zip(rows["previous"], rows["kind"])])
    table = table.rename(columns={"code": "学校标识码", "name": "学校名称", "district": "片区/街道", "kind": "问题类型",
                                  "message": "说明"})
    return table[["学校标识码", "学校名称", "片区/街道", "问题类型", "本月", "上月", "说明"]]


if view.empty:
    st.info(f"本期所选范围内没有“{kind}”类问题。")
else:  # a province can have thousands of notes: one page of them travels to the browser
    ui.paged_table(view, f"dq_{plan.key}_{bar['period']}_{bar['district']}_{bar['school']}_{bar['school_type']}_{kind}",
                   _shown, "数据质量问题", unit="条")
