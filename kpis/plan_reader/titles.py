"""A plan's title and year: the short line that names the plan (工作要点, 工作计划…) before its first heading,
and the year it plans for (the title's, else one its text names, else the commonest it speaks of as its own)."""

from __future__ import annotations

import re
from collections import Counter

from kpis.plan_reader.lexicon import FIVE_YEAR_FIRST
from kpis.plan_reader.numbers import normalise


def squash(text: str) -> str:
    """Join wrapped lines: drop whitespace except between two Latin letters or digits ('STEM 教育' → 'STEM教育')."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", text)


def plan_year(title: str, text: str) -> int | None:
    """The plan's year: the one in its title, else the commonest in its text (full-width digits too)."""
    title, text = normalise(title), normalise(text)
    # 2022年工作总结与2023年工作计划: the year of the plan the title names, not of the summary before it
    m = (re.search(r"((?:19|20)\d{2})\s*年\s*(?:度)?(?:教育)?(?:工作)?(?:计划|要点|思路|安排|打算)", title)
         or re.search(r"((?:19|20)\d{2})\s*年", title))
    if m:
        return _document_year(title, m, text) or int(m.group(1))
    # a text without a title may still name its plan's year: 2022年工作总结和2023年工作计划2022年，…
    # (not a deadline the text plans for: 到2025年计划遴选出5000所 is 计划 the verb)
    named = re.search(r"(?<![到至\-~—])((?:19|20)\d{2})\s*年\s*(?:度)?(?:重点)?(?:教育)?(?:工作)?"
                      r"(?:计划|要点|思路|安排|民生实事|为民办实事|实事项目)", text[:200])
    if named:
        return int(named.group(1))
    # (原标题:…2024年工作回顾): a review of that year, read from the year after it, so that its figures are results
    review = re.search(r"((?:19|20)\d{2})\s*年\s*(?:度)?(?:工作)?(?:回顾|总结)", text[:200])
    if review:
        return int(review.group(1)) + 1
    # else the commonest year the text speaks of as its own: not a deadline or an aim (到2020年, 至2012年,
    # 2010年-2011年, 争取2020年建成), which a news report names beside this year's plan
    # — nor a day (2022年12月31日, the day a report was given); a tie goes to the later year, the one planned for
    # — nor an event's name (北京2022年冬奥会, 2026年省运会), whose year is the event's
    # — nor a base a change is measured from (招生计划比2007年增加13624人): the text speaks from a later year
    years = Counter(int(y) for y in re.findall(r"(?<![到至\-~—比较])(?<!争取)(?<!力争)(?<!预计)(?<!计划于)((?:19|20)\d{2})\s*年"
                                               r"(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号])(?!" + _EVENT + ")", text))
    if not years and (bases := [int(y) for y in re.findall(r"(?:比|较)\s*((?:19|20)\d{2})\s*年", text)]):
        return max(bases) + 1  # every year named is a base of a change: the text speaks from the year after
    only_days = not years  # every year named is a day's (an event the story reports, 于2019年7月30日举行…)
    if only_days:
        years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text))
    # a document numbered in its year (杭政函〔2005〕39号) that names only later years sets targets for them
    # (2007年…达到96%以上, 2010年…): its first target year is its own, none of them a past year
    issued = [int(y) for y in re.findall(r"[〔\[【(（]((?:19|20)\d{2})[〕\]】)）]\s*\d{1,4}\s*号", text)]
    if issued and years and min(years) > max(issued):
        return min(years)
    common = max(years, key=lambda y: (years[y], y)) if years else None
    # a story opening on a five-year plan (海淀“十四五”教育规划:5年将新增学位近4万个) dated before the period, or undated,
    # speaks for the period's first year: the earlier years it names are the last period's results (从2015年的…增至…)
    # (a page dated by its dateline: 来源:文成新闻网 浏览:2199 2010-3-12)
    dated = _DATELINE.search(text[:400])
    day = int(dated.group(1) or dated.group(2) or dated.group(3)) if dated else None
    if (five := _FIVE_YEAR.search(text[:300])) and common and common < (first := FIVE_YEAR_FIRST[five.group(1)]):
        if day is None or day < first:
            return first
    # a later year the text says it will act in (我市在2021年将持续开展…) is the one it plans for; the commoner earlier
    # year is the one it looks back on (2020年，我市投资…实施了…)
    # (2023年，成都计划统筹实施…: a place or a body may stand between the year and its verb)
    ahead = [int(y) for y in re.findall(r"(?<![到至\-~—\d])((?:19|20)\d{2})\s*年\s*(?:[,，]\s*[\u4e00-\u9fff]{0,6}?)?"
                                        r"(?:将|要|拟|计划)", text)]
    if common and ahead and max(ahead) > common:
        return max(ahead)
    # a story dated in a year whose headline announces next year's plan (明年新建228所…, dated 2012-12-31) speaks of
    # the dateline's year as a past one
    if dated and common and common <= day and _NEXT_YEAR.search(text[:dated.start()]):
        return day + 1
    # a page dated by its dateline speaks from that year at the latest: a year more than one after it (a plan dated in
    # December is the next year's) is one it looks ahead to, not its own
    if dated and common and common > day + 1:
        return day
    # …and a page dated in a later year it also names speaks from that year: its commonest year is the one it looks back
    # on (发布时间:2020-03-01 … 2019年我国九年义务教育巩固率为94.8%。2020年，…达到95%)
    # (not a repost's update time: 更新时间:2022-09-25 over a 2020 story)
    if dated and common and common < day and (years.get(day) or only_days) and "更新" not in dated.group(0):
        return day
    return common


