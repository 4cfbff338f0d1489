"""The text's genre: a plan (工作要点, 计划, 方案, a 目标表) or a report (news, a 总结, a progress report, statistics).

A plan states targets in bare figures (新建幼儿园5所); a report states results the same way (新建幼儿园5所 … 投入使用),
so in a report a figure is a target only when something around it looks forward: its sentence up to its own clause
(将, 计划, 预计, 力争, 到2025年, 今年要…), the lead-in of its paragraph or list (今年的实事项目如下：), the heading it stands
under, or a forward sentence elsewhere announcing the same count (a headline's 1.16万个, the body's 将新增…11600多个).
Plans keep reading as before: the gate judges only texts that read as reports."""

from __future__ import annotations

import re

from kpis.plan_reader.clauses import ACCEPT_THRESHOLD
from kpis.plan_reader.commitment import DEADLINE_AHEAD
from kpis.plan_reader.debris import is_debris
from kpis.plan_reader.numbers import PINYIN as _PINYIN, normalise
from kpis.plan_reader.targets import TABLE_TARGET

# Marks of a report, each counted once: a news dateline or byline, the reporter's sources, results and statistics.
_REPORT_MARKS = [re.compile(p) for p in (
    r"记者|通讯员|日电|日讯|网讯|报讯|晚报讯|讯\s*[(（]|\d月\d{1,2}日(?:消息|电)",  # a dateline or byline
    # a news page's footer, or a source line naming a news medium (来源:央广网, 来源:河南日报; not 来源:某某县人民政府网)
    r"责任编辑|责编|编辑\s*[:：]|来源\s*[:：]\s*[^\s:：|]{0,12}?(?:报|(?<!政府)网|电讯|新华社|客户端|电视台|广播)",
    # what the reporter was told, and by whose count (根据市卫生计生委测算)
    r"据(?:介绍|了解|悉|统计|测算)|获悉|了解到|根据[^,，。；\n]{1,16}(?:统计|测算)",
    r"新闻发布会|发布会|吹风会|通气会|答记者问",
    r"(?:表示|介绍|说|指出|强调)\s*[,，:：]",  # an official quoted
    r"截至|截止|截止到|到目前|目前",  # progress as of a date, or the state now
    r"近年来|多年来|[一两三四五几]年来|以来",  # a look back
    # statistics against last year, or against a past year named (比2013年增加7.6万所)
    r"比上年|较上年|同比|比去年|[比较](?:19|20)\d{2}\s*年(?:底|末)?(?:增加|提高|增长|减少|下降|降低|上升)",
    r"工作总结|进展情况|完成情况|评价报告|自查|汇报",  # a report by name
    r"已(?:全部|经|按计划|累计)?(?:完成|建成|开工|竣工|投入使用|投用|新增|实现)|投入使用|取得(?:了)?(?:明显|显著|新)?(?:成效|成绩)",
)]
# Marks of a plan, each counted once: a plan by name, its goal sections, its owners.
_PLAN_MARKS = [re.compile(p) for p in (
    r"工作要点|工作计划|工作方案|实施方案|行动计划|行动方案|实施意见|指导意见|规划(?:纲要)?\s*$",
    r"(?:总体|主要|工作|发展|年度)目标\s*[:：]?|目标任务|主要任务|重点任务|重点工作",
    r"责任单位|牵头单位|责任科室|配合单位|完成时限",
    r"指标值|绩效目标|目标值",
)]
# A plan's outline: a line opening 一、 and, after it, a line opening （一）.
_OUTLINE = re.compile(r"(?m)^\s*一、[^\n]*\n(?:[^\n]*\n)*?\s*[(（]一[)）]")


def is_report(text: str) -> bool:
    """Whether a text reads as a report rather than a plan: at least three kinds of report marks and no plan mark at
    all. News of a plan (a 工作计划 on a news site, a 教育工作会议's 目标任务) names its goals or tasks and stays a plan;
    two marks are as often a plan's (截至, 完成情况 in a 要点's review) as a report's. The marks are read with a page's pinyin taken out (据(jù)介绍 is 据介绍). A plan
    cited by its title in 《》 is a plan mark only when the text relays it (印发《…》, 《…》提出/要求): a report also
    cites the plan its results follow (按照《…三年行动计划》的要求), and a plan named in running text (启动…三年行动计划)
    is a plan mark only on a line of its own, a title or a heading."""
    return _reads_as_report(_plain(text))


def _plain(text: str) -> str:
    """The text normalised, a page's pinyin taken out: what the genre's marks are read in."""
    return _PINYIN.sub("", normalise(text))


