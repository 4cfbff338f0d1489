"""A completion report (完成情况, 实施情况的通报): each heading states one of the year's tasks as it was set (一、新增学位
5万个), and the text under it tells how the task went, measured against the plan (完成年度计划的104%, 超额完成…).

The heading's figures are then the year's targets — the report restates them as its outline — and every figure
under it is a result (下达资金…, 完成改造21702间), however it is phrased. What marks the genre is that measure against
the plan in the heading's own text, not a word of the heading: a plan's headings (一、扩大学位供给) carry no such
measure, and a progress report without headings keeps reading as `genre.py` reads it."""

from __future__ import annotations

import re

from kpis.plan_reader.clauses import ACCEPT_THRESHOLD, Candidate
from kpis.plan_reader.numbers import PINYIN, normalise
from kpis.plan_reader.targets import extract_targets

# How far a task went against what was set for the year: 完成年度计划的104.44%, 完成全年目标任务的120%, 超额完成年度任务,
# 占年度投资目标的16.22%.
_AGAINST_PLAN = re.compile(r"完成(?:了)?(?:年度|全年|年初)(?:目标)?(?:计划|任务|目标)(?:任务)?的?\s*\d|"
                           # (…完成投资2513万元，占年度投资目标的16.22%: the money spent against the year's)
                           r"占(?:年度|全年)(?:投资)?(?:目标|计划)(?:任务)?的?\s*\d|"
                           r"(?:超额|提前)完成(?:了)?(?:年度|全年|年初)?(?:目标)?(?:计划|任务|目标)")


def read_completion(tree, cands: list[Candidate]) -> list[Candidate]:
    """The candidates with, for each section whose text measures its task against the year's plan, the heading's
    targets added (before the section's own) and the figures under it kept as results below the threshold."""
    headings: dict[str, list[Candidate]] = {}  # the first item of such a section → its heading's targets
    for sec in tree.sections:
        body = PINYIN.sub("", normalise(" ".join(it.text for it in sec.items)))
        if not sec.number or not sec.title or not sec.items or not _AGAINST_PLAN.search(body):
            continue
        items = {it.number for it in sec.items}
        heading = [c for c in extract_targets(sec.title, sec.number, tree.year) if c.confidence >= ACCEPT_THRESHOLD]
        for c in heading:
            # shown with the section's first item; its clause stands in the heading, not in the item's text, so it
            # marks no span of that text (the review page highlights item text by start and end)
            c.item, c.start, c.end = sec.items[0].number, 0, 0
            c.reasons.append("完成情况报告的标题：本年的任务，下文是它的完成情况")
        for c in cands:
            if c.item in items and c.confidence >= ACCEPT_THRESHOLD:
                c.confidence = 0.3
                c.reasons.append("完成情况报告中任务标题下的数字：是完成的结果，不是目标")
        headings[sec.items[0].number] = heading
    if not headings:
        return cands
    out: list[Candidate] = []
    for c in cands:
        out.extend(headings.pop(c.item, []))
        out.append(c)
    for heading in headings.values():  # a section whose text held no candidate
        out.extend(heading)
    return out
