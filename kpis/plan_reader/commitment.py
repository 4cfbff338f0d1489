"""What makes a figure without a verb before it a commitment, and what makes a forecast no commitment.

A plan puts its verb before the figure (新建幼儿园5所); news often puts it after (还有27所幼儿园将陆续投入使用, 年底前
170所新学校开工) or names the goal after it (实现85%的普及目标). A forecast (预计) is a commitment when it speaks of the
bureau's own work (预计新增学位3000个) and none when it speaks of people the work is for — a population, the children of
an age, a demand (预计每年新增人口2-3万人, 可满足约2.3万名适龄儿童的入园需求): those are the reasons for the targets."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import SCHOOL_NOUNS
from kpis.plan_reader.numbers import PINYIN

_GOAL_AFTER = re.compile(r"\s*的[\u4e00-\u9fff]{1,6}目标")
# A figure whose clause goes on to say it will be finished or opened (126所将于秋季开学前建成并投入使用).
# (13所新建中学将在秋季开学投用, 50所新建学校将一同投用)
_WILL_AFTER = re.compile(r"[^，,。；;：:]{0,12}?(?:将(?:[于在][^，,。；;]{0,12}?)?(?:陆续|全部|按期|如期|同步|一同|一并|集中|正式)?|"
                         r"(?<![已均都])陆续)"
                         r"(?:建成|竣工|完工|投入使用|投用|开园|开学|招生|开工|开建|动工)")  # 还有20个项目陆续开建: still to come
# A deadline ahead right before a figure (年底前, 年内, 今年秋季, 2026年底前, 到2027年), and a verb of work done by then after its
# noun in the same clause (…170所新学校开工, …3所幼儿园建成投用).
_DEADLINE_BEFORE = re.compile(r"(?:年底前|年内|今年(?:秋季|春季|年底|底|内)|(?:19|20)\d{2}\s*年(?:底|末)?(?:前|以前)|(?<![\d年])到\s*(?:19|20)\d{2}\s*年(?:底|末)?)"
                              r"\s*(?:全[市县区省])?\s*$")
_VERB_AFTER = re.compile(r"[^，,。；;：:\d]{0,12}?(?:全部|都|均)?(?:建成|竣工|完工|投入使用|投用|开园|开工|开建|动工|开办|达标)")


# 将 and a verb of one to three characters right before the figure (将建, 将招募, 将投放): work still to come — not 将近
# (about), 已将 (done), 将有 (there will be: a count, no deed), 即将 (a report's "soon", said of work under way) or
# 将以/将与 (with: 将以这6所学校为样板), 将影响/波及 (who a work touches: 将影响7万5,000名师生;
# 将惠及2000名学员 counts those served, a target).
# 拟 the same (拟选1000所试点学校, 拟招收300人): planned, not yet done — not 草拟/拟定 (a draft).
_WILL_DO_BEFORE = re.compile(r"(?<![已即])将(?!近|有|会有|以|与|和|同|跟|影响|波及)[\u4e00-\u9fff]{1,3}$|(?<![草])拟(?!定|稿)[\u4e00-\u9fff]{1,2}$")


# The reason a deadline ahead and the work due by then give; genre.gate_report trusts it as looking forward.
DEADLINE_AHEAD = "数字前是期限，数字后是要完成的事"


# What may stand between schools and the verb of their work: not a clause's end, nor 已/了 (done) or 未/没/不 (not done).
_ON_THE_WAY = r"[^，,。；;：:！!？?已了未没不]"


# A share of schools, then what they are to do (90%以上的学校开齐开足课程, 80%的幼儿园要创成等级园, 40%的中小学将设…):
# the share is the target, the verb after it.
# (without 的 only the schools right after the share: 80%中小学学校完成…, not 四成城市中小学校将…)
_SHARE_DOES = re.compile(rf"(?:及以上|以上)?(?:的[\u4e00-\u9fff、]{{0,10}}?|[\u4e00-\u9fff]?)"
                         rf"(?:{SCHOOL_NOUNS}|院校|园所|校园|班级|学生|教师|校长|乡镇|村|教研组|备课组)"
                         # …在2026年底按标准建成: a deadline or a manner between the schools and their verb
                         rf"{_ON_THE_WAY}{{0,12}}?(?:将|要|均|都|能|可)?"
                         r"(?:达到|达标|建成|实现|开齐|开足|创成|创建|配备|配齐|设立|设置|设|建立|通过|完成|落实|开展|接入|具备|成为|"
                         r"参加|参与|享受|掌握|拥有|获得)")


# …or the schools or people named first, their share right before what they are to do (其他教师100%制定个人发展规划,
# 全县学校100%建成标准化食堂): the same target written the other way round.
_WHO_BEFORE = re.compile(rf"(?:{SCHOOL_NOUNS}|院校|园所|班级|学生|教师|校长|家长|班主任|儿童|子女|少年|幼儿)\s*$")
_SHARE_VERB = re.compile(r"(?:以上)?(?:将|要|均|都|能|可)?(?:达到|达标|建成|实现|开齐|开足|创成|创建|配备|配齐|设立|建立|通过|完成|"
                         r"落实|开展|接入|具备|参加|参与|掌握|制定|覆盖|持证|接受|知晓|签订|开设|"
                         # (适龄儿童100%入学, 随迁子女100%提供公办学位: the children's share placed)
                         r"入学|入园|就近入学|就读|安置|提供)")


# Pupils counted, then the line they are to pass (中考120人进一中分数线, 150人超过浙大分数线): how many are to pass.
_PASS_LINE = re.compile(r"\s*(?:进入?|上|超过|达到|考入|过)[^，,。；;\d]{0,8}?(?:分数线|录取线|控制线)")


# A count of schools, then the work they are to have done (全年6所小学完成扩建, 4所学校完成改造): the count is the target.
_SCHOOLS_DO = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{SCHOOL_NOUNS}|院校)(?:(?!\d){_ON_THE_WAY}){{0,10}}?(?:将|要|均|都)?"
                         r"(?:完成|建成|达到|达标|创成|创建为|创建成|晋升|通过|改造|改扩建|扩建|维修|达(?=[“\"]|标准))")
SCHOOLS_DO = "数字后面是“学校…完成/建成/改造”，是要完成的学校数"


def after_figure(sentence: str, before: str, end: int, unit: str | None = None) -> tuple[float, str] | None:
    """The confidence and reason of a figure with no verb before it that what follows makes a commitment, or None."""
    if unit in ("人", "名") and _PASS_LINE.match(sentence, end):
        return 0.75, "数字后面是升学的分数线，是要达到的人数"  # 中考120人进一中分数线
    if _GOAL_AFTER.match(sentence, end):
        return 0.75, "数字后面是“的…目标”"  # 实现85%的普及目标: the figure names a goal's level
    if unit == "%" and _SHARE_DOES.match(PINYIN.sub("", sentence[end:end + 40])):
        return 0.75, "数字后面是“的学校…达到/建成”，是要达到的比例"  # 90%以上的学校开齐开足国家课程
    if unit == "%" and _WHO_BEFORE.search(PINYIN.sub("", before)) and _SHARE_VERB.match(PINYIN.sub("", sentence[end:end + 20])):
        return 0.75, "数字前是学校或人员、后面是要做的事，是要达到的比例"  # 其他教师100%制定…规划
    if unit == "所" and _SCHOOLS_DO.match(PINYIN.sub("", sentence[end:end + 40])):
        return 0.75, SCHOOLS_DO
    after = PINYIN.sub("", sentence[end:end + 60])
    if _WILL_AFTER.match(after):
        return 0.75, "数字后面的“将…建成/投入使用”"  # 还有27所幼儿园将陆续投入使用: the verb comes after the figure
    if _WILL_DO_BEFORE.search(PINYIN.sub("", before)):
        return 0.75, "数字前是“将…”，说的是要做的事"  # 将建77所公办幼儿园, 将招募7000人, 将投放2.03万个招生名额
    if _DEADLINE_BEFORE.search(PINYIN.sub("", before)) and _VERB_AFTER.match(after[:40]):
        return 0.75, DEADLINE_AHEAD  # 年底前170所新学校开工: a deadline, the figure, the work due
    return None


# The people a work is for and what they need: a forecast or a capacity stated in them is no output of the bureau.
_PEOPLE = r"人口|出生|新生儿|适龄|学龄|生源|户籍|常住|随迁|在校生|在校学生|毕业生|升入"
_FORECAST = re.compile(r"预计|预测|估计|测算")
_NEED_AFTER = re.compile(r"[^，,。；;]{0,16}?(?:需求|需要)")


# The number of pupils or children there are (全市初中毕业生人数为12942人, 学前三年幼儿总数为29772人): the base an enrolment
# plan is made for, stated before the plan's own figures.
_HEADCOUNT = re.compile(r"(?:毕业生|适龄儿童|适龄少年|适龄人口|幼儿|学生|儿童|新生|考生)[^，,。；;占比的]{0,4}(?:人数|总数|总人数)"
                        r"\s*(?:为|是|约为|约|共|共计|达)?\s*$"
                        # (今年我省学前教育专业毕业生为1053人: graduates are counted, never a bureau's output)
                        r"|毕业生\s*(?:为|是|约为|约|共|共计|达)\s*$")
# The need a plan answers, stated as a figure (对新增幼儿教师的需求约为4000人): its basis, not its output.
_NEED_IS = re.compile(r"需求(?:量|数|缺口)?\s*(?:约为|约|为|达)\s*$")


def forecast_of_people(clause_before: str, sentence: str, end: int) -> str | None:
    """Why a figure is a forecast or a count of people, or a need, rather than a commitment, or None: 预计 with a
    population or an age group in its clause (户籍人口预计每年将新增2-3万人), the need a work can meet (可满足约2.3万名…
    的入园需求), or the number of pupils there are (全市初中毕业生人数为12942人)."""
    before = PINYIN.sub("", clause_before)
    if _FORECAST.search(before) and re.search(_PEOPLE, before + PINYIN.sub("", sentence[end:end + 12])):
        return "预计的人口或适龄儿童数，是目标的依据，不是目标"
    if re.search(r"满足\s*(?:约|近|超过)?\s*$", before) and _NEED_AFTER.match(PINYIN.sub("", sentence[end:end + 40])):
        return "可满足的需求，是项目的服务范围，不是目标"
    if _HEADCOUNT.search(before):
        return "学生或适龄人口的人数，是计划的依据，不是目标"  # 全市初中毕业生人数为12942人, 幼儿总数为29772人
    if _NEED_IS.search(before):
        return "需求数，是计划的依据，不是目标"
    return None


def round_figure(before: str, sentence: str, digits_end: int, inherited: bool) -> tuple[float, str] | None:
    """The confidence and reason of a figure told in round numbers that no verb of its own commits to, or None:
    a running total (累计为中西部农村学校补充教师约118万人) is a statistic, and a count with 多/余 that only shares the
    verb before it (1500多名专家…承担着, 300余位代表参加) is a story's description."""
    if "累计" in before and re.search(r"约\s*$", before) and not re.search(r"将|力争|计划|确保|到20\d\d", before):
        return 0.15, "累计的约数，是统计"
    if inherited and re.match(r"\s*(?:万|亿)?\s*(?:余|多)", sentence[digits_end:]):
        return 0.45, "约数，且没有自己的动词"
    return None
