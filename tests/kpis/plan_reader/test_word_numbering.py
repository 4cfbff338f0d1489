"""A Word plan whose 一、（一）1. are automatic list numbers reads as the same plan typed with the marks in its text."""

import io
import re
from pathlib import Path

import docx
import pytest

from kpis.plan_reader import read_plan
from kpis.plan_reader.sources import read_plan_file
from kpis.plan_reader.word_numbering import format_number
from tests.kpis.plan_reader.word_docs import add_list, numbered, saved

ROOT = Path(__file__).resolve().parents[3]
# the outline marks of the plans, one list level each
LEVELS = [(re.compile(r"^([一二三四五六七八九十]+)、"), "chineseCounting"),
          (re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]"), "chineseCounting"),
          (re.compile(r"^(\d+)[.．](?!\d)"), "decimal"),
          (re.compile(r"^[（(](\d+)[）)]"), "decimal")]


@pytest.mark.parametrize("n,fmt,shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (21, "chineseCountingThousand", "二十一"), (12, "chineseLegalSimplified", "拾贰"), (3, "ideographTraditional", "丙"),
    (2, "decimalEnclosedCircleChinese", "②"), (20, "decimalEnclosedCircle", "⑳"), (3, "decimalEnclosedParen", "⑶"),
    (12, "decimalFullWidth", "１２"), (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (28, "lowerLetter", "bb"),
    (7, "decimalZero", "07"), (150, "chineseCounting", "150"), (5, "someFutureFormat", "5"),
])
def test_each_number_format_as_word_shows_it(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_levels_restart_under_a_new_heading_and_marks_carry_the_plans_brackets():
    d = docx.Document()
    add_list(d, 90, [("chineseCounting", "%1、", None), ("chineseCounting", "（%2）", None), ("decimal", "%3.", None)],
             num_ids=[90])
    for text, level in [("主要目标", 0), ("学前教育", 1), ("新建幼儿园5所。", 2), ("普惠率达到90%。", 2),
                        ("义务教育", 1), ("新增学位1200个。", 2), ("重点任务", 0), ("师资", 1), ("招聘教师100名。", 2)]:
        numbered(d.add_paragraph(text), 90, level)
    assert read_plan_file("plan.docx", saved(d)).split("\n") == [
        "一、主要目标", "（一）学前教育", "1.新建幼儿园5所。", "2.普惠率达到90%。", "（二）义务教育", "1.新增学位1200个。",
        "二、重点任务", "（一）师资", "1.招聘教师100名。"]


def test_a_level_with_lvl_restart_zero_runs_on_across_headings():
    d = docx.Document()
    add_list(d, 91, [("chineseCounting", "%1、", None), ("decimal", "%2.", 0)], num_ids=[91])
    for text, level in [("目标", 0), ("新建幼儿园5所。", 1), ("任务", 0), ("新增学位1200个。", 1)]:
        numbered(d.add_paragraph(text), 91, level)
    assert read_plan_file("plan.docx", saved(d)).split("\n") == ["一、目标", "1.新建幼儿园5所。", "二、任务",
                                                                 "2.新增学位1200个。"]


def test_lists_sharing_a_definition_continue_unless_restarted_and_bullets_give_no_mark():
    d = docx.Document()
    add_list(d, 92, [("decimal", "%1、", None)], num_ids=[92, 93, 94], overrides={94: 1})
    numbered(d.add_paragraph("甲"), 92, 0)
    numbered(d.add_paragraph("乙"), 93, 0)   # another list of the same definition: continues
    numbered(d.add_paragraph("丙"), 94, 0)   # startOverride 1: starts again
    numbered(d.add_paragraph("丁"), 94, 0)
    d.add_paragraph("不编号的段落")
    d.add_paragraph("要点", style="List Bullet")  # numbered through its style, as a bullet
    d.add_paragraph("新建学校2所。", style="List Number")  # numbered through its style
    assert read_plan_file("plan.docx", saved(d)).split("\n") == [
        "1、甲", "2、乙", "1、丙", "2、丁", "不编号的段落", "要点", "1.新建学校2所。"]


def test_numbered_cells_count_in_document_order():
    d = docx.Document()
    add_list(d, 95, [("decimal", "%1", None)], num_ids=[95])
    d.add_paragraph("某县教育局2026年工作要点")
    table = d.add_table(rows=3, cols=2)
    for r, (name, target) in enumerate([("指标", "目标值"), ("", "新建幼儿园5所"), ("", "新增学位1200个")]):
        table.cell(r, 1).text = target
        table.cell(r, 0).text = name
        if r:
            numbered(table.cell(r, 0).paragraphs[0], 95, 0)
    assert read_plan_file("plan.docx", saved(d)).split("\n")[1:] == ["指标\t目标值", "1\t新建幼儿园5所", "2\t新增学位1200个"]


# Each plan's own numbering as one Word list: the level of its 1. (and of its （1）) restarts after every higher
# level (None), only after 一、 (1) or never (0), as the plan numbers them.
PLANS = {
    "seed/plans/2021-wujin.txt": (0, None), "seed/plans/2022-yichang.txt": (0, None),
    "seed/plans/2022-zhuji.txt": (1, None), "seed/plans/2024-county.txt": (None, None),
    "seed/plans/2025-taizhou.txt": (0, None), "dev_unseen/a-county-2025.txt": (1, None),
    "dev_unseen/b-city-2025.txt": (None, None), "dev_unseen/c-district-trad-2025.txt": (None, None),
    "dev_unseen/d-district-2025.txt": (None, None), "dev_unseen/e-county-2025.txt": (1, None),
    "dev_unseen/f-district-fullwidth-2025.txt": (None, None),
}


def as_word_list(lines, restarts) -> bytes:
    """The plan in Word with its outline marks taken out of the text and made automatic list numbers."""
    d = docx.Document()
    levels = []
    for i, (pattern, fmt) in enumerate(LEVELS):
        first = next((line for line in lines if pattern.match(line)), None)
        match = pattern.match(first) if first else None
        text = first[:match.start(1)] + f"%{i + 1}" + first[match.end(1):match.end()] if match else f"%{i + 1}."
        levels.append((fmt, text, (None, None, *restarts)[i]))
    add_list(d, 96, levels, num_ids=[96])
    for line in lines:
        level = next(((i, m) for i, (pattern, _) in enumerate(LEVELS) if (m := pattern.match(line))), None)
        if level:
            numbered(d.add_paragraph(line[level[1].end():]), 96, level[0])
        else:
            d.add_paragraph(line)
    return saved(d)


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_a_plan_numbered_by_word_reads_as_the_plan_typed(plan):
    path = ROOT / plan if plan.startswith("seed") else Path(__file__).parent / plan
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    data = as_word_list(lines, PLANS[plan])
    plain = [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]
    assert plain != lines  # the marks are not in the paragraphs' text: only the list numbering has them
    read = read_plan_file("plan.docx", data)
    assert read.split("\n") == lines
    assert read_plan(read)["kpis"] == read_plan(text)["kpis"]


def test_a_number_stays_apart_from_a_text_that_opens_with_a_figure():
    d = docx.Document()
    add_list(d, 97, [("chineseCounting", "%1、", None), ("decimal", "%2.", None)], num_ids=[97])
    for text, level in [("主要目标", 0), ("90%以上的学校开齐开足国家课程。", 1), ("新建学校5所。", 1)]:
        numbered(d.add_paragraph(text), 97, level)
    text = read_plan_file("plan.docx", saved(d))
    assert text.split("\n") == ["一、主要目标", "1. 90%以上的学校开齐开足国家课程。", "2.新建学校5所。"]
    assert [(k["value"], k["unit"]) for k in read_plan("某县教育局2026年工作要点\n" + text)["kpis"]] == [(90, "%"), (5, "所")]


def test_broken_numbering_numbers_from_the_default_and_never_crashes():
    d = docx.Document()
    root = d.part.numbering_part.element
    from docx.oxml import parse_xml

    from tests.kpis.plan_reader.word_docs import W

    root.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="98"><w:lvl w:ilvl="x"><w:start w:val="?"/>'
                             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/><w:lvlRestart w:val="z"/></w:lvl>'
                             '</w:abstractNum>'))
    root.append(parse_xml(f'<w:num {W} w:numId="98"><w:abstractNumId w:val="98"/><w:lvlOverride w:ilvl="q">'
                          '<w:startOverride w:val="r"/></w:lvlOverride></w:num>'))
    numbered(d.add_paragraph("新建学校5所。"), 98, 0)
    numbered(d.add_paragraph("新增学位1200个。"), "99", 0)  # a list the document does not define
    assert read_plan_file("plan.docx", saved(d)).split("\n") == ["1、新建学校5所。", "新增学位1200个。"]
