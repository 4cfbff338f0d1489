"""The target grammar: find every quantitative target in an item's text.

A target is a quantity (number, range, Chinese numeral, 万-multiplied) with its unit, in a clause
that commits the bureau to it (新增, 建成, 达到, 以上, 不低于, 控制在, 下降…个百分点, 争创…). What looks
like a quantity but is not a target is dropped or kept with a low confidence:
- results already achieved (已达, 已完成, 超额完成, 现有, 去年, a sentence about a past year);
- dates, years, document numbers (〔2023〕2号), ordinals (第三届), ages;
- programme names and slogans (十四五, 1+3+N, “三个一”, “四个清单”, 一校一品);
- soft intentions (鼓励, 探索, 谋划, 试点).
Every candidate carries its source clause (verbatim, from the item text), where it is, and a
confidence in [0, 1]; ACCEPT_THRESHOLD is where the review page pre-ticks 采纳."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from kpis.plan_reader.numbers import CN_RE, clean_number, normalise, parse_number

ACCEPT_THRESHOLD = 0.5

NUM = rf"(?:\d+(?:\.\d+)?|{CN_RE})"
UNITS = ("个百分点", "百分点", "平方米", "人次", "小时", "分钟", "公里", "课时", "学时", "学分", "万元", "亿元",
         "%", "‰", "个", "所", "人", "名", "套", "项", "元", "台", "间", "家", "座", "场", "次", "支", "册",
         "本", "件", "处", "部", "辆", "亩", "米", "吨", "天", "节", "门", "张", "条", "批", "类", "校", "园", "班",
         "分")
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
QTY = re.compile(
    rf"(?P<a>{NUM})(?:%(?=\s*(?:-|~|至|到)\s*\d))?(?:\s*(?P<dash>-|~|至|到)\s*(?P<b>{NUM}))?\s*(?P<mult>万|亿)?"
    rf"(?:余|多)?\s*(?P<unit>{_UNIT_RE})?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?")
# Chinese numerals count only with these units (三所, 两个) — not 四支队伍, 五张清单, 一批, 二十条.
CN_UNITS = {"所", "个", "项", "名", "人", "家", "座", "间", "套", "台", "场", "校", "园"}
SENTENCE_END = "。；;！!？?\n"
CLAUSE_END = "，,：:"
LIST_SEP = "、和及与"

LOWER_WORDS = ("控制在", "不高于", "不超过", "不多于", "降至", "降到", "下降到", "下降至", "降低到", "降低至",
               "减少到", "减少至", "压减至", "压减到", "压缩至", "压缩到")
DECREASE_WORDS = ("下降", "降低", "减少", "压减", "缩小", "压缩")
# Words that commit to a figure; their presence before the number makes a confident target.
STRONG_CUES = ("以上", "不低于", "不少于", "达到", "达", "提升至", "提高至", "提高到", "提升到", "增至", "增加到",
               "保持在", "稳定在", "控制在", "新增", "新建", "新组建", "建成", "创成", "完成", "争创", "创建", "新投用",
               "投用", "确保", "保障", "保证", "力争", "培育", "认定", "打造", "组建", "建强", "评选", "招聘", "招录",
               "引进", "开展", "推动", "推进", "实现", "覆盖", "做好", "对", "关停", "撤并", "新办", "扩建", "改扩建",
               "改造", "启用", "建设", "培训", "选树", "遴选", "命名", "创", "增加", "提高", "提升", "下降", "降低",
               "减少", "入读", "落实", "延长至", "缩短至", "至少", "超过", "每年", "新招", "开设", "举办", "设立", "资助", "发放", "达标")
SOFT_CUES = ("鼓励", "探索", "谋划", "研究", "试点", "筹划", "倡导", "尝试", "逐步")
ACHIEVED = re.compile(r"已经?(?:达|完成|建成|实现|超过|覆盖|有|累计|增至|提升|提高|下降|降低|创成|投用|认定)|已[^\s，,。]{0,6}$|"
                      r"超额完成|圆满完成了|共有|现有|拥有|目前|截至|去年|上一年|过去一年|一年来|以来|(?:十三五|十二五|过去五年|上一轮)[”\x22]?期间|"
                      r"同比|累计完成|全年完成|完成了|建成了|新增了|达到了|实现了")
_LOWER_RE = re.compile(r"(?<!不)(?:低于|少于)$")
BASELINE_WORDS = re.compile(r"(?:比|较|相比)(?:上年|去年|上一年|\d{4}年)")
_QUOTE_OPEN = "“「『"
_QUOTE_CLOSE = "”」』"


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


def _spans(text: str, ends: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
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


def _inside_title(sentence: str, pos: int) -> bool:
    before = sentence[:pos]
    return before.count("《") > before.count("》")


def _inside_quotes(sentence: str, pos: int) -> tuple[bool, int]:
    """Whether `pos` is inside a quotation of the sentence, and where that quotation opened."""
    before = sentence[:pos]
    depth, opened = 0, -1
    for i, c in enumerate(before):
        if c in _QUOTE_OPEN:
            depth += 1
            opened = i
        elif c in _QUOTE_CLOSE:
            depth = max(0, depth - 1)
    if depth > 0:
        return True, opened
    straight = [i for i, c in enumerate(before) if c == '"']
    if len(straight) % 2 == 1:
        return True, straight[-1]
    return False, -1


def _category(text: str) -> str:
    rules = (
        ("健康", "近视|心理|午休|卫生|健康|肥胖|传染病"), ("体育", "体育|运动|体质|足球|篮球|健身|赛事"),
        ("学前", "幼儿|幼托|托育|学前|[一二]级园|优质园|公办园|民办园|普惠"), ("职教", "职教|中职|高职|职业|产教|实训|技能|专业群"),
        ("高中", "高中|高考"), ("数字化", "智慧|数字|信息化|应用系统|网络|平台|人工智能"),
        ("队伍", "教师|名师|校长|班主任|教坛|人才|干部|骨干|团队|后备"), ("安全", "安全|平安|安防|智安|防溺水|消防"),
        ("党建", "党|清廉|红色|廉政"), ("终身", "学历|社区教育|老年|培训|终身"),
        ("督导", "现代化学校|督导|评估|均衡|示范校|创建"), ("义务", "义务|小学|初中|随迁|控辍|辍学|新市民"),
        ("项目", "学位|新建|改扩建|建设|工程|项目|投用|校舍"),
    )
    for cat, pattern in rules:
        if re.search(pattern, text):
            return cat
    return "项目"


def _name(seg: str, q_start: int, q_end: int) -> str:
    """A short name from the clause without its number: '公办园在园幼儿占比保持在50%以上' → '公办园在园幼儿占比'.
    Boundaries are found on the normalised text and cut from `seg` as written (traditional stays traditional)."""
    norm = normalise(seg)
    lo, hi = 0, q_start
    lead = re.match(r"(?:\d{4}年?|年内|全年|今年|其中|同时|并|计划|确保|保障|推动|力争|努力)+", norm[lo:hi])
    lo += lead.end() if lead else 0
    trail = re.search(r"(?:保持在|稳定在|提升至|提高至|提高到|提升到|达到|不低于|不少于|不高于|不超过|控制在|增至|达)$", norm[lo:hi])
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


def _unit_of(unit: str | None, before: str) -> tuple[str, float]:
    """Normalised unit and multiplier for the value."""
    if unit in ("个百分点", "百分点"):
        return "百分点", 1
    if unit == "校":
        return "所", 1
    if unit == "园":
        return "所", 1
    if unit == "万元":
        return "元", 10_000
    if unit == "亿元":
        return "元", 100_000_000
    return unit or "", 1


def _bare_unit(before: str) -> str:
    """A count written without its unit ('先进学校”12'): guess it from the noun before it."""
    noun = before[-8:]
    if re.search(r"(?:学校|校|园|幼儿园)[”\"]?$", noun):
        return "所"
    if re.search(r"(?:教师|人才|学生|校长|名师|班主任)[”\"]?$", noun):
        return "名"
    return "个"


def extract_targets(text: str, item: str = "", year: int | None = None) -> list[Candidate]:
    """Every quantitative target candidate in one item's text, in reading order."""
    n = normalise(text)
    out: list[Candidate] = []
    for s0, s1 in _spans(n, SENTENCE_END):
        out.extend(_sentence_targets(text, n, s0, s1, item, year))
    return out


