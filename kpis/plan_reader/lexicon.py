"""The target grammar's vocabulary: units and quantities, the cue words that commit to a figure, the
words that mark a result, a look back, a rank, a programme or a definition, and the small tables that
name a unit or a category from a noun. The grammar that reads clauses with them is in `clauses.py`
(sentences), `lookback.py` (results and past years) and `targets.py` (items and table rows)."""

from __future__ import annotations

import re

from kpis.plan_reader.numbers import CN_RE, MIXED_RE


# 6,590 and 15 041: thousands grouped by a comma or by one space (a space only before a unit's character);
# 7千900 and 3万5000 (digits on both sides of 千/万) are one number.
NUM = (rf"(?:{MIXED_RE}|\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:\.\d+)?|(?<![\d.])\d{{1,3}}(?: \d{{3}})+(?=[\u4e00-\u9fff%])"
       rf"|\d+(?:\.\d+)?|{CN_RE})")
# Longer units first: 场次 before 场, 批次 before 批, 台套 before 台 (the alternation takes the first that fits).
UNITS = ("个百分点", "百分点", "个学时", "个课时", "个小时", "平方米", "人次", "户次", "人(次)", "人（次）", "人/次", "场次", "批次", "台套", "台(套)", "小时", "分钟", "公里", "公顷", "课时",
         "学时", "学分", "万元", "亿元", "%", "‰", "个", "所", "人", "名", "套", "项", "元", "台", "间", "家", "座", "场",
         "次", "支", "册", "本", "件", "处", "部", "辆", "亩", "米", "吨", "天", "节", "门", "张", "条", "批", "类", "校",
         "园", "班", "枚", "块", "栋", "幢", "篇", "期", "分", "户", "起", "位", "例", "份", "堂", "轮", "组", "首", "棵",
         "株", "千瓦", "平方公里", "立方米")
# (部 is a unit — 3部作品 — but not the first character of 部门, 部署, 部委, 部分: 11部门联合下发通知 and
# 分…4部分 count no 部)
UNIT_RE = "|".join("部(?!门|署|委|分)" if u == "部" else re.escape(u) for u in UNITS)
QTY = re.compile(
    rf"(?P<a>{NUM})(?P<ratio>\s*:\s*1(?![\d.]))?(?:%(?=\s*(?:-|~|至|到)\s*[\d.]+\s*%))?(?:\s*(?P<dash>-|~|至|到)\s*(?P<b>{NUM}))?\s*(?P<mult>万|亿)?"
    rf"(?:余|多)?\s*(?P<unit>{UNIT_RE})?"
    r"(?:及(?=以下|以内))?(?P<suffix>及以上|以上|以下|以内|左右)?")
# A year in a table's column name (2025年, 2025目标 without 年): no figure of the table, when headers are told from rows.
YEAR_IN_HEAD = re.compile(r"(?:19|20)\d{2}\s*(?:年|(?=目标|预期|基数))")
# A telephone number (04-22289111, 0576-86123456, 13812345678): no range, no count.
PHONE = re.compile(r"(?<!\d)0\d{1,3}-\d{7,8}(?!\d)|(?<![\d.])1[3-9]\d{9}(?!\d)")
# A figure inside a cited provision: 关于…的规定/要求/精神/意见 (the 关于 and the 的规定 in the same clause).
CITE_OPEN = re.compile(r"关于[^，,。；;：:]*$")
CITE_CLOSE = re.compile(r"[^，,。；;：:]*?的(?:有关)?(?:规定|要求|精神|意见|通知|决定|部署|办法|标准|指示|条款|批示)")
# Where a distance draws a zone rather than sets a figure: 周边200米范围内, 学校周围100米以内.
ZONE_BEFORE = re.compile(r"(?:周边|周围|附近|四周|沿线|方圆)\s*$")
# Counts of the plan's own structure: 四个方面, 3个领域, 4个体系 (any numeral; not 环节: 压减3个环节 is a cut); 五项行动,
# 三个工程 (in words).
STRUCTURE_AFTER = re.compile(r"(?:方面|领域|维度|板块|层面|体系|(?:基本)?原则)")
CN_STRUCTURE_AFTER = re.compile(r"(?:行动|工程|任务|举措|专项|机制|体系|原则|要求|(?:重点|主要|中心|核心)(?:工作|任务))")
# The plan counting its own tasks: 确定重点工作任务25项, 梳理年度任务清单事项60项, 明确48项重点任务 — a verb that
# declares what the document holds, not one that delivers (完成民生实事任务12项 stays a target).
META_VERBS = r"确定|明确|提出|梳理|列出|部署|分解|细化|涵盖|包括|包含|共计|合计|共有|共(?=\s*\d)|形成"
META_VERB = re.compile(META_VERBS)
META_BEFORE = re.compile(rf"(?:{META_VERBS})(?:出|了)?[^，,。；;、]{{0,8}}(?:任务|事项|举措|措施|条目)(?:清单)?\s*$")
META_AFTER = re.compile(r"(?:重点|主要|具体|年度)?(?:具体)?(?:工作)?(?:任务|事项|举措|措施|目标)|(?<=条)\s*(?:意见|条款|规定)")
# A ratio N:1 (生师比17:1) is a level N in the unit 比 (the colon between its digits ends no clause).
RATIO_COLON = re.compile(r"(?<=\d)\s*:\s*(?=\d)")
# A comma grouping thousands (6,590个, ３，９１５，０００元 once normalised): inside a figure, it ends no clause.
THOUSANDS_COMMA = re.compile(r"(?<=\d)(?<!\d{4}),(?=\d{3}(?!\d))")
# A ratio written 1:N (师幼比1:7): N per one, read as N 比 at a confidence the reviewer must confirm.
ONE_TO_N = re.compile(r"1\s*:\s*(?P<n>\d+(?:\.\d+)?)\s*(?:及(?=以下|以内))?(?P<suffix>及以上|以上|以下|以内|左右)?")
# Words right before a unitless figure that make it a level (差异系数控制在0.45以内, 生师比不高于15:1).
LEVEL_BEFORE = re.compile(r"(?:控制在|不高于|不超过|低于|不低于|达到|保持在|稳定在|提升至|提高至|提高到|降至|降到|下降到|下降至|缩小到"
                          r"|缩小至|延长至|延长到|缩短至|缩短到|≥|≤|>=|<=|>|<|≧|≦)\s*$")
