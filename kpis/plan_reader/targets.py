"""The target grammar: find every quantitative target in an item's text.

A target is a quantity (number, range, Chinese numeral, 万-multiplied) with its unit, in a clause
that commits the bureau to it (新增, 建成, 达到, 以上, 不低于, 控制在, 下降…个百分点, 争创…). What looks
like a quantity but is not a target is dropped or kept with a low confidence:
- results already achieved (已达, 已完成, 超额完成, 现有, 去年, a sentence about a past year);
- dates, years, document numbers (〔2023〕2号), ordinals (第三届), ages;
- programme names and slogans (十四五, 1+3+N, “三个一”, “四个清单”, 一校一品);
- soft intentions (鼓励, 探索, 谋划, 试点).
Every candidate carries its source clause (verbatim, from the item text), where it is, and a
confidence in [0, 1]; ACCEPT_THRESHOLD is where the review page pre-ticks 采纳.

This module reads an item line by line (paragraph look-backs, table rows); `clauses.py` reads a sentence,
`lookback.py` judges results and past years, `lexicon.py` holds the vocabulary they read with."""

from __future__ import annotations

import re

from kpis.plan_reader.clauses import ACCEPT_THRESHOLD, INHERITED_VERB, Candidate, sentence_targets, split_at
from kpis.plan_reader.lexicon import (DOC_NAME, UNIT_RE, PAST_START, PLAN_LABEL, RESULT_LABEL, CUE, DECREASE_WORDS, FLOW, OPENS_WITH_FIGURE, PRESENT, ROW_FIGURE, SENTENCE_END,
                                      SYMBOL_COMPARATOR, TURN, UNIT_IN_NAME, ZERO, category, change_noun,
                                      WORDED_GOAL, YEAR_IN_HEAD, lower_is_better, unit_of)
from kpis.plan_reader.lookback import opens_look_back, opens_results, opens_term, past_year
from kpis.plan_reader.numbers import PINYIN, clean_number, normalise, parse_number

_category = category  # kpis/plan_import.py guesses a row's 类别 with it under this name
__all__ = ["ACCEPT_THRESHOLD", "TABLE_TARGET", "Candidate", "extract_targets"]

# The reason a table row's target column gives; later passes leave such a candidate as the table states it.
TABLE_TARGET = "表格中的目标值"


