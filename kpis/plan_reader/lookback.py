"""Whether a figure is a result or a past year's rather than a target: judged within the figure's own
clause, by the clauses that open its sentence, and for a paragraph by its first sentence."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import (ACHIEVED, BASELINE_WORDS, CUE, DATE, DOC_NAME, DONE_SUM, INTENT, LOOK_BACK_OPEN,
                                      FIVE_YEAR_FIRST, PAST_START, PRESENT, QTY_DIGITS, STATE, TURN, YEAR)
from kpis.plan_reader.numbers import PINYIN


def inside_title(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("《") > before.count("》")


def opens_look_back(sentence: str, year: int | None) -> bool:
    """Whether the first sentence of a paragraph opens a look back: it starts with a year before the
    plan's (2025年，全区…), or before its first figure it says 过去一年/一年来/回顾/…取得新成效 — and no
    word of this year (今年, the plan year, 目标, 任务…) stands there."""
    first = next((m.start() for m in re.finditer(r"\d", sentence)
                  if not re.match(r"(?:19|20)\d{2}\s*年", sentence[m.start():])
                  and not (m.start() and sentence[m.start() - 1].isdigit())), len(sentence))
    head = BASELINE_WORDS.sub("", sentence[:first])
    head = DOC_NAME.sub("", head)  # 2022年工作总结和2023年工作计划 names documents, it turns to no year
    if re.search(TURN + (f"|{year}\\s*年" if year else ""), head):
        return False
    start = PAST_START.match(head)
    if start and year and int(start.group(1)) < year:
        return True
    # 一、2022年亮点工作 run into a summary's first paragraph: a past year's work, not its plan
    for m in _PAST_WORK.finditer(head):
        if year and int(m.group(1)) < year:
            return True
    for m in LOOK_BACK_OPEN.finditer(head):
        if not (m.group("gain") and INTENT.search(re.split(r"[，,；;]", head[:m.start()])[-1])):  # in its own clause
            return True
    return False


_PAST_WORK = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:度)?(?:主要|重点)?(?:亮点|重点)?工作(?!计划|要点|目标|任务|思路|安排|打算)")
# A span of years (2014—2016年, 2015至2018年), and any year or span: a date, no figure of a clause.
_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]+\s*((?:19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(_SPAN.pattern + r"|(?:19|20)\d{2}\s*年")
_MONTH = re.compile(r"\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?|(?<![\d.])\d{1,2}\s*日(?!\s*\d)")  # (在22日召开的…: a day)


def opens_results(sentence: str, year: int | None, planned: bool) -> bool:
    """Whether a sentence inside a paragraph opens a report of results for the sentences after it: it starts
    with a clause of progress (截至9月，… 目前，…), or with a past year (2022年，我市新建…) in a paragraph that has
    set no target yet (全区将新建学校5所。2025年已建成3所。新增学位2000个: a comparison in passing)."""
    start = PAST_START.match(sentence)
    if start and year and int(start.group(1)) < year and not planned:
        return True
    first = re.split(r"[，,]", sentence, maxsplit=1)[0]
    return bool(re.match(r"\s*(?:截至|截止|截止到|到目前|目前|至今)", first)) and _figureless(first)


def past_year(text: str, year: int | None) -> str | None:
    """A year before the plan's in `text` (not a baseline 比2024年, not a span 2024—2026年, not in 《》)."""
    if not year:
        return None
    text = BASELINE_WORDS.sub("", text)
    for m in YEAR.finditer(text):
        if int(m.group(1)) < year and not inside_title(text, m.start()):
            return m.group(1)
    return None


def past_period(text: str, year: int | None) -> str | None:
    """A five-year plan's period that ended before the plan's year, named as a time (“十三五”时期, 十二五期间, 十三五以来):
    what it brought is a result. The period's name, or None."""
    if not year:
        return None
    for m in _PERIOD.finditer(text):
        if _PERIOD_END[m.group(1)] < year:
            return m.group(0)
    return None


_PERIOD_END = {name: first + 4 for name, first in FIVE_YEAR_FIRST.items()}
_PERIOD = re.compile(r"[“\"]?(十一|十二|十三|十四)五[”\"]?\s*(?:时期|期间|以来|规划期间|末)")


