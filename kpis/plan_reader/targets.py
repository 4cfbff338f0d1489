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
# Longer units first: 场次 before 场, 批次 before 批, 台套 before 台 (the alternation takes the first that fits).
UNITS = ("个百分点", "百分点", "平方米", "人次", "场次", "批次", "台套", "台(套)", "小时", "分钟", "公里", "公顷", "课时",
         "学时", "学分", "万元", "亿元", "%", "‰", "个", "所", "人", "名", "套", "项", "元", "台", "间", "家", "座", "场",
         "次", "支", "册", "本", "件", "处", "部", "辆", "亩", "米", "吨", "天", "节", "门", "张", "条", "批", "类", "校",
         "园", "班", "枚", "块", "栋", "幢", "篇", "期", "分", "户", "起", "位", "例", "份", "堂", "轮", "组", "首", "棵",
         "株", "千瓦", "平方公里", "立方米")
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
QTY = re.compile(
    rf"(?P<a>{NUM})(?P<ratio>\s*:\s*1(?![\d.]))?(?:%(?=\s*(?:-|~|至|到)\s*\d))?(?:\s*(?P<dash>-|~|至|到)\s*(?P<b>{NUM}))?\s*(?P<mult>万|亿)?"
    rf"(?:余|多)?\s*(?P<unit>{_UNIT_RE})?"
    r"(?P<suffix>及以上|以上|以下|以内|左右)?")
# A figure inside a cited provision: 关于…的规定/要求/精神/意见 (the 关于 and the 的规定 in the same clause).
_CITE_OPEN = re.compile(r"关于[^，,。；;：:]*$")
_CITE_CLOSE = re.compile(r"[^，,。；;：:]*?的(?:有关)?(?:规定|要求|精神|意见|通知|决定|部署|办法|标准|指示|条款|批示)")
# Where a distance draws a zone rather than sets a figure: 周边200米范围内, 学校周围100米以内.
_ZONE_BEFORE = re.compile(r"(?:周边|周围|附近|四周|沿线|方圆)\s*$")
# Counts of the plan's own structure: 四个方面, 3个领域 (any numeral; not 环节: 压减3个环节 is a cut); 五项行动,
# 三个工程 (in words).
_STRUCTURE_AFTER = re.compile(r"(?:方面|领域|维度|板块|层面)")
_CN_STRUCTURE_AFTER = re.compile(r"(?:行动|工程|任务|举措|专项|机制|体系|原则|要求|(?:重点|主要|中心|核心)(?:工作|任务))")
# The plan counting its own tasks: 确定重点工作任务25项, 梳理年度任务清单事项60项, 明确48项重点任务 — a verb that
# declares what the document holds, not one that delivers (完成民生实事任务12项 stays a target).
_META_VERBS = r"确定|明确|提出|梳理|列出|部署|分解|细化|涵盖|包括|包含|共计|合计|共有"
_META_VERB = re.compile(_META_VERBS)
_META_BEFORE = re.compile(rf"(?:{_META_VERBS})(?:出|了)?[^，,。；;、]{{0,8}}(?:任务|事项|举措|措施|条目)(?:清单)?\s*$")
_META_AFTER = re.compile(r"(?:重点|主要|具体|年度)?(?:工作)?(?:任务|事项|举措|措施)")
# A ratio N:1 (生师比17:1) is a level N in the unit 比 (the colon between its digits ends no clause).
RATIO_COLON = re.compile(r"(?<=\d)\s*:\s*(?=\d)")
# A ratio written 1:N (师幼比1:7): N per one, read as N 比 at a confidence the reviewer must confirm.
ONE_TO_N = re.compile(r"1\s*:\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<suffix>及以上|以上|以下|以内|左右)?")
# Words right before a unitless figure that make it a level (差异系数控制在0.45以内, 生师比不高于15:1).
LEVEL_BEFORE = re.compile(r"(?:控制在|不高于|不超过|低于|不低于|达到|保持在|稳定在|提升至|提高至|提高到|降至|降到|下降到|下降至|缩小到"
                          r"|缩小至|延长至|延长到|缩短至|缩短到|≥|≤|>=|<=|>|<|≧|≦)\s*$")
# 年 after a figure is a year or a span (2026年, 3年内, 连续两年); it is a unit only for a number of years
# (人均受教育年限达到12.5年; not 教龄满30年, an eligibility) or a decimal a level verb sets (学制延长至2.5年).
YEARS_NOUN = re.compile(r"(?:年限|年数)[^，,。；;、]{0,8}$")
YEARS_UNIT = re.compile(r"\s*年(?![内来底前后间初中末度份级制起龄])\s*(?P<suffix>及以上|以上|以下|以内|左右)?")
# A rank: 进入全省前10名, 位居全市前3位, 全省排名前10%, 全省前10 (第N名 is an ordinal, dropped earlier).
# A list's name in Latin letters may stand between (进入ESI全球前1%, 跻身QS世界前500名).
RANK_BEFORE = re.compile(r"(?:排名|排位|进入|跻身|位居|位列|名列|稳居|保持|全球|世界|国际|全国|全省|全市|全州|全区|全县|省内|市内|"
                         r"区内|县内|同类)(?:[A-Za-z]{1,10})?[\u4e00-\u9fff]{0,4}前$")
# A comparator written as a symbol right before the number: ≥98%, ≤50%, >=95, ＜0.5‰ (normalised: > <).
SYMBOL_BEFORE = re.compile(r"(≥|≤|>=|<=|>|<|≧|≦)\s*$")
SYMBOL_COMPARATOR = {"≥": ">=", ">=": ">=", ">": ">=", "≧": ">=", "≤": "<=", "<=": "<=", "<": "<=", "≦": "<="}
# 百分之九十五, 百分之95: a percentage written in words.
PERCENT_WORDS = re.compile(rf"百分之(?P<a>{NUM})(?:(?P<dash>至|到)百分之(?P<b>{NUM}))?(?P<mult>)(?P<unit>)"
                           r"(?P<suffix>及以上|以上|以下|以内|左右)?")