def extract_targets(text: str, item: str = "", year: int | None = None, past: bool = False) -> list[Candidate]:
    """Every quantitative target candidate in one item's text, in reading order. `past`: the item is
    a look back (一、2024年工作回顾): its figures are results until a sentence turns to this year. A
    paragraph (a line of the item text) whose first sentence opens with a look back (过去一年，… 2025年，
    全市教育…取得新成效：…) starts one too, which runs on past that sentence in the same way."""
    n = normalise(text)
    out: list[Candidate] = []
    header: list[str] | None = None
    under_header = False  # the last line was a table's header row
    parent: str | None = None  # an indicator named on a line of its own over its split rows (学前段 | 95.59 | 96)
    looking_back = past
    present = PRESENT + (f"|{year}\\s*年" if year else "")
    turn = TURN + (f"|{year}\\s*年" if year else "")
    for l0, l1 in split_at(n, "\n"):
        if RESULT_LABEL.fullmatch(n, l0, l1) or PLAN_LABEL.fullmatch(n, l0, l1):
            looking_back = RESULT_LABEL.fullmatch(n, l0, l1) is not None  # 落实情况 … / 任务安排 …
            continue
        if "\t" in n[l0:l1]:  # a row of a table pasted as text: one line, even with a ； in a cell
            if looking_back and re.search(present, n[l0:l1]):
                looking_back = False
            cells = n[l0:l1].split("\t")
            if _is_header(cells):
                # a second header row right under the first (2025年 | | 2026年 over 目标值 | 完成值 | 目标值) names its
                # columns within the first's: the two read as one
                header = _merged_header(header, cells) if under_header else cells
                under_header = True
                continue
            under_header = False
            groups = [(_row_targets(text, n, l0, l1, header, item, year, parent), looking_back)]
            name = next((c.strip() for c in cells if re.search(r"[\u4e00-\u9fff]", c)), "")
            parent = parent if _SPLIT_ROW.fullmatch(name) else None
        else:
            line = n[l0:l1].strip()
            # 职业院校双师型教师占专业课教师比例（%） over 中职 | 87 | 90 and 高职 | 75 | 85 (普通 / 高中: a label cut in two)
            parent = line if header and _PARENT_NAME.fullmatch(line) else parent if _SPLIT_ROW.fullmatch(line) else None
            groups = []
            carried = False  # a sentence opened by a past year runs on past its ；(2022年秋季，…9840个；…3330个。)
            listing = False  # the sentence before ended on ；with every figure a target
            results = False  # …and one opened by a past year or 截至9月 runs on to the paragraph's end, or a turn
            for k, (s0, s1) in enumerate(split_at(n, SENTENCE_END, l0, l1)):
                sentence = n[s0:s1]
                undocumented = DOC_NAME.sub("", sentence)
                turns = re.search(turn, undocumented)  # 2026年工作计划 names a document
                if opens_term(sentence):
                    turns, looking_back = None, True  # 今年秋季开学，全市新建有6所: what the term opened with, line after line
                if turns and looking_back and re.search(r"已(?:全部|经|按计划)?(?:完成|建成|实现|投用|竣工)", sentence):
                    turns = None  # 年内完成建设23所，已全部完成: a look back naming the year's task, not a turn
                if turns and looking_back and past_year(undocumented[:turns.start()], year) and not re.search(
                        present, undocumented[:turns.start()]):
                    turns = None  # 2020年度…项目建设任务为新建…6栋: a past year's task, named in its review
                if looking_back and turns:
                    looking_back = False
                results = results and not turns
                if k == 0 and not turns and opens_look_back(sentence, year):
                    looking_back = True  # (2025年入园率为97%，2026年提升至98%: its own clauses decide)
                if _FINDINGS.search(sentence) and not (turns and turns.start() > _FINDINGS.search(sentence).start()):
                    turns, looking_back = None, True  # 普测数据表明，…: what was measured, line after line
                if _OPENS_PROGRESS.search(sentence) and not turns:
                    looking_back = True  # 教育方面的具体进展有：… — what follows reports progress, line after line
                back = looking_back or results or (carried and not re.search(present, sentence))
                found = sentence_targets(text, n, s0, s1, item, year)
                if listing and not back:
                    _share_verb(sentence, found)
                groups.append((found, back))
                # 全市要创建成国重中职校3所；市级职教中心1个；…: a list run on past ；keeps the verb of its first part
                listing = n[s1:s1 + 1] in ("；", ";") and not back and bool(found) and all(
                    c.confidence >= ACCEPT_THRESHOLD for c in found)
                planned = any(c.confidence >= ACCEPT_THRESHOLD for cs, b in groups if not b for c in cs)
                results = results or (k > 0 or not looking_back) and not turns and opens_results(sentence, year, planned)
                start = PAST_START.match(sentence)
                carried = n[s1:s1 + 1] in ("；", ";") and not turns and (carried or bool(start and year and int(start.group(1)) < year))
        for cands, back in groups:
            if back:
                for c in cands:
                    c.confidence = min(c.confidence, 0.15)
                    c.reasons.append("回顾以往工作的段落，不是本年目标")
            out.extend(cands)
    return out


_NO_VERB = "没有找到表示目标的动词"
# A part of a list with no words but a name and its figure (市级职教中心1个, 精品专业2个、省重专业8个)
_BARE_PART = re.compile(r"[^\d，,、：:（(]{1,14}?\d+(?:\.\d+)?\s*(?:[-—~～至到]\s*\d+(?:\.\d+)?)?\s*\S{1,3}")


