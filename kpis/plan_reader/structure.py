"""A plan's text as a tree: title, year, sections (一、/（一）) and numbered items (1. 1、 （1）),
or, where a section has no numbered items, its 一是/二是 points, or the section text as one item.

Web copies wrap lines mid-sentence and put blank lines between the pieces, so an item is all the
text from its number to the next heading or number; headings and numbers are only accepted in
sequence (2. after 1.), which keeps '2.0 行动' or '5.25 心理健康节' from starting an item. A list in
another numbering style that starts right under an item (1. 扩大资源 （1）… （2）…) belongs to that
item; after a heading it is the section's items.

No text of the plan is left out of the tree: text between a heading and its first item (a section's
lead-in, 一、主要目标's paragraph above （一） sections, the text before 一是) becomes an item of its own,
numbered like its section and marked `lead`, and the text between the title and the first heading
is the 导语 item. Lines of a table pasted as text (cells apart by tabs or runs of spaces) keep their
line breaks, with their cells a tab apart, so each row stays a sentence of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpis.plan_reader.debris import clean_lines, names_the_page, remove_elided
from kpis.plan_reader.numbers import normalise, parse_cn
from kpis.plan_reader.paragraphs import concat as _concat, join_lines as _join
from kpis.plan_reader.tables import rebuild_cell_tables
from kpis.plan_reader.titles import find_title as _find_title, plan_year as _year, squash

CN = "一二三四五六七八九十"
_SECTION = re.compile(rf"^\s*([{CN}]{{1,3}})\s*[、.．]\s*(.*)$")
_SUBSECTION = re.compile(rf"^\s*[（(]\s*([{CN}]{{1,3}})\s*[）)]\s*(.*)$")
# Item numbers and their style: 1. / 1、 ("num"), 1) ("half"), (1) ("paren"); on normalised text.
_ITEM = re.compile(r"^\s*(\d{1,2})\s*(?:([.、])(?!\d)|([)]))\s*(.*)$|^\s*[(]\s*(\d{1,2})\s*[)]\s*(.*)$")
# an item number with no space before the figure that opens the item (3.90%以上的学校…)
# (1.10所学校…, the first item: no school is a tenth, so a count of a whole unit says the 1. is a number)
_ITEM_BEFORE_FIGURE = re.compile(r"^\s*(\d{1,2})\s*[.](?=\d)")
_WHOLE_COUNT = re.compile(r"\d+\s*(?:所|个|名|人|项|家|座|间|支|批|场)|(?:19|20)\d{2}\s*年|"  # (1.2025年新建…: a year)
                          r"\d+\s*%\s*(?:及以上|以上)?\s*的?\s*(?:学校|中小学|幼儿园|教师|学生|班级)")  # (1.100%学校开足…)
_POINT = re.compile(rf"([{CN}]{{1,2}})是")
# 第一，…；第二，… points: only where a sentence (or the text) starts, so 位居全市第一，… is no point.
_ORDINAL_POINT = re.compile(rf"(?:^|(?<=[。；;！!？?\n：:]))\s*第([{CN}]{{1,2}})\s*[，,、]")
# A part above the 一、 sections: 第一部分 2025年工作回顾, 第二章 主要任务, 第三篇 …
_PART = re.compile(rf"^\s*第\s*([{CN}]{{1,3}})\s*(部分|章|篇)\s*[、.．:：，,]?\s*(.*)$")
# …or a short line 第一，回顾2025年 / 第二，2026年主要目标任务: no sentence, no figure but a year.
_ORDINAL_HEADING = re.compile(rf"^\s*第([{CN}]{{1,3}})\s*[，,、]\s*([^。；;！!？?：:]{{2,30}}?)\s*$")
# Where a heading or item number follows a sentence end on the same line, it starts a new line.
_INLINE_BREAK = re.compile(
    rf"(?<=[。；;！!？?])\s*(?=(?:[{CN}]{{1,3}}、|[（(][{CN}]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)]))")
_INLINE_FIRST = re.compile(r"[:：]\s*(?=1[.．]\d)")
# A heading of a section about the past: 一、2024年工作回顾, 过去一年的主要成绩
_PAST_HEADING = re.compile(r"回顾|总结|成效|成绩|回眸|工作情况|(?:完成|开展|进展|推进|落实)情况|主要做法|取得|基本情况|发展现状|"
                           r"过去(?:的)?一年|年来")
_OWNER = re.compile(r"[（(]\s*(?:牵头|责任|主责)(?:科室|处室|单位|部门)\s*[:：]\s*([^（）()]{2,40}?)\s*[）)]")


@dataclass
class Item:
    number: str
    title: str
    text: str
    owner: str | None = None
    lead: bool = False  # text under a heading before its first numbered item, or the 导语


@dataclass
class Section:
    number: str
    title: str
    text: str = ""
    items: list[Item] = field(default_factory=list)
    level: int = 1  # 1: 一、 or a part (第一部分) 2: （一） 0: the 导语 before the first heading
    # titles of the headings the section stands under (第一部分 2025年工作回顾, the 一、 above a （一）):
    # a look-back heading there makes the section a look back too
    parents: list[str] = field(default_factory=list)


@dataclass
class PlanTree:
    title: str
    year: int | None
    script: str
    sections: list[Section]
    preamble: str = ""
    # lines of the text that no item holds (web furniture, the notice wrapper, a footer): shown to the
    # reviewer, so that a target the reader dropped with them can still be added by hand
    unplaced: list[str] = field(default_factory=list)


def _title_and_rest(body: str, limit: int = 40) -> tuple[str, str]:
    """'学思践悟党的创新理论。深刻学习…' → ('学思践悟党的创新理论', whole text)."""
    m = re.match(r"^(.{2,%d}?)[。；;！!？?]" % limit, body)
    if m:
        return m.group(1).strip(), body
    first = re.split(r"[，,：:]", body, maxsplit=1)[0]
    return first[:limit].strip(), body


def _strip_heading(title: str) -> str:
    return re.sub(r"[?？\s]+$", "", squash(title))


def _owner(text: str) -> str | None:
    m = _OWNER.search(text)
    return m.group(1).strip() if m else None


def _points(section: Section) -> tuple[list[Item], int]:
    """一是…二是… (else 第一，…第二，… at the start of a sentence) inside a section's text, accepted only in
    order; and where the first point starts."""
    text = section.text
    for pattern, number in ((_POINT, "{}是"), (_ORDINAL_POINT, "第{}")):
        found, want, pos = [], 1, 0
        while True:
            best = None
            for m in pattern.finditer(text, pos):
                if parse_cn(m.group(1)) == want:
                    best = m
                    break
            if best is None:
                break
            found.append(best)
            want += 1
            pos = best.end()
        if len(found) < 2:
            continue
        items = []
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            body = text[m.end():end].strip()
            title, body = _title_and_rest(body)
            items.append(Item(number.format(m.group(1)), title, body, _owner(body)))
        return items, found[0].start(1) - (1 if pattern is _ORDINAL_POINT else 0)
    return [], 0


def _item_marks(lines: list[str], norm: list[str], headings: list[tuple[str, str, str] | None]) -> list:
    """Numbered items in sequence. A list of another style starting at 1 right under an item is part
    of that item (1.扩大资源 （1）…（2）…); right after a heading it is the section's list of items."""
    marks: list = list(headings)
    outer, want = None, 1
    nested, nested_want = None, 0
    last = None  # kind of the last accepted mark: "heading" or "item"
    for i, (line, n) in enumerate(zip(lines, norm)):
        if headings[i] is not None:
            last, nested = "heading", None
            continue
        m = _ITEM.match(n)
        if not m and (g := _ITEM_BEFORE_FIGURE.match(n)) and (
                (outer == "num" and int(g.group(1)) == want)
                or (outer is None and g.group(1) == "1" and _WHOLE_COUNT.match(n, g.end()))):
            # 3.90%以上的学校… after items 1. and 2.: the next item's number glued to its figure, not 3.9%
            marks[i] = ("item", g.group(1), line[g.end():])
            outer, want, last, nested = "num", int(g.group(1)) + 1, "item", None
            continue
        if not m:
            continue
        if m.group(1):
            num, style, rest = int(m.group(1)), ("num" if m.group(2) else "half"), m.start(4)
        else:
            num, style, rest = int(m.group(5)), "paren", m.start(6)
        if style == nested:
            if num == nested_want:
                nested_want += 1
            continue
        if outer is None or style == outer:
            if num == want or (num == 1 and want > 1):
                marks[i] = ("item", str(num), line[rest:])
                outer, want, last, nested = style, num + 1, "item", None
            continue
        if num != 1:
            continue
        if last == "item":
            nested, nested_want = style, 2
        else:
            marks[i] = ("item", str(num), line[rest:])
            outer, want, last, nested = style, 2, "item", None
    return marks