# Chinese numerals count only with these units (三所, 两个) — not 四支队伍, 五张清单, 一批, 二十条.
CN_UNITS = {"所", "个", "项", "名", "人", "家", "座", "间", "套", "台", "场", "校", "园"}
# A numeral that belongs to the noun after a count (两所九年一贯制学校, 三所十二年一贯制学校, 两所一级幼儿园,
# 四所三星级学校), not a slogan's (三个一, 一校一品, 四个一流).
CN_NOUN_NUMERAL = re.compile(r"[一二两三四五六七八九十]+(?:年(?:一贯|制)|级|星级?|类(?:学校|幼儿园|园|校))")
SENTENCE_END = "。；;！!？?\n"
CLAUSE_END = "，,：:"
LIST_SEP = "、和及与"

LOWER_WORDS = ("控制在", "不高于", "不超过", "不多于", "降至", "降到", "下降到", "下降至", "降低到", "降低至",
               "减少到", "减少至", "压减至", "压减到", "压缩至", "压缩到")
DECREASE_WORDS = ("下降", "降低", "减少", "压减", "缩小", "压缩")
INCREASE_WORDS = ("提高", "提升", "增长", "增加", "上升")
# Words that commit to a figure; their presence before the number makes a confident target.
STRONG_CUES = ("以上", "不低于", "不少于", "达到", "达", "提升至", "提高至", "提高到", "提升到", "增至", "增加到",
               "保持在", "稳定在", "保持", "控制在", "新增", "新建", "新组建", "建成", "创成", "完成", "争创", "创建", "新投用",
               "投用", "确保", "保障", "保证", "力争", "培育", "认定", "打造", "组建", "建强", "评选", "招聘", "招录",
               "引进", "开展", "推动", "推进", "实现", "覆盖", "做好", "对", "关停", "撤并", "新办", "扩建", "改扩建",
               "改造", "启用", "建设", "培训", "选树", "遴选", "命名", "创", "增加", "提高", "提升", "下降", "降低",
               "减少", "入读", "落实", "延长至", "缩短至", "至少", "超过", "每年", "新招", "开设", "举办", "设立", "资助", "发放", "达标",
               "培养", "投入", "安排", "增长", "上升", "突破", "配备", "配齐", "开工", "竣工", "筹措", "实施", "组织", "购置",
               "配置", "补充", "选派", "招收", "新评", "压减", "压缩", "缩小", "共建", "援建", "筹建", "更新", "更换",
               "添置", "维修", "修缮", "办好")
STRONG_CUES += LOWER_WORDS  # a ceiling commits as a floor does: 不高于15:1, 不超过45人
_CUE = re.compile("|".join(map(re.escape, STRONG_CUES)))
# A rate noun right before its figure states the level: 校园“护学岗”设置率100%, 资助覆盖面100%; so does
# a budget: 全年教育支出预算14.6亿元.
RATE_BEFORE = re.compile(r"(?:率|比例|占比|比重|覆盖面|降幅|增幅|幅度|预算)[”\"」』]?\s*$")
# Soft intentions — as verbs only: 研究生, 研究院 and 试点 before the noun it qualifies (试点校, 试点学校,
# 试点专业, 试点地区, 试点项目: 遴选试点地区10个 is a count of places) are nouns. 研究 is an intention only before
# the verb it defers (研究制定, 研究出台, 研究设立…); before a noun it is a meeting that counts (专题研究党建工作
# 不少于4次), and a firm comparator of the figure's own (不少于, 至少, 以上, ≥…) outweighs it.
SOFT_CUES = re.compile(r"鼓励|探索|谋划|研究(?=(?:并|和)?(?:制定|制订|出台|建立|设立|探索|推进|推动|实施|解决|完善|编制|起草|提出|建设|"
                       r"开展|增加|扩大|调整|论证|谋划|布局|新建|筹建|增设|设置|启动))|"
                       r"试点(?![校园区县市省镇村班]|学校|幼儿园|单位|项目|专业|地区|城市|区域|"
                       r"院校|高校|基地|课程|学科|企业|工作|任务|名单)|筹划|倡导|尝试|逐步")
FIRM_BEFORE = re.compile(r"(?:不少于|不低于|至少|不超过|不高于|不多于|控制在|达到|≥|≤|>=|<=|≧|≦)\s*$")
# Results already achieved. Judged within the number's own clause (全县现有幼儿园50所，今年新建幼儿园3所: the
# 3所 is a target), and for the whole sentence only when they open it as a clause of their own (去年以来，…;
# 截至2024年底，…). 拥有 (每千人口拥有…托位数达到4.5个) and 同比 (同比增长8%) describe targets as often as results.
ACHIEVED = re.compile(r"已经?(?:达|完成|建成|实现|超过|覆盖|有|累计|增至|提升|提高|下降|降低|创成|投用|认定)|已[^\s，,。]{0,6}$|"
                      r"超额完成|圆满完成了|共有|现有|目前|截至|去年|上一年|过去一年|(?:一|两|三|五|十|多|近|近几|近些|几)年来|"
                      r"(?:去年|上年|(?:19|20)\d{2}年|近年|近几年|多年|今年|一年|五年|十年|十八大|十九大|二十大)[”\x22]?以来|"
                      r"(?:十三五|十二五|过去五年|上一轮)[”\x22]?期间|累计完成|全年完成|完成了|建成了|新增了|达到了|实现了")