def _share_verb(sentence: str, found: list[Candidate]) -> None:
    """A sentence after a ；that is nothing but names and their figures takes the verb of the list it continues."""
    parts = [p.strip() for p in re.split(r"[、，,和及]", sentence.strip().rstrip("。；;")) if p.strip()]
    bare = [c for c in found if c.reasons == [_NO_VERB]]
    # every part a name and its figure, each figure either verb-less or a target already (1-2所, a range)
    if not bare or not all(_BARE_PART.fullmatch(p) for p in parts) or any(
            c not in bare and c.confidence < ACCEPT_THRESHOLD for c in found):
        return
    for c in bare:
        c.confidence = 0.75
        c.reasons = [INHERITED_VERB]


# A sentence announcing the progress that follows (教育方面的具体进展有, 最新进展如下): not a plan's 进展目标.
_OPENS_PROGRESS = re.compile(r"(?:具体|最新|主要|工作)进展(?:情况)?(?:有|如下|是)\s*[:：]?")
# What a survey or the statistics found (…普测数据表明，…近视率已达47.97%；初中近视率81.46%): the state measured, to the
# paragraph's end or a turn after it — of whatever year, the plan's own too: a finding is never a level set.
_FINDINGS = re.compile(r"(?:数据|调查|监测|普查|普测|筛查|统计|抽样|抽查|评估)(?:结果)?(?:表明|显示|发现)")


def _merged_header(upper: list[str] | None, lower: list[str]) -> list[str]:
    """Two header rows as one: each column's upper name (a merged upper cell spans the blank ones after it that have a
    name below) before its lower name (2025年目标值, 2025年完成值, 2026年目标值; 单位 over a blank stays 单位)."""
    if not upper or len(upper) != len(lower):
        return lower
    out, carry = [], ""
    for up, low in zip(upper, lower):
        up, low = up.strip(), low.strip()
        if low == up:  # a cell merged down both rows (Word repeats it): 序号 over 序号
            out.append(up)
            continue
        carry = up or (carry if low else "")
        out.append(carry + low if low else up)
    return out


def _is_header(cells: list[str]) -> bool:
    """序号 | 指标 | 2024年 | 2025年目标: short names of columns, no figure but years."""
    words = sum(bool(re.search(r"序号|指标|目标|项目|名称|单位|基数|基期|基准|现状|实际|责任|牵头|备注|完成", c)) for c in cells)
    figures = sum(bool(re.search(r"\d", YEAR_IN_HEAD.sub("", c))) for c in cells)
    return words >= 1 and figures == 0 and all(len(c.strip()) <= 16 for c in cells)


# An indicator's name alone on a table's line (its figures on the rows under it), and those rows' short labels.
_PARENT_NAME = re.compile(r"[^。；;，,：:\d\t]{2,40}?(?:[（(][^()（）\d]{1,6}[)）]|率|比例|系数)")
_SPLIT_ROW = re.compile(r"[\u4e00-\u9fff]{1,4}")