def _year_ahead(text: str, year: int | None) -> bool:
    """Whether `text` names a year after the plan's, not a month's date (2027年达到; 到2035年 is FORWARD's): the figure
    is set for it, whatever year the sentence was said in (司长在2025年11月的论坛上介绍，…(2027年达到93%)…)."""
    if not year:
        return False
    text = BASELINE_WORDS.sub("", text)
    return any(int(m.group(1)) > year and not inside_title(text, m.start())
               and not re.match(r"\s*\d{1,2}\s*月", text[m.end():]) for m in YEAR.finditer(text))


# A verb in the perfective before the figure in its own clause (今年推进了5所幼儿园建设, 陆续开园了三所, 覆盖率提升了3个百分点):
# 了 right after a verb marks the deed as done, whatever the verb — ACHIEVED lists the verbs seen most; this is the
# grammar behind them (为了/除了/了解/到了 are not the aspect mark). A goal set is done too, but what it sets is the
# target (会议提出了新增学位5000个的目标, 确定了今年新建10所幼儿园): verbs of setting a plan are left out.
_PERFECTIVE = re.compile(r"(?<![为除到罢])(?<=[\u4e00-\u9fff])(?<!提出|明确|确定|制定|印发|出台|部署|安排|列入|纳入|规划|公布|发布|"
                         r"下发|签订|签署|通过|审议|决定|要求|设定|定下|确立)了(?!解)[^，,。；;！!？?\n]{0,40}$")


# The verb after a figure in its own clause saying the work is done (…48间教室已安装了护眼灯, 3所幼儿园已全部投入使用).
_DONE_AFTER = re.compile(r"已(?:经|全部|经全部)?[\u4e00-\u9fff]{0,2}?(?:安装|完成|建成|投用|投入使用|开工|竣工|更换|改造|"
                         r"开办|开园|开学|配备|落成)|"
                         # (7栋建筑已经拔地而起: 已经 and any deed but one planned — 已经纳入/列入 the year's plan)
                         r"已经(?!纳入|列入|启动|规划|立项|安排|确定|明确|部署)|"
                         # …基本完成 as a report's verdict (计划新建的幼儿园266所基本完成), not a deadline's (年底前基本完成)
                         r"(?<![前底将要保争])基本(?:完成|建成|竣工)(?![\u4e00-\u9fff]{0,6}(?:任务|目标))|"
                         # …or a verb in the perfective (并与10个省份签订了备忘录, 3所学校通过了验收): a deed done
                         r"(?:签订|签署|建成|完成|举办|召开|开展|实施|建立|成立|启动|开通|竣工|通过|获得|评为|命名)了")
# …or work under way as the report speaks (5所正在进行主体建设, 39个正在建设中), not one due by a date ahead.
_UNDERWAY_AFTER = re.compile(r"正在(?![^，,。；;]{0,8}(?:将|确保|力争|年底|前))")


