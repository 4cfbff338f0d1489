"""Tables a web page flattened one cell to a line, put back one row to a line with tab-separated cells
(the form `targets.py` reads a pasted table in), before the text is read as a tree.

Two forms are seen on real pages (issue 19):
- every cell a line ending in `|`, a bare `|` line closing each row (a portal's table copied as text);
- every cell a line of its own, blank lines between (指  标 / 2020年 / 2025年 / 属性, then a name line and its
  figures), where nothing but the header's width tells the rows apart.
Cells keep their text (the `|` too), so that a candidate's source still stands verbatim in the page."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import ROW_FIGURE, WORDED_GOAL, YEAR_IN_HEAD
from kpis.plan_reader.numbers import PINYIN, normalise

# A header cell: a column's short name; a header names its rows' subject and, for an indicator table, a year or 目标.
_HEAD_WORD = re.compile(r"序号|指标|项目|名称|任务|内容|一级|类别|领域|维度")
_HEAD_CELL = re.compile(r"[^。，,；;：:！？!?]{1,20}")
_PIPE_CELL = re.compile(r"\s*(?P<cell>[^|]*?)\s*\|\s*$")
# A cell of figures or of an attribute in an indicator table (99%以上, 11.4年, 约束性): it follows its row's name.
_ATTRIBUTE = re.compile(r"约束性|预期性|[—-]+|/")


def _row(cells: list[str]) -> str:
    """Cells a tab apart, each without the spaces inside it (指  标, 相關鎮 (街道) |), which would split it again."""
    return "\t".join(re.sub(r"\s+", "", c) for c in cells)


def rebuild_cell_tables(text: str) -> str:
    lines = text.split("\n")
    lines = [row for line in lines for row in _one_line_table(_attribute_row(_pipe_row(line)))]
    return "\n".join(_rows_of_pipes(_rows_of_cells(_glued_rows(lines))))


def _rows_of_pipes(lines: list[str]) -> list[str]:
    """序號 | … 責任單位 | then `|`, then the rows, each closed by `|`: a row to a line when it has the header's width."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _pipe_run(lines, i)
        cells = [normalise(_PIPE_CELL.match(lines[j]).group("cell")) for j in range(i, head)]
        if head - i < 3 or not any(_HEAD_WORD.search(c) for c in cells) or not all(len(c) <= 20 for c in cells):
            out.append(lines[i])
            i += 1
            continue
        width = head - i
        out.append(_row(lines[i:head]))
        i = head
        while i < len(lines):
            if lines[i].strip() in ("|", ""):
                out.append(lines[i])
                i += 1
                continue
            end = _pipe_run(lines, i)
            if end == i:
                break  # a line that is no cell ends the table
            if end - i == width:
                out.append(_row(lines[i:end]))
            else:
                out.extend(lines[i:end])
            i = end
    return out


def _pipe_run(lines: list[str], i: int) -> int:
    """Where a run of cell lines (text then `|`, not a bare `|`) starting at i ends."""
    j = i
    while j < len(lines) and (m := _PIPE_CELL.match(lines[j])) and m.group("cell").strip("|").strip():
        j += 1
    return j


