"""Sums of money that are means, not targets (issue 19, fourteenth round).

A bureau's targets are what is built, served and reached (学位, 所, 入学率); money is what pays for it. A plan may still
set a budget as a target (全年安排教育经费15.6亿元, 生均公用经费不低于800元), and a plan's written form says so. Two
shapes of money state no target whatever words stand around them:

- **Money in a report** (a text `genre` judges a report or a speech): what was put in, allocated or is to be spent on the
  works the report tells of (实现投资1000万元, 向上争取专项资金82万元, 将投入27亿元…进行改扩建). The report's targets
  are the works; its funding lines are the means, optional by the labelling conventions. Table rows are left alone (a
  report's 目标值 column), and so is a sum set by a floor or a raise (下一步将生均公用经费提高到7000元: a standard).
- **Money passed on from elsewhere** (fifteenth round; 下达义务教育能力提升补助资金6925万元, 争取上级资金500万元,
  引进投资20亿元), in any text: funds another level hands down or the bureau draws in pay for the works; they are no
  work of the bureau's own. Read in three texts of the tuning half not judged reports (funding lines taken as targets).
- **A sum per head with no floor or raise** (每辆车更新补助3万元, 平均每生每年3300元): a rate of payment stated as it is
  paid. A target on a standard sets its floor or raises it (每人每月不低于500元, 提高到每生每年1600元)."""

from __future__ import annotations

import re

from kpis.plan_reader.clauses import ACCEPT_THRESHOLD
from kpis.plan_reader.numbers import PINYIN, normalise
from kpis.plan_reader.targets import TABLE_TARGET

# 每 and a measure word or a noun of who or what is paid for (每生, 每人每月, 每辆车, 每个班), or a per-head average (生均, 人均)
_PER_HEAD = re.compile(r"每\s*[^\s，,。；;\d]{1,4}|[生人]均")
# a floor, a ceiling, a raise or a level reached: the words a target on a standard is set in
_SET = re.compile(r"不低于|不少于|不高于|不超过|不多于|至少|以上|以下|提高|提升|增加|增长|达到|达|调整|上调|降低|控制")

# funds handed down, drawn in or attracted (下达…补助资金, 争取上级资金, 引进投资): money passed on, a means
_PASSED = re.compile(r"(?:下达|下拨|拨付|争取|引进|吸引)[^，,。；;]{0,16}(?:资金|投资|经费)")
MONEY_IN_REPORT = "报道中的资金数额是投入的手段，不是目标"
RATE_OF_PAYMENT = "按人（按生、按车）计的补助标准，没有下限或提高，不是目标"


def gate_money(cands: list, report: bool) -> None:
    """Keep below the threshold, for the reviewer, the accepted sums in 元 that state a means (module doc). `report`:
    whether the text reads as a report or a speech (`genre`)."""
    for c in cands:
        if c.unit != "元" or c.confidence < ACCEPT_THRESHOLD or TABLE_TARGET in c.reasons:
            continue
        clause = PINYIN.sub("", normalise(c.source))
        passed = _PASSED.search(clause)  # before the raise words: 下达 is no 达, 能力提升补助资金 names a fund
        if _SET.search(clause) and not passed:
            continue  # a floor or a raise sets a standard, in a report too (将生均公用经费提高到7000元)
        if report or passed:
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(MONEY_IN_REPORT)
        elif _PER_HEAD.search(clause):
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(RATE_OF_PAYMENT)