# What says a clause is about this year's plan again after a look back: 今年, 2025年, 目标, 力争.
PRESENT = r"今年|本年|年内|新的一年|目标|任务|力争|计划|确保|展望|总体要求"
# What turns a look back (a 回顾 section, a paragraph opened by 2025年，…取得新成效) to this year, sentence by
# sentence: a word of this year or ahead (今年, 年内, 新的一年, 下一步, 展望, the plan year), an intention (力争,
# 确保), or a goal announced (主要目标, 目标是, 任务如下, 总体要求) — not a goal, task or plan named in passing
# (紧扣“…”目标, 完成年度目标任务, 享受营养改善计划), which a look back names as often as a plan does.
TURN = (r"今年|本年|年内|新的一年|明年|下一步|展望|今后|力争|确保(?!了)|总体要求|(?:主要|总体|具体|预期)(?:发展)?目标|"
        r"(?:目标|任务)(?:任务)?(?:是|为|如下|:)")
_YEAR = re.compile(r"(?<![-~至到—\d])((?:19|20)\d{2})\s*年(?!\s*[-~至到—]\s*(?:19|20)\d{2})")
_LOWER_RE = re.compile(r"(?<!不)(?:低于|少于)$")
BASELINE_WORDS = re.compile(r"(?:比|较|相比|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末|同期)?(?:相比)?|"
                            r"在(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末)?(?:的)?(?:工作)?基础上")
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
    if unit == "台(套)":
        return "台", 1
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


def extract_targets(text: str, item: str = "", year: int | None = None, past: bool = False) -> list[Candidate]:
    """Every quantitative target candidate in one item's text, in reading order. `past`: the item is
    a look back (一、2024年工作回顾): its figures are results until a sentence turns to this year. A
    paragraph (a line of the item text) whose first sentence opens with a look back (过去一年，… 2025年，
    全市教育…取得新成效：…) starts one too, which runs on past that sentence in the same way."""
    n = normalise(text)
    out: list[Candidate] = []
    header: list[str] | None = None
    looking_back = past
    present = PRESENT + (f"|{year}\\s*年" if year else "")
    turn = TURN + (f"|{year}\\s*年" if year else "")
    for l0, l1 in _spans(n, "\n"):
        if "\t" in n[l0:l1]:  # a row of a table pasted as text: one line, even with a ； in a cell
            if looking_back and re.search(present, n[l0:l1]):
                looking_back = False
            cells = n[l0:l1].split("\t")
            if _is_header(cells):
                header = cells
                continue
            groups = [(_row_targets(text, n, l0, l1, header, item, year), looking_back)]
        else:
            groups = []
            for k, (s0, s1) in enumerate(_spans(n, SENTENCE_END, l0, l1)):
                sentence = n[s0:s1]
                turns = re.search(turn, sentence)
                if looking_back and turns:
                    looking_back = False
                if k == 0 and not turns and _opens_look_back(sentence, year):
                    looking_back = True  # (2025年入园率为97%，2026年提升至98%: its own clauses decide)
                groups.append((_sentence_targets(text, n, s0, s1, item, year), looking_back))
        for cands, back in groups:
            if back:
                for c in cands:
                    c.confidence = min(c.confidence, 0.15)
                    c.reasons.append("回顾以往工作的段落，不是本年目标")
            out.extend(cands)
    return out


# What opens a look back at the start of a paragraph: 回顾2025年, 过去一年, 一年来, 十八大以来, 去年,
# …取得新成效/新进展/显著成绩 (before the paragraph's first figure, with no word of this year before it).
LOOK_BACK_OPEN = re.compile(r"回顾|回眸|过去(?:的)?(?:一|这一|两|三|五|几)年|(?:一|两|三|五|十|多|近|几|近几)年来|以来|去年|"
                            r"上一年|主要成绩|工作成效|(?P<gain>取得(?:了)?[^，,。；;：:]{0,8}(?:成效|成绩|进展|成果|突破|进步))")
# …取得新突破 after a verb of intention looks forward (推动各项工作取得新突破).
_INTENT = re.compile(r"推动|确保|力争|争取|努力|促进|推进|奋力|着力|全力|要|将|必须|务必")
_PAST_START = re.compile(r"\s*(?:在|于)?((?:19|20)\d{2})\s*年(?!\s*[-~至到—]\s*(?:19|20)\d{2})")


def _opens_look_back(sentence: str, year: int | None) -> bool:
    """Whether the first sentence of a paragraph opens a look back: it starts with a year before the
    plan's (2025年，全区…), or before its first figure it says 过去一年/一年来/回顾/…取得新成效 — and no
    word of this year (今年, the plan year, 目标, 任务…) stands there."""
    first = next((m.start() for m in re.finditer(r"\d", sentence)
                  if not re.match(r"(?:19|20)\d{2}\s*年", sentence[m.start():])
                  and not (m.start() and sentence[m.start() - 1].isdigit())), len(sentence))
    head = BASELINE_WORDS.sub("", sentence[:first])
    if re.search(TURN + (f"|{year}\\s*年" if year else ""), head):
        return False
    start = _PAST_START.match(head)
    if start and year and int(start.group(1)) < year:
        return True
    for m in LOOK_BACK_OPEN.finditer(head):
        if not (m.group("gain") and _INTENT.search(head[:m.start()])):
            return True
    return False


def _is_header(cells: list[str]) -> bool:
    """序号 | 指标 | 2024年 | 2025年目标: short names of columns, no figure but years."""
    words = sum(bool(re.search(r"序号|指标|目标|项目|名称|单位|基数|基期|基准|现状|实际|责任|牵头|备注|完成", c)) for c in cells)
    figures = sum(bool(re.search(r"\d", re.sub(r"(?:19|20)\d{2}\s*年", "", c))) for c in cells)
    return words >= 1 and figures == 0 and all(len(c.strip()) <= 16 for c in cells)


_UNIT_IN_NAME = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(?P<unit>" + "|".join(
    re.escape(u) for u in ("个百分点", "百分点", "万平方米", "平方米", "万人次", "人次", "万元", "亿元", "%", "‰", "个", "所", "人", "名", "元",
                           "小时", "分钟", "学时", "课时", "项", "套", "台", "间", "本", "次", "场", "万人", "万个", "起", "户",
                           "家", "位", "件", "册", "门", "份", "张", "座", "块", "天")) + r")\s*[)）]")