# 年 after a figure is a year or a span (2026年, 3年内, 连续两年); it is a unit only for a number of years
# (人均受教育年限达到12.5年; not 教龄满30年, an eligibility) or a decimal a level verb sets (学制延长至2.5年).
YEARS_NOUN = re.compile(r"(?:年限|年数)[^，,。；;、]{0,8}$")
# …or a later member of a 分别 list whose subject names it (入园率和人均受教育年限分别达到90%和13.5年): the list pairs its
# figures with its subjects in order, so the figure after 、/和 stands as far from 年限 as the list is long; a second
# 分别 list after a semicolon with no subject of its own (…；2020年分别达到98%…和15年以上) pairs with the same subjects.
YEARS_LISTED = re.compile(r"(?:年限|年数)[^，,。；;]{0,12}分别[^，,。；;]{0,60}(?:[；;][^，,。；;分]{0,12}分别[^，,。；;]{0,60})?"
                          r"[、和及与]\s*$")
YEARS_UNIT = re.compile(r"\s*年(?![内来底前后间初中末度份级制起龄])\s*(?:及(?=以下|以内))?(?P<suffix>及以上|以上|以下|以内|左右)?")
# A rank: 进入全省前10名, 位居全市前3位, 全省排名前10%, 全省前10 (第N名 is an ordinal, dropped earlier).
# A list's name in Latin letters may stand between (进入ESI全球前1%, 跻身QS世界前500名).
RANK_BEFORE = re.compile(r"(?:排名|排位|进入|跻身|位居|位列|名列|稳居|保持|全球|世界|国际|全国|全省|全市|全州|全区|全县|省内|市内|"
                         r"区内|县内|同类)(?:[A-Za-z]{1,10})?[\u4e00-\u9fff]{0,4}前$")
# A comparator written as a symbol right before the number: ≥98%, ≤50%, >=95, ＜0.5‰ (normalised: > <).
SYMBOL_BEFORE = re.compile(r"(≥|≤|>=|<=|>|<|≧|≦)\s*$")
SYMBOL_COMPARATOR = {"≥": ">=", ">=": ">=", ">": ">=", "≧": ">=", "≤": "<=", "<=": "<=", "<": "<=", "≦": "<=",
                     # a table cell may say its comparator in words (2025目标: 不少于60)
                     **dict.fromkeys(("不少于", "不低于", "不小于", "至少", "达到", "超过", "高于"), ">="),
                     **dict.fromkeys(("不高于", "不超过", "不大于", "低于", "少于", "控制在"), "<=")}
_WORD_SYMBOLS = "|".join(k for k in SYMBOL_COMPARATOR if len(k) > 1 and not k.isascii())
# 百分之九十五, 百分之95: a percentage written in words.
PERCENT_WORDS = re.compile(rf"百分之(?P<a>{NUM})(?:(?P<dash>至|到)百分之(?P<b>{NUM}))?(?P<mult>)(?P<unit>)"
                           r"(?:及(?=以下|以内))?(?P<suffix>及以上|以上|以下|以内|左右)?")