def _reads_as_report(n: str) -> bool:
    """`is_report` on text already made `_plain`."""
    report = sum(bool(m.search(n)) for m in _REPORT_MARKS)
    own = _CITED.sub(lambda m: m.group(0) if _relayed(n, m) else "《》", n)
    plan = (any(_names_itself(own, m) for m in _PLAN_MARKS[0].finditer(own))
            or any(m.search(own) for m in _PLAN_MARKS[1:]))
    return report >= 3 and not plan and not _OUTLINE.search(n)


# A speech: its title says so (在全省教育工作会议上的讲话, 开学工作会议讲话) or it opens by addressing the hall (同志们：).
_SPEECH_TITLE = re.compile(r"(?:讲话|致辞|发言|报告)(?:稿|提纲)?\s*$")
_WORK_REPORT_TITLE = re.compile(r"^[^，,。；;:：]{0,20}政府工作报告\s*(?:[(（]\s*\d{1,2}\s*[)）])?$")
_SPEECH_OPENING = re.compile(r"(?m)^\s*(?:各位[^\n,，:：]{0,8}[,，、]\s*)?同志们\s*[:：,，!！]")


def is_speech(text: str) -> bool:
    """Whether a text is a speech at a meeting: a short line among its first five says 讲话/致辞, or a line opens
    同志们：. A speech reviews before it sets tasks, and states both in the same bare figures (入学率达98.8%); it is judged
    as a report is — a figure is a target only where its words look forward (要, 力争, 到2027年, 今年要…) — whatever plan
    words it uses (目标, 任务 name the part to come, not its figures)."""
    return _reads_as_speech(_plain(text))


def _reads_as_speech(n: str) -> bool:
    """`is_speech` on text already made `_plain`."""
    lines = [line.strip() for line in n.splitlines() if line.strip()][:5]
    if any(len(line) <= 60 and _SPEECH_TITLE.search(line) and re.search(r"讲话|致辞|发言", line) for line in lines):
        return True
    # a government's work report titled as one (2018年番禺区政府工作报告(11), a page of it): a speech to the congress
    if lines and _WORK_REPORT_TITLE.match(lines[0]):
        return True
    return bool(_SPEECH_OPENING.search(n[:600]))


def _names_itself(own: str, m: re.Match) -> bool:
    """Whether a plan's name (工作要点, 行动计划) marks the text as a plan or news of one: on a line of its own (a title,
    a heading), inside a cited title the text relays (left in `own`), or relayed in running text (…行动计划明确，…)."""
    line0, line1 = own.rfind("\n", 0, m.start()) + 1, own.find("\n", m.end())
    if len(own[line0:line1 if line1 >= 0 else len(own)].strip()) <= _TITLE_LINE:
        return True
    if own.rfind("《", 0, m.start()) > own.rfind("》", 0, m.start()):
        return True
    return bool(_RELAY_AFTER.match(own[m.end():m.end() + 24]))


# A document cited by its title (《上海市学前教育三年行动计划(2015-2017年)》), and the words that relay it.
_CITED = re.compile(r"《[^《》\n]{0,80}》")
_RELAY_BEFORE = re.compile(r"(?:印发|公布|出台|发布|制定|下发|出炉)(?:了|的)?\s*$")
_RELAY_AFTER = re.compile(r"^(?:[(（][^)）]{0,12}[)）])?\s*[,，]?\s*(?:提出|要求|明确|规定|指出|强调|确定|部署)")
_TITLE_LINE = 40  # a title or heading line is short; a plan named in a longer line is named in running text


def _relayed(n: str, m: re.Match) -> bool:
    """Whether the cited title `m` is relayed: published (印发《…》) or quoted (《…》提出/要求)."""
    return bool(_RELAY_BEFORE.search(n[max(0, m.start() - 8):m.start()]) or _RELAY_AFTER.match(n[m.end():m.end() + 24]))


# What looks forward in a report: an intention or a plan (将, 计划, 预计, 力争, 拟, 确保, 目标, 任务, 要求), a time ahead
# (到2025年, 2013年至2020年, 年底前, 年内, 明年, 下一步, 今后, 未来, 今年要…), a programme of this year's work (实事, 项目清单).
# A deadline or a span's end (到2025年, 2013年至2020年, 2026年底前): its year, which _forward compares with a report's date.
_DEADLINE = re.compile(r"(?<![\d年])[到至]\s*((?:19|20)\d{2})\s*年|(?:19|20)\d{2}\s*年\s*至\s*((?:19|20)\d{2})\s*年|"
                       r"((?:19|20)\d{2})\s*年(?:底|末)?(?:前|以前)")
