"""The comparator of a figure (>=, <=, ==, increase_by, decrease_by) from the words nearest it."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import (ABOUT_BEFORE, COUNT_CHANGE, DECREASE_WORDS, INCREASE_WORDS, LOWER_RE, LOWER_WORDS,
                                      SYMBOL_COMPARATOR, change_noun)


# A rise or fall against last year or a named year right before a share (比2014年增15%以上, 较上年减5%).
_AGAINST_YEAR = re.compile(r"(?:比|较)\s*(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:同期)?\s*(增|减)\s*$")
# A verb of change right before a share (增长8%, 下降了5%, 提高幅度达10%): the share is the change.
_VERB_ON_FIGURE = re.compile(r"(" + "|".join(INCREASE_WORDS + DECREASE_WORDS) + r")(?:了|约|幅度|比例)?(?:达到?)?$")
# A ceiling word, then the total a share is of (择校生不超过招生计划总数(不含择校生)的30%).
_CEILING_ON_SHARE = re.compile(r"(?:" + "|".join(LOWER_WORDS) + r")[^，,。；;：:\d%]{1,24}的\s*$")


def comparator(before: str, unit: str, suffix: str | None, symbol: str | None) -> str:
    """The comparator the words nearest the number give. A level verb right before the figure wins
    (压减率保持在95%以上 is ≥ 95 %); decrease_by/increase_by on % only when the verb governs the figure
    itself (压减30%以上, 增长8%); 百分点 is always a change, its direction from the nearer verb, and so is a
    count right after 较上年增加/比2025年减少; 左右 and 约 are about (==) unless they qualify a change (增长8%左右,
    增长约8%)."""
    tail = before[-10:]
    change = change_noun(before[-14:]) if unit in ("百分点", "%") else None
    verb = _VERB_ON_FIGURE.search(tail) if unit == "%" else None  # 增长8%, 下降了5%: a verb governing the figure
    # …outweighs the change noun it speaks of (年均增幅在基线基础上下降70%: the rise falls)
    if change and verb:
        return "decrease_by" if verb.group(1) in DECREASE_WORDS else "increase_by"
    if change and symbol not in ("≤", "<=", "<", "≦") and suffix not in ("以下", "以内") and not any(
            w in tail for w in LOWER_WORDS):
        return change  # 近视率年度降幅不低于1个百分点: a decrease of at least 1
    if symbol:
        return SYMBOL_COMPARATOR[symbol]
    if unit == "百分点" and re.search(r"(?:高出|高于|超过|超出)[^，,。；;：:\d比较]{2,14}$", before):
        return ">="  # 上线率高出全省平均水平5个百分点以上: a margin over another's level held, not a change of one's own
    if unit == "百分点":
        down = max((before.rfind(w) for w in DECREASE_WORDS), default=-1)
        up = max((before.rfind(w) for w in INCREASE_WORDS), default=-1)
        return "decrease_by" if down > up else "increase_by"
    count_change = COUNT_CHANGE.search(before) if unit not in ("%", "") else None
    if count_change:  # 达标指标数较上年增加五个: a change of the count against last year
        return "decrease_by" if count_change.group("verb") in DECREASE_WORDS else "increase_by"
    if (suffix == "左右" or ABOUT_BEFORE.search(before)) and not verb:
        return "=="  # 招聘教师150名左右, 控制在6000人左右, 惠及幼儿约1200人: about, neither a floor nor a ceiling
    against = _AGAINST_YEAR.search(tail)
    if unit == "%" and against:
        return "increase_by" if against.group(1) == "增" else "decrease_by"  # 一本上线人数比2014年增15%以上
    if suffix in ("以下", "以内") or any(w in tail for w in LOWER_WORDS) or LOWER_RE.search(tail):
        return "<="
    if unit in ("%", "‰") and _CEILING_ON_SHARE.search(before):
        return "<="  # 择校生不超过招生计划总数(不含择校生)的30%: a ceiling on a share of a total named between
    if verb:
        return "decrease_by" if verb.group(1) in DECREASE_WORDS else "increase_by"
    return ">="