# 七成, 四成以上, 九成五, 7成以上: tenths as a share (70 %, 40 %, 95 %) — not 一成不变, 三五成群 or 建成 (a numeral right
# before 成, none before it, something after it that is no verb of becoming: 成为, 成立, 成绩, 成果, 成本), nor the upper
# end of 3至6成 (left unread)
TENTHS_WORDS = re.compile(r"(?<![一二两三四五六七八九十\d.])(?<![\d一二两三四五六七八九十][至到~-])"
                          r"(?P<a>[二两三四五六七八九2-9])(?P<mult>成)(?P<b>)(?P<dash>)"
                          r"(?P<tenth>[一二三四五六七八九](?![成十百千万]))?(?P<unit>)"
                          r"(?![为立绩果本员功长效熟型就交])(?P<suffix>以上|以下|左右)?")
# A share of pupils, then a condition they have (8成以上初中学生近视, 30%的儿童超重): a prevalence the text reports.
PREVALENCE = re.compile(r"\s*(?:以上|左右|多)?(?:的)?[\u4e00-\u9fff]{0,4}?(?:学生|儿童|青少年|孩子|幼儿|中小学生)"
                        r"(?:患有|存在|出现)?(?:近视|肥胖|超重|龋齿|贫血|视力不良)(?![\u4e00-\u9fff])")
# The kinds of school a size or a share is of (200人以上寄宿制学校, 90%以上的学校开齐…)
SCHOOL_NOUNS = r"学校|小学|中学|初中|高中|幼儿园|教学点|校区"
# Chinese numerals count only with these units (三所, 两个) — not 四支队伍, 五张清单, 一批, 二十条.
CN_UNITS = {"所", "个", "项", "名", "人", "家", "座", "间", "套", "台", "场", "校", "园"}
# A numeral that belongs to the noun after a count (两所九年一贯制学校, 三所十二年一贯制学校, 两所一级幼儿园,
# 四所三星级学校), not a slogan's (三个一, 一校一品, 四个一流).
CN_NOUN_NUMERAL = re.compile(r"[一二两三四五六七八九十]+(?:年(?:一贯|制)|级|星级?|类(?:学校|幼儿园|园|校))")
SENTENCE_END = "。；;！!？?\n"
CLAUSE_END = "，,：:"
LIST_SEP = "、和及与"

LOWER_WORDS = ("控制在", "控制为", "不高于", "不超过", "不多于", "降至", "降到", "下降到", "下降至", "降低到", "降低至",
               "减少到", "减少至", "压减至", "压减到", "压缩至", "压缩到",
               "不得高于", "不得超过", "不得多于", "不应高于", "不应超过", "不宜超过")  # “C”级不得高于5%: a ceiling
DECREASE_WORDS = ("下降", "降低", "减少", "压减", "缩小", "压缩")
INCREASE_WORDS = ("提高", "提升", "增长", "增加", "上升", "扩容")  # 学位扩容30%: places up by 30%
# Words that commit to a figure; their presence before the number makes a confident target.
STRONG_CUES = ("以上", "不低于", "不少于", "达到", "达", "提升至", "提高至", "提高到", "提升到", "增至", "增加到",
               "保持在", "稳定在", "保持", "控制在", "新增", "新建", "新组建", "建成", "创成", "完成", "争创", "创建", "新投用",
               "投用", "确保", "保障", "保证", "力争", "培育", "认定", "打造", "组建", "建强", "评选", "招聘", "招募", "招录",
               "引进", "开展", "推动", "推进", "实现", "覆盖", "做好", "对", "关停", "撤并", "新办", "扩建", "改扩建",
               "改造", "启用", "建设", "培训", "选树", "遴选", "命名", "创", "增加", "提高", "提升", "下降", "降低",
               "减少", "入读", "落实", "延长至", "缩短至", "至少", "超过", "每年", "新招", "开设", "举办", "设立", "资助", "发放", "达标",
               "培养", "投入", "安排", "增长", "上升", "突破", "配备", "配齐", "开工", "竣工", "筹措", "实施", "组织", "购置",
               "配置", "补充", "选派", "招收", "新评", "压减", "压缩", "缩小", "共建", "援建", "筹建", "更新", "更换",
               "添置", "维修", "修缮", "办好", "设置", "开建", "新修", "引入", "新、改建")  # 新、改建30个公园 (not 由…改建而成)
