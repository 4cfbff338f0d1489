"""The sentence grammar: every quantity of a sentence, the clause and list it belongs to, the reasons it
may be no target, its comparator and confidence (`Candidate`). Vocabulary in `lexicon.py`."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from kpis.plan_reader.lexicon import (PHONE, PROGRAMME_BEFORE, PROGRAMME_COUNT, PROGRAMME_IN, PROGRAMME_KINDS,
                                      PROGRAMME_LATER, PROGRAMME_NOUN, SITE_AREA, PREVALENCE,
                                      PROGRAMME_OF, NOUN_AFTER_WAN, SHARE_OF_BEFORE, THOUSANDS_COMMA, ACHIEVED, CITE_CLOSE, CITE_OPEN,
                                      CLAUSE_END, CN_NOUN_NUMERAL, CN_STRUCTURE_AFTER, CN_UNITS, CUE, DATED_EVENT,
                                      DONE_SUM, FIRM_BEFORE, LEVEL_BEFORE, LIST_SEP, META_AFTER, META_BEFORE, META_VERB,
                                      ONE_TO_N, PERCENT_WORDS, QTY, QUOTE_CLOSE, RANK_BEFORE, RATE_BEFORE,
                                      RATE_LEVEL_BEFORE, RATIO_COLON, SENTENCE_END, SOFT_CUES, STRONG_CUES,
                                      STRUCTURE_AFTER, TENTHS_WORDS, SYMBOL_BEFORE, YEARS_LISTED, YEARS_NOUN,
                                      YEARS_UNIT, ZERO, ZERO_TAIL, ZONE_BEFORE, CLASS_SIZE_OF, PLACE_WORD,
                                      SIZE_IN_BRACKETS, bare_unit, category, unit_of, zero_unit)
from kpis.plan_reader.comparator import comparator as _comparator
from kpis.plan_reader.commitment import round_figure, after_figure, forecast_of_people
from kpis.plan_reader.lookback import inside_title, looks_back, mark_breakdown_of_results
from kpis.plan_reader.numbers import PINYIN, clean_number, normalise, parse_number
from kpis.plan_reader.qualifiers import qualifies_next_count
from kpis.plan_reader.reports import mark_reports
from kpis.plan_reader.quotes import counts_quoted_names, inside_quotes
from kpis.plan_reader.scopes import picks_or_bounds

ACCEPT_THRESHOLD = 0.5  # where the review page pre-ticks 采纳
UNIT_GUESSED = "原文未写单位"  # how the reason of a unit read from the words before the figure opens


@dataclass
class Candidate:
    item: str
    source: str
    start: int
    end: int
    value: float | int
    value_upper: float | int | None
    unit: str
    comparator: str
    confidence: float
    name: str
    category: str
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


NO_VERB = "没有找到表示目标的动词"  # the reason of a figure no verb commits to
INHERITED_VERB = "沿用前一分句的动词"  # …and of one that takes the verb of the clause before it


def split_at(text: str, ends: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
    stop = len(text) if stop is None else stop
    out, s = [], start
    for i in range(start, stop):
        if text[i] in ends:
            if i > s:
                out.append((s, i))
            s = i + 1
    if stop > s:
        out.append((s, stop))
    return out


def prev_char(sentence: str, pos: int) -> str:
    return sentence[pos - 1] if pos else ""


def _name(seg: str, q_start: int, q_end: int) -> str:
    """A short name from the clause without its number: '公办园在园幼儿占比保持在50%以上' → '公办园在园幼儿占比'.
    Boundaries are found on the normalised text and cut from `seg` as written (traditional stays traditional)."""
    norm = normalise(seg)
    lo, hi = 0, q_start
    lead = re.match(r"(?:\d{4}年?|年内|全年|今年|其中|同时|并|计划|确保|保障|推动|力争|努力)+", norm[lo:hi])
    lo += lead.end() if lead else 0
    # (纳管率将提升至7成 names 纳管率: the 将 of time goes with the verb)
    trail = re.search(r"(?:将|要|须|应|力争|逐步|进一步)*(?:保持在|稳定在|提升至|提高至|提高到|提升到|达到|不低于|不少于|不高于|"
                      r"不超过|控制在|增至|达)$", norm[lo:hi])
    hi = lo + trail.start() if trail else hi
    # a list of names before 等N所 is detail, not the name: keep the verb in front of the list
    named_after = bool(re.match(r"(?:以上|以下|以内|左右)?的?[\u4e00-\u9fff]", norm[q_end:]))
    if re.search(r"、.*等$", norm[lo:hi]) or ("、" in norm[lo:hi] and named_after):
        head = norm[lo:hi].split("、")[0]
        cues = [head.rfind(c) + len(c) for c in STRONG_CUES if c in head]
        hi = lo + (max(cues) if cues else 0)
    a0 = q_end
    skip = re.match(r"(?:以上|以下|以内|左右|的)", norm[a0:])
    a0 += skip.end() if skip else 0
    name = (seg[lo:hi] + seg[a0:]).strip("，,、和及与的 ”“\"")
    name = re.sub(r"\s+", "", name)
    if name.count("“") > name.count("”"):
        name += "”"
    return (name or seg)[:40]



def sentence_targets(orig: str, n: str, s0: int, s1: int, item: str, year: int | None) -> list[Candidate]:
    sentence = n[s0:s1]
    found: list[dict] = []
    # 1. every quantity that could be a target, with the reasons it might not be
    words = sorted([*PERCENT_WORDS.finditer(sentence), *TENTHS_WORDS.finditer(sentence)], key=lambda m: m.start())
    in_words = lambda p: any(w.start() <= p < w.end() for w in words)  # noqa: E731
    matches = sorted([*(m for m in QTY.finditer(sentence) if not in_words(m.start())), *words], key=lambda m: m.start())
    level_end: int | None = None  # where the last figure read as a unitless level ended
    listed: tuple[int, str] | None = None  # where the last figure with a unit ended, and its unit
    consumed = 0  # the end of a 1:N ratio, whose N is no figure of its own
    phones = [(p.start(), p.end()) for p in PHONE.finditer(sentence)]
    for m in matches:
        a, b, unit, mult, suffix = m.group("a"), m.group("b"), m.group("unit"), m.group("mult"), m.group("suffix")
        pos, end = m.start(), m.end()
        mult = mult or None
        if pos < consumed or any(a0 <= pos < a1 for a0, a1 in phones):
            continue
        if (m.re is not QTY or unit == "%") and PREVALENCE.match(sentence, end):
            continue  # 8成以上初中学生近视, 30%的儿童超重: how many have the condition, not a target (近视率下降…)
        if m.re is PERCENT_WORDS:  # 百分之九十 is 90 %
            found.append(dict(m=m, pos=pos, end=end, is_cn=False, unit="%", level=False, mult=None))
            continue
        if m.re is TENTHS_WORDS:  # 七成 is 70 %, 九成五 95 %
            found.append(dict(m=m, pos=pos, end=end, is_cn=False, unit="%", level=False, mult="成",
                              tenth=m.group("tenth")))
            continue
        prev = sentence[pos - 1] if pos else "\n"  # a sentence start: no character, and "" would be "in" every set below
        nxt = sentence[end] if end < len(sentence) else ""
        is_cn = not a[0].isdigit()
        if re.match(r"\s*[)）]", sentence[end:]) and (
                (prev in "（(" and (suffix or not unit or unit in ("人", "名", "岁")))
                or (SIZE_IN_BRACKETS.search(sentence[:pos]) and suffix and unit in ("人", "名"))):
            continue  # 大班额（56人以上）, 省一级以上（3所）, 规模较大的学校（在校生500人以上）…: a definition in brackets
        if (prev in "由从" and not (pos >= 2 and sentence[pos - 2] in "自")) or re.search(
                r"(?<!自)[由从]\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*的\s*$", sentence[:pos]):
            continue  # 由120所减少到100所, 从2018年的16.5%上升至20%: the starting point, not the target
        if (suffix in ("以上", "以下", "及以上") and sentence[end:end + 1] == "的" and unit not in ("%", "％")) or re.match(
                r"(?:大班额|超大班额|班额)", sentence[end:]):
            continue  # 56人以上大班额, 200人以上的学校: a description, not a target
        if picks_or_bounds(sentence, pos, end, unit, suffix):
            continue  # 200人以上寄宿制学校, 30万人口以上的市县, 课时数:36课时, …以外的, 共分6个组 (scopes.py)
        if prev == "每" or (not unit and re.search(r"(?:附件|附表|附录)\s*$", sentence[:pos])) or (
                prev == "附" and re.match(r"[^，,。；;]{0,8}?(?:名单|清单|目录|一览表)", sentence[end:])):
            continue  # 每千名学生: a denominator; 详见岗位表(附件1), (附100所建设名单): a document's attachment, not a target
        if CITE_OPEN.search(sentence[:pos]) and CITE_CLOSE.match(sentence, end):
            continue  # 落实…关于保障学生每天参加至少1小时体育锻炼的规定: a cited provision, not the plan's own figure
        if unit in ("米", "公里") and not LEVEL_BEFORE.search(sentence[:pos]) and (
                re.match(r"\s*范围", sentence[end:]) or (
                    (suffix == "以内" or re.match(r"\s*内", sentence[end:])) and ZONE_BEFORE.search(sentence[:pos]))):
            continue  # 校园周边200米范围内无网吧: a distance that draws a zone
        if STRUCTURE_AFTER.match(sentence, end) or (not a[0].isdigit() and CN_STRUCTURE_AFTER.match(sentence, end)):
            continue  # 聚焦…四个方面, 实施“…”五项行动: the plan's own headings, no quantity
        if not b and unit in ("项", "个", "类", "件", "条") and counts_quoted_names(sentence, pos, a):
            continue  # 推进“控辍保学、学前学普、质量提升、强师固本”四项重点工作: a count of the names just quoted
        if unit in ("项", "条", "个", "件") and (META_BEFORE.search(sentence[:pos]) or (
                META_VERB.search(sentence[max(0, pos - 12):pos]) and META_AFTER.match(sentence, end))):
            continue  # 确定重点工作任务25项, 明确48项重点任务: the plan counting its own tasks
        if unit in ("件", "项", "个") and (PROGRAMME_OF.match(sentence, end) or (
                PROGRAMME_IN.search(sentence[:pos]) and PROGRAMME_NOUN.match(sentence, end))):
            continue  # 列入…20件民心工程, 作为13项暖民心行动之一: the programmes a task belongs to
        if (unit in ("件", "项") and PROGRAMME_COUNT.match(sentence, end)) or (unit in ("件", "项", "个") and (
                PROGRAMME_LATER.match(sentence, end) or PROGRAMME_BEFORE.search(sentence[:pos]))):
            continue  # 办好十项实事, 实施27个为民办实事项目, 民生实事项目为10项: a count of programmes, each its own targets
        if unit in ("项", "类") and not b and PROGRAMME_KINDS.match(sentence, end):
            continue  # 通过…等11项举措, 实施5项重点工程, 提出7项指标: the measures counted, each its own targets
        if unit == "个" and re.match(r"\s*班", sentence[end:]) and re.search(r"(?:规划|设计|规模)(?:为|设置)?\s*$",
                                                                              sentence[:pos]):
            continue  # 规划为36个班: a school's designed size, no target of the year
        if unit in ("个", "班") and CLASS_SIZE_OF.match(sentence, pos) and re.search(r"所\s*$", sentence[:pos]):
            continue  # 新建一所36个班的小学: the size of the school just counted, which is the target
        if re.search(r"等\s*$", sentence[:pos]) and re.match(r"\s*(?:区|县|市|镇|乡|街道|省份|省)的", sentence[end:]):
            continue  # 补齐A区、B区…等9个区的…缺口: the places a task covers, counted
        if qualifies_next_count(sentence, end, unit):
            continue  # 97所中小学2317间教室…改造: the first count says whose (qualifiers.py)
        if unit == "个" and re.match(r"(?:工作日|月|星期|学期|学年|小时)", sentence[end:]):
            continue  # 10个工作日内办结, 3个月内: a deadline
        if unit == "位" and nxt == "数" or unit == "起" and re.search(r"[月日号]\s*$", sentence[:pos]):
            continue  # 保持两位数增长, 9月1起施行: no count
        if a[0].isdigit() and (re.search(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*$", sentence[:pos]) or (
                re.search(r"(?:[日号]|[上下中]午|晚上|早上|凌晨)\s*$", sentence[:pos]) and re.match(r"\s*[:：]\s*\d{2}(?!\d)", sentence[end:]))
                or re.match(r"[:：∶]\d{2}\s*[-—－~～至到]\s*\d{1,2}\s*[:：∶]\s*\d{2}", sentence[end:])):
            continue  # 2024年6月14 (the 日 lost where a form's line wrapped), 11月21日13:22, 8:30-12:00: a date or a time
        if inside_title(sentence, pos):
            continue  # 《…2024-2026年…100所…》: a document title
        if b and re.fullmatch(r"(?:19|20)\d{2}", a) and len(b) == 2 and int(b) == (int(a) + 1) % 100:
            continue  # 1998-99学年: a school year
        if prev == "第" or prev in "〔[【" or prev == "+" or nxt == "+" or (end < len(sentence) and sentence[end - 1:end + 1].endswith("+")):
            continue  # ordinal, document number, programme name (1+3+N)
        if a[0].isdigit() and prev.isdigit():
            continue
        if prev in "〕]】" and not unit:
            continue
        years = YEARS_UNIT.match(sentence, end) if not unit and mult is None and not b else None
        # (a 分别 list's subjects may stand in the sentence before: …年限分别达到…；2020年分别达到…和15年以上)
        if years and (YEARS_NOUN.search(sentence[:pos]) or YEARS_LISTED.search(n, max(0, s0 - 90), s0 + pos)
                      or ("." in a and LEVEL_BEFORE.search(sentence[:pos]))):
            unit, end, suffix = "年", years.end(), years.group("suffix") or suffix  # 受教育年限达到12.5年
            nxt = sentence[end] if end < len(sentence) else ""
            found.append(dict(m=m, pos=pos, end=end, is_cn=is_cn, unit=unit, level=False, mult=None, suffix=suffix))
            level_end = None
            continue
        if (not unit and mult is None and not is_cn and not m.group("ratio")
                and (RATE_LEVEL_BEFORE.search(sentence[:pos]) or SHARE_OF_BEFORE.search(sentence[:pos]))
                and float(a) <= 100 and float(b or 0) <= 100 and not re.match(r"\s*[:：∶/]", sentence[end:])):
            # 入学率达99.99, 占在校学生总数的10以上: a rate or share whose % the copy dropped
            found.append(dict(m=m, pos=pos, end=end, is_cn=False, unit="%", level=False, mult=None,
                              bare_rate="占比" if SHARE_OF_BEFORE.search(sentence[:pos]) else "率"))
            level_end = None
            continue
        level = ratio = False
        # the next of a list of levels (分别控制在0.42、0.38以内; 17:1和13.5:1) is a level too
        cont = level_end is not None and re.fullmatch(r"\s*[、和及与]\s*", sentence[level_end:pos]) is not None
        one_to = ONE_TO_N.match(sentence, pos) if a == "1" and not unit and not b else None
        if one_to and (LEVEL_BEFORE.search(sentence[:pos]) or re.search(r"比[\u4e00-\u9fff]{0,6}$", sentence[:pos])):
            # 师幼比达到1:7: N per one, its direction is the reviewer's to confirm
            consumed = one_to.end()
            found.append(dict(m=m, pos=pos, end=one_to.end(), is_cn=False, unit=None, level=True, mult=None, ratio=True,
                              one_to=one_to.group("n"), suffix=one_to.group("suffix")))
            level_end = None
            continue
        if one_to:
            consumed = one_to.end()
            continue  # 按1:1:1比例, 1:15 without a level: a proportion
        if m.group("ratio") and not unit and mult is None and not is_cn:
            if not (LEVEL_BEFORE.search(sentence[:pos]) or cont or re.search(r"比[\u4e00-\u9fff]{0,6}$", sentence[:pos])):
                continue  # 按1:1比例配套: a proportion, not a level
            level = ratio = True  # 生师比控制在17:1以内: a ratio N:1 is the level N
        elif not unit and mult is None and not is_cn and (LEVEL_BEFORE.search(sentence[:pos]) or cont) and (
                suffix or not nxt or nxt in CLAUSE_END + SENTENCE_END + LIST_SEP):
            level = True  # 差异系数控制在0.45以内: a figure without a unit
        elif not unit and (mult is None):
            # a bare count ('先进学校”12'): only an integer ending its clause, after a quote or a noun
            if is_cn or "." in a or b or len(a) > 3 or (nxt and nxt not in CLAUSE_END + SENTENCE_END + LIST_SEP):
                continue
            if nxt == "" and end < len(sentence):
                continue
            if not re.search(r"[\u4e00-\u9fff”\"]$", sentence[:pos]):
                continue
            if re.search(r"(?:目标|指标|任务)$", sentence[:pos]):
                continue  # 目标1：…；目标2：…: the number of a goal, not a count of anything
        if not unit and mult:
            # 新增10万普高学位, 为14万小学二年级学生…: a count in 万 runs straight into its noun, which tells the unit
            noun = NOUN_AFTER_WAN.match(sentence, end) if not is_cn else None
            if not noun:
                continue
            found.append(dict(m=m, pos=pos, end=end, is_cn=False, unit="个" if noun.group("seats") else "人", level=False,
                              mult=mult, suffix=suffix, noun_unit=True))
            level_end = None
            continue
        if is_cn:
            if unit not in CN_UNITS:
                continue
            if unit in ("校", "园") and a not in ("十", "百", "千", "万"):
                continue
            if (re.match(r"[\d%]", nxt or "x") and not CLASS_SIZE_OF.match(sentence, end)) or (
                    re.match(r"[一二两三四五六七八九十]", nxt or "x") and not CN_NOUN_NUMERAL.match(sentence, end)):
                continue  # 一校一品, 四个100%, 三个一 — but 两所九年一贯制学校, 三所一级幼儿园 count
        quoted, q_open = inside_quotes(sentence, pos)
        if quoted:
            if is_cn:
                continue  # “三个一”, “两个确立”, “五张责任清单”
            inner = sentence[q_open + 1:pos]
            close = min([i for i in (sentence.find(c, end) for c in QUOTE_CLOSE + '"') if i >= 0] or [len(sentence)])
            after_quote = sentence[close + 1:close + 5]
            if not (CUE.search(inner) or re.match(r"全面达标|达标|落实到位", after_quote)):
                continue  # “10分钟健身圈”
        # …近视率分别控制在46.8%、67.51%、72.73%: the next figure of a list in the same unit shares the first's verb too
        same = listed is not None and unit == listed[1] and re.fullmatch(r"\s*[、和及与]\s*", sentence[listed[0]:pos])
        found.append(dict(m=m, pos=pos, end=end, is_cn=is_cn, unit=unit, level=level, mult=mult, ratio=ratio,
                          cont=(cont and level) or bool(same)))
        level_end = end if level else None
        listed = (end, unit) if unit else None
    # 2. each quantity's segment: from its clause start (or the list separator after the previous
    #    quantity) to the separator before the next quantity (or the clause end)
    clauses = split_at(THOUSANDS_COMMA.sub("·", RATIO_COLON.sub(lambda r: "∶" * len(r.group()), sentence)), CLAUSE_END)
    out: list[Candidate] = []
    cue_before = ""  # the cue of an earlier clause in the sentence, inherited by verb-less lists
    cue_units: set[str] = set()  # the units of that clause's figures, and the noun before its first
    cue_noun = ""
    breakdown = False  # inside the parts of a 其中 breakdown
    parts_of = False  # whether the clause the parts' verb comes from reports work done (已建成…)
    for c0, c1 in clauses:
        in_clause = [f for f in found if c0 <= f["pos"] < c1]
        clause = sentence[c0:c1]
        if not in_clause:
            if CUE.search(clause):
                cue_before, breakdown = clause, False
            continue
        starts = []
        for i, f in enumerate(in_clause):
            if i == 0:
                st = c0
            else:
                prev_end = in_clause[i - 1]["end"]
                seps = [j for j in range(prev_end, f["pos"]) if sentence[j] in LIST_SEP]
                st = seps[-1] + 1 if seps else prev_end
            starts.append(st)
        for i, f in enumerate(in_clause):
            st = starts[i]
            # (up to the separator before the next figure, or, with none between, up to the next figure's own words:
            # 改造136所幼儿园 其中…改造40所 keeps its 所)
            en = c1 if i + 1 >= len(in_clause) else starts[i + 1] - 1 if starts[i + 1] > in_clause[i]["end"] \
                else starts[i + 1]
            if en - f["end"] > 20:
                tail = sentence[f["end"]:en]
                cut = min([k for k in (tail.find(ch) for ch in "、和及") if k > 0] or [20])
                en = f["end"] + cut
            # trim a leading year ('2021争创3所…', '2021年计划…') and spaces
            lead = re.match(r"(?:\s|(?:19|20)\d{2}年?(?:计划)?)*", sentence[st:f["pos"]])
            st += lead.end() if lead else 0
            # later quantities of a list share the verb of the first ('认定…30名、…500名、…1500名')
            inherit = cue_before if i == 0 else sentence[c0:in_clause[0]["pos"]] + cue_before
            cand = _candidate(orig, n, s0, sentence, st, en, f, item, year, clause, inherit, clauses, c0)
            if cand is not None:
                if (f.get("cont") and out and not sentence[st:f["pos"]].strip() and not f["m"].group("suffix")
                        and not SYMBOL_BEFORE.search(sentence[:f["pos"]])):
                    cand.comparator = out[-1].comparator  # 不高于0.50、0.45: the list shares its verb
                done = "已经取得的成绩，不是目标"
                if (breakdown or re.match(r"\s*其中", clause)) and parts_of and INHERITED_VERB in cand.reasons \
                        and done not in cand.reasons:
                    cand.confidence = min(cand.confidence, 0.15)  # 已建成学校12所，其中小学8所: the parts of a result
                    cand.reasons.append(done)
                out.append(cand)
        # 增加学位5000个，其中幼儿园420个，中小学4580个: the parts of a 其中 breakdown, clause after clause, keep the
        # verb of the sum they break down until a clause has a verb of its own
        opens = not breakdown and bool(re.match(r"\s*其中", clause))
        breakdown = breakdown or opens
        if CUE.search(PINYIN.sub("", clause)):
            breakdown = False
        # (…新增小学学位12690个，初中学位3000个，幼儿学位1890个: a clause that only took the verb on passes it on, down
        # a list of the same thing — its noun and unit; 幼儿园600个，学校总数1000个 is no such list)
        mine = out[len(out) - len(in_clause):]
        noun = _noun_before(sentence, c0, in_clause[0]["pos"]) if in_clause else ""
        passed_on = in_clause and not CUE.search(PINYIN.sub("", clause)) and noun == cue_noun != "" and all(
            INHERITED_VERB in c.reasons and c.unit in cue_units for c in mine)
        if not breakdown and not passed_on:
            cue_before, cue_units, cue_noun = clause, {c.unit for c in mine}, noun
            parts_of = bool(DONE_SUM.search(PINYIN.sub("", clause)))  # the sum a 其中 may break down was done
    # 3. zero targets: 控辍保学常态清零, 溺水事故零发生, 责任事故为零, 实现零事故 — a target of 0 in the unit of
    #    the noun counted (事故 → 起, 机构 → 家, 辍学学生 → 人, 学校 → 所, a rate → %, else 个)
    for m in ZERO.finditer(sentence):
        c0, c1 = next((c for c in clauses if c[0] <= m.start() < c[1]), (0, len(sentence)))
        seg = sentence[c0:c1]
        st = c0 + (re.match(r"(?:推进|推动|确保|实现|保持|做到|力争|坚持)?", seg).end())
        counted = m.group("noun") or sentence[c0:m.start()]
        unit = zero_unit(counted)
        src = orig[s0 + st:s0 + c1]
        conf = 0.7
        reasons = ["清零即目标为 0" if m.group(0) == "清零" else "零发生、为零即目标为 0"]
        past = "已实现的成绩" if ACHIEVED.search(sentence[:m.start()]) else looks_back(sentence, clauses, c0, m.start(), year)
        if past:
            conf, reasons = 0.15, reasons + [past]
        out.append(Candidate(item, src, s0 + st, s0 + c1, 0, None, unit, "<=", conf,
                             ZERO_TAIL.sub("", _name(src, len(src), len(src))) or src,
                             category(seg), reasons))
    out.sort(key=lambda c: c.start)
    mark_reports(sentence, s0, clauses, out)
    mark_breakdown_of_results(n, s0, s1, out)
    return out



def _noun_before(sentence: str, c0: int, pos: int) -> str:
    """The last two characters of the words right before a clause's first figure (小学学位12690个 → 学位)."""
    m = re.search(r"[\u4e00-\u9fff]{2}$", PINYIN.sub("", sentence[c0:pos]).rstrip())
    return m.group(0) if m else ""