def _part_heading(n: str) -> tuple[str, str, str] | None:
    """(numeral, style, title) of a part heading on a normalised line: 第一部分 2025年工作回顾 → ('一', '部分', …),
    第二章 主要任务 → ('二', '章', …), a short line 第一，回顾2025年 → ('一', '，', '回顾2025年'); else None."""
    m = _PART.match(n)
    if m and len(m.group(3)) <= 40:
        return m.group(1), m.group(2), m.group(3)
    m = _ORDINAL_HEADING.match(n)
    if m and not re.search(r"\d", re.sub(r"(?:19|20)\d{2}\s*年", "", m.group(2))):
        return m.group(1), "，", m.group(2)
    return None


def _heading(rest: str) -> tuple[str, str]:
    """'坚持党建引领。加强…' → ('坚持党建引领', '加强…'): a heading with text on the same line."""
    rest = squash(rest)
    cut = re.search(r"[。；;]", rest)
    if cut and not rest[cut.end():].strip() and re.search(r"[，,]", rest[:cut.start()]) and re.search(r"\d", rest):
        # （一）新增学位4000个，新建幼儿园30所。: a point that is one sentence of tasks is its own text too
        return rest[:cut.start()], rest
    if cut:
        return rest[:cut.start()], rest[cut.end():]
    return rest, ""