STRONG_CUES += LOWER_WORDS  # a ceiling commits as a floor does: 不高于15:1, 不超过45人
# 普通高中计划招生7.8万人 (招生1.2万人 alone is a statistic), 新开2所幼儿园, 投建5所小学
STRONG_CUES += ("计划招生", "计划录取", "计划招收", "计划招募", "计划入园", "计划入学", "新开", "投建")
STRONG_CUES += ("推介", "遴选推荐")  # 推介60位百姓学习之星: named and put forward, as 评选 and 遴选 are
# 台湾's words for the same works: 整修 (维修), 汰换 (更换), 添购 (购置), 装设 (安装); not 改善 (docs/decisions.md)
STRONG_CUES += ("整修", "汰换", "添购", "装设")
STRONG_CUES += ("招生计划", "招生总计划")  # 普通高中招生计划6500人: the plan of places, as 计划招生 is
STRONG_CUES += ("不得低于", "不得少于", "不应低于", "不应少于")  # a floor as a rule states it (合格率不得低于95%)
STRONG_CUES += ("将开放", "新开放", "计划开放")  # 2019年将开放35所新学校(体育场馆): opened to the public, a plan's count
STRONG_CUES += ("大于", "高于", "多于", "小于")  # 毛入园率将大于90% (a floor), 生师比小于15:1 (a ceiling, LOWER_RE)
# a 民生实事 list's verbs: 提质升级1000所中小学校食堂, 扩充优质普通高中公办学位8万个 (支持 and 提供 name help given
# as often as a target: tried, they added as many results as targets)
STRONG_CUES += ("升级", "扩充")
STRONG_CUES += ("目标是", "目标为")  # 今年的目标是有10个学生进入…: the plan names its aim
# 安装直饮水机240个, 投放80台专用校车, 开办16所公办幼儿园, 中班计划补招60人, 全市将有60所学校实现…: a plan's verbs (扩招 is
# left out: a 公报's 研究生扩招20.74% reports the growth)
STRONG_CUES += ("安装", "投放", "开办", "补招", "将有", "选拔")
# 新(扩)建, 新(改、扩)建, 改(扩)建: the building verbs with the kinds of work a plan adds in brackets
# 建立10个县级特殊教育资源中心: set up, as 组建 and 建成 are — before digits only (建立三项制度 names its rules)
FIGURE_CUES = ("建立", "设立")
CUE = re.compile("|".join(map(re.escape, STRONG_CUES + FIGURE_CUES)) + r"|[新改]\s*[(（][改扩、]{1,3}[)）]\s*建")
# A rate noun right before its figure states the level: 校园“护学岗”设置率100%, 资助覆盖面100%; so does
# a budget: 全年教育支出预算14.6亿元.
RATE_BEFORE = re.compile(r"(?:率|比例|占比|比重|覆盖面|降幅|增幅|幅度|预算|计划投资|年度投资)[”\"」』]?\s*"
                         r"(?:(?<!不)(?:低于|小于|少于)\s*)?$")  # 文盲率低于5%: a ceiling on the rate
# A rate's level printed without its % (入园率达98以上, 入学率、巩固率为100, 巩固率均达99.20): a rate is a share, so a bare
# figure up to 100 a verb sets right after a rate noun is a percentage — copies lose the sign, not the meaning.
RATE_LEVEL_BEFORE = re.compile(r"(?:率|比例|占比|比重)[”\"」』]?(?:均|分别|都|也|将|要|应)?\s*(?:达到|达|为|保持在|保持|稳定在|提高到|提高至"
                               r"|提升到|提升至|不低于|不少于|超过|控制在|控制为|降至|降到|降低到|不高于|不超过)\s*$")
# A share of a whole right before its figure (占全县在校学生总数的10以上): a percentage, when the copy dropped its %.
SHARE_OF_BEFORE = re.compile(r"占[^，,。；;\d]{1,20}的\s*$")
# Soft intentions — as verbs only: 研究生, 研究院 and 试点 before the noun it qualifies (试点校, 试点学校,
# 试点专业, 试点地区, 试点项目: 遴选试点地区10个 is a count of places) are nouns. 研究 is an intention only before
# the verb it defers (研究制定, 研究出台, 研究设立…); before a noun it is a meeting that counts (专题研究党建工作
# 不少于4次), and a firm comparator of the figure's own (不少于, 至少, 以上, ≥…) outweighs it.
SOFT_CUES = re.compile(r"鼓励|探索|谋划|研究(?=(?:并|和)?(?:制定|制订|出台|建立|设立|探索|推进|推动|实施|解决|完善|编制|起草|提出|建设|"
                       r"开展|增加|扩大|调整|论证|谋划|布局|新建|筹建|增设|设置|启动))|"
                       r"试点(?![校园区县市省镇村班]|学校|幼儿园|单位|项目|专业|地区|城市|区域|小城镇|乡镇|街道|社区|"
                       r"院校|高校|基地|课程|学科|企业|工作|任务|名单)|筹划|倡导|尝试|逐步")