_OPENS_WITH_FIGURE = re.compile(rf"\s*{NUM}\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{_UNIT_RE})")
_ROW_FIGURE = re.compile(rf"^(?P<sym>≥|≤|>=|<=|>|<|≧|≦)?\s*(?P<a>{NUM})(?P<ratio>\s*:\s*1(?![\d.]))?(?:\s*(?P<dash>-|~|至|到)\s*(?P<b>{NUM}))?\s*"
                         rf"(?P<mult>万|亿)?\s*(?P<unit>{_UNIT_RE})?\s*(?P<suffix>及以上|以上|以下|以内|左右)?$")


def _row_targets(orig: str, n: str, s0: int, s1: int, header: list[str] | None, item: str,
                 year: int | None) -> list[Candidate]:
    """The target of one table row: the figure in the column headed 目标 (else the one written with ≥/≤,
    else the last figure), its unit from the cell (98%) or from the indicator's name (毛入园率（%）).
    Cells of prose are read by the sentence grammar instead."""
    row = n[s0:s1]
    cells, pos = [], 0
    for cell in row.split("\t"):
        cells.append((pos, cell))
        pos += len(cell) + 1
    out: list[Candidate] = []
    figures = [(i, p, c, m) for i, (p, c) in enumerate(cells) if (m := _ROW_FIGURE.match(c.strip()))]
    names = [(i, p, c) for i, (p, c) in enumerate(cells)
             if re.search(r"[\u4e00-\u9fff]", c) and not _ROW_FIGURE.match(c.strip())]
    if not names:
        return out
    name_i, name_p, name = names[0]
    figures = [f for f in figures if f[0] > name_i]  # a row number before the name is no figure
    # cells of prose ('年内创建示范校10所', 'C、D级危房清零'; the name too when no figure follows it): the
    # sentence grammar, a sentence at a time (零发生；达标率100%). A cell that opens with its figure ('6所，新增
    # 学位1080个' beside the task '新建、改扩建公办幼儿园') reads on from the name cell: its verb is there.
    prose = [(i, p, c) for i, p, c in (names[1:] if figures else names)
             if re.search(r"\d|百分之", c) or _CUE.search(c) or ZERO.search(c)]
    for i, p, c in prose:
        spans = _spans(n, SENTENCE_END, s0 + p, s0 + p + len(c))
        if i == name_i + 1 and spans and _OPENS_WITH_FIGURE.match(n, spans[0][0]):
            spans[0] = (s0 + name_p, spans[0][1])
            if prose[0][0] == name_i:
                out = [x for x in out if x.start >= s0 + name_p + len(name)]  # read once, with its figure
        for a, b in spans:
            out.extend(_sentence_targets(orig, n, a, b, item, year))
    if not figures:
        return out
    target = None
    if header and len(header) == len(cells):
        goal = [i for i, h in enumerate(header) if re.search(r"目标|预期|计划|任务", h)]
        target = next((f for f in figures if f[0] in goal), None)
        if target is None and any(re.search(r"基数|基期|基准|现状|完成|实际|(?:19|20)\d{2}\s*年$", h) for h in header):
            target = next((f for f in figures if not re.search(r"基数|基期|基准|现状|完成|实际|(?:19|20)\d{2}\s*年$", header[f[0]])),
                          None)
    if target is None:
        target = next((f for f in figures if f[3].group("sym")), figures[-1])
    _i, p, cell, m = target
    lead_ws = len(cell) - len(cell.lstrip())
    named = _UNIT_IN_NAME.search(name)
    unit_raw = m.group("unit") or (named.group("unit") if named else None) or ("比" if m.group("ratio") else None)
    if not unit_raw:
        return out
    mult = m.group("mult") or None
    unit, factor = _unit_of(unit_raw, name)
    if unit_raw in ("万平方米", "万人次", "万人", "万个"):
        unit, factor = unit_raw[1:], 10_000
    value = parse_number(m.group("a"), mult)
    upper = parse_number(m.group("b"), mult) if m.group("b") else None
    if value is None:
        return out
    value *= factor
    upper = upper * factor if upper is not None else None
    sym = m.group("sym")
    reasons = ["表格中的目标值"] + ([] if m.group("unit") else [f"单位取自指标名称中的“{unit_raw}”"])
    change = _change_noun(name) if unit in ("百分点", "%") else None
    base = None
    if header and len(header) == len(cells):
        base = next((f for f in figures if f is not target and _is_base_column(header[f[0]], year)), None)
    base_value = parse_number(base[3].group("a"), base[3].group("mult") or None) if base else None
    if change and sym not in ("≤", "<=", "<", "≦"):
        comparator = change  # 近视率年度降幅 ≥1个百分点: a decrease of at least 1
    elif unit == "百分点":
        comparator = ("decrease_by" if re.search("|".join(DECREASE_WORDS), name) or _lower_is_better(name)
                      else "increase_by")
    elif sym:
        comparator = SYMBOL_COMPARATOR[sym]
    elif m.group("suffix") == "左右":
        comparator = "=="
    elif m.group("suffix") in ("以下", "以内") or re.search(r"控制|以内|以下|不高于|不超过", name):
        comparator = "<="
    elif _lower_is_better(name):
        comparator = "<="  # 大班额（个） 3 0, 近视率（%） 52.3 51.3: less is better
        reasons.append("越低越好的指标")
    elif base_value is not None and value < base_value * factor and not _FLOW.search(name):
        comparator = "<="  # a level set below its baseline is a ceiling
        reasons.append("目标值低于基期值")
    else:
        comparator = ">="
    st, en = s0 + name_p, s0 + p + lead_ws + m.end()
    return out + [Candidate(item=item, source=orig[st:en].strip(), start=st, end=en, value=clean_number(value),
                      value_upper=clean_number(upper), unit=unit, comparator=comparator, confidence=0.8,
                      name=re.sub(r"[(（][^)）]*[)）]\s*$", "", orig[s0 + name_p:s0 + name_p + len(name)]).strip() or name,
                      category=_category(name), reasons=reasons)]


