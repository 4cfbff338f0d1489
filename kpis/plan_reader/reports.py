"""What a sentence reports rather than sets: progress against the plan (超额完成, 均已…, 占年度投资计划的) and a level
followed by its change against last year (…29.17万所，比上年增加1.05万所，增长3.75%) — judged over the whole sentence once
its figures are read (clauses.py)."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import BARE_CHANGE, CHANGE_AS_RATE, CUE, RESULT_SENTENCE, STAT_CHANGE, TARGET_LEVEL

# A figure named as the target a report measures against (全年任务目标数是108个, 年度目标任务为78.9%).
_NAMED_TARGET = re.compile(r"(?:任务目标数?|目标任务数?|目标值|计划数|任务数)\s*(?:是|为)\s*\d")


def mark_reports(sentence: str, s0: int, clauses: list[tuple[int, int]], out: list) -> None:
    """Lower what a sentence reports rather than sets: progress against the plan (超额完成, 均已…, 占年度投资计划的)
    in any of its clauses, and a level followed by its change against last year (…29.17万所，比上年增加1.05万所，
    增长3.75%). `out` holds the sentence's Candidates (clauses.py, which imports this module)."""
    if RESULT_SENTENCE.search(sentence):
        for c in out:
            if _NAMED_TARGET.search(sentence[c.start - s0:c.end - s0]):
                continue  # 全年任务目标数是108个，实际已减少129个，完成率为119.44%: the target the report is measured against
            c.confidence = min(c.confidence, 0.15)
            c.reasons.append("进展或完成情况的报告，不是目标")
        return
    stats: list[tuple[int, int]] = []
    for k in range(1, len(clauses)):
        a, b = clauses[k]
        prev = clauses[k - 1]
        # the level is a bare statistic (共有…29.17万所, 普惠性幼儿园23.41万所), not one a verb sets (不低于12亿元)
        # (达到 states a level as a report does: 毛入园率达到85.2%，比上年提高1.8个百分点)
        if (STAT_CHANGE.match(sentence, a) and any(prev[0] <= c.start - s0 < prev[1] for c in out)
                and not _sets_level(sentence[prev[0]:prev[1]])):
            stats += [prev, (a, b)]
            if k + 1 < len(clauses) and BARE_CHANGE.match(sentence, clauses[k + 1][0]):
                stats.append(clauses[k + 1])
        # a level set and then its change against a base year in the same unit (将有公办园39所，比2013年增加18所):
        # the change restates the level's distance from the base, not a second target (a target states it alone)
        elif STAT_CHANGE.match(sentence, a):
            units = {c.unit for c in out if prev[0] <= c.start - s0 < prev[1]}
            # …，比2007年增加17313人，增幅为14.1%: the change again as a rate, in the clause after it
            after = clauses[k + 1] if k + 1 < len(clauses) else None
            rate = [after] if after and CHANGE_AS_RATE.match(sentence, after[0]) else []
            for c in out:
                if ((a <= c.start - s0 < b and c.unit in units) or any(x <= c.start - s0 < y for x, y in rate)) \
                        and c.comparator in ("increase_by", "decrease_by"):
                    c.confidence = min(c.confidence, 0.3)
                    c.reasons.append("紧跟在水平值后、与基年相比的变化量，是对水平值的说明，不是另一个目标")
    if stats:  # a sentence of statistics: its other bare levels are too (…，占全国幼儿园的比例80.24%)
        stats += [(a, b) for a, b in clauses if not _sets_level(sentence[a:b])]
    for c in out:
        if any(a <= c.start - s0 < b for a, b in stats):
            c.confidence = min(c.confidence, 0.15)
            c.reasons.append("统计数及其比上年的变化，不是目标")


def _sets_level(clause: str) -> bool:
    """Whether a clause sets its level (不低于5亿元, 安排资金126亿元, 力争…) rather than reports it: 达到 and 达
    state a level a report gives as well (毛入园率达到85.2%), and 新增劳动力 is an indicator's name."""
    # (覆盖率, 完成率, 达标率: a rate named after a verb is a noun, no verb of the clause)
    return bool(TARGET_LEVEL.search(clause) or CUE.search(re.sub(r"达到|达|新增劳动力|[\u4e00-\u9fff]{1,2}率", "", clause)))