def _is_leaf(sections: list[Section], i: int) -> bool:
    """Whether no section below sections[i] follows it (a 一、 right before its （一）, a 第一部分 before its 一、 is none)."""
    if i + 1 == len(sections):
        return True
    nxt = sections[i + 1]
    return nxt.level <= sections[i].level and sections[i].title not in nxt.parents


def _own_number(sec: Section) -> str:
    """The number of the item holding a section's own text: 一 for 一、, （一） for （一）."""
    if not sec.number:
        return "导语"
    return f"（{sec.number}）" if sec.level == 2 else sec.number


def _lead_item(sec: Section, lead: str) -> Item | None:
    lead = lead.strip()
    if len(re.sub(r"\W", "", lead)) < 4:
        return None
    return Item(_own_number(sec), sec.title or "导语", lead, _owner(lead), lead=True)


def read_structure(text: str) -> PlanTree:
    lines: list[str] = []
    for line in clean_lines(rebuild_cell_tables(text)):
        # 重点实现:1.100%学校开足…；2.校均建成…: a list run on after a colon, its first number glued to its figure
        if (m := _INLINE_FIRST.search(line)) and re.search(r"[；;。]\s*2[.．、]", line[m.end():]):
            lines.append(line[:m.end()])
            line = line[m.end():]
        lines.extend(_INLINE_BREAK.split(line))
    norm = [normalise(l) for l in lines]

    # First pass: mark headings (parts 第一部分/第一，, level 1 一、, level 2 （一）) in sequence, then items.
    # Parts stand above every other heading: they count only when the first comes before any 一、/（一）;
    # after a part the 一、 and （一） numbers may start again at 一.
    headings: list[tuple[str, str, str] | None] = []
    want = {"section": 1, "sub": 1, "part": 1}
    part_style: str | None = None
    restart = False  # a part was just opened: 一、 and （一） may start again
    seen_heading = False
    for line, n in zip(lines, norm):
        mark = None
        m1, m2 = _SECTION.match(n), _SUBSECTION.match(n)
        part = _part_heading(n)
        if part and parse_cn(part[0]) == want["part"] and (part_style or not seen_heading) and part[1] == (
                part_style or part[1]):
            number, part_style = part[0], part[1]
            mark = ("part", f"第{number}{part_style if part_style != '，' else ''}", line[len(line) - len(part[2]):])
            want["part"] += 1
            restart = True
        # (a long numbered line opens a section only once the sequence has begun: 二、加强教育科技工作，新建…7所，…
        # after 一、; a first 一、 that runs on for a paragraph is text)
        elif m1 and (parse_cn(m1.group(1)) == want["section"] or restart and parse_cn(m1.group(1)) == 1) \
                and (len(m1.group(2)) <= 80 or want["section"] > 1 and parse_cn(m1.group(1)) > 1):
            mark = ("section", m1.group(1), line[m1.start(2):])
            want["section"] = parse_cn(m1.group(1)) + 1
            want["sub"] = 1
            restart = False
        elif m2 and (parse_cn(m2.group(1)) == want["sub"] or restart and parse_cn(m2.group(1)) == 1):
            mark = ("sub", m2.group(1), line[m2.start(2):])
            want["sub"] = parse_cn(m2.group(1)) + 1
            if restart:
                want["section"] = 1
            restart = False
        seen_heading = seen_heading or (mark is not None and mark[0] != "part")
        headings.append(mark)
    marks = _item_marks(lines, norm, headings)

    has_sub = any(m and m[0] == "sub" for m in marks)
    has_items = any(m and m[0] == "item" for m in marks)
    # Plans like 2022-zhuji number their real sections （一）（二） under 二、工作重点.
    section_kind = "sub" if has_sub and has_items else "section"
    if has_sub and not has_items and any(m and m[0] == "section" for m in marks):
        # 一、 sections whose tasks are （一）（二）… without 1. 2.: the （一） points are the items
        marks = [("item", f"（{m[1]}）", m[2]) if m and m[0] == "sub" else m for m in marks]
    first_heading = next((i for i, m in enumerate(marks) if m and m[0] in ("part", "section", "sub")), len(lines))
    first_mark = next((i for i, m in enumerate(marks) if m), len(lines))
    title = _find_title(lines[:first_heading]) or _find_title(lines)
    preamble = squash(" ".join(l for l in lines[:first_heading] if l.strip()))

    sections: list[Section] = []
    above: set[int] = set()  # 一、 sections above （一） sections, parts above 一、: their text is a lead-in
    current: Section | None = None
    part: Section | None = None  # the part (第一部分) the headings stand under
    outer: Section | None = None  # the 一、 above the （一） sections
    item: Item | None = None
    buf: list[str] = []

    def flush() -> None:
        nonlocal buf
        body = _join(buf)
        buf = []
        if item is not None:
            item.text = _concat(item.text, body)
        elif current is not None:
            current.text = _concat(current.text, body)

    for line, mark in zip(lines[first_mark:], marks[first_mark:]):
        if mark is None:
            buf.append(line)
            continue
        flush()
        kind, number, rest = mark
        if kind == "part":
            heading, after = _heading(rest)
            current = part = Section(number, _strip_heading(heading), level=1)
            outer = None
            sections.append(current)
            item = None
            if after:
                buf.append(after)
        elif kind in ("section", "sub"):
            # with （一） sections, a 一、 heading above them is a section of its own, holding only
            # the text it has before its first （一） (一、主要目标 and its paragraph); so is a part above 一、
            heading, after = _heading(rest)
            parents = [p.title for p in (part, outer if kind == "sub" else None) if p is not None]
            current = Section(number, _strip_heading(heading), level=2 if kind == "sub" else 1, parents=parents)
            if kind != section_kind:
                above.add(id(current))
            if part is not None:
                above.add(id(part))
            if kind == "section":
                outer = current
            sections.append(current)
            item = None
            if after:
                buf.append(after)
        elif kind == "item":
            if current is None:
                current = Section("", "")
                sections.append(current)
            body = "\t".join(squash(c) for c in rest.split("\t"))  # a table row numbered 1. keeps its cells
            t, body = _title_and_rest(body)
            item = Item(number, t, body)
            current.items.append(item)
    flush()

    for i, sec in enumerate(sections):
        if not sec.items and not sec.text and _is_leaf(sections, i) and re.search(r"\d", sec.title):
            # 一、新建学校5所。 with nothing under it: a short plan whose every point is one line is all headings,
            # and the heading is the task; one with points or text under it stays a heading
            sec.text = sec.title
        if sec.items:  # the text between a heading and its item 1 is an item of its own
            lead = _lead_item(sec, sec.text)
            sec.items = ([lead] if lead else []) + sec.items
            for it in sec.items:
                it.owner = _owner(it.text)
            continue
        points, start = _points(sec)
        if points:  # the text before 一是 is an item of its own
            lead = _lead_item(sec, sec.text[:start])
            sec.items = ([lead] if lead else []) + points
        elif sec.text:
            sec.items = [Item(_own_number(sec) if sec.level == 2 else sec.number, sec.title, sec.text, _owner(sec.text),
                              lead=id(sec) in above)]
    headings = [s.title for s in sections]
    sections = [s for s in sections if s.items]
    # the 导语: what stands between the title and the first heading or item
    intro = lines[:first_mark]
    # the title's line, not a sentence that opens with the title's words (央广网 / 央广网河南分网消息 4月12日，…。)
    at_title = [i for i, l in enumerate(intro) if title and squash(l).startswith(squash(title))
                and not re.search(r"[。；;]", squash(l)[len(squash(title)):])]
    # A page that prints its title again further down (a print view, the next page of a story) keeps the story
    # between: the 导语 runs from the first title line, without the title's later copies. A sharing site's blurb
    # between the page's title and the document's (…以下是网友为您整理分享的…) is the page's, not the plan's.
    first = at_title[0] if at_title else -1
    if any(names_the_page(l) for l in intro[first + 1:at_title[-1] if at_title else 0]):
        first = at_title[-1]
    intro_text = _join([l for i, l in enumerate(intro) if i > first and i not in at_title])
    if intro_text and (lead := _lead_item(Section("", "导语"), intro_text)) is not None:
        sections.insert(0, Section("", "导语", items=[lead], level=0))
    script = "traditional" if _is_traditional(text) else "simplified"
    return PlanTree(title=title, year=_year(title, text), script=script, sections=sections, preamble=preamble,
                    unplaced=_unplaced(text, title, sections, headings))