def looks_back(sentence: str, clauses: list[tuple[int, int]], c0: int, pos: int, year: int | None) -> str | None:
    """Why the figure at `pos` is a result or a past year's, not a target — or None.
    Its own clause decides (现有幼儿园50所，今年新建3所); a clause that opens the sentence without any figure
    (去年以来，… 截至2024年底，… 2024年，…) or a sentence starting with a past year speaks for the clauses after it,
    until one turns to this year (今年, 2025年, 目标, 力争…)."""
    own = sentence[c0:pos]
    end = next((b for a, b in clauses if a == c0), len(sentence))  # where the figure's own clause ends
    start_of = _FROM_TO.search(own)
    if start_of:
        own = own[start_of.start(1):]  # 由目前的75%提升至85%: 目前 speaks of the level left, not of the target
    if _COUNT_THEN_SHARE.search(sentence[:pos]):
        return "紧跟在数量后的占比，是统计，不是目标"  # 规范化幼儿园1494所占比83%
    plain = BASELINE_WORDS.sub("", own)
    if (done := ACHIEVED.search(plain)) and not any(m.start() <= done.start() < m.end()
                                                   for m in _STILL_PLANNED.finditer(plain)):
        return "已经取得的成绩，不是目标"
    if _PERFECTIVE.search(own):
        return "动词带“了”，说的是已做的事，不是目标"
    if _DONE_AFTER.search(sentence, pos, end):
        return "已经取得的成绩，不是目标"  # 48间教室已安装了护眼灯: the figure's own clause says the work is done
    if _UNDERWAY_AFTER.search(sentence, pos, end):
        return "正在进行的工作进展，不是目标"  # 5所正在进行主体建设: a progress report's state of the work
    if _SET_ASIDE.match(own) and "外" in sentence[pos:end]:
        return "除…外：句子撇开的对象，不是目标"  # 除了以上在建的16所幼儿园外，…
    state = [m for m in STATE.finditer(own)]
    if state and not re.search(r"的|率", own[state[-1].end():]) and not _still_to_do(sentence, clauses, c0, pos, state[-1]):
        return "现状或存在的问题，不是目标"  # not 对仍有辍学风险的学生建档率达到100%
    present = PRESENT + (f"|{year}\\s*年" if year else "")
    if _SHARE_OF.search(own) and not _SHARE_SET.search(sentence[c0:end]) and not _SHARE_AIMED.search(sentence[:c0]):
        return "占总数的比例，是统计，不是目标"  # 占总数的31.66%: a share reported (not 使…占全部的50%以上, 要达到…的70%)
    if _STILL_AHEAD.search(sentence, pos, end) and not re.search(r"已|了", sentence[pos:end]):
        return None  # 2013年，第一批30所学校的操场将于7月动工: whatever year it names, the work was still to come
    if (period := past_period(own, year)) is not None:
        return f"{period}的情况，不是本年目标"
    if (level := _PAST_LEVEL.search(own)) and year and int(level.group(1)) < year:
        return f"{level.group(1)} 年的情况，不是本年目标"  # 从2015年的31.5万人增至2020年的36.2万人, read in 2021
    y = past_year(own, year)
    # (2019年将开放35所新学校，2020年将开放35所: a year with 将 right after it was still ahead when it was said)
    if y and not re.search(present + r"|^\d{4}\s*年\s*(?:将|拟)", own[own.find(y):]):
        return f"{y} 年的情况，不是本年目标"
    if (clauses and clauses[0][1] <= c0 and _COUNTED.match(PINYIN.sub("", sentence[clauses[0][0]:clauses[0][1]]))
            and not re.search(r"将|计划|力争|确保|目标|要|预计|到\s*(?:19|20)\d{2}\s*年", own)):
        return "统计所得的数，不是目标"  # 据教育部统计，2024年全国普通高中在校生达2922.28万人 (the year is the count's)
    if re.search(present, own) or _year_ahead(own, year):
        return None  # (2027年达到93%, 2035年达到98%: a year ahead in the figure's own clause is its deadline)
    if _named_in_quotes(sentence, pos):
        return None  # “新增学位3.2万个”民生实事项目按节点推进: the project is named by its target
    reason = None
    # (…会议介绍，2023年全市新改扩建…: who said it comes first, the year still opens what was said)
    start = re.match(r"\s*(?:[^，,。；;\d]{0,16}?(?:介绍|表示|指出|获悉|了解到|透露|据悉)\s*[，,:：])?"
                     r"\s*(?:预计|截至|截止)?\s*((?:19|20)\d{2})\s*年(?:\s*[-~至到—]+\s*((?:19|20)\d{2}))?", sentence)
    if start and year and int(start.group(1)) < year and not (start.group(2) and int(start.group(2)) >= year):
        # (2013年至2020年 runs through the plan's year: a span of the plan, not a past year)
        reason = f"{start.group(1)} 年的情况，不是本年目标"
    as_of = False  # opened by 截至4月: the plan year named after it is the task reported on, no turn
    opening = True  # still in the clauses that open the sentence
    for a, b in clauses:
        if a >= c0:
            break
        lead = sentence[a:b]
        if reason is None and opening and _SPAN_BACK.match(PINYIN.sub("", lead)):
            reason = "已经取得的成绩，不是目标"  # 2019年以来我局争取资金1.13亿元，…，新建、改造面积88840平方米
        elif reason is None and _figureless(lead) and (opening or _PROGRESS_NOW.match(lead) or _SINCE_THEN.search(lead)):
            if ACHIEVED.search(BASELINE_WORDS.sub("", lead)) or re.search(r"以来\s*$", lead):
                reason = "已经取得的成绩，不是目标"
                as_of = re.match(r"\s*(?:截至|截止)", lead) is not None
            elif (y := past_year(lead, year)) is not None and not _in_span(sentence[:a], int(y), year):
                reason = f"{y} 年的情况，不是本年目标"
            elif (period := past_period(lead, year)) is not None:
                reason = f"{period}的情况，不是本年目标"
        # (完成…任务 names a task done: no turn)
        elif reason is not None and re.search(present, _TASK_DONE.sub("", lead)) and not ACHIEVED.search(lead) \
                and not (as_of and not re.search(r"将|计划|力争|确保|目标|要", lead)):
            reason = None  # 2025年以来，…，今年将新建… turns; 今年又有3所…投入使用 and 截至4月，2025年新建的… do not
        if reason is None and not _figureless(lead) and not start:
            # only the clauses that open the sentence speak for the rest — and, later on, a clause of progress as of
            # now (…新建25所幼儿园，目前项目已经全部招标，开工建设11个，交付使用3个)
            opening = False
    return reason


