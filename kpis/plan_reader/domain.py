"""Figures outside education (issue 19, twentieth round).

EduKPI reads an education bureau's targets. Texts that carry them often carry other fields' figures too: a 政府工作报告's
民生实事 list (老旧小区改造600个), a news bulletin that runs several stories (快递业务量达512.2亿件, 公路通车总里程突破12万公里,
空气质量优良天数比率达到99.5%). By the labelling conventions a target outside education is optional and a result outside
education is no target at all, so neither may be pre-ticked: a reviewer who wants one adds it by hand. A figure is
outside education when its clause names a thing of another field and nothing of schooling; a clause that names both
(整体提升100所学校、50家医院周边环境) stays as it is."""

from __future__ import annotations

import re

from kpis.plan_reader.numbers import normalise
from kpis.plan_reader.clauses import INHERITED_VERB
from kpis.plan_reader.targets import ACCEPT_THRESHOLD, TABLE_TARGET, Candidate

# Things of other fields a bureau never reports on (transport, post, environment, industry, farming, housing, networks);
# not 企业 or 产业 alone, which 职业教育 works with (校企合作企业, 产业的专业覆盖率).
_OTHER_FIELD = re.compile(
    r"快递|邮政|航线|航班|通航|机场|港口|口岸|公路|铁路|高铁|高速|通车|通行|车程|车辆|辆次|里程|公里|空气质量|优良天数|水质|水源地|污水|垃圾|"
    r"森林|植树|造林|耕地|粮食|农机|亩|畜|渔|工业增加值|产业增加值|外贸|进出口|出口|税收|财政收入|地区生产总值|GDP|"
    r"老旧小区|棚户区|保障性住房|住房|宽带|4G|5G|基站|电力|发电|能源|碳排放|天然气|旅游|游客|景区|资费|话费|电价|房价|"
    r"上市|预算收入|经济体量|经济总量|营商|高新技术企业|规上企业|规模以上|招商|亿元以上项目|地区生产总值|GDP|停车|"
    r"居民消费价格|物价|CPI|城镇调查失业率|居民收入")
# …and the words of schooling, any of which keeps the clause the bureau's.
# (生 of 学生, 招生, 生均 — not of 生产总值, 民生, 卫生, 生态)
_SCHOOLING = re.compile(r"学|校|教|园|幼|师|(?<![民卫])生(?![产态活猪物鲜命])|课|育|托|读|书|少年|儿童|专业|职业|村小|(?<!航)班|"
                        r"文盲|扫盲|培训")
# A list's line (7.改造路网160公里, ——针对…的培训): an item of a list, which the list's heading speaks for.
_NUMBERED = re.compile(r"\s*(?:[\d一二三四五六七八九十]+\s*[.、．)）]|[(（][\d一二三四五六七八九十]+[)）]|[—-]{2}|[①-⑳])")

# …unless the clause sets it as a task: a 民生实事 list's other fields are targets, optional by the conventions
_AHEAD_WORDS = r"将|计划|力争|确保|目标|任务|今年|年内|到20\d\d"
_AHEAD = re.compile(_AHEAD_WORDS + r"|新建|新修|新增|建成|建设|改造|推广|布设|实施|完成|推进")

OTHER_FIELD = "不是教育领域的指标"


# A paragraph that plans (a 民生实事 list's line sets its own task: 新修高标准基本农田10万亩 is the list's).
_PLANS = re.compile(_AHEAD_WORDS + r"|实事|工程")


def gate_domain(cands: list[Candidate], n: str = "") -> None:
    """Lower below the review page's threshold every figure whose clause is of another field only, and, in a text
    without headings (a news page), every figure of a paragraph that names nothing of schooling and plans nothing:
    a bulletin's other stories (前4个月我国与中亚五国进出口1730.5亿元，同比增长37.3%). `n`: the item's text, normalised."""
    for c in cands:
        if c.confidence < ACCEPT_THRESHOLD:
            continue
        clause = normalise(c.source)
        if (_OTHER_FIELD.search(clause) and not _SCHOOLING.search(clause) and not _AHEAD.search(clause)
                and c.unit not in ("所", "园") and INHERITED_VERB not in c.reasons):
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(OTHER_FIELD)
        elif n and c.item == "导语" and 0 <= c.start < len(n) and TABLE_TARGET not in c.reasons:
            end = n.find("\n", c.start)
            para = n[n.rfind("\n", 0, c.start) + 1:end if end >= 0 else len(n)]
            if (len(para) >= 40 and not re.search(r"[\t|]", para) and not _NUMBERED.match(para)
                    and not _SCHOOLING.search(para) and not _PLANS.search(para)):
                c.confidence = min(c.confidence, 0.3)
                c.reasons.append(OTHER_FIELD)