FIRM_BEFORE = re.compile(r"(?:不少于|不低于|至少|不超过|不高于|不多于|控制在|达到|≥|≤|>=|<=|≧|≦)\s*$")
# Results already achieved. Judged within the number's own clause (全县现有幼儿园50所，今年新建幼儿园3所: the
# 3所 is a target), and for the whole sentence only when they open it as a clause of their own (去年以来，…;
# 截至2024年底，…). 拥有 (每千人口拥有…托位数达到4.5个) and 同比 (同比增长8%) describe targets as often as results.
ACHIEVED = re.compile(r"已经?(?:达|完成|建成|实现|超过|覆盖|有|累计|增至|提升|提高|下降|降低|创成|投用|认定|新?开工)|已[^\s，,。]{0,6}$|"
                      r"超额完成|圆满完成了|共有|现有|目前|截至|去年|上一年|过去一年|(?:一|两|三|五|十|多|近|近几|近些|几)年来|"
                      r"这(?:两|三|四|五|几|些|十)年(?!内|后|里要|间要)|"  # 报告指出，这五年，…新建学校46所
                      r"(?:去年|上年|(?:19|20)\d{2}年|近年|近几年|多年|今年|一年|五年|十年|十八大|十九大|二十大)[”\x22]?以来|"
                      r"(?:十三五|十二五|过去五年|上一轮)[”\x22]?期间|累计完成|完成了|建成了|新增了|达到了|实现了|"
                      # a verb with 了 reports what was done (下达了…专项资金, 招聘了…); 录取/招收 counted, a plan's completion
                      # rate and a work's progress are results (共录取新生…人, 计划完成率98.99%, 施工完成70%, 占年度投资计划的32.12%)
                      r"(?:下达|投入|拨付|招聘|开展|培训|组建|创建|改造|新建|改扩建|增加|举办|组织|落实|争取|发放|资助|惠及|接收|招收|录取|考察)了|"
                      r"(?:共计?|实际|累计)(?:录取|招收|招生)|计划完成率|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月份|施工完成|完成[^\s，,。；;]{0,6}施工|(?:工程|施工|形象|总)进度(?:已)?(?:达到?|为)?$|完成[^\s，,。；;]{0,4}?进度(?:达到?|为)?$|"
                      r"(?:占|完成)(?:年度)?[^\s，,。；;]{0,6}(?:计划|任务)(?:数|总数)?的|又有|"  # 占任务数的86%; 今年又有3所…投入使用
                      # 随着项目建设的完成，能够增加600个: what the finished work brought
                      r"随着[^\s，,。；;]{0,12}(?:完成|建成|竣工|投用)|"
                      # a verb with 到 as its result (共征集到建议907件, 收到来信30封): what came in
                      r"(?:征集|收集|收|接|募集|筹集)到|"
                      # a count of what a place has (全国有特教学校2080所, 全市有经…认定的…幼儿园24所): a statistic
                      r"(?:全国|全省|全市|全县|全区|全州|全旗)(?:共|现|已)?有(?![望序效力关]|需|条件|意愿|能力)")
# A clause of work done whose figure a 其中 breakdown may follow (已建成学校12所，其中…): its parts are done too.
DONE_SUM = re.compile(r"已(?:经|全部|累计)?[\u4e00-\u9fff]{0,4}?(?:建成|完成|竣工|投用|投入使用|开工|新增|实现)")
# What says a clause is about this year's plan again after a look back: 今年, 2025年, 目标, 力争.
PRESENT = r"今年|本年|年内|新的一年|目标|任务|力争|计划|确保|展望|总体要求"
# What turns a look back (a 回顾 section, a paragraph opened by 2025年，…取得新成效) to this year, sentence by
# sentence: a word of this year or ahead (今年, 年内, 新的一年, 下一步, 展望, the plan year), an intention (力争,
# 确保), or a goal announced (主要目标, 目标是, 任务如下, 总体要求) — not a goal, task or plan named in passing
# (紧扣“…”目标, 完成年度目标任务, 享受营养改善计划), which a look back names as often as a plan does.
TURN = (r"今年|本年|年内|未来[一二两三四五六七八九十几]{1,2}年|全年(?:计划|目标|任务)|新的一年|明年|下一步|展望|今后|力争|确保(?!了)|总体要求|(?:主要|总体|具体|预期)(?:发展)?目标|"
        r"(?:目标|任务)(?:任务)?(?:是|为|如下|:)")
# The five-year plans a text names (“十四五”, 十三五期间): each one's first year (十四五 runs 2021–2025).
FIVE_YEAR_FIRST = {"十一": 2006, "十二": 2011, "十三": 2016, "十四": 2021, "十五": 2026}
YEAR = re.compile(r"(?<![-~至到—\d])((?:19|20)\d{2})\s*年(?!\s*[-~至到—]\s*(?:19|20)\d{2})")
LOWER_RE = re.compile(r"(?<!不)(?<!不得)(?<!不应)(?:低于|少于|小于)$")  # not 不低于, 不得低于: floors
BASELINE_WORDS = re.compile(r"(?:(?<![占对])比|较|相比|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末|同期)?(?:相比)?|"
                            r"在(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末)?(?:的)?(?:工作)?基础上")
QUOTE_OPEN = "“「『"
QUOTE_CLOSE = "”」』"


