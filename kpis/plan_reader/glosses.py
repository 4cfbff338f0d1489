"""Pinyin glosses a page's converter wrote after its characters (學(xué)校, 4萬(wàn)人, 等9個區(qū)的): read without them.

Many mirrored traditional-script pages gloss every few characters with their pinyin in brackets. The glosses fall
between a figure and its unit (4萬(wàn)人), or between the words a rule reads (等9個區(qū)的, 義務(wù)教育), so each rule would
need its own `PINYIN.sub`. Instead the reader reads the text with the glosses taken out, and each candidate's source
is then cut from the text as written (glosses and all), so the reviewer sees the page's own words."""

from __future__ import annotations

import re

from kpis.plan_reader.numbers import TONED

# a gloss: lower-case pinyin (tone marks allowed) in brackets, right after a Chinese character
GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-z{TONED}]{{1,7}}[)）]")
MIN_GLOSSES = 3  # one bracketed word (the (ppp) of a project name) is no converter's work


# A typesetter's space after each digit of a figure (7 2 ％, 3 5 0 万青壮年文盲, as some old texts are typed): the
# figure is the digits run together. Two digits at least, each followed by one space, then a unit or a date word —
# never a row of a table, whose single-digit cells are followed by another cell or the line's end.
SPACED_DIGITS = re.compile(r"(?<![\d.])(?:\d ){2,}(?=[%％‰万亿千百年月日个所名人元座家项间处条])")


def strip_glosses(text: str) -> tuple[str, list[int]]:
    """The text without its pinyin glosses and its typesetter's spaces between digits and, for each of its characters,
    the index in `text` it came from. A text with fewer than MIN_GLOSSES glosses keeps them."""
    spans = [m.span() for m in GLOSS.finditer(text)]
    if len(spans) < MIN_GLOSSES:
        spans = []
    # each space of a spaced figure is a span of one character to leave out
    spans += [(m.start() + k + 1, m.start() + k + 2) for m in SPACED_DIGITS.finditer(text)
              for k in range(0, len(m.group(0)), 2)]
    spans.sort()
    if not spans:
        return text, list(range(len(text)))
    out: list[str] = []
    back: list[int] = []
    i = 0
    for a, b in [*spans, (len(text), len(text))]:
        out.append(text[i:a])
        back.extend(range(i, a))
        i = b
    return "".join(out), back


def as_written(sources: list[str], bare: str, back: list[int], text: str) -> list[str]:
    """Clauses cut from the gloss-free text (white space may have been dropped from them), cut again from the text as
    written, their glosses back in. A clause not found comes back as it is."""
    flat = [k for k, ch in enumerate(bare) if not ch.isspace()]
    joined = "".join(bare[k] for k in flat)
    out = []
    for source in sources:
        want = "".join(source.split())
        i = joined.find(want) if want else -1
        out.append(text[back[flat[i]]:back[flat[i + len(want) - 1]] + 1] if i >= 0 else source)
    return out