# A change named by its noun: 近视率年度降幅, 经费增幅 (decrease_by / increase_by, on 百分点 or %).
CHANGE_DOWN = re.compile(r"降幅|(?:下降|降低|减少|压减)幅度|减幅")
CHANGE_UP = re.compile(r"增幅|涨幅|(?:增长|提升|提高|上升)幅度")
# Indicators where less is better (a table's target without ≥/≤ is then a ceiling).
_LOWER_RATE = re.compile(r"(?:近视|肥胖|超重|发生|辍学|流失|不合格|不达标|不及格|空置|差错|欺凌)率$")
_LOWER_NOUN = re.compile(r"大班额|班额|事故|辍学|失学|欺凌|差异系数|生师比|师生比|师幼比")
# Rows that count what the year adds (新增学位 3600 → 2400 is still ≥ 2400): no baseline comparison.
_FLOW = re.compile(r"新增|新建|新开|新招|新组建|建成|完成|培训|招聘|招录|引进|投入|投资|创建|培育|认定|改造|改扩建|举办|开展|"
                   r"评选|选派|资助|发放|开设|年度")


def _change_noun(text: str) -> str | None:
    """decrease_by / increase_by when the nearest change noun before the figure says so."""
    down = max((m.end() for m in CHANGE_DOWN.finditer(text)), default=-1)
    up = max((m.end() for m in CHANGE_UP.finditer(text)), default=-1)
    if down < 0 and up < 0:
        return None
    return "decrease_by" if down > up else "increase_by"


def _lower_is_better(name: str) -> bool:
    """近视率, 大班额, 事故, 辍学, 差异系数, 生师比: an indicator the plan wants lower."""
    name = re.sub(r"[(（][^)）]*[)）]", "", name).strip()
    if _LOWER_RATE.search(name):
        return True
    if re.search(r"(?:率|比例|占比|比重|覆盖面|指数)$", name):
        return False
    return bool(_LOWER_NOUN.search(name))


def _is_base_column(head: str, year: int | None) -> bool:
    """基期值, 2025年实际, 现状, 2025年: a column of what was, not of the target."""
    if re.search(r"目标|预期|计划|任务", head):
        return False
    if re.search(r"基数|基期|基准|现状|实际|完成|上年", head):
        return True
    y = re.search(r"((?:19|20)\d{2})\s*年", head)
    return bool(y and year and int(y.group(1)) < year)


def _counts_quoted_names(sentence: str, pos: int, a: str) -> bool:
    """Whether the figure at `pos` right after a quotation counts the names quoted there: “A、B、C、D”四项,
    “A”“B”“C”3项 (two or more names, as many as the figure says, counted in 项/个/类/件/条) — a count of
    programmes, no target; “智慧教室”200间, “A、B”示范校12所 and “A、B”2所 stay."""
    names, i = 0, pos
    while i > 0 and sentence[i - 1] in _QUOTE_CLOSE + '"':
        close = i - 1
        opener = max(sentence.rfind(q, 0, close) for q in _QUOTE_OPEN + '"')
        if opener < 0:
            break
        names += len([x for x in re.split(r"[、，,]", sentence[opener + 1:close]) if x.strip()])
        i = opener - 1 if opener > 0 and sentence[opener - 1] == "、" else opener
    value = parse_number(a, None)
    return names >= 2 and value is not None and value == names