def _sentence_targets(orig: str, n: str, s0: int, s1: int, item: str, year: int | None) -> list[Candidate]:
    sentence = n[s0:s1]
    found: list[dict] = []
    # 1. every quantity that could be a target, with the reasons it might not be
    for m in QTY.finditer(sentence):
        a, b, unit, mult, suffix = m.group("a"), m.group("b"), m.group("unit"), m.group("mult"), m.group("suffix")
        pos, end = m.start(), m.end()
        prev = sentence[pos - 1] if pos else ""
        nxt = sentence[end] if end < len(sentence) else ""
        is_cn = not a[0].isdigit()
        if prev in "由从" and not (pos >= 2 and sentence[pos - 2] in "自"):
            continue  # 由120所减少到100所: the starting point, not the target
        if suffix in ("以上", "以下", "及以上") and sentence[end:end + 1] == "的" or re.match(r"(?:大班额|超大班额|班额)", sentence[end:]):
            continue  # 56人以上大班额, 200人以上的学校: a description, not a target
        if prev == "每":
            continue  # 每千名学生: a denominator, not a target
        if unit == "个" and re.match(r"(?:工作日|月|星期|学期|学年|小时)", sentence[end:]):
            continue  # 10个工作日内办结, 3个月内: a deadline
        if _inside_title(sentence, pos):
            continue  # 《…2024-2026年…100所…》: a document title
        if prev == "第" or prev in "〔[【" or prev == "+" or nxt == "+" or (end < len(sentence) and sentence[end - 1:end + 1].endswith("+")):
            continue  # ordinal, document number, programme name (1+3+N)
        if a[0].isdigit() and prev.isdigit():
            continue
        if prev in "〕]】" and not unit:
            continue
        level = False
        if not unit and mult is None and not is_cn and re.search(
                r"(?:控制在|不高于|不超过|低于|不低于|达到|保持在|稳定在|提升至|提高至|提高到|降至|降到|下降到|下降至|缩小到|缩小至)$",
                sentence[:pos]) and (suffix or not nxt or nxt in CLAUSE_END + SENTENCE_END + LIST_SEP):
            level = True  # 差异系数控制在0.45以内: a figure without a unit
        elif not unit and (mult is None):
            # a bare count ('先进学校”12'): only an integer ending its clause, after a quote or a noun
            if is_cn or "." in a or b or len(a) > 3 or (nxt and nxt not in CLAUSE_END + SENTENCE_END + LIST_SEP):
                continue
            if nxt == "" and end < len(sentence):
                continue
            if not re.search(r"[\u4e00-\u9fff”\"]$", sentence[:pos]):
                continue
        if not unit and mult:
            continue
        if is_cn:
            if unit not in CN_UNITS:
                continue
            if unit in ("校", "园") and a not in ("十", "百", "千", "万"):
                continue
            if nxt == "一" or re.match(r"[\d一二两三四五六七八九十]", nxt or "x"):
                continue  # 一校一品, 四个100%
        quoted, q_open = _inside_quotes(sentence, pos)
        if quoted:
            if is_cn:
                continue  # “三个一”, “两个确立”, “五张责任清单”
            inner = sentence[q_open + 1:pos]
            close = min([i for i in (sentence.find(c, end) for c in _QUOTE_CLOSE + '"') if i >= 0] or [len(sentence)])
            after_quote = sentence[close + 1:close + 5]
            if not (any(c in inner for c in STRONG_CUES) or re.match(r"全面达标|达标|落实到位", after_quote)):
                continue  # “10分钟健身圈”
        found.append(dict(m=m, pos=pos, end=end, is_cn=is_cn, unit=unit, level=level))
    # 2. each quantity's segment: from its clause start (or the list separator after the previous
    #    quantity) to the separator before the next quantity (or the clause end)
    clauses = _spans(sentence, CLAUSE_END)
    out: list[Candidate] = []
    cue_before = ""  # the cue of an earlier clause in the sentence, inherited by verb-less lists
    for c0, c1 in clauses:
        in_clause = [f for f in found if c0 <= f["pos"] < c1]
        clause = sentence[c0:c1]
        if not in_clause:
            if any(w in clause for w in STRONG_CUES):
                cue_before = clause
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
            en = (starts[i + 1] - 1) if i + 1 < len(in_clause) else c1
            if en - f["end"] > 20:
                tail = sentence[f["end"]:en]
                cut = min([k for k in (tail.find(ch) for ch in "、和及") if k > 0] or [20])
                en = f["end"] + cut
            # trim a leading year ('2021争创3所…', '2021年计划…') and spaces
            lead = re.match(r"(?:\s|(?:19|20)\d{2}年?(?:计划)?)*", sentence[st:f["pos"]])
            st += lead.end() if lead else 0
            # later quantities of a list share the verb of the first ('认定…30名、…500名、…1500名')
            inherit = cue_before if i == 0 else sentence[c0:in_clause[0]["pos"]] + cue_before
            cand = _candidate(orig, n, s0, sentence, st, en, f, item, year, clause, inherit)
            if cand is not None:
                out.append(cand)
        cue_before = clause
    # 3. 清零: 控辍保学常态清零 is a target of zero
    for m in re.finditer(r"清零", sentence):
        c0, c1 = next((c for c in clauses if c[0] <= m.start() < c[1]), (0, len(sentence)))
        seg = sentence[c0:c1]
        st = c0 + (re.match(r"(?:推进|推动|确保|实现|保持|做到)?", seg).end())
        unit = "人" if re.search(r"辍|失学|辍学", seg) else "个"
        src = orig[s0 + st:s0 + c1]
        conf = 0.7
        reasons = ["清零即目标为 0"]
        if ACHIEVED.search(sentence[:m.start()]):
            conf, reasons = 0.15, reasons + ["已实现的成绩"]
        out.append(Candidate(item, src, s0 + st, s0 + c1, 0, None, unit, "<=", conf,
                             re.sub(r"(?:保持|实现|做到)?(?:动态|常态)?清零$", "", _name(src, len(src), len(src))) or src,
                             _category(seg), reasons))
    out.sort(key=lambda c: c.start)
    return out


