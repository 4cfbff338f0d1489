"""A plan's text as a tree: title, year, sections (一、/（一）) and numbered items (1. 1、 （1）),
or, where a section has no numbered items, its 一是/二是 points, or the section text as one item.

Web copies wrap lines mid-sentence and put blank lines between the pieces, so an item is all the
text from its number to the next heading or number; headings and numbers are only accepted in
sequence (2. after 1.), which keeps '2.0 行动' or '5.25 心理健康节' from starting an item."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kpis.plan_reader.debris import clean_lines
from kpis.plan_reader.numbers import normalise, parse_cn

CN = "一二三四五六七八九十"
_SECTION = re.compile(rf"^\s*([{CN}]{{1,3}})\s*[、.．]\s*(.*)$")
_SUBSECTION = re.compile(rf"^\s*[（(]\s*([{CN}]{{1,3}})\s*[）)]\s*(.*)$")
_ITEM = re.compile(r"^\s*(\d{1,2})\s*(?:[.．、](?!\d)|[）)])\s*(.*)$|^\s*[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")
_POINT = re.compile(rf"([{CN}]{{1,2}})是")
# Where a heading or item number follows a sentence end on the same line, it starts a new line.
_INLINE_BREAK = re.compile(
    rf"(?<=[。；;！!？?])\s*(?=(?:[{CN}]{{1,3}}、|[（(][{CN}]{{1,3}}[）)]|\d{{1,2}}[.．、](?!\d)))")
_OWNER = re.compile(r"[（(]\s*(?:牵头|责任|主责)(?:科室|处室|单位|部门)\s*[:：]\s*([^（）()]{2,40}?)\s*[）)]")


@dataclass
class Item:
    number: str
    title: str
    text: str
    owner: str | None = None


@dataclass
class Section:
    number: str
    title: str
    text: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class PlanTree:
    title: str
    year: int | None
    script: str
    sections: list[Section]
    preamble: str = ""


def squash(text: str) -> str:
    """Join wrapped lines: drop whitespace except between two Latin letters or digits ('STEM 教育' → 'STEM教育')."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", text)


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


def _points(section: Section) -> list[Item]:
    """一是…二是… inside a section's text, accepted only in order."""
    text = section.text
    found, want, pos = [], 1, 0
    while True:
        best = None
        for m in _POINT.finditer(text, pos):
            if parse_cn(m.group(1)) == want:
                best = m
                break
        if best is None:
            break
        found.append(best)
        want += 1
        pos = best.end()
    if len(found) < 2:
        return []
    items = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        body = text[m.end():end].strip()
        title, body = _title_and_rest(body)
        items.append(Item(f"{m.group(1)}是", title, body, _owner(body)))
    return items


def _year(title: str, text: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", title)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text))
    return years.most_common(1)[0][0] if years else None


def _find_title(lines: list[str]) -> str:
    for line in reversed(lines):
        s = squash(line)
        if "工作要点" in normalise(s) and len(s) <= 60 and not re.search(r"通知|印发", normalise(s)):
            return re.sub(r"\s*(\d+)\s*年\s*", r"\1年", re.sub(r"\s+", " ", line.strip()))
    for line in lines:
        if line.strip():
            return squash(line)[:60]
    return ""


def read_structure(text: str) -> PlanTree:
    lines: list[str] = []
    for line in clean_lines(text):
        lines.extend(_INLINE_BREAK.split(line))
    norm = [normalise(l) for l in lines]

    # First pass: mark headings (level 1 一、, level 2 （一）) and items, each in sequence.
    marks: list[tuple[str, str, str] | None] = []  # (kind, number, rest)
    want = {"section": 1, "sub": 1}
    want_item = 1
    for line, n in zip(lines, norm):
        mark = None
        m1, m2, m3 = _SECTION.match(n), _SUBSECTION.match(n), _ITEM.match(n)
        if m1 and parse_cn(m1.group(1)) == want["section"] and len(m1.group(2)) <= 80:
            mark = ("section", m1.group(1), line[m1.start(2):])
            want["section"] += 1
            want["sub"] = 1
        elif m2 and parse_cn(m2.group(1)) == want["sub"]:
            mark = ("sub", m2.group(1), line[m2.start(2):])
            want["sub"] += 1
        elif m3:
            num = int(m3.group(1) or m3.group(3))
            if num == want_item or (num == 1 and want_item > 1):
                start = m3.start(2) if m3.group(1) else m3.start(4)
                mark = ("item", str(num), line[start:])
                want_item = num + 1
        marks.append(mark)

    has_sub = any(m and m[0] == "sub" for m in marks)
    has_items = any(m and m[0] == "item" for m in marks)
    # Plans like 2022-zhuji number their real sections （一）（二） under 二、工作重点.
    section_kind = "sub" if has_sub and has_items else "section"
    if has_sub and not has_items and any(m and m[0] == "section" for m in marks):
        # 一、 sections whose tasks are （一）（二）… without 1. 2.: the （一） points are the items
        marks = [("item", f"（{m[1]}）", m[2]) if m and m[0] == "sub" else m for m in marks]
    first_heading = next((i for i, m in enumerate(marks) if m and m[0] in ("section", "sub")), len(lines))
    title = _find_title(lines[:first_heading]) or _find_title(lines)
    preamble = squash(" ".join(l for l in lines[:first_heading] if l.strip()))

    sections: list[Section] = []
    current: Section | None = None
    item: Item | None = None
    buf: list[str] = []

    def flush() -> None:
        nonlocal buf
        body = squash(" ".join(buf))
        buf = []
        if item is not None:
            item.text = (item.text + body) if item.text else body
        elif current is not None:
            current.text = (current.text + body) if current.text else body

    for line, mark in zip(lines, marks):
        if mark is None or (mark[0] in ("section", "sub") and mark[0] != section_kind):
            if mark is not None and mark[0] != section_kind and section_kind == "sub":
                # a level-1 heading above the （一） sections: closes the open item, starts no section
                flush()
                item = None
                current = None
                continue
            buf.append(line)
            continue
        flush()
        kind, number, rest = mark
        if kind == section_kind:
            rest = squash(rest)
            heading, after = rest, ""
            cut = re.search(r"[。；;]", rest)
            if cut:  # '一、坚持党建引领。加强…' — a heading with text on the same line
                heading, after = rest[:cut.start()], rest[cut.end():]
            current = Section(number, _strip_heading(heading))
            sections.append(current)
            item = None
            if after:
                buf.append(after)
        elif kind == "item":
            if current is None:
                current = Section("", "")
                sections.append(current)
            body = squash(rest)
            t, body = _title_and_rest(body)
            item = Item(number, t, body)
            current.items.append(item)
    flush()

    for sec in sections:
        if sec.items:  # text between a heading and its item 1 stays with the section only
            for it in sec.items:
                it.owner = _owner(it.text)
            continue
        points = _points(sec)
        if points:
            sec.items = points
        elif sec.text:
            sec.items = [Item(sec.number, sec.title, sec.text, _owner(sec.text))]
    sections = [s for s in sections if s.items]
    script = "traditional" if _is_traditional(text) else "simplified"
    return PlanTree(title=title, year=_year(title, text), script=script, sections=sections, preamble=preamble)


def _is_traditional(text: str) -> bool:
    from kpis.plan_reader.numbers import is_traditional
    return is_traditional(text)