def _sentence_targets(orig: str, n: str, s0: int, s1: int, item: str, year: int | None) -> list[Candidate]:
    sentence = n[s0:s1]
    found: list[dict] = []
    # 1. every quantity that could be a target, with the reasons it might not be
    words = [m for m in PERCENT_WORDS.finditer(sentence)]
    in_words = lambda p: any(w.start() <= p < w.end() for w in words)  # noqa: E731
    matches = sorted([*(m for m in QTY.finditer(sentence) if not in_words(m.start())), *words], key=lambda m: m.start())
    level_end: int | None = None  # where the last figure read as a unitless level ended
    consumed = 0  # the end of a 1:N ratio, whose N is no figure of its own
    for m in matches:
        a, b, unit, mult, suffix = m.group("a"), m.group("b"), m.group("unit"), m.group("mult"), m.group("suffix")
        pos, end = m.start(), m.end()
        mult = mult or None
        if pos < consumed:
            continue
        if m.re is PERCENT_WORDS:  # 百分之九十 is 90 %
            found.append(dict(m=m, pos=pos, end=end, is_cn=False, unit="%", level=False, mult=None))
            continue
        prev = sentence[pos - 1] if pos else ""
        nxt = sentence[end] if end < len(sentence) else ""
        is_cn = not a[0].isdigit()
        if prev in "（(" and re.match(r"\s*[)）]", sentence[end:]) and (suffix or not unit or unit in ("人", "名", "岁")):
            continue  # 大班额（56人以上）, 省一级以上（3所）…: a definition in brackets, not a target
        if prev in "由从" and not (pos >= 2 and sentence[pos - 2] in "自"):
            continue  # 由120所减少到100所: the starting point, not the target
        if suffix in ("以上", "以下", "及以上") and sentence[end:end + 1] == "的" or re.match(r"(?:大班额|超大班额|班额)", sentence[end:]):
            continue  # 56人以上大班额, 200人以上的学校: a description, not a target
        if unit in ("人", "名") and UNIT_SIZE_AFTER.match(sentence, end):
            continue  # 超过45人的班级, 不足100人的乡村小规模学校: a size that defines the unit, not a target
        if prev == "每":
            continue  # 每千名学生: a denominator, not a target
        if _CITE_OPEN.search(sentence[:pos]) and _CITE_CLOSE.match(sentence, end):
            continue  # 落实…关于保障学生每天参加至少1小时体育锻炼的规定: a cited provision, not the plan's own figure
        if unit in ("米", "公里") and not LEVEL_BEFORE.search(sentence[:pos]) and (
                re.match(r"\s*范围", sentence[end:]) or (
                    (suffix == "以内" or re.match(r"\s*内", sentence[end:])) and _ZONE_BEFORE.search(sentence[:pos]))):
            continue  # 校园周边200米范围内无网吧: a distance that draws a zone
        if _STRUCTURE_AFTER.match(sentence, end) or (not a[0].isdigit() and _CN_STRUCTURE_AFTER.match(sentence, end)):
            continue  # 聚焦…四个方面, 实施“…”五项行动: the plan's own headings, no quantity
        if not b and unit in ("项", "个", "类", "件", "条") and _counts_quoted_names(sentence, pos, a):
            continue  # 推进“控辍保学、学前学普、质量提升、强师固本”四项重点工作: a count of the names just quoted
        if unit in ("项", "条", "个", "件") and (_META_BEFORE.search(sentence[:pos]) or (
                _META_VERB.search(sentence[max(0, pos - 12):pos]) and _META_AFTER.match(sentence, end))):
            continue  # 确定重点工作任务25项, 明确48项重点任务: the plan counting its own tasks
        if unit == "个" and re.match(r"(?:工作日|月|星期|学期|学年|小时)", sentence[end:]):
            continue  # 10个工作日内办结, 3个月内: a deadline
        if unit == "位" and nxt == "数" or unit == "起" and re.search(r"[月日号]\s*$", sentence[:pos]):
            continue  # 保持两位数增长, 9月1起施行: no count
        if _inside_title(sentence, pos):
            continue  # 《…2024-2026年…100所…》: a document title
        if prev == "第" or prev in "〔[【" or prev == "+" or nxt == "+" or (end < len(sentence) and sentence[end - 1:end + 1].endswith("+")):
            continue  # ordinal, document number, programme name (1+3+N)
        if a[0].isdigit() and prev.isdigit():
            continue
        if prev in "〕]】" and not unit:
            continue
        years = YEARS_UNIT.match(sentence, end) if not unit and mult is None and not b else None
        if years and (YEARS_NOUN.search(sentence[:pos]) or ("." in a and LEVEL_BEFORE.search(sentence[:pos]))):
            unit, end, suffix = "年", years.end(), years.group("suffix") or suffix  # 受教育年限达到12.5年
            nxt = sentence[end] if end < len(sentence) else ""
            found.append(dict(m=m, pos=pos, end=end, is_cn=is_cn, unit=unit, level=False, mult=None, suffix=suffix))
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
        if not unit and mult:
            continue
        if is_cn:
            if unit not in CN_UNITS:
                continue
            if unit in ("校", "园") and a not in ("十", "百", "千", "万"):
                continue
            if re.match(r"[\d%]", nxt or "x") or (re.match(r"[一二两三四五六七八九十]", nxt or "x") and not CN_NOUN_NUMERAL.match(
                    sentence, end)):
                continue  # 一校一品, 四个100%, 三个一 — but 两所九年一贯制学校, 三所一级幼儿园 count
        quoted, q_open = _inside_quotes(sentence, pos)
        if quoted:
            if is_cn:
                continue  # “三个一”, “两个确立”, “五张责任清单”
            inner = sentence[q_open + 1:pos]
            close = min([i for i in (sentence.find(c, end) for c in _QUOTE_CLOSE + '"') if i >= 0] or [len(sentence)])
            after_quote = sentence[close + 1:close + 5]
            if not (_CUE.search(inner) or re.match(r"全面达标|达标|落实到位", after_quote)):
                continue  # “10分钟健身圈”
        found.append(dict(m=m, pos=pos, end=end, is_cn=is_cn, unit=unit, level=level, mult=mult, ratio=ratio,
                          cont=cont and level))
        level_end = end if level else None
    # 2. each quantity's segment: from its clause start (or the list separator after the previous
    #    quantity) to the separator before the next quantity (or the clause end)
    clauses = _spans(RATIO_COLON.sub(lambda r: "∶" * len(r.group()), sentence), CLAUSE_END)
    out: list[Candidate] = []
    cue_before = ""  # the cue of an earlier clause in the sentence, inherited by verb-less lists
    for c0, c1 in clauses:
        in_clause = [f for f in found if c0 <= f["pos"] < c1]
        clause = sentence[c0:c1]
        if not in_clause:
            if _CUE.search(clause):
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
            cand = _candidate(orig, n, s0, sentence, st, en, f, item, year, clause, inherit, clauses, c0)
            if cand is not None:
                if (f.get("cont") and out and not sentence[st:f["pos"]].strip() and not f["m"].group("suffix")
                        and not SYMBOL_BEFORE.search(sentence[:f["pos"]])):
                    cand.comparator = out[-1].comparator  # 不高于0.50、0.45: the list shares its verb
                out.append(cand)
        cue_before = clause
    # 3. zero targets: 控辍保学常态清零, 溺水事故零发生, 责任事故为零, 实现零事故 — a target of 0 in the unit of
    #    the noun counted (事故 → 起, 机构 → 家, 辍学学生 → 人, 学校 → 所, a rate → %, else 个)
    for m in ZERO.finditer(sentence):
        c0, c1 = next((c for c in clauses if c[0] <= m.start() < c[1]), (0, len(sentence)))
        seg = sentence[c0:c1]
        st = c0 + (re.match(r"(?:推进|推动|确保|实现|保持|做到|力争|坚持)?", seg).end())
        counted = m.group("noun") or sentence[c0:m.start()]
        unit = _zero_unit(counted)
        src = orig[s0 + st:s0 + c1]
        conf = 0.7
        reasons = ["清零即目标为 0" if m.group(0) == "清零" else "零发生、为零即目标为 0"]
        past = "已实现的成绩" if ACHIEVED.search(sentence[:m.start()]) else _looks_back(sentence, clauses, c0, m.start(), year)
        if past:
            conf, reasons = 0.15, reasons + [past]
        out.append(Candidate(item, src, s0 + st, s0 + c1, 0, None, unit, "<=", conf,
                             ZERO_TAIL.sub("", _name(src, len(src), len(src))) or src,
                             _category(seg), reasons))
    out.sort(key=lambda c: c.start)
    return out