def _candidate(orig: str, n: str, s0: int, sentence: str, st: int, en: int, f: dict, item: str,
               year: int | None, clause: str, cue_before: str) -> Candidate | None:
    m = f["m"]
    a, b, mult, suffix = m.group("a"), m.group("b"), m.group("mult"), m.group("suffix")
    before = sentence[st:f["pos"]]
    whole_before = sentence[:f["pos"]]
    unit_raw = f["unit"]
    unit, factor = _unit_of(unit_raw, before)
    reasons: list[str] = []
    if not unit_raw and f.get("level"):
        unit = "系数" if "系数" in clause else ""
        reasons.append("原文数值没有单位" + ("，按“系数”记" if unit else "，请补填单位"))
    elif not unit_raw:
        unit = _bare_unit(before)
        reasons.append(f"原文未写单位，按上下文推定为“{unit}”")
    if unit_raw in ("校", "园"):
        factor = 1
    value = parse_number(a, mult)
    upper = parse_number(b, mult) if b else None
    if value is None:
        return None
    value *= factor
    if upper is not None:
        upper *= factor
        if upper < value:
            value, upper = upper, value
    # comparator
    tail_before = before[-10:]
    if unit == "百分点":
        comparator = "decrease_by" if any(w in before for w in DECREASE_WORDS) else "increase_by"
    elif suffix in ("以下", "以内") or any(w in tail_before for w in LOWER_WORDS) or _LOWER_RE.search(tail_before):
        comparator = "<="
    elif unit == "%" and re.search(r"(?:提高|提升|增长|增加|上升)(?:了|约)?$", tail_before):
        comparator = "increase_by"
    elif unit == "%" and any(tail_before.endswith(w) or (w in tail_before and not re.search(r"至|到", tail_before))
                             for w in DECREASE_WORDS) and not any(w in tail_before for w in LOWER_WORDS):
        comparator = "decrease_by"
    else:
        comparator = ">="
    if prev_char(sentence, f["pos"]) == "前" and unit in ("名", "位"):
        comparator = "<="  # 位居全省前10名: a rank, lower is better
        reasons.append("名次")
    start_from = re.search(r"[由从]\s*(\d+(?:\.\d+)?)\s*" + re.escape(unit_raw or "") + r".{0,6}(?:至|到|为)$", before)
    if comparator == ">=" and start_from and float(start_from.group(1)) > value:
        comparator = "<="  # 由120所调整到100所
    # confidence
    own_cue = suffix or any(w in before for w in STRONG_CUES) or re.search(r"(?:至|到|为)$", before)
    inherited = not own_cue and any(w in cue_before for w in STRONG_CUES)
    if own_cue:
        confidence = 0.9
    elif inherited:
        confidence = 0.75
        reasons.append("沿用前一分句的动词")
    else:
        confidence = 0.45
        reasons.append("没有找到表示目标的动词")
    if f["is_cn"]:
        # 三所/两个 only count right after the verb ('新增两所'); '三项制度', '八项规定' are names
        ends_clause = f["end"] >= len(sentence) or sentence[f["end"]] in CLAUSE_END + SENTENCE_END + "、"
        right_after_verb = re.search("(?:" + "|".join(STRONG_CUES) + r")(?:了|共|等)?$", before)
        if not (right_after_verb or (ends_clause and any(w in before for w in STRONG_CUES))):
            return None
        confidence -= 0.1
        reasons.append("中文数字")
    if not unit_raw:
        confidence -= 0.1 if f.get("level") else 0.25
    if upper is not None:
        reasons.append("区间目标")
    if any(w in sentence[st:f["pos"]] for w in SOFT_CUES):
        confidence = min(confidence, 0.4)
        reasons.append("鼓励、探索或谋划，不是确定的目标")
    achieved_text = BASELINE_WORDS.sub("", whole_before)
    if ACHIEVED.search(achieved_text):
        confidence = 0.15
        reasons.append("已经取得的成绩，不是目标")
    y = re.match(r"\s*((?:19|20)\d{2})\s*年", sentence)
    if y and year and int(y.group(1)) < year:
        confidence = 0.15
        reasons.append(f"{y.group(1)} 年的情况，不是本年目标")
    seg_orig = orig[s0 + st:s0 + en]
    name = _name(seg_orig, f["pos"] - st, f["end"] - st)
    return Candidate(item=item, source=seg_orig.strip(), start=s0 + st, end=s0 + en,
                     value=clean_number(value), value_upper=clean_number(upper), unit=unit,
                     comparator=comparator, confidence=round(max(0.0, min(1.0, confidence)), 2),
                     name=name, category=_category(normalise(seg_orig)), reasons=reasons)