def _row_targets(orig: str, n: str, s0: int, s1: int, header: list[str] | None, item: str,
                 year: int | None, parent: str | None = None) -> list[Candidate]:
    """The target of one table row: the figure in the column headed 目标 (else the one written with ≥/≤,
    else the last figure), its unit from the cell (98%) or from the indicator's name (毛入园率（%）).
    Cells of prose are read by the sentence grammar instead."""
    row = n[s0:s1].replace("|", " ")  # a portal's cell rule (300 |) is no text of the cell; positions stay
    cells, pos = [], 0
    for cell in row.split("\t"):
        cells.append((pos, cell))
        pos += len(cell) + 1
    cells, flagged = _join_split_figures(row, cells)
    out: list[Candidate] = []
    figures = [(i, p, c, m) for i, (p, c) in enumerate(cells) if (m := ROW_FIGURE.match(c.strip()))]
    names = [(i, p, c) for i, (p, c) in enumerate(cells)
             if re.search(r"[\u4e00-\u9fff]", c) and not ROW_FIGURE.match(c.strip())]
    if len(names) > 1 and any(not _LEVEL.fullmatch(re.sub(r"\s+", "", c)) for _i, _p, c in names):
        names = [x for x in names if not _LEVEL.fullmatch(re.sub(r"\s+", "", x[2]))]  # 质量指标 | 覆盖率: the row is 覆盖率
    if not names:
        return out
    name_i, name_p, name = names[0]
    figures = [f for f in figures if f[0] > name_i]  # a row number before the name is no figure
    # cells of prose ('年内创建示范校10所', 'C、D级危房清零'; the name too when no figure follows it): the
    # sentence grammar, a sentence at a time (零发生；达标率100%). A cell that opens with its figure ('6所，新增
    # 学位1080个' beside the task '新建、改扩建公办幼儿园') reads on from the name cell: its verb is there.
    prose = [(i, p, c) for i, p, c in (names[1:] if figures else names)
             if re.search(r"\d|百分之", c) or CUE.search(c) or ZERO.search(c)]
    for i, p, c in prose:
        spans = split_at(n, SENTENCE_END, s0 + p, s0 + p + len(c))
        if i == name_i + 1 and spans and OPENS_WITH_FIGURE.match(n, spans[0][0]):
            spans[0] = (s0 + name_p, spans[0][1])
            if prose[0][0] == name_i:
                out = [x for x in out if x.start >= s0 + name_p + len(name)]  # read once, with its figure
        for a, b in spans:
            out.extend(sentence_targets(orig, n, a, b, item, year))
    if _words_then_actual(header, cells, name):
        return out  # 有所提升 | 100% under 指标值 | 实际完成值: the target is the words, the figure what was done
    header = _aligned(header, cells)
    if header and len(header) == len(cells):  # a 绩效评价 table's 分值 column weighs its row: no target
        figures = [f for f in figures if not re.search(r"分值|得分|权重", header[f[0]])]
    if not figures:
        return out
    last = cells[-1][1].strip()
    if figures[-1][0] < len(cells) - 1 and _WORDED_GOAL.fullmatch(PINYIN.sub("", re.sub(r"\s+", "", last))):
        return out  # 132 | 逐年只增不减: the target is the words, the figure the baseline before them
    target = None
    if header and len(header) == len(cells):
        goal = [i for i, h in enumerate(header) if re.search(r"目标|预期|计划|任务|指标值", h)]
        if year and len(goal) > 1:  # 2025年目标值 | 2026年目标值: this year's target column, not a past year's
            goal = [i for i in goal if re.search(rf"{year}\s*年", header[i])] or [
                i for i in goal if not past_year(header[i], year)] or goal
        target = next((f for f in figures if f[0] in goal), None)
        if target is None and year:  # 2023年 | 2024年 | 2025年 | 2026年 in a 2025 plan: the plan's own year's column
            target = next((f for f in figures if re.search(rf"{year}\s*年$", header[f[0]].strip())), None)
        if target is None and any(re.search(r"基数|基期|基准|现状|完成|实际|(?:19|20)\d{2}\s*年$", h) for h in header):
            target = next((f for f in figures if not re.search(r"基数|基期|基准|现状|完成|实际|(?:19|20)\d{2}\s*年$", header[f[0]])),
                          None)
    if target is None:  # the figure written with ≥ (or after its own ═ cell), else the last one
        target = next((f for f in figures if f[3].group("sym") or f[0] in flagged), figures[-1])
    # a 绩效目标表's period and year columns (周期指标值 | 本年度指标值) are both targets: the project's and this year's
    chosen = _value_columns(header, figures) or [target]
    split = parent if parent and _SPLIT_ROW.fullmatch(name.strip()) else ""  # 学前段 under 入学率（%）
    return out + [c for t in chosen if (c := _row_candidate(orig, n, s0, t, name_p, name, header, cells, figures,
                                                            flagged, item, year, split))]


