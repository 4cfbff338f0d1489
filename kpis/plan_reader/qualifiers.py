"""A count that only says whose or which for a second count right after it: across a bare noun (完成97所中小学2317间教室
护眼灯改造, 推进5个项目组80所学校建设), or as the subject of the second count's verb (在建的126所学校还将新增10.8万个学位,
3万人口以上乡镇至少办好2所). The figure the verb acts on is the second; the first was taken as a target of its own in
four texts of the tuning half (fifteenth round)."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import CUE, QTY

# the noun between the two counts: a few characters, no verb, no list separator, no clause end
_BETWEEN = re.compile(r"[\u4e00-\u9fff]{1,8}?(?=\d)")
_COUNTS = ("所", "个", "间", "名", "人", "辆", "台", "套", "栋", "幢", "座", "家", "处", "项", "张", "块", "户", "组", "班", "类")


def qualifies_next_count(sentence: str, end: int, unit: str | None) -> bool:
    """Whether the count ending at `end` (in `unit`) is followed, across a bare noun, by another count in another
    unit: the first then qualifies the second's noun."""
    if unit not in _COUNTS:
        return False
    s = _SUBJECT.match(sentence, end)  # 在建的126所学校还将新增10.8万个学位: the schools are the subject
    if s and (q := QTY.match(sentence, s.end())) and q.group("unit") in _COUNTS:
        return True
    m = _BETWEEN.match(sentence, end)
    if not m or CUE.search(m.group()) or re.search(r"[和及与或等共]|其中", m.group()):
        return False
    q = QTY.match(sentence, m.end())
    if q and q.group("suffix") in ("以上", "以下", "及以上") and sentence.startswith("的", q.end()):
        return False  # 重点建设100所在校生规模3500人以上的…学校: the second is a size that picks the first's schools
    return bool(q and q.group("unit") in _COUNTS and q.group("unit") != unit and not q.group("b"))


# a count's noun, then a modal of what it will or must do, then the verb's own count (3万人口以上乡镇至少办好2所)
_SUBJECT = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:以上|以下)?[\u4e00-\u9fff]{0,4}?(?:还将|将|要|至少|均|各)"
                      r"[\u4e00-\u9fff]{1,6}?(?=\d)")