# What opens a look back at the start of a paragraph: 回顾2025年, 过去一年, 一年来, 十八大以来, 去年,
# …取得新成效/新进展/显著成绩 (before the paragraph's first figure, with no word of this year before it).
LOOK_BACK_OPEN = re.compile(r"回顾|回眸|过去(?:的)?(?:一|这一|两|三|五|几)年|(?:一|两|三|五|十|多|近|几|近几)年来|以来|去年|"
                            r"上一年|主要成绩|工作成效|(?P<gain>取得(?:了)?[^，,。；;：:]{0,8}(?:成效|成绩|进展|成果|突破|进步))")
# …取得新突破 after a verb of intention looks forward (推动各项工作取得新突破).
INTENT = re.compile(r"推动|确保|力争|争取|努力|促进|推进|奋力|着力|全力|要(?![求点素闻害])|将|必须|务必")  # 工作要求 is no intention
PAST_START = re.compile(r"\s*(?:在|于)?((?:19|20)\d{2})\s*年(?!\s*[-~至到—]\s*(?:19|20)\d{2})")


UNIT_IN_NAME = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(?P<unit>" + "|".join(
    re.escape(u) for u in ("个百分点", "百分点", "万平方米", "平方米", "万人次", "人次", "万元", "亿元", "%", "‰", "个", "所", "人", "名", "元",
                           "小时", "分钟", "学时", "课时", "项", "套", "台", "间", "本", "次", "场", "万人", "万个", "起", "户",
                           "家", "位", "件", "册", "门", "份", "张", "座", "块", "天")) + r")\s*[)）]")
OPENS_WITH_FIGURE = re.compile(rf"\s*{NUM}\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{UNIT_RE})")
ROW_FIGURE = re.compile(rf"^(?P<sym>≥|≤|>=|<=|>|<|≧|≦|{_WORD_SYMBOLS})?\s*(?P<a>{NUM})(?P<ratio>\s*:\s*1(?![\d.]))?(?:\s*(?P<dash>-|~|至|到)\s*(?P<b>{NUM}))?\s*"
                         rf"(?P<mult>万|亿)?\s*(?P<unit>{UNIT_RE})?\s*(?:及(?=以下|以内))?(?P<suffix>及以上|以上|以下|以内|左右)?$")


# A table's target column in words after the row's baseline figure (132 | 逐年只增不减): a direction, no figure.
WORDED_GOAL = re.compile(r"(?:逐年|每年)?只增不减|不低于上年|不降低|(?:稳步|逐步|持续|逐年|有所)(?:提高|提升|增长|增加)")


# A change named by its noun: 近视率年度降幅, 经费增幅 (decrease_by / increase_by, on 百分点 or %).
CHANGE_DOWN = re.compile(r"降幅|(?:下降|降低|减少|压减)幅度|减幅")
CHANGE_UP = re.compile(r"增幅|涨幅|(?:增长|提升|提高|上升)幅度")
# Indicators where less is better (a table's target without ≥/≤ is then a ceiling).
LOWER_RATE = re.compile(r"(?:近视|肥胖|超重|发生|辍学|流失|不合格|不达标|不及格|空置|差错|欺凌)率$")
LOWER_NOUN = re.compile(r"大班额|班额|事故|辍学|失学|欺凌|差异系数|生师比|师生比|师幼比")
# Rows that count what the year adds (新增学位 3600 → 2400 is still ≥ 2400): no baseline comparison.
FLOW = re.compile(r"新增|新建|新开|新招|新组建|建成|完成|培训|招聘|招录|引进|投入|投资|创建|培育|认定|改造|改扩建|举办|开展|"
                   r"评选|选派|资助|发放|开设|年度")


# A target of zero: …清零, …零发生, …为零 closing its phrase (not 化整为零, 行为零容忍), 零事故/零伤亡/零死亡
# (not 零容忍, 零距离, 零起点).
ZERO = re.compile(r"清零|零发生|(?<!整)为零(?![\u4e00-\u9fff])|零(?P<noun>事故|伤亡|死亡)")
ZERO_TAIL = re.compile(r"(?:保持|实现|做到|确保)?(?:动态|常态|全面)?(?:清零|零发生|为零)$")


# A size that defines a unit right after a count of people: 超过45人的班级, 不足100人的小规模学校, 45人以下的班.
UNIT_SIZE_AFTER = re.compile(r"\s*(?:(?:及以上|以上|以下|以内)?[\u4e00-\u9fff]{1,6}?的[\u4e00-\u9fff]{0,4}?|"  # 5名以上残疾学生的普通学校
                             r"(?:及以上|以上|以下|以内)?(?:的[\u4e00-\u9fff]{0,6}?)?)(?:班级|班|学校|校|幼儿园|园|教学点)"
                             r"(?![\u4e00-\u9fff])")
# The present state, or a problem, described rather than set: 仍有超过45人的班级, 尚有12所学校未达标 (the figure
# its object: not 对仍有辍学风险的学生建档率达到100%).
STATE = re.compile(r"(?:仍|尚|还|依然|仍然|依旧)(?:有|存在)")