# A target of zero: …清零, …零发生, …为零 closing its phrase (not 化整为零, 行为零容忍), 零事故/零伤亡/零死亡
# (not 零容忍, 零距离, 零起点).
ZERO = re.compile(r"清零|零发生|(?<!整)为零(?![\u4e00-\u9fff])|零(?P<noun>事故|伤亡|死亡)")
ZERO_TAIL = re.compile(r"(?:保持|实现|做到|确保)?(?:动态|常态|全面)?(?:清零|零发生|为零)$")


def _zero_unit(counted: str) -> str:
    """The unit of what a zero target counts, from the noun right before 清零/零发生/为零:
    校园安全责任事故 → 起, 校外培训机构 → 家, 辍学学生 → 人, 无证幼儿园 → 所, 事故发生率 → %, else 个."""
    head = re.sub(r"[(（][^)）]*[)）]", "", counted)
    head = re.sub(r"(?:保持|实现|做到|确保|力争|坚持|全面|基本|持续|全部|逐步|动态|常态|年内|年底前|全年|今年|均|都|的|数|人数|"
                  r"起数|发生|\s)+$", "", head)
    head = head.rstrip("”\"」』")
    if head.endswith("率"):
        return "%"
    if re.search(r"(?:事故|事件|案件|火灾|险情|伤亡事件)$", head):
        return "起"
    if re.search(r"(?:伤亡|死亡)$", head):
        return "人"
    if re.search(r"(?:机构|企业|公司|门店|商户|网吧|商店|店)$", head):
        return "家"
    if re.search(r"辍|失学", head) or re.search(r"(?:学生|儿童|少年|幼儿|人员|教师|人)$", head):
        return "人"
    if re.search(r"(?:学校|幼儿园|校|园)$", head):
        return "所"
    return "个"


def _past_year(text: str, year: int | None) -> str | None:
    """A year before the plan's in `text` (not a baseline 比2024年, not a span 2024—2026年, not in 《》)."""
    if not year:
        return None
    text = BASELINE_WORDS.sub("", text)
    for m in _YEAR.finditer(text):
        if int(m.group(1)) < year and not _inside_title(text, m.start()):
            return m.group(1)
    return None


# A size that defines a unit right after a count of people: 超过45人的班级, 不足100人的小规模学校, 45人以下的班.
UNIT_SIZE_AFTER = re.compile(r"\s*(?:及以上|以上|以下|以内)?(?:的[\u4e00-\u9fff]{0,6}?)?(?:班级|班|学校|校|幼儿园|园|教学点)"
                             r"(?![\u4e00-\u9fff])")
# The present state, or a problem, described rather than set: 仍有超过45人的班级, 尚有12所学校未达标 (the figure
# its object: not 对仍有辍学风险的学生建档率达到100%).
STATE = re.compile(r"(?:仍|尚|还|依然|仍然|依旧)(?:有|存在)")


def _looks_back(sentence: str, clauses: list[tuple[int, int]], c0: int, pos: int, year: int | None) -> str | None:
    """Why the figure at `pos` is a result or a past year's, not a target — or None.
    Its own clause decides (现有幼儿园50所，今年新建3所); a clause that opens the sentence without any figure
    (去年以来，… 截至2024年底，… 2024年，…) or a sentence starting with a past year speaks for the clauses after it,
    until one turns to this year (今年, 2025年, 目标, 力争…)."""
    own = sentence[c0:pos]
    if ACHIEVED.search(BASELINE_WORDS.sub("", own)):
        return "已经取得的成绩，不是目标"
    state = [m for m in STATE.finditer(own)]
    if state and not re.search(r"的|率", own[state[-1].end():]):  # not 对仍有辍学风险的学生建档率达到100%
        return "现状或存在的问题，不是目标"
    present = PRESENT + (f"|{year}\\s*年" if year else "")
    y = _past_year(own, year)
    if y and not re.search(present, own[own.find(y):]):
        return f"{y} 年的情况，不是本年目标"
    if re.search(present, own):
        return None
    reason = None
    start = re.match(r"\s*((?:19|20)\d{2})\s*年", sentence)
    if start and year and int(start.group(1)) < year:
        reason = f"{start.group(1)} 年的情况，不是本年目标"
    for a, b in clauses:
        if a >= c0:
            break
        lead = sentence[a:b]
        if reason is None and not QTY_DIGITS.search(_YEAR.sub("", lead)):
            if ACHIEVED.search(BASELINE_WORDS.sub("", lead)) or re.search(r"以来\s*$", lead):
                reason = "已经取得的成绩，不是目标"
            elif (y := _past_year(lead, year)) is not None:
                reason = f"{y} 年的情况，不是本年目标"
        elif reason is not None and re.search(present, lead):
            reason = None
        if reason is None and QTY_DIGITS.search(_YEAR.sub("", lead)) and not start:
            break  # only the clauses that open the sentence speak for the rest
    return reason


QTY_DIGITS = re.compile(r"\d")


# 约 right before the figure is "about", like 左右 (not 节约, 制约, 预约, 签约…).
ABOUT_BEFORE = re.compile(r"(?:(?<![节制预签公条合邀相契违履隐婚])约|大约)(?:为|占)?\s*$")
# A count changed against a baseline (较上年增加5个, 比2025年减少10个): increase_by/decrease_by in the count's unit.
COUNT_CHANGE = re.compile(r"(?:比|较|相比|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末|同期)?(?:相比)?[，,]?"
                          r"(?P<verb>增加|增长|提高|提升|上升|减少|下降|降低|压减)(?:了)?(?:约)?\s*$")