def _candidate(orig: str, n: str, s0: int, sentence: str, st: int, en: int, f: dict, item: str,
               year: int | None, clause: str, cue_before: str, clauses: list[tuple[int, int]], c0: int
               ) -> Candidate | None:
    m = f["m"]
    a, b, mult, suffix = f.get("one_to") or m.group("a"), m.group("b"), f["mult"], f.get("suffix", m.group("suffix"))
    before = sentence[st:f["pos"]]
    unit_raw = f["unit"]
    unit, factor = unit_of(unit_raw, before)
    symbol_m = SYMBOL_BEFORE.search(sentence[:f["pos"]])
    symbol = symbol_m.group(1) if symbol_m else None
    reasons: list[str] = []
    if f.get("one_to"):
        unit = "比"
        reasons.append(f"比值 1:{a}，记为 {a}（比较方向请确认）")
    elif not unit_raw and f.get("ratio"):
        unit = "比"
        reasons.append(f"比值 {a}:1，记为 {a}")
    elif not unit_raw and f.get("level"):
        unit = "系数" if "系数" in clause else ""
        reasons.append("原文数值没有单位" + ("，按“系数”记" if unit else "，请补填单位"))
    elif not unit_raw:
        unit = bare_unit(before)
        reasons.append(f"{UNIT_GUESSED}，按上下文推定为“{unit}”")
    if f.get("noun_unit"):
        reasons.append(f"原文未写单位，按其后的名词记为“{unit}”，请确认")
    if f.get("bare_rate"):
        reasons.append(f"原文未写“%”，“{f['bare_rate']}”的数值按百分数记，请确认")
    if unit_raw in ("校", "园"):
        factor = 1
    value = parse_number(a, mult)
    if value is not None and f.get("tenth"):
        value += parse_number(f["tenth"])  # 九成五: 90 + 5
    upper = parse_number(b, mult) if b else None
    if value is None:
        return None
    value *= factor
    if upper is not None:
        upper *= factor
        if upper < value:
            value, upper = upper, value
    comparator = _comparator(before, unit, suffix, symbol)
    if comparator == "==":
        reasons.append(("“左右”" if suffix == "左右" else "“约”") + "是约数，按“等于”记，请确认")
    rank = prev_char(sentence, f["pos"]) == "前" and unit in ("名", "位", "%", "‰", "个", "") and (
        unit in ("名", "位") and not re.search(r"[月日底年周天期]前$", sentence[:f["pos"]])
        or RANK_BEFORE.search(sentence[:f["pos"]]))
    if rank:
        comparator = "<="  # 进入全省前10名: a rank, lower is better — and no quantity the bureau delivers
        reasons.append("名次，不是数量目标")
    start_from = re.search(r"[由从]\s*(\d+(?:\.\d+)?)\s*" + re.escape(unit_raw or "") + r".{0,6}(?:至|到|为)$", before)
    if comparator == ">=" and start_from and float(start_from.group(1)) > value:
        comparator = "<="  # 由120所调整到100所
    # confidence
    # the verb read without the pinyin a page prints inside it (實(shí)施 is 实施)
    own_cue = (suffix or symbol or CUE.search(PINYIN.sub("", before)) or re.search(r"(?:至|到|为|超|逾)$", before)
               or RATE_BEFORE.search(before)
               # …毕业率分别为100%、99.9%、99.9%: each figure of a 分别 list takes the list's verb
               or re.search(r"分别[^，,。；;\d]{0,6}\d[^，,。；;]*[、和及]\s*$", sentence[:f["pos"]]))
    # (…招聘会22日在长春举办，吸引…625家单位参会: a verb dated to a day is an event told, nothing to inherit)
    inherited = not own_cue and CUE.search(PINYIN.sub("", cue_before)) and not DATED_EVENT.search(cue_before)
    if (rounded := round_figure(before, sentence, f["m"].end("a"), bool(inherited))) is not None:
        confidence = rounded[0]
        reasons.append(rounded[1])
    elif own_cue:
        confidence = 0.9
    elif upper is not None and not f["is_cn"]:
        confidence = 0.75  # a range (3至5个) is a plan's figure: results are counted, not bracketed
        reasons.append("区间数通常是计划目标")
    elif inherited:
        confidence = 0.75
        reasons.append(INHERITED_VERB)
    elif (later := after_figure(sentence, before, f["end"], unit)) is not None:
        confidence = later[0]
        reasons.append(later[1])
    else:
        confidence = 0.45
        reasons.append(NO_VERB)
    if f["is_cn"] and unit_raw not in ("所", "个", "座", "家", "处", "间", "项") and \
            sentence[f["end"]:f["end"] + 1] in tuple("区县市镇乡村街路"):
        return None  # 九台区, 三道镇: a place's name, not a count (一所县城幼儿园 is a count)
    if f["is_cn"]:
        # 三所/两个 only count right after the verb ('新增两所') or closing a list (A、B两所学校, …等三所);
        # '三项制度', '八项规定' are names
        ends_clause = f["end"] >= len(sentence) or sentence[f["end"]] in CLAUSE_END + SENTENCE_END + "、"
        # (a place may stand between: 改扩建城区两所闲置校舍)
        right_after_verb = re.search("(?:" + "|".join(STRONG_CUES) + r")(?:了|共|等)?(?:" + PLACE_WORD + ")?$", before)
        # (…使景山中学等三所学校达“智慧校园”标准: the schools closing the list are what is to be done)
        closes_list = (before.endswith("等") or "、" in before) and (
            CUE.search(before) or (unit_raw == "所" and after_figure(sentence, before, f["end"], unit)))
        if not (right_after_verb or closes_list or (ends_clause and CUE.search(before))):
            return None
        confidence -= 0.1
        reasons.append("中文数字")
        if unit_raw == "个" and not ends_clause:
            # 打造三个强省, 实现四个基本目标, 上一个新台阶: 个 in characters before its noun counts a slogan's parts;
            # a plan counts what it delivers after the noun, or with its own measure word (新建两所学校, 基地两个)
            confidence = min(confidence, 0.45)
            reasons.append("“几个…”在名词前，是提法中的数目")
    if not unit_raw and not f.get("ratio"):
        confidence -= 0.1 if f.get("level") else 0.25
    if upper is not None:
        reasons.append("区间目标")
    if rank:
        confidence = min(confidence, 0.3)
    if unit in ("亩", "平方米", "公顷") and SITE_AREA.search(before):
        confidence = min(confidence, 0.3)  # 建设项目占地8.5亩: the site a project takes, a description
        reasons.append("占地面积是对项目的说明，不是目标")
    if f.get("one_to"):
        comparator = "<=" if comparator == ">=" else comparator  # 1:7 is at most 7 per one
        confidence = min(confidence, 0.45)
    soft = [m.group() for m in SOFT_CUES.finditer(sentence[st:f["pos"]])]
    firm = FIRM_BEFORE.search(sentence[:f["pos"]]) or suffix in ("以上", "及以上", "以下", "以内")
    # 研究 before a meeting's count and 逐步 (a pace, not a doubt: 逐步做到班额不超过45人) yield to a firm comparator
    if soft and not (firm and all(w in ("研究", "逐步") for w in soft)):
        confidence = min(confidence, 0.4)
        reasons.append("鼓励、探索或谋划，不是确定的目标")
    past = looks_back(sentence, clauses, c0, f["pos"], year)
    if past:
        confidence = 0.15
        reasons.append(past)
    elif (people := forecast_of_people(sentence[c0:f["pos"]], sentence, f["end"])) is not None:
        confidence = min(confidence, 0.3)
        reasons.append(people)
    seg_orig = orig[s0 + st:s0 + en]
    name = _name(seg_orig, f["pos"] - st, f["end"] - st)
    return Candidate(item=item, source=seg_orig.strip(), start=s0 + st, end=s0 + en,
                     value=clean_number(value), value_upper=clean_number(upper), unit=unit,
                     comparator=comparator, confidence=round(max(0.0, min(1.0, confidence)), 2),
                     name=name, category=category(normalise(seg_orig)), reasons=reasons)