# A target a 自评表 states in words (有所提升, 进一步完善, 稳步提高, 逐步改善): a direction, no level.
_WORDED_TARGET = re.compile(r"(?:有所|进一步|明显|显著|稳步|逐步|持续|不断|大幅|得到|逐年)?(?:提升|提高|完善|改善|增强|加强|好转|"
                            r"健全|规范|降低|下降|减少)")
# …and one in a target column after the row's baseline figure: 逐年只增不减, 稳步提高, 不低于上年.
_WORDED_GOAL = re.compile(f"{_WORDED_TARGET.pattern}|{WORDED_GOAL.pattern}")


def _words_then_actual(header: list[str] | None, cells: list, name: str) -> bool:
    """Whether a row of a 自评表 — its levels and name on lines of their own — is its target in words and one figure
    (有所提升 | 100%) under a header ending in a target column and an actual column (指标值 | 全年实际完成值): the
    figure stands in the actual column, what was done, and the row sets no level. The words may follow the row's
    name in a cell of their own (就学水平情况 | 有所提升 | 100%)."""
    if not header or len(header) < 2 or len(cells) not in (2, 3):
        return False
    words = name if len(cells) == 2 else cells[1][1]
    last, before = (PINYIN.sub("", re.sub(r"\s+", "", normalise(h))) for h in (header[-1], header[-2]))
    return (_WORDED_TARGET.fullmatch(PINYIN.sub("", re.sub(r"\s+", "", normalise(words)))) is not None
            and re.search(r"实际|完成", last) is not None and _FIGURE_COLUMN.fullmatch(last) is not None
            and re.search(r"目标|指标值|预期", before) is not None and not re.search(r"实际|完成", before))


_FIGURE_COLUMN = re.compile(r"[\u4e00-\u9fff]{0,4}(?:目标|指标值|预期|实际|完成)[\u4e00-\u9fff]{0,2}值?(?:\(\w*\)?)?")


def _aligned(header: list[str] | None, cells: list) -> list[str] | None:
    """A 自评表's header names its levels (一级指标 | 二级指标 | 三级指标) before its figure columns (年初目标值 |
    实际完成值), and a row whose levels stand on lines of their own has only the last of them: its name, then one
    figure a column. Such a row lines up with the header's last columns, so that the target column is read and the
    actual one is not. Other headers are kept as they are."""
    if not header or len(cells) < 3 or len(header) <= len(cells):
        return header
    tail = header[len(header) - len(cells) + 1:]
    if all(_FIGURE_COLUMN.fullmatch(PINYIN.sub("", re.sub(r"\s+", "", normalise(h)))) for h in tail) and any(
            re.search(r"实际|完成", h) for h in tail) and re.search(r"指标", header[len(header) - len(cells)]):
        return header[len(header) - len(cells):]
    return header


def _value_columns(header: list[str] | None, figures: list) -> list | None:
    """The row's figures when the header ends in two or more value columns (周期指标值, 本年度指标值, 年度目标值) and the
    row — its level cells on lines of their own — has as many figures after its name: the figures right-aligned."""
    if not header:
        return None
    k = 0
    while k < len(header) and re.fullmatch(r"[\u4e00-\u9fff]{0,4}(?:指标|目标)值", PINYIN.sub("", re.sub(r"\s+", "", normalise(header[-1 - k])))):
        k += 1
    return figures if k >= 2 and len(figures) == k else None