_NUMBERING = re.compile(rf"^(?:[{CN}]{{1,3}}[、.]|[(][{CN}\d]{{1,3}}[)]|\d{{1,2}}[.、)]|[{CN}]{{1,2}}是|[①-⑳]|"
                        rf"第[{CN}]{{1,3}}(?:部分|章|篇)[、.:,]?|第[{CN}]{{1,3}}[,、])")


def _unplaced(text: str, title: str, sections: list[Section], headings: list[str]) -> list[str]:
    """The lines of `text` with Chinese words that are in no item, heading or the title (whitespace,
    numbering and 〔...〕 aside): the page furniture, the notice wrapper, a footer."""
    flat_title = _flat(title)
    held = "\n".join([flat_title] + [_flat(h) for h in headings] + [
        _flat(t) for s in sections for it in s.items for t in (it.title, it.text)])
    out = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        flat = _flat(line)
        if not re.search(r"[\u4e00-\u9fff]", flat):
            continue
        if flat_title:
            flat = flat.replace(flat_title, "")
        pieces = [_NUMBERING.sub("", p) for p in re.split(rf"(?<=[。；;!?])|(?=[{CN}]{{1,2}}是)|(?=第[{CN}]{{1,2}}[,、])", flat)]
        if any(p.strip("。；;!?") and p.strip("。；;!?") not in held for p in pieces):
            out.append(line.strip())
    return out


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", normalise(remove_elided(s)))


def is_past_heading(title: str, year: int | None) -> bool:
    """A section reviewing the past: 2024年工作回顾, 主要成绩 — its figures are results, not targets."""
    n = normalise(title)
    if _PAST_HEADING.search(n) and not re.search(r"目标|任务|思路|计划|打算|重点", n):
        return True
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", n)]
    return bool(year and years and max(years) < year)


def _is_traditional(text: str) -> bool:
    from kpis.plan_reader.numbers import is_traditional
    return is_traditional(text)
