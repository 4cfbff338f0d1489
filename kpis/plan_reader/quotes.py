"""Figures and quotation marks: whether a figure stands inside a quotation (“10分钟健身圈”, a name, not a target) and
whether a count right after quoted names counts them (“A、B、C、D”四项: the programmes named, not a target)."""

from __future__ import annotations

import re

from kpis.plan_reader.lexicon import QUOTE_CLOSE, QUOTE_OPEN
from kpis.plan_reader.numbers import parse_number


def inside_quotes(sentence: str, pos: int) -> tuple[bool, int]:
    """Whether `pos` is inside a quotation of the sentence, and where that quotation opened."""
    before = sentence[:pos]
    depth, opened = 0, -1
    for i, c in enumerate(before):
        if c in QUOTE_OPEN:
            depth += 1
            opened = i
        elif c in QUOTE_CLOSE:
            depth = max(0, depth - 1)
    if depth > 0:
        return True, opened
    straight = [i for i, c in enumerate(before) if c == '"']
    if len(straight) % 2 == 1:
        return True, straight[-1]
    return False, -1


def counts_quoted_names(sentence: str, pos: int, a: str) -> bool:
    """Whether the figure at `pos` right after a quotation counts the names quoted there: “A、B、C、D”四项,
    “A”“B”“C”3项 (two or more names, as many as the figure says, counted in 项/个/类/件/条) — a count of
    programmes, no target; “智慧教室”200间, “A、B”示范校12所 and “A、B”2所 stay."""
    names, i = 0, pos
    while i > 0 and sentence[i - 1] in QUOTE_CLOSE + '"':
        close = i - 1
        opener = max(sentence.rfind(q, 0, close) for q in QUOTE_OPEN + '"')
        if opener < 0:
            break
        names += len([x for x in re.split(r"[、，,]", sentence[opener + 1:close]) if x.strip()])
        i = opener - 1 if opener > 0 and sentence[opener - 1] == "、" else opener
    value = parse_number(a, None)
    return names >= 2 and value is not None and value == names