QTY_DIGITS = re.compile(r"\d")
# A date, which is no figure: 12月16日, 9月1日.
DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


# 约 right before the figure is "about", like 左右 (not 节约, 制约, 预约, 签约…).
ABOUT_BEFORE = re.compile(r"(?:(?<![节制预签公条合邀相契违履隐婚])约|大约)(?:为|占)?\s*$")
# A count changed against a baseline (较上年增加5个, 比2025年减少10个): increase_by/decrease_by in the count's unit.
COUNT_CHANGE = re.compile(r"(?:比|较|相比|与)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:底|末|同期)?(?:相比)?[，,]?"
                          r"(?P<verb>增加|增长|提高|提升|上升|减少|下降|降低|压减)(?:了)?(?:约)?\s*$")


def category(text: str) -> str:
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


def unit_of(unit: str | None, before: str) -> tuple[str, float]:
    """Normalised unit and multiplier for the value."""
    if unit in ("个百分点", "百分点"):
        return "百分点", 1
    if unit == "台(套)":
        return "台", 1
    if unit in ("个学时", "个课时", "个小时"):  # 不少于50个学时: the hours, with the measure word 个 before them
        return unit[1:], 1
    if unit in ("人(次)", "人（次）", "人/次"):  # a form writes 人次 as 人/次
        return "人次", 1
    if unit == "校":
        return "所", 1
    if unit == "园":
        return "所", 1
    if unit == "万元":
        return "元", 10_000
    if unit == "亿元":
        return "元", 100_000_000
    return unit or "", 1


def bare_unit(before: str) -> str:
    """A count written without its unit ('先进学校”12'): guess it from the noun before it."""
    noun = before[-8:]
    if re.search(r"(?:学校|校|园|幼儿园)[”\"]?$", noun):
        return "所"
    if re.search(r"(?:教师|人才|学生|校长|名师|班主任)[”\"]?$", noun):
        return "名"
    return "个"


def change_noun(text: str) -> str | None:
    """decrease_by / increase_by when the nearest change noun before the figure says so."""
    down = max((m.end() for m in CHANGE_DOWN.finditer(text)), default=-1)
    up = max((m.end() for m in CHANGE_UP.finditer(text)), default=-1)
    if down < 0 and up < 0:
        return None
    return "decrease_by" if down > up else "increase_by"


def lower_is_better(name: str) -> bool:
    """近视率, 大班额, 事故, 辍学, 差异系数, 生师比: an indicator the plan wants lower."""
    name = re.sub(r"[(（][^)）]*[)）]", "", name).strip()
    if LOWER_RATE.search(name):
        return True
    if re.search(r"(?:率|比例|占比|比重|覆盖面|指数)$", name):
        return False
    return bool(LOWER_NOUN.search(name))


def zero_unit(counted: str) -> str:
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


# A line that labels what follows as results (光明区…民生实事: 任务安排 … 落实情况 …) or as the plan again.
# (a line of its own naming a span gone by — 过去五年, 过去一年, 五年来 — heads a review as 工作回顾 does)
RESULT_LABEL = re.compile(r"\s*(?:(?:落实|进展|完成|推进|实施|办理)情况|工作(?:总结|回顾|成效)|主要成绩|取得(?:的)?成效|"
                          r"(?:过去(?:的)?|近)(?:[一二两三四五六七八九十几]|\d{1,2})年(?:来|间|里)?|(?:[一二两三四五六七八九十几]|\d{1,2})年来)"
                          r"\s*[:：]?\s*")
PLAN_LABEL = re.compile(r"\s*(?:任务安排|工作(?:计划|目标|任务|安排|要点|思路)|主要(?:目标|任务)|目标任务|年度目标)\s*[:：]?\s*")
# A sentence that reports progress against the plan — 超额完成年度任务, 已全部完成, 均已开学, 占年度投资计划的32%,
# 计划完成率 — speaks of results in every clause, whatever its figures' own clauses say; not when an intention
# governs the words (确保超额完成年度目标任务).
RESULT_SENTENCE = re.compile(r"(?<!确保)(?<!力争)(?<!争取)(?<!努力)超额完成|已全部|已按计划|均已|已移交|已于|"
                             r"(?<!确保)(?<!力争)圆满完成|占(?:年度|全年)[^，,。；;]{0,6}(?:计划|目标)(?:的)?\s*\d|计划完成率|(?<!教育)(?<!学业)完成率(?:为|达)?\s*\d|"
                             r"完成[^，,。；;]{0,12}(?:目标)?任务的\s*\d")