def _rows_of_cells(lines: list[str]) -> list[str]:
    """指  标 / 2020年 / 2025年 / 属性, a cell to a line: each row (its name, then its figures and attributes) to a line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        head = _header(lines, i)
        if head is None:
            out.append(lines[i])
            i += 1
            continue
        cells, i = head
        out.append(_row(cells))
        columns = sum(bool(_YEAR_COLUMN.fullmatch(re.sub(r"\s+", "", normalise(c)))) for c in cells[1:])
        row: list[str] = []
        alone = None  # a name line without figures right before the row: a row sharing its figure cells
        while i < len(lines):
            cell = lines[i].strip()
            # prose after the table; a cell's note in brackets (全部完成(包括运动场、跑道、…)) does not make it prose
            if cell and (len(re.sub(r"[(（][^()（）]*[)）]", "", normalise(cell))) > 40 or re.search(r"[。；;]", cell)):
                break
            i += 1
            if not cell:
                continue
            if _value_cell(normalise(cell)) and row:
                row.append(cell)
                continue
            if row:
                out.extend(_shared(alone, row, columns))
            alone = row[0] if len(row) == 1 else None
            row = [cell]
        if row:
            out.extend(_shared(alone, row, columns))
    return out


# A year or 目标 column: 2025年, 2025年目标值, 2025目标 (no 年), 基期, 现状, and a plan period's column (十三五期间, “十三五”末).
_PERIOD_COLUMN = r"[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|末|时期)?(?:值|基数)?"
_YEAR_COLUMN = re.compile(r"(?:19|20)\d{2}(?:年(?:目标|预期|基数)?|目标|预期)值?|目标值?|基期值?|基数|现状|" + _PERIOD_COLUMN)


def _shared(alone: str | None, row: list[str], columns: int) -> list[str]:
    """The row, and before it the row of the name line above when the two share their cells (幼儿教师专科…比例 /
    其中:本科…比例 / 97.74% / 49.85% / 100% / 50%: each column's figures in the names' order). The first name's row
    runs from its name to its last column's figure, so that its clause stands in the page as it is."""
    figures = [k for k, c in enumerate(row) if k and ROW_FIGURE.match(normalise(c).strip())]
    if alone is None or columns < 2 or len(figures) != 2 * columns:
        return [_row(row)]
    return [_row([alone, *row[:figures[2 * columns - 2] + 1]]), _row(row)]


def _value_cell(n: str) -> bool:
    return bool(ROW_FIGURE.match(n.strip()) or _ATTRIBUTE.fullmatch(n.strip()) or WORDED_GOAL.fullmatch(n.strip()))