# A share of a whole right before the figure (占总数的31.66%, 覆盖率占有食堂学校数的84%), and what would make it one set.
_SHARE_OF = re.compile(r"占(?:有)?[^，,。；;\d]{1,14}的\s*$")
_SHARE_SET = re.compile(r"以上|以下|以内|不低于|不少于|不超过|达到|力争|确保|要|将|使|提高|提升|降低|下降|争取|目标")
# …or, earlier in its sentence, a deadline ahead or an aim (到2010年，…逐步达到18:1左右，其中兼职教师占教师总量的30%)
_SHARE_AIMED = re.compile(r"到\s*(?:19|20)\d{2}\s*年|(?:19|20)\d{2}\s*年(?:底|末)?(?:前|以前)|力争|确保|要|目标|"
                          r"(?:提升|提高|增加)(?:至|到)")


# 将 after the figure in its own clause (…30所学校的操场将于7月动工, 这30所学校将全部用上…): not 将近, not 已将.
_STILL_AHEAD = re.compile(r"(?<![已经])将(?!近|军|领|士|来)")


# A sentence opening on a span back to now (2019年以来, 近年来, 五年来): its clauses tell what the span brought, figures
# in the opening clause or not, until one turns to this year.
_SPAN_BACK = re.compile(r"\s*(?:自|从)?\s*(?:(?:19|20)\d{2}\s*年|去年|上年|近年|近几年|多年|[一两三四五六七八九十几]年)(?:以)?来")
# What a result word turns out to open in a plan: a span ahead (十二五期间将实现…) or an intake planned in total
# (计划5年内共招收…: 共招收 counts what is to come).
_STILL_PLANNED = re.compile(r"(?:十三五|十二五|十四五|十五五)[”\"]?期间[”\"]?\s*(?:将|要|力争|确保|计划)|"
                            r"(?<![项动养生育度])计划[^，,。；;]{0,10}?(?:共计?|累计)(?:录取|招收|招生)")  # (not 专项计划, a name)
# A share right after the count it is a share of (规范化幼儿园1494所占比83%, …282所，占比78.33%): a statistic.
_COUNT_THEN_SHARE = re.compile(r"\d\s*(?:万|亿)?(?:所|个|人|名|家|间|套)\s*[，,]?\s*占比\s*(?:为|达|约)?\s*$")
# A figureless clause naming a count or survey as its source (据统计, 据市教育局统计, 经调查): what it opens was counted,
# not set (据测算 and 预计 are left alone: they open projections as often as counts).
_COUNTED = re.compile(r"\s*(?:(?:据|经|根据)[^，,。；;]{0,16}?(?:统计|调查|普查|监测)(?:显示|数据显示|结果显示|表明)?|"
                      r"[^，,。；;]{0,12}?(?:通报|统计|数据|监测结果|调查结果)(?:显示|表明))\s*$")  # (情况通报显示，…)
# A figureless clause telling where the work stands now: it speaks for the clauses after it wherever it stands.
_PROGRESS_NOW = re.compile(r"\s*(?:目前|截至目前|截止目前|到目前为止|至今|现已)")
# …and so does a figureless span back to now (…介绍，自2013年国家启动…工作以来，…新建改扩建学校约26万所).
_SINCE_THEN = re.compile(r"以来\s*$")


_SET_ASIDE = re.compile(r"\s*除(?:了)?")
# A task named as what was done (完成31所学校的新建和改扩建任务, 完成年度目标任务): no turn to this year's plan.
_TASK_DONE = re.compile(r"完成[^，,。；;]{0,20}?(?:目标)?任务")
# A year's level right before the figure (增至2020年的36.2万人): not a deadline (到2025年，达到…) but where a count stood.
_PAST_LEVEL = re.compile(r"(?:至|到)\s*((?:19|20)\d{2})\s*年(?:底|末)?的\s*$")
# 由<a level now>提升至 right before the figure: the clause moves from a present level to the target.
_FROM_TO = re.compile(r"由[^，,；;]*?((?:提升|提高|增加|增长|上升|下降|降低|减少|压减|降|升)(?:至|到))\s*$")