FORWARD = re.compile(r"将|计划|预计|力争|争取|拟|确保|目标|任务|要求|规划|部署|安排|预期|实事|" + _DEADLINE.pattern + "|"
                     r"年内|年底前|(?:到|至)年(?:底|末)|明年|下一步|今后|未来|"
                     r"(?:今年|本年|年内|全年)(?:要|需|须|还要|继续|力争|计划|将)|即将|陆续|启动|加快|"
                     r"(?:建成|完工|竣工|投用|投入使用)后|"  # 项目建成后，新增学位4140个: what the work will bring
                     r"每(?:年|两年|学年)(?:为|向|从|选派|培训|接收|接受)|"  # 每年为新疆培训500名: a standing commitment
                     r"项目(?:主要)?(?:包括|包含|内容)|建设内容(?:包括|为|有)|"  # 该项目包括…: what a project is to deliver
                     r"要(?:达到|实现|完成|建成|新建|保持|控制在|提高到|提升到)")  # 毛入园率要达到77%: what is to be reached


_BOUND = re.compile(r"不少于|不低于|不超过|不高于|不多于|控制在|至少")

_FULL_STOP = "。！!？?\n"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` (normalised) holding [start, end), to its full stops: a ；goes on with the lead of the
    sentence (今年的建设任务为，新建中小学30所；新建幼儿园40所。)."""
    a = max(text.rfind(ch, 0, start) for ch in _FULL_STOP) + 1
    ends = [i for ch in _FULL_STOP if (i := text.find(ch, end)) >= 0]
    return a, min(ends) if ends else len(text)


def _forward(text: str, dated: int | None) -> bool:
    """Whether `text` holds a forward word, once pinyin, the basis a work followed (按照…要求, 根据…规划: a
    requirement met, not one set) and deadlines already past on the report's date (到2023年 in a 2024 report: the
    end of a span of results, 从2013年的23.4:1降低到2023年的13.3:1) are taken out."""
    t = _BASIS.sub("", _PINYIN.sub("", text))
    if dated:
        t = _DEADLINE.sub(lambda m: "" if int(next(g for g in m.groups() if g)) < dated else m.group(0), t)
    return bool(FORWARD.search(t))


_BASIS = re.compile(r"(?:按照|根据|依据|遵照)[^,，。；;\n]{0,30}?(?:要求|规划|部署|安排)")
# a report's date: its dateline or the page's publication date (2024年05月16日, 2016-08-29)
# (not a deadline: 2025年12月31日前 looks forward, it does not date the page)
_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2}(?!\d))"
                   r"(?!\s*(?:前|以前|之前|起|开始|至|到))")


def report_date(text: str) -> int | None:
    """The year a report was dated: the latest full date it carries (a dateline, the page's 发布时间), else None."""
    years = [int(y) for y in _DATE.findall(normalise(text))]
    return max(years) if years else None


def looks_forward(n: str, start: int, end: int, context: str = "", dated: int | None = None,
                  headline: int = 0) -> bool:
    """Whether the candidate at [start, end) of an item's normalised text `n` looks forward: by its sentence, the
    lead-in its paragraph opens with (a line ending in ：), or `context` (the headings it stands under). `dated` is
    the report's year; `headline` the length of a headline the item opens with, a sentence of its own though no full
    stop ends it."""
    a, b = sentence_around(n, start, end)
    if start >= headline > a:
        a = headline
    # what stands before the figure in its sentence, and its own clause: a 还将 later in the sentence looks forward
    # for its own figure (…共新建195所，新增学位19.4万个，今年在建的126所还将新增10.8万个)
    own = min([i for ch in "，,；;" if (i := n.find(ch, end, b)) >= 0] or [b])
    clause0 = max([n.rfind(ch, a, start) for ch in "，,；;"] + [a - 1]) + 1
    if _MEASURE.search(_PINYIN.sub("", n[clause0:own])):
        # a report measures progress by completion (完成率均达78%, 开工率为97.4%): a commitment only in its own words
        return _forward(n[clause0:own], dated) or bool(_BOUND.search(_PINYIN.sub("", n[clause0:own])))
    if _forward(n[_after_results(n, a, start, dated):own], dated):
        return True
    # a floor or a ceiling set in its own clause is a requirement: a result is stated as it is (达到91.1%), a
    # commitment as a bound (新增学位不少于3200个, 班额不超过45人)
    if _BOUND.search(_PINYIN.sub("", n[clause0:own])):
        return True
    # a paragraph opening on 同时，…/此外，… goes on with the sentence before it (今年新疆将…。\n同时，…实施1.7万间教室照明改造工程)
    if _GOES_ON.match(n, a) and n[:a].endswith("\n") and (p := n[:a].rstrip()):
        if _forward(n[sentence_around(p, len(p) - 1, len(p) - 1)[0]:], dated):
            return True
    line0 = n.rfind("\n", 0, a) + 1
    lead = re.match(r"[^\n。；;]*[:：]", n[line0:a]) or _previous_lead(n, line0)
    if lead and _forward(lead.group(0), dated):
        return True
    return bool(context and _forward(normalise(context), dated))


_SCHOOLS = {"个": "所"}
_GOES_ON = re.compile(r"\s*(?:同时|此外|另外|与此同时|另一方面)\s*[，,]")


# The measures of progress a report gives (完成率, 开工率, 竣工率, 执行率, 进度): how far a task has come (初中教育完成率
# is a level of schooling, not of a task).
_MEASURE = re.compile(r"(?:(?<!教育)完成|开工|竣工|执行|支出|到位|投资完成)率|(?:工程|施工|建设|形象|总)?进度")
# A clause that reports what is done (上半年已完成投资…, 完成计划的36%, 截至6月底…): a forward word before it in the
# sentence (…列入实事项目，计划总投资…) no longer speaks for the figures after it.
_DONE = re.compile(r"已(?:经|全部|累计|按计划)?[^\s，,。；;]{0,4}?(?:完成|建成|开工|竣工|投入使用|投用|新增|实现|增设|开办|"
                   r"到位|拨付|下达|招收|录取)|(?:完成|占)(?:了)?(?:年度|全年|年初)?[^\s，,。；;]{0,6}?(?:计划|任务)(?:数|总数)?的|"
                   r"截至|截止")


def _after_results(n: str, a: int, start: int, dated: int | None) -> int:
    """Where a figure's sentence last turned to results before the figure's own clause: the end of the last clause
    that reports what is done and looks forward by nothing else (else the sentence's start)."""
    clause0 = max([n.rfind(ch, a, start) for ch in "，,；;"] + [a - 1]) + 1
    at, k = a, a
    while k < clause0:
        e = min([i for ch in "，,；;" if (i := n.find(ch, k, clause0)) >= 0] or [clause0])
        clause = _PINYIN.sub("", n[k:e])
        if _DONE.search(clause) and not _forward(_DONE.sub("", clause), dated):
            at = e + 1
        k = e + 1
    return at


def _previous_lead(n: str, line0: int) -> re.Match | None:
    """The line before a list line when it ends in a colon (2024年实事项目如下：)."""
    if line0 <= 0:
        return None
    prev0 = n.rfind("\n", 0, line0 - 1) + 1
    return re.search(r"[^\n]*[:：]\s*$", n[prev0:line0 - 1])


# A paragraph that opens with what the reporter was told (据了解，… 记者从市教育局获悉，…): in news of a plan (a meeting
# that set 目标) such a paragraph reports as often as it relays, and is judged as a report's sentences are.
_REPORTED = re.compile(r"(?m)^\s*(?:据(?:了解|介绍|悉|统计)|记者[^,，。\n]{0,16}(?:获悉|了解到))")


# What a paragraph says was achieved: 取得新的突破, 质量明显提升, 已完成….
_GAINS = re.compile(r"取得(?:了)?[^，,。；;]{0,6}(?:成效|成绩|突破|进展|成果|进步)|(?:明显|显著|大幅|稳步)(?:提升|提高|改善|增长)|"
                    # a running total of what was spent or done (累计投入资金…, 累计完成…, 共计…台): a statistic
                    r"累计(?:投入|完成|新增|建成|改造|更换|安装|发放|资助|惠及)|"
                    + _DONE.pattern)


def _blanked(n: str) -> str:
    """Normalised text with a page's pinyin blanked to spaces: words whole again, offsets kept."""
    return _PINYIN.sub(lambda m: " " * len(m.group(0)), n)


def _reported_paragraph(n: str, start: int) -> bool:
    """Whether the candidate at `start` stands in a paragraph (a line of its item) that opens with 据了解-type words
    and tells of what was achieved (取得…突破, 明显提升, 已完成): the reporter's account of results, not of the plan
    the news relays (据悉，新建…幼儿园13所，计划投资… stays the plan's). `n`: the item's text, `_blanked`."""
    line0 = n.rfind("\n", 0, start) + 1
    line1 = n.find("\n", start)
    return bool(_REPORTED.match(n, line0)) and bool(_GAINS.search(n[line0:line1 if line1 >= 0 else len(n)]))


# A lead-in announcing what was achieved (…取得了显著成绩：, 主要成效如下：) and the list items after it (一是…, 二是…, 1.…).
_ACHIEVEMENTS_LEAD = re.compile(r"(?:取得(?:了)?[^，,。；;：:]{0,6}(?:成绩|成效|成果|进展|突破)|(?:主要|工作)(?:成绩|成效|成果)"
                                r"(?:如下|有)?)\s*[:：]")
_LIST_LINE = re.compile(r"\s*(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


def _listed_achievement(n: str, start: int) -> bool:
    """Whether the candidate at `start` stands in a list item (一是…, 1.…) of a list whose lead-in line announces
    achievements (推进…改革发展取得了显著成绩：): each item tells what was achieved, however its verb reads (中央将…
    提高到6000元 is 将 of the thing moved, not of time ahead). `n`: the item's text, `_blanked`."""
    line0 = n.rfind("\n", 0, start) + 1
    if _ACHIEVEMENTS_LEAD.search(n, line0, start):
        return True  # the lead and its first item on one line (…取得了显著成绩：一是…)
    while line0 > 0 and _LIST_LINE.match(n, line0):
        prev0 = n.rfind("\n", 0, line0 - 1) + 1
        if _ACHIEVEMENTS_LEAD.search(n, prev0, line0 - 1):
            return True
        line0 = prev0
    return False


def gate_report(text: str, tree, cands: list) -> bool:
    """In a report, an accepted candidate that looks forward by nothing around it (`looks_forward`) is kept for the
    reviewer below the threshold — unless the same count looks forward elsewhere in the text (a headline's 1.16万个
    the body gives as 将新增学位11600多个, or the other way round). Table rows are left alone: a report's table of
    targets (年度目标值) heads its own column. Returns whether the whole text reads as a report or a speech (what
    `is_report(text) or is_speech(text)` would say, judged once)."""
    plain = _plain(text)
    whole = _reads_as_report(plain) or _reads_as_speech(plain)
    if not whole and not _REPORTED.search(plain):
        return whole
    n_text = normalise(text)
    items, lead, dated = {}, "", report_date(text) or tree.year  # undated: as of the year it speaks of
    # a headline without a full stop the tree ran into the story (教育部:确保…全覆盖 / 司长…说,截至5月底,…)
    # (the first line past a page's furniture: a breadcrumb 首页 > 要闻 > 正文 above it is no headline)
    first = next((line.strip() for line in n_text.splitlines() if line.strip() and not is_debris(line)), "")
    head = first if len(first) <= 40 and not re.search(r"[。！？!?]", first) and not tree.title else ""
    for sec in tree.sections:
        lead = lead if not sec.title or sec.title == "导语" else ""
        for it in sec.items:
            # the headings it stands under, and the lead-in a text before it ended with (实事项目如下：) for the list
            # that follows, until a heading
            n = normalise(it.text)
            items[it.number] = (n, _blanked(n), " ".join([*sec.parents, sec.title, lead]))
            last = n.strip().rsplit("\n", 1)[-1]
            lead = last if re.search(r"[:：]\s*$", last) else lead
    forward: dict[int, bool] = {}
    for i, c in enumerate(cands):
        if c.item in items:
            n, _spaced, context = items[c.item]
            opening = len(head) if head and n.startswith(head) else 0
            forward[i] = looks_forward(n, c.start, c.end, context, dated, opening)
    # counts of ten or more that a forward sentence announces: rates and small counts recur for different things
    # (a school is counted 所 or 个: 今年新建11所中小学 is announced as 将启动11个中小学校新建项目)
    announced = {(c.value, _SCHOOLS.get(c.unit, c.unit)) for i, c in enumerate(cands)
                 if forward.get(i) and c.unit not in ("%", "‰", "百分点", "") and c.value >= 10}
    for i, c in enumerate(cands):
        if (whole and c.confidence >= ACCEPT_THRESHOLD and c.item in items
                and _listed_achievement(items[c.item][1], c.start)):
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append("报道中“取得…成绩：”之后列出的成绩，不是目标")
            continue
        if c.confidence < ACCEPT_THRESHOLD or TABLE_TARGET in c.reasons or forward.get(i, True):
            continue
        if DEADLINE_AHEAD in c.reasons:
            continue  # 今年秋季10所幼儿园可投入使用: a time ahead and the work due by then look forward (commitment.py)
        if not whole and not _reported_paragraph(items[c.item][1], c.start):
            continue  # news of a plan: only the paragraphs the reporter was told (据了解，…) are judged
        if (c.value, _SCHOOLS.get(c.unit, c.unit)) in announced:
            continue
        c.confidence = min(c.confidence, 0.3)
        c.reasons.append("报道中的数字，句中没有表示计划的词，可能是已取得的成绩")
    return whole
