"""Lines to paragraphs: wrapped prose lines joined into one line a paragraph, table rows kept one to a line with their
cells a tab apart (structure.read_structure reads what this returns)."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import PLAN_LABEL, RESULT_LABEL
from kpis.plan_reader.numbers import normalise
from kpis.plan_reader.titles import squash


_CELL_SPLIT = re.compile(r"\t+|\s{2,}")
_NUMERIC_CELL = re.compile(r"^(?:[≥≤><]=?|[≧≦])?\s*\d+(?:\.\d+)?\s*(?:%|‰|万|亿)?")


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row pasted as text ('1\t学前三年毛入园率（%）\t97.9\t≥98.5', '1 学前三年毛入园率
    ≥98% 基础教育处'), or None for a line of prose. Cells are apart by tabs or runs of spaces; single
    spaces count only in a line without punctuation that starts with a row number or is a header."""
    n = normalise(line).strip()
    if not n or ("\t" not in n and re.search(r"[。；;]", n)):
        return None  # prose; a line with tabs is a row even when its cells hold sentences
    cells = [c for c in _CELL_SPLIT.split(n) if c.strip()]
    if len(cells) < 2:
        cells = n.split(" ")
        if len(cells) < 3 or re.search(r"[,，:：]", n) or not (
                re.fullmatch(r"\d{1,2}", cells[0]) or re.search(r"序号|指标|目标", n)):
            return None
    if len(cells) < 2 or ("\t" not in n and any(len(c) > 60 for c in cells)):
        return None
    numeric = "\t" in n or any(_NUMERIC_CELL.match(c.strip()) for c in cells)
    header = re.search(r"序号|指标|目标|项目|单位", n) and sum(bool(re.search(r"[\u4e00-\u9fff]", c)) for c in cells) >= 2
    return [c.strip() for c in cells] if numeric or header else None


# A prose line ending a sentence ends its paragraph (web copies wrap lines mid-sentence, never after a 。).
_PARAGRAPH_END = re.compile(r"[。！？!?][”\"」』）)]?\s*$")


def _unwrapped(lines: list[str]) -> str:
    """Wrapped lines of one paragraph as one line. A figure a fixed-width copy (a PDF's) cut at the line end goes on
    on the next line (新增学位27 / 00个, 就业率保持在9 / 0%以上), so a digit at a line end and a digit, a point or % at the
    next line's start are one figure; elsewhere a line break is a space, which squash drops between Chinese words."""
    out = ""
    prev = ""
    for line in lines:
        line = line.strip()
        glue = "" if re.search(r"[0-9０-９.．]$", out) and re.match(r"[0-9０-９.．%％]", line) else " "
        if _LIST_LINE.search(prev) and _LIST_VERB.match(line) and len(prev) <= 40:
            glue = "；"  # 新增100张…床位 / 完成300户…改造: a list's lines, each its own task, not one wrapped sentence
        out = f"{out}{glue}{line}" if out else line
        prev = line
    return out


# A short line ending on a count's noun, and a line opening on a verb of the plan: two lines of a list (a 民生实事
# list pasted a task to a line), where a wrapped sentence would run on.
_LIST_LINE = re.compile(r"\d\s*(?:万|亿)?\s*(?:个|所|张|户|家|名|人|场|处|台|套|间|条|项|部|座|公里|米|课时)[^，,、和及与的\d]{1,14}$")
_LIST_VERB = re.compile(r"(?:(?:19|20)\d{2}\s*年|新增|新建|改建|扩建|改扩建|完成|开展|推出|建设|开办|实施|打造|提供|交付|帮助|组织|举办|启动|为|培训|招聘|建成|推进|"
                        r"提升|改造|配备|安装|增设|设立|创建)")


def join_lines(lines: list[str]) -> str:
    """Wrapped prose lines joined and squashed, a paragraph to a line (a line that ends with 。！？ ends its
    paragraph, so the grammar can tell which sentence opens one); table rows kept one to a line with their
    cells a tab apart."""
    parts: list[str] = []
    para: list[str] = []
    for line in lines:
        if not line.strip():  # where debris stood (debris.clean_lines): a headline ends before its story
            parts += [squash(_unwrapped(para))] if para else []
            para = []
            continue
        if table_cells(line) is None:
            label = RESULT_LABEL.fullmatch(normalise(line)) or PLAN_LABEL.fullmatch(normalise(line))
            if label and para:  # 落实情况 / 任务安排 stand on a line of their own: the grammar reads them
                parts.append(squash(_unwrapped(para)))
                para = []
            para.append(line)
            if _PARAGRAPH_END.search(line) or label:
                parts.append(squash(_unwrapped(para)))
                para = []
            continue
        if para:
            parts.append(squash(_unwrapped(para)))
            para = []
        parts.append(_tab_row(line) if "\t" in line.strip(" \u3000\n") else
                     re.sub(r"\s+", "\t", line.strip()) if re.search(r"\s{2,}", line.strip())
                     else re.sub(r" ", "\t", line.strip()))
    if para:
        parts.append(squash(_unwrapped(para)))
    return "\n".join(p for p in parts if p)


def _tab_row(line: str) -> str:
    """A row whose cells are a tab apart keeps its empty cells (2025年 | | 2026年, a merged header's blank, a row's
    missing baseline), so that every cell stays under its column; spaces inside and around a cell go."""
    cells = [re.sub(r"\s+", " ", c).strip() for c in line.strip(" \u3000\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def concat(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    table = "\t" in a.rsplit("\n", 1)[-1] or "\t" in b.split("\n", 1)[0]
    return f"{a}\n{b}" if table or _PARAGRAPH_END.search(a) else a + b