def period_start(title: str, year: int | None) -> int | None:
    """The first year of the period a plan titled with one sets targets for (…行动计划（2025—2027年）): each of its years
    is the plan's own, none a past year's. Else the plan's year."""
    m = _PERIOD_SPAN.search(normalise(title))
    if m and year is not None and int(m.group(2)) == year and int(m.group(1)) < year:
        return int(m.group(1))
    return year


def _document_year(title: str, m: re.Match, text: str) -> int | None:
    """The year the document itself names with the title's words when a page's title gives another (a site titles
    日照's 2021年…实施方案 关于印发2022年…; the document names 2021年日照市教育重点建设项目 three times): the
    document's, when it names it so at least twice and more often than the title's year."""
    words = "".join(title[m.end():].split())[:8]
    if len(words) < 6:
        return None
    named = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年\s*" + r"\s*".join(map(re.escape, words)), text))
    own = named.get(int(m.group(1)), 0)
    other = max((y for y in named if y != int(m.group(1))), key=lambda y: named[y], default=None)
    return other if other is not None and named[other] >= 2 and named[other] > own else None


# A period as a plan's title names it (（2025—2027年）, 2025至2027年): its first and last years.
_PERIOD_SPAN = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:[-—–~～]+|至|到)\s*((?:19|20)\d{2})\s*年")


# A five-year plan named as the plan a text sets out (“十四五”教育规划, 十五五时期, 十四五期间将…).
_FIVE_YEAR = re.compile(r"[“\"]?(十一|十二|十三|十四|十五)五[”\"]?\s*(?:[\u4e00-\u9fff]{0,6}?规划|时期|期间)")


# A dateline: a line naming the page's source or date and holding a full date (2010-3-12, 2024年05月06日 10:21).
_NEXT_YEAR = re.compile(r"明年(?!初|春|上半年)")
_DATELINE = re.compile(r"^[^\n。；;]{0,40}?(?:来源|发布|时间|日期|浏览|作者|编辑|点击)[^\n。；;]{0,40}?"
                       r"((?:19|20)\d{2})\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|"
                       r"^[^\n。；;]{0,40}?((?:19|20)\d{2})\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}[^\n。；;]{0,40}?"
                       r"(?:来源|发布|时间|日期|浏览|作者|编辑|点击)|"
                       # …or a short line of a paper's name, the day and the time (玉林日报 2022-04-08 11:26 大字)
                       r"^[^\n。；;，,]{0,16}?((?:19|20)\d{2})\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s+\d{1,2}:\d{2}[^\n。；;，,]{0,12}$", re.M)


# Events named with their year: 冬奥会, 冬残奥会, 奥运会, 亚运会, 大运会, 世博会, a province's or city's 运动会
_EVENT = r"\s*(?:[^\s，,。；;]{0,4}?(?:冬奥|冬残奥|奥运|残奥|亚运|大运|青奥|全运|世博|运动会|省运|市运))"


# What a plan calls itself: 工作要点, 工作计划, 工作思路, 工作安排, 重点工作任务清单/分解表.
_PLAN_NAME = re.compile(r"工作(?:要点|计划|思路|安排)|任务(?:清单|分解)")


def find_title(lines: list[str]) -> str:
    """The last short line naming the plan (工作要点, 工作计划…) before the first heading — one that is no
    sentence (现提出2025年工作要点如下。) or notice (关于印发…的通知) first."""
    def named(line: str, sentence_ok: bool) -> bool:
        n = normalise(squash(line))
        return (_PLAN_NAME.search(n) is not None and len(n) <= 60 and not re.search(r"通知|印发|[:：]", n)
                and (sentence_ok or not re.search(r"[。，,：:]", n))
                and not (sentence_ok and _FIGURE.search(_YEAR_WORD.sub("", n))))  # a paragraph with figures is text
    for sentence_ok in (False, True):
        for line in reversed(lines):
            if named(line, sentence_ok):
                return re.sub(r"\s*(\d+)\s*年\s*", r"\1年", re.sub(r"\s+", " ", line.strip()))
    # Else a pasted fragment or a news report: its first line is a title only when it reads like one — short,
    # no sentence, no figure but a year (鹽田明年新增1770個學位 and 4.新建…9所，… are text to read, not a title).
    first = next((line for line in lines if line.strip()), "")
    n = _YEAR_WORD.sub("", normalise(squash(first)))
    if first and len(n) <= 40 and not re.search(r"[。，,；;：:！!？?]", n) and not _FIGURE.search(n):
        return squash(first)[:60]
    return ""


# a year, or a period (2025—2027年, 2025至2027年) as a plan's title names it
_YEAR_WORD = re.compile(_PERIOD_SPAN.pattern + r"|(?:19|20)\d{2}\s*年")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千]+[个所名人项座间家]")