def _in_span(before: str, y: int, year: int | None) -> bool:
    """Whether a span named before (计划从2015至2018年分步骤…) holds the year `y` and reaches the plan's year: 2015年为开局阶段 is the
    span's first stage, not a past year's result."""
    return any(int(m.group(1)) <= y <= int(m.group(2)) and year is not None and int(m.group(2)) >= year
               for m in _SPAN.finditer(before))


def _figureless(clause: str) -> bool:
    """A clause without a figure but years and dates (12月16日, 五年来): it may speak for the clauses after it."""
    # (any year, 截至2016年底's too, whose 至 YEAR leaves alone as a span's end)
    return not QTY_DIGITS.search(_MONTH.sub("", DATE.sub("", _ANY_YEAR.sub("", clause))))


def _still_to_do(sentence: str, clauses: list[tuple[int, int]], c0: int, pos: int, state: re.Match) -> bool:
    """还有 adds what is still planned (今年计划开工的项目还有79个, 还有20个幼儿园项目陆续开建) as often as it
    states what is left undone (还有12所学校未达标): a plan word before the figure or a verb of commitment after it."""
    if not state.group(0).startswith("还"):
        return False
    own = sentence[c0:pos]
    end = next((b for a, b in clauses if a == c0), len(sentence))
    if re.search(r"计划|将|拟|今年|年内|明年", own) or CUE.search(sentence, pos, end):
        return True
    # …将新增28所公办幼儿园，还有8所公办园扩容: 还有 goes on with the list a commitment just opened, unless it names
    # what is left undone (还有12所学校未达标)
    before = [(a, b) for a, b in clauses if b <= c0]
    return bool(before and re.search(r"将|计划|拟", sentence[before[-1][0]:before[-1][1]])
                and not re.search(r"未|尚|没有|仍|待|不", sentence[pos:end]))


def _named_in_quotes(sentence: str, pos: int) -> bool:
    """Whether the figure at `pos` stands in quotes that open with a verb of the plan (“新增城镇公办中小学学位3.2万个”)."""
    opened = max(sentence.rfind(q, 0, pos) for q in "“\"")
    if opened < 0 or any(q in sentence[opened + 1:pos] for q in "”\""):
        return False
    return bool(CUE.match(sentence, opened + 1)) and re.search(r"[”\"]", sentence[pos:pos + 20]) is not None


# A report of what a school term opened with (今年秋季开学，全市新建有6所…): results, unless the sentence looks
# forward (秋季开学前将建成…, 确保秋季开学投用).
_TERM_OPENED = re.compile(r"\s*(?:今年|今秋|本学期|新学期)?\s*(?:秋季|春季|秋|春)(?:学期)?\s*开学(?!前|之前|时将|后将)")
_FORWARD = re.compile(r"将|计划|拟|预计|力争|确保|要|争取|目标")


def opens_term(sentence: str) -> bool:
    return bool(_TERM_OPENED.match(sentence)) and not _FORWARD.search(sentence)


_FULL_STOP = "。！!？?\n"


def mark_breakdown_of_results(n: str, s0: int, s1: int, out: list) -> None:
    """A sentence opening 其中 breaks down the figures of the sentence before it (全区现有幼儿园41所。其中，公办园11所，
    覆盖率超过50%；…): when that sentence states what is or was done (现有, 共有, 已建成) and the breakdown looks forward by
    nothing of its own (将, 要, 力争, 计划), its parts are results too, across its ；-joined halves."""
    fs = max(n.rfind(ch, 0, s0) for ch in _FULL_STOP) + 1
    if not out or not re.match(r"\s*其中", n[fs:]):
        return
    ps = max(n.rfind(ch, 0, max(fs - 1, 0)) for ch in _FULL_STOP) + 1
    prev = PINYIN.sub("", n[ps:fs])
    if not (ACHIEVED.search(prev) or DONE_SUM.search(prev)) or INTENT.search(prev):
        return
    if INTENT.search(n[fs:s1]) or re.search(r"计划|目标|任务|今年|年内|到\s*(?:19|20)\d{2}", n[fs:s1]):
        return
    for cand in out:
        if cand.confidence > 0.15:
            cand.confidence = 0.15
            cand.reasons.append("“其中”分述上一句的现状或成绩，不是目标")