def _header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """A header of cells one to a line from line i (blank lines between): three or more short cells, one naming
    the rows (指标) and one a year or 目标 column, no figure but years. Returns its cells and the line after it."""
    cells: list[str] = []
    ends: list[int] = []
    j = i
    while j < len(lines) and len(cells) < 8:
        cell = lines[j].strip()
        if not cell:
            j += 1
            continue
        n = PINYIN.sub("", re.sub(r"\s+", "", normalise(cell)))
        bare = YEAR_IN_HEAD.sub("", n)
        if (not _HEAD_CELL.fullmatch(n) or len(n) > 10 or re.search(r"\d", bare) or "|" in n
                or re.match(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]", n)):
            break
        cells.append(cell)
        j += 1
        ends.append(j)
    flat = [PINYIN.sub("", re.sub(r"\s+", "", normalise(c))) for c in cells]
    last = max((k for k, c in enumerate(flat) if _VALUE_COLUMN.fullmatch(c) or _ACTUAL_COLUMN.fullmatch(c)
                or _YEAR_COLUMN.fullmatch(c)), default=None)
    if last is not None and last >= 2:  # 一级指标 … 指标值 (or 2025目标), then the first row's 产出指标 (更公平的教育)
        cells, flat, j = cells[:last + 1], flat[:last + 1], ends[last]
    if len(cells) < 3 or not _HEAD_WORD.search(flat[0]) or not any(
            _COLUMN.fullmatch(c) or _VALUE_COLUMN.fullmatch(c) for c in flat[1:]):
        return None
    return cells, j


# A 绩效目标表's value column, plain or for a period (指标值, 周期指标值, 本年度指标值, 年度目标值, 指标值(2024年));
# a 自评表 marks its columns (年初目标值(A), 实际完成值(B)), the bracket often cut where the cell wrapped.
_VALUE_COLUMN = re.compile(r"[\u4e00-\u9fff]{0,4}(?:(?:指标|目标)值|预期值)(?:\(\w*\)?)?")
# A 自评表's column of what was done, beside the target column (实际完成值(B), 全年实际值, 实际值): no target; it
# belongs to the header, so that each row's figures line up with their columns.
_ACTUAL_COLUMN = re.compile(r"[\u4e00-\u9fff]{0,4}(?:实际|完成)[\u4e00-\u9fff]{0,2}值?(?:\(\w*\)?)?")


# The header of a 绩效目标表 whose cells were glued (绩效指标一级指标二级指标指标内容指标值): two of its column names.
_GLUED_HEAD = re.compile(r"一级指标|二级指标|三级指标|指标内容|指标名称|指标说明|指标值|目标值")
# A 绩效评价指标表 gives each row a score (分值) after its target: 目标值分值 in the glued header, and in each row the
# target and the score glued too (达到预计值210010, 达到目标值95%10).
_SCORED_HEAD = re.compile(r"(?P<value>(?:指标|目标)值)(?P<score>分值|权重|得分)")
# The levels names a row opens with (产出指标数量指标, 社会公众或服务对象满意度指标): no target's name ends in 指标.
_LEVELS = re.compile(r"(?:[\u4e00-\u9fff]{2,14}?指标)+")
_SCORE_AFTER_UNIT = re.compile(r"(?P<value>.*?(?:%|‰|以上|以下|以内|及以上|[\u4e00-\u9fff]))(?P<score>[1-9]\d?|100)$")


def _glued_rows(lines: list[str]) -> list[str]:
    """After a glued 绩效目标表 header, each short row ending with its value (…覆盖率100%, …满意度≥90%) becomes its
    level names on a line, then `name<TAB>value`; rows without a figure (稳步提高) and prose stay as they are.
    Under a header naming a score column after the value column (目标值分值), a row's score is cut from its value
    (`name<TAB>value<TAB>score`, the header split the same way): the score weighs the indicator, it is no target.
    The table ends at a blank line."""
    out: list[str] = []
    inside = False
    scores: set[str] | None = None  # the table's scores, where a unit or a word ends the value before them
    for i, line in enumerate(lines):
        if not inside and "指标" not in line:  # most lines: no header, no table to read
            out.append(line)
            continue
        n = re.sub(r"\s+", "", normalise(line))
        if not n:
            inside = False
        elif len(set(_GLUED_HEAD.findall(n))) >= 2 and len(n) <= 60 and "\t" not in line and "|" not in n:
            inside = True
            head = _SCORED_HEAD.search(line)
            scores = _table_scores(lines[i + 1:]) if head else None
            if head:
                out.append(f"{line[:head.start()].strip()}\t{head.group('value')}\t{line[head.start('score'):].strip()}")
                continue
        elif inside and len(n) <= 50 and not re.search(r"[，,。；;：:|\t]", line) and (row := _glued_row(line, scores)):
            out.extend(row)
            continue
        out.append(line)
    return out


def _table_scores(lines: list[str]) -> set[str]:
    """The scores a glued 绩效评价 table shows apart from their values (95%10, 95%以上10): what a row of bare digits
    (210010) ends with."""
    found: set[str] = set()
    for line in lines:
        t = re.sub(r"\s+", "", line)
        if not t:
            break
        m = _SCORE_AFTER_UNIT.match(t)
        if m and re.search(r"\d", m.group("value")):
            found.add(m.group("score"))
    return found


def _split_score(tail: str, scores: set[str]) -> tuple[str, str] | None:
    """A row's glued value and score: 95%10 → (95%, 10); 210010 → (2100, 10) when 10 is a score the table shows
    apart elsewhere (else the last two digits); a tail that is one of those scores alone has no value (… 与否20)."""
    m = _SCORE_AFTER_UNIT.match(tail)
    if m and re.search(r"\d", m.group("value")):
        return m.group("value"), m.group("score")
    if not re.fullmatch(r"\d+", tail):
        return None
    if tail in scores or len(tail) <= 2:
        return "", tail
    for score in sorted(scores, key=len, reverse=True):
        if tail.endswith(score) and not tail[:-len(score)].startswith("0"):
            return tail[:-len(score)], score
    return (tail[:-2], tail[-2:]) if not tail[-2:].startswith("0") else None


def _glued_row(line: str, scores: set[str] | None = None) -> list[str] | None:
    """产出指标数量指标农村义务教育学校改造覆盖率100% → [产出指标数量指标, 农村义务教育学校改造覆盖率<TAB>100%];
    with a score column, 产出数量指标享受资助人数达到预计值210010 → [产出数量指标, 享受资助人数达到预计值<TAB>2100<TAB>10]."""
    text = line.strip()
    for k in range(1, len(text)):
        if re.match(r"[≥≤><≧≦＞＜\d]", text[k]) and re.search(r"[\u4e00-\u9fff）)]$", text[:k]) \
                and (scores is not None or ROW_FIGURE.match(normalise(text[k:]))):
            levels = _LEVELS.match(text[:k])
            name = text[levels.end() if levels else 0:k]
            if not re.search(r"[\u4e00-\u9fff]{2}", name):
                return None
            value = text[k:]
            if scores is not None:
                split = _split_score(normalise(value), scores)
                if split is None or not split[0] or not ROW_FIGURE.match(split[0]):
                    return None
                value = f"{value[:len(split[0])]}\t{value[len(split[0]):]}"
            return ([text[:levels.end()]] if levels else []) + [f"{name}\t{value}"]
    return None


_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")


def _pipe_row(line: str) -> str:
    """| 普惠性幼儿园覆盖率（%） | 85 | 90 | → cells a tab apart, each keeping its closing `|` (so that a row's clause,
    squashed, still stands in the page); the `| --- |` rule under a header is no row."""
    t = line.strip()
    if not (t.startswith("|") and t.endswith("|") and t.count("|") >= 3) or "\t" in t:
        return line
    if _RULE.fullmatch(t):
        return ""
    cells = [c.strip() for c in t[1:-1].split("|")]
    return "\t".join(f"{c} |" for c in cells)


def _attribute_row(line: str) -> str:
    """A row of an indicator table whose cells a page set a space apart and whose last cell is the indicator's
    attribute (人均体育场地面积(平方米) - 2 预期性; 登记失业率(%) 2.6% ≤ 4% 约束性): cells a tab apart, the row form
    `targets.py` reads (last figure the target, a bare ≤/≥ cell its comparator). 约束性/预期性 close a row only in a
    规划's indicator table, so a line ending in one after a figure is a row even when its header was not copied."""
    t = line.strip()
    if "\t" in line or re.search(r"[。；;，,：:]", t):
        return line
    tokens = t.split()
    if len(tokens) < 3 or not _SPACED_ATTRIBUTE.fullmatch(tokens[-1]):
        return line
    cells = [normalise(x) for x in tokens[:-1]]
    figures = [x for x in cells if ROW_FIGURE.match(x) or re.fullmatch(r"[—-]+|≤|≥|<=|>=", x)]
    if not ROW_FIGURE.match(cells[-1]) or ROW_FIGURE.match(cells[0]) or len(figures) > 4:
        return line
    lead = next(i for i, x in enumerate(cells) if x in figures)  # 文化体育 人均…(元): a category cell, then the name
    return "\t".join(["".join(tokens[:lead]), *tokens[lead:]])


_COLUMN = re.compile(_YEAR_COLUMN.pattern + r"|指标值|预期值")
_SPACED_ATTRIBUTE = re.compile(r"约束性|预期性")


def _one_line_table(line: str) -> list[str]:
    """A table flattened onto one line, cells a space apart: 主要指标 指标 2020年 2025年 学前三年毛入园率 91% 95%
    义务教育巩固率 96% 97%. Put back a row to a line when, after its header (a 指标/项目 cell and k year or 目标
    columns), every row is a name then k figures (an attribute 约束性/预期性 may follow); else left as it is."""
    if "\t" in line or len(line) < 20 or re.search(r"[。；;，,]", line):
        return [line]
    tokens = line.split()
    head = next((i for i, t in enumerate(tokens[:-1]) if re.fullmatch(r"[\u4e00-\u9fff]{0,6}(?:指标|项目|名称)", t)
                 and _COLUMN.fullmatch(normalise(tokens[i + 1]))), None)
    if head is None:
        return [line]
    k = 0
    while head + 1 + k < len(tokens) and _COLUMN.fullmatch(normalise(tokens[head + 1 + k])):
        k += 1
    attribute = head + 1 + k < len(tokens) and re.fullmatch(r"属性|性质|指标属性", tokens[head + 1 + k])
    if k == 0:
        return [line]
    rows, i = [], head + 1 + k + bool(attribute)
    while i < len(tokens):
        name, figures = tokens[i], tokens[i + 1:i + 1 + k]
        if (ROW_FIGURE.match(normalise(name)) or len(figures) < k
                or not all(ROW_FIGURE.match(normalise(f)) or re.fullmatch(r"[—-]+", f) for f in figures)):
            return [line]
        i += 1 + k
        extra = [tokens[i]] if i < len(tokens) and _SPACED_ATTRIBUTE.fullmatch(tokens[i]) else []
        i += len(extra)
        rows.append("\t".join([name, *figures, *extra]))
    if not rows:
        return [line]
    return [" ".join(tokens[:head])] * bool(head) + ["\t".join(tokens[head:head + 1 + k + bool(attribute)])] + rows