def _row_candidate(orig: str, n: str, s0: int, target, name_p: int, name: str, header: list[str] | None,
                   cells: list, figures: list, flagged, item: str, year: int | None, parent: str = "") -> Candidate | None:
    """The candidate of one target figure of a table row (`_row_targets`); a split row's name is its parent's and its
    own label (适龄残疾儿童少年入学率（%） 学前段), for the unit and the direction, while its source stays the row."""
    own = name
    name = f"{parent}{name}" if parent else name
    _i, p, cell, m = target
    lead_ws = len(cell) - len(cell.lstrip())
    named = UNIT_IN_NAME.search(name)
    if not named and header and len(header) == len(cells):
        named = UNIT_IN_NAME.search(normalise(header[target[0]]))  # 年度投资金额（万元）: the column names the unit
    unit_raw = m.group("unit") or (named.group("unit") if named else None) or ("比" if m.group("ratio") else None)
    if not unit_raw and header and len(header) == len(cells):
        unit_raw = _unit_column(header, cells)  # 指标名称 | 单位 | 目标值: the row's unit in a column of its own
    if not unit_raw and re.search(r"(?:数量|个数)$", normalise(name).strip()) and re.fullmatch(r"\d+", m.group("a")):
        unit_raw = "个"  # 重点建设工程安排数量 | 2: a count the row's name calls a number of things
    people = re.search(r"(人次|人)数", normalise(name))
    if not unit_raw and people and re.fullmatch(r"\d+", m.group("a")):
        unit_raw = people.group(1)  # 享受资助人数达到预计值 | 2100: a count of people the row's name calls 人数
    if not unit_raw and any(re.search(r"系数$", normalise(x).strip()) for x in (parent, own)):
        unit_raw = "系数"  # 校际优质均衡差异系数 | 小学段 | 0.40 | 0.36: a coefficient, as the sentence grammar names it
    if not unit_raw and re.search(r"人次$", normalise(name).strip()) and re.fullmatch(r"\d+(?:\.\d+)?", m.group("a")):
        unit_raw = "人次"  # 年服务人次 | 100万: a row whose name ends in the unit it counts
    if not unit_raw:
        return None
    mult = m.group("mult") or None
    unit, factor = unit_of(unit_raw, name)
    if unit_raw.startswith("万") and unit_raw != "万元":
        unit, factor = unit_raw[1:], 10_000  # 万平方米, 万人次, 万个 (万元 is unit_of's)
    value = parse_number(m.group("a"), mult)
    upper = parse_number(m.group("b"), mult) if m.group("b") else None
    if value is None:
        return None
    value *= factor
    upper = upper * factor if upper is not None else None
    sym = m.group("sym")
    reasons = [TABLE_TARGET] + ([] if m.group("unit") else [f"单位取自指标名称中的“{unit_raw}”"])
    change = change_noun(name) if unit in ("百分点", "%") else None
    if change is None and unit == "%" and (verb := re.match(r"\s*(提高|提升|增加|增长|降低|减少|下降)", normalise(name))):
        # a row named by its verb (提高县城初中学生就学率 | 27.3%) reads as the sentence 提高…27.3%: a change by
        change = "decrease_by" if verb.group(1) in ("降低", "减少", "下降") else "increase_by"
    base = None
    if header and len(header) == len(cells):
        base = next((f for f in figures if f is not target and _is_base_column(header[f[0]], year)), None)
    base_value = parse_number(base[3].group("a"), base[3].group("mult") or None) if base else None
    if change and sym not in ("≤", "<=", "<", "≦"):
        comparator = change  # 近视率年度降幅 ≥1个百分点: a decrease of at least 1
    elif unit == "百分点":
        comparator = ("decrease_by" if re.search("|".join(DECREASE_WORDS), name) or lower_is_better(name)
                      else "increase_by")
    elif sym:
        comparator = SYMBOL_COMPARATOR[sym]
    elif m.group("suffix") == "左右":
        comparator = "=="
    elif m.group("suffix") in ("以下", "以内") or re.search(r"控制(?!率)|以内|以下|不高于|不超过", name):
        comparator = "<="
    elif lower_is_better(name):
        comparator = "<="  # 大班额（个） 3 0, 近视率（%） 52.3 51.3: less is better
        reasons.append("越低越好的指标")
    elif base_value is not None and value < base_value * factor and not FLOW.search(name):
        comparator = "<="  # a level set below its baseline is a ceiling
        reasons.append("目标值低于基期值")
    else:
        comparator = ">="
    st, en = s0 + name_p, s0 + p + lead_ws + m.end()
    return Candidate(item=item, source=orig[st:en].strip(), start=st, end=en, value=clean_number(value),
                      value_upper=clean_number(upper), unit=unit, comparator=comparator, confidence=0.8,
                      name=(re.sub(r"[(（][^)）]*[)）]\s*$", "", parent).strip()
                            + re.sub(r"[(（][^)）]*[)）]\s*$", "", orig[s0 + name_p:s0 + name_p + len(own)]).strip()) or name,
                      category=category(name), reasons=reasons)


