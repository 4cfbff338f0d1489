"""Figures that pick or bound what a target is about rather than set it: a size that picks schools, firms or places
(200人以上寄宿制学校, 1500人以上加工型企业, 30万人口以上的市县, 超过45人的班级), a course's length in a training plan's
line (课时数:36课时), places set aside (在全省23个重点帮扶县以外的…), how work is split (共分6个组), a track's length
(300米标准塑胶跑道), a threshold that defines a stage or a case (15%以下时属于精英教育阶段), how long
work lasts (为期120天), a performance table's scoring rules (90%得10分, 每减少1%扣1分) and a school's routine
(每周1课时, 每学期2次)."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import SCHOOL_NOUNS, UNIT_SIZE_AFTER

# an institution or a place right after a size in people or households (200人以上寄宿制学校, 100人以下小规模学校,
# 1500人以上加工型企业, 50户以上木质房屋连片村寨)
# (not the people of such places: 200万名以上中小学生 are counted, 200人以上的中小学 are picked)
_SIZED_INSTITUTION = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{SCHOOL_NOUNS}|企业|单位|村寨|社区|城市|市县)(?![生员])")
_SET_ASIDE_AFTER = re.compile(r"[^，,。；;、\d]{0,8}?(?:以外|之外)的")
_COURSE_FIELD = re.compile(r"(?:课时|学时)数?\s*[:：]\s*$")
_SPLIT_BEFORE = re.compile(r"分(?:成|为)?\s*$")
_SPLIT_AFTER = re.compile(r"\s*(?:小组|组|批次|批|片区|片)")
_LASTING = re.compile(r"为期\s*$")
# How often or how long a routine runs, per day, week or term (每周1课时, 每学期2次, 每天…30分钟的大课间)
_PER_PERIOD_UNITS = ("次", "课时", "分钟", "小时", "节", "学时")
_PER_PERIOD = re.compile(r"每(?:天|日|周|週|月|学期|學期|学年|节课)[^，,。；;]{0,12}$")
_BOUND_WORD = re.compile(r"不少于|不低于|不得少于|不得低于|至少|不超过|不多于|达到|保证|确保|保障")
# A performance table's scoring rule (评(扣)分标准): points given or taken (得10分, 扣1分), the step a deduction is counted
# by (每减少1%, 每少1元, 每超出10天), and the level that earns the points (90%得10分, 95%以上得10分).
_POINTS_BEFORE = re.compile(r"(?:得|扣|加|减|扣除)\s*$")
_SCORING = re.compile(r"每(?:减少|降低|少|超出|超过|增加|多|延迟|推迟|下降|低于)\s*$")
_POINTS_AFTER = re.compile(r"\s*(?:及以上|以上|以下)?\s*[,，]?\s*(?:得|扣|加|减)\s*\d+(?:\.\d+)?\s*分")
# a threshold that names a stage or a case (…在15%以下时属于精英教育阶段, 50%以上为普及化阶段)
_STAGE_AFTER = re.compile(r"\s*(?:及以上|及以下|以上|以下|以内)?\s*(?:时\s*)?(?:为|属于|属|进入)[^，,。；;\d]{0,8}阶段|"
                          r"\s*(?:及以上|及以下|以上|以下|以内)?\s*时(?![间期段代限效])")
# a length that names a track or a pool (300米标准塑胶跑道, 200米环形跑道, 100米直跑道, 25米泳池)
_TRACK_AFTER = re.compile(r"\s*(?:标准|塑胶|环形|直|田径|跑道|泳池|游泳池|泳道)")


# A service named by a time: a radius (15分钟托育服务圈, 30分钟公共文化服务圈) or the hours it keeps (24小时书店, 24小时自助图书馆).
_NAMED_BY_TIME = re.compile(r"[\u4e00-\u9fff、\d]{0,12}?圈|(?<=24小时)\s*(?:书店|自助|营业|便利|图书馆|值守|值班|热线)")
_PLACES_BEFORE = re.compile(r"(?:在(?:全国|全省|全区|国内|省内)?|等|来自[^，,。；;]{0,16}?共?)\s*$")
_PLACES_AFTER = re.compile(r"\s*(?:个)?(?:省|市|州|县|区|国家|地区|城市|市州|市县)")


def picks_or_bounds(sentence: str, pos: int, end: int, unit: str | None, suffix: str | None) -> bool:
    """Whether the figure at [pos, end) of `sentence` (its unit and its 以上/以下 `suffix` read) picks, bounds or splits
    what a target is about: never a target itself."""
    if unit == "人" and sentence[end:end + 1] == "口":
        return True  # 30万人口以上的市县: a population, which picks the places
    if suffix and unit in ("人", "名", "户") and _SIZED_INSTITUTION.match(sentence, end):
        return True  # 200人以上寄宿制学校配备…: the size that picks them
    if unit in ("人", "名") and UNIT_SIZE_AFTER.match(sentence, end):
        return True  # 超过45人的班级, 不足100人的乡村小规模学校, 招收5名以上残疾学生的普通学校: a size that defines the unit
    if unit in ("课时", "学时") and not suffix and _COURSE_FIELD.search(sentence[:pos]):
        return True  # 课时数:36课时 in a course's line of a training plan: how long the course is
    if _SET_ASIDE_AFTER.match(sentence, end):
        return True  # 在全省23个重点帮扶县以外的其他65个县…: the places set aside
    if _SCORING.search(sentence, 0, pos) and (unit == "分" or _POINTS_AFTER.match(sentence, end)) \
            or unit == "分" and _POINTS_BEFORE.search(sentence, 0, pos) or _POINTS_AFTER.match(sentence, end):
        return True  # a 绩效目标表's scoring rule: 90%得10分, 每减少1%扣1分, 每超出10天扣1分
    if unit in _PER_PERIOD_UNITS and (per := _PER_PERIOD.search(sentence, 0, pos)) and not suffix \
            and not _BOUND_WORD.search(per.group(0)):
        # 每周1课时, 每天上下午各做1次眼保健操, 每学期2次视力筛查: a school's routine, not a quantity delivered (a floor
        # set on it is a target: 每天综合体育活动时间不低于2小时)
        return True
    if unit in ("个", "座", "") and _PLACES_BEFORE.search(sentence, 0, pos) and _PLACES_AFTER.match(sentence, end):
        # 在14个市州城区…, 浙江等10个省, 来自…共26个国家, 在全国20座城市陆续举办: where a work is done or who came
        return True
    if _LASTING.search(sentence, 0, pos):
        return True  # 为期120天的专项行动: how long the work lasts
    if unit in ("分钟", "小时") and _NAMED_BY_TIME.match(sentence, end):
        return True  # 15分钟托育服务圈, 24小时书店: the time names a service, it is not a figure set
    if _STAGE_AFTER.match(sentence, end):
        return True  # 15%至50%为大众化阶段, 毛入学率在15%以下时属于精英教育阶段: a threshold that defines a stage or a case
    if unit == "米" and _TRACK_AFTER.match(sentence, end):
        return True  # 建设300米标准塑胶跑道1条: the track's length, what the work builds is counted after it
    return unit == "个" and bool(_SPLIT_BEFORE.search(sentence[:pos]) and _SPLIT_AFTER.match(sentence, end))  # 共分6个组