# A count of the programmes a task belongs to: 列入市委、市政府的20件民心工程, 作为13项暖民心行动之一.
PROGRAMME_OF = re.compile(r"[^，,。；;]{0,10}?(?:民心工程|民生工程|民生实事|实事|行动|工程)(?:项目)?之一")
PROGRAMME_IN = re.compile(r"(?:列入|纳入|作为)[^，,。；;]{0,12}$")
PROGRAMME_NOUN = re.compile(r"\s*(?:件|项)?(?:重点|重大)?(?:民心工程|民生工程|民生实事|为民办实事|为民实事|实事)")
# …办好十项实事, 确定2016年为民兴办10件实事: a count of programmes whatever introduces it (not 实事求是).
PROGRAMME_COUNT = re.compile(r"\s*(?:[省市县区]级)?(?:重点|重大)?(?:民心工程|民生工程|民生实事|为民办实事|为民实事|实事)(?!求是)")
# …and a count of the year's 实事 named a few words later or just before (票决出17项长宁区人民政府2024年为民办实事项目,
# 实施27个为民办实事项目, 确定…民生实事项目为10项, 民生实事候选项目(共13项)): the list counted, not a target (not a
# project named by its target, “新增公办学位3.2万个”民生实事项目).
PROGRAMME_LATER = re.compile(r"(?![”\"」』])(?:[^，,。；;\d]|(?:19|20)\d{2}\s*年){0,16}?(?:民生实事|办实事|为民实事|民心工程|民生工程)")
PROGRAMME_BEFORE = re.compile(r"(?:实事|民心工程|民生工程)(?:候选)?(?:项目)?\s*(?:为|共|共计|有|[(（]\s*共)\s*$")
# …and a count of measures or kinds (11项举措, 5项重点工程, 7项指标, 2项教育惠民工程, 15类52项民生实事): what is counted has
# targets of its own, the count is none.
PROGRAMME_KINDS = re.compile(r"[^，,。；;\d]{0,8}?(?:举措|措施|工程|指标|任务|行动|改革|政策|津贴|实事|\d+\s*项)")
# A change against last year reported right after a level (共有幼儿园29.17万所，比上年增加1.05万所，增长3.75%):
# statistics, not a target (a target states the change alone: 教育经费比上年增长5%).
STAT_CHANGE = re.compile(r"\s*(?:比|较)(?:上年|去年|上一年|(?:19|20)\d{2}\s*年)(?:同期)?(?:增加|增长|提高|提升|上升|减少|下降|降低)")
# What makes a level a target even beside its change against last year (不低于5亿元，比上年增长6%).
TARGET_LEVEL = re.compile(r"不低于|不少于|以上|不超过|不高于|以内|以下|控制在|力争|确保|争取|计划|目标|将|拟|今年|年内|提高到|提升到|提高至|提升至")
BARE_CHANGE = re.compile(r"\s*(?:增加|增长|提高|提升|上升|减少|下降|降低)\s*\d")
# …and the change given again as a rate in the clause after it (…，比2007年增加17313人，增幅为14.1%).
CHANGE_AS_RATE = re.compile(r"\s*(?:增幅|涨幅|降幅|增长率)\s*(?:为|是|达到|达)?\s*\d")
# A document named by its year: 2022年工作总结, 2023年工作计划, 2024年教育工作要点.
DOC_NAME = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:度)?(?:教育)?(?:工作)?(?:总结|计划|要点|思路|安排)")


# a bracket that names who a size is of (规模较大的学校（在校生500人以上）): the figure closing it defines a class
SIZE_IN_BRACKETS = re.compile(r"[（(][\u4e00-\u9fff]{1,6}$")
# a count of classes that sizes a school (36个班的, 24班规模的, 12个教学班的)
CLASS_SIZE_OF = re.compile(r"\s*\d+\s*个?\s*(?:教学)?班(?:规模)?的")
# a place word between a verb and its count in characters (改扩建城区两所, 新建乡镇三所)
PLACE_WORD = r"[\u4e00-\u9fff]{0,3}?(?:城区|县城|市区|主城区|农村|乡镇|乡村|镇区|片区|园区|新区)"
# An event dated to its day (22日在长春举办, 3月5日召开): news of what took place, whose verb commits to nothing.
DATED_EVENT = re.compile(r"\d{1,2}\s*日(?:上午|下午|晚)?(?:在[^，,。；;]{1,12})?(?:举办|举行|召开|开幕|闭幕|启动|开展)")
# The noun a count in 万 runs into without a measure word (10万普高学位, 14万小学二年级学生, 109万学生): places are 个,
# people 人 — a few words of what they are may stand between (普高, 小学二年级, 农村义务教育).
NOUN_AFTER_WAN = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:(?P<seats>学位|名额)|学生|儿童|幼儿|少年|教师|人才|学员|毕业生|劳动者|文盲)")
# The site a project or school takes (项目占地8.5亩, 校园占地面积约21935平方米): a description of it, no target.
SITE_AREA = re.compile(r"占地(?:面积)?(?:为|约|达|共)?\s*$")