def _comparator(before: str, unit: str, suffix: str | None, symbol: str | None) -> str:
    """The comparator the words nearest the number give. A level verb right before the figure wins
    (压减率保持在95%以上 is ≥ 95 %); decrease_by/increase_by on % only when the verb governs the figure
    itself (压减30%以上, 增长8%); 百分点 is always a change, its direction from the nearer verb, and so is a
    count right after 较上年增加/比2025年减少; 左右 and 约 are about (==) unless they qualify a change (增长8%左右,
    增长约8%)."""
    tail = before[-10:]
    change = _change_noun(before[-14:]) if unit in ("百分点", "%") else None
    if change and symbol not in ("≤", "<=", "<", "≦") and suffix not in ("以下", "以内") and not any(
            w in tail for w in LOWER_WORDS):
        return change  # 近视率年度降幅不低于1个百分点: a decrease of at least 1
    if symbol:
        return SYMBOL_COMPARATOR[symbol]
    if unit == "百分点":
        down = max((before.rfind(w) for w in DECREASE_WORDS), default=-1)
        up = max((before.rfind(w) for w in INCREASE_WORDS), default=-1)
        return "decrease_by" if down > up else "increase_by"
    count_change = COUNT_CHANGE.search(before) if unit not in ("%", "") else None
    if count_change:  # 达标指标数较上年增加五个: a change of the count against last year
        return "decrease_by" if count_change.group("verb") in DECREASE_WORDS else "increase_by"
    if (suffix == "左右" or ABOUT_BEFORE.search(before)) and not (unit == "%" and re.search(
            r"(?:" + "|".join(INCREASE_WORDS + DECREASE_WORDS) + r")(?:了|约|幅度|比例)?(?:达到?)?$", tail)):
        return "=="  # 招聘教师150名左右, 控制在6000人左右, 惠及幼儿约1200人: about, neither a floor nor a ceiling
    if suffix in ("以下", "以内") or any(w in tail for w in LOWER_WORDS) or _LOWER_RE.search(tail):
        return "<="
    if unit == "%" and re.search(r"(?:" + "|".join(INCREASE_WORDS) + r")(?:了|约|幅度|比例)?(?:达到?)?$", tail):
        return "increase_by"
    if unit == "%" and re.search(r"(?:" + "|".join(DECREASE_WORDS) + r")(?:了|约|幅度|比例)?(?:达到?)?$", tail):
        return "decrease_by"
    return ">="


def _candidate(orig: str, n: str, s0: int, sentence: str, st: int, en: int, f: dict, item: str,
               year: int | None, clause: str, cue_before: str, clauses: list[tuple[int, int]], c0: int
               ) -> Candidate | None:
    m = f["m"]
    a, b, mult, suffix = f.get("one_to") or m.group("a"), m.group("b"), f["mult"], f.get("suffix", m.group("suffix"))
    before = sentence[st:f["pos"]]
    unit_raw = f["unit"]
    unit, factor = _unit_of(unit_raw, before)
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
    own_cue = (suffix or symbol or _CUE.search(before) or re.search(r"(?:至|到|为)$", before)
               or RATE_BEFORE.search(before))
    inherited = not own_cue and _CUE.search(cue_before)
    if own_cue:
        confidence = 0.9
    elif upper is not None and not f["is_cn"]:
        confidence = 0.75  # a range (3至5个) is a plan's figure: results are counted, not bracketed
        reasons.append("区间数通常是计划目标")
    elif inherited:
        confidence = 0.75
        reasons.append("沿用前一分句的动词")
    else:
        confidence = 0.45
        reasons.append("没有找到表示目标的动词")
    if f["is_cn"]:
        # 三所/两个 only count right after the verb ('新增两所') or closing a list (A、B两所学校, …等三所);
        # '三项制度', '八项规定' are names
        ends_clause = f["end"] >= len(sentence) or sentence[f["end"]] in CLAUSE_END + SENTENCE_END + "、"
        right_after_verb = re.search("(?:" + "|".join(STRONG_CUES) + r")(?:了|共|等)?$", before)
        closes_list = (before.endswith("等") or "、" in before) and _CUE.search(before)
        if not (right_after_verb or closes_list or (ends_clause and _CUE.search(before))):
            return None
        confidence -= 0.1
        reasons.append("中文数字")
    if not unit_raw and not f.get("ratio"):
        confidence -= 0.1 if f.get("level") else 0.25
    if upper is not None:
        reasons.append("区间目标")
    if rank:
        confidence = min(confidence, 0.3)
    if f.get("one_to"):
        comparator = "<=" if comparator == ">=" else comparator  # 1:7 is at most 7 per one
        confidence = min(confidence, 0.45)
    soft = [m.group() for m in SOFT_CUES.finditer(sentence[st:f["pos"]])]
    firm = FIRM_BEFORE.search(sentence[:f["pos"]]) or suffix in ("以上", "及以上", "以下", "以内")
    if soft and not (firm and all(w == "研究" for w in soft)):
        confidence = min(confidence, 0.4)
        reasons.append("鼓励、探索或谋划，不是确定的目标")
    past = _looks_back(sentence, clauses, c0, f["pos"], year)
    if past:
        confidence = 0.15
        reasons.append(past)
    seg_orig = orig[s0 + st:s0 + en]
    name = _name(seg_orig, f["pos"] - st, f["end"] - st)
    return Candidate(item=item, source=seg_orig.strip(), start=s0 + st, end=s0 + en,
                     value=clean_number(value), value_upper=clean_number(upper), unit=unit,
                     comparator=comparator, confidence=round(max(0.0, min(1.0, confidence)), 2),
                     name=name, category=_category(normalise(seg_orig)), reasons=reasons)