_UNIT_HEAD = re.compile(r"\s*(?:计量|计算)?单位\s*")
_UNIT_ONLY = re.compile(rf"万?(?:{UNIT_RE})")  # 所, %, 万元, 万个


def _unit_column(header: list[str], cells: list) -> str | None:
    """The unit a row gives in the column its header names 单位 (计量单位), when the cell is a unit the reader knows."""
    k = next((i for i, h in enumerate(header) if _UNIT_HEAD.fullmatch(normalise(h).replace("|", ""))), None)
    if k is None:
        return None
    unit = re.sub(r"[\s|]+", "", normalise(cells[k][1]))  # a portal's cell rule (所 |) is no part of the unit
    return unit if _UNIT_ONLY.fullmatch(unit) else None


def _is_base_column(head: str, year: int | None) -> bool:
    """基期值, 2025年实际, 现状, 2025年: a column of what was, not of the target."""
    if re.search(r"目标|预期|计划|任务", head):
        return False
    if re.search(r"(?:实际|完成)[\u4e00-\u9fff]{0,2}值", head) and not re.search(r"(?:19|20)\d{2}", head):
        return False  # a 自评表's 实际完成值 beside its 年初目标值: the same year's outcome, no baseline to set against
    if re.search(r"基数|基期|基准|现状|实际|完成|上年|十[一二三四五六七八九]五(?:期间|末|时期)", head):
        return True
    y = re.search(r"((?:19|20)\d{2})\s*年", head)
    return bool(y and year and int(y.group(1)) < year)


# A level name of a 绩效 table (产出指标, 质量指标, 经济效益 指标): the row's indicator is the cell after it.
_LEVEL = re.compile(r"[\u4e00-\u9fff]{2,12}指标等?")
_COMPARATOR_CELL = re.compile(r"≥|≤|>=|<=|>|<|≧|≦|＞|＜")
_EQUAL_CELL = re.compile(r"═|=|＝")


def _join_split_figures(row: str, cells: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], set[int]]:
    """学生受资助人数 | ≧ | 735 | 人次 | 735: a table that gives the comparator, the value and the unit cells of their own.
    A comparator cell joins the figure after it, a unit cell the figure before it (the joined cell is the row's text
    from the first to the last, so that ROW_FIGURE reads it whole). Returns the cells and the indices of figures a
    comparator or an ═ cell announced (the row's target, beside an actual value without one)."""
    out: list[tuple[int, str]] = []
    flagged: set[int] = set()
    announced = False
    for p, c in cells:
        t = c.strip()
        k = len(out) - 1
        while k >= 0 and not out[k][1].strip():
            k -= 1  # the cells a `|` rule left blank between them
        last = out[k][1].strip() if k >= 0 else ""
        fig = ROW_FIGURE.match(last)
        if t and ((re.fullmatch(UNIT_RE, t) and fig and not fig.group("unit") and not fig.group("suffix"))
                  or (_COMPARATOR_CELL.fullmatch(last) and ROW_FIGURE.match(t))):
            q = out[k][0]
            if _COMPARATOR_CELL.fullmatch(last):
                flagged.add(k)
            out[k:] = [(q, row[q:p + len(c)])]
            continue
        if _EQUAL_CELL.fullmatch(t):
            announced = True
        elif t:
            if announced and ROW_FIGURE.match(t):
                flagged.add(len(out))
            announced = False
        out.append((p, c))
    return out, flagged
