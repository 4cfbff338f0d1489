"""A Word paragraph's automatic number as Word shows it (一、 （一） 1. ①): the numbers of a list are not in its text.

A plan typed in Word often numbers its headings and items with the list feature, so the paragraph text of
"一、加快推进教育项目建设" is "加快推进教育项目建设" alone, and the reader would lose the outline the marks give it.
python-docx reads the text only, and docx2python renders Western formats only and ignores lvlText (一、 comes out as
"1)"), so this follows numbering.xml itself: a paragraph's numId and ilvl (its own or its style's), the level's
numFmt, lvlText (%1、 （%1） %1.%2) and start, counted per list as Word counts them — lists sharing an abstractNum
continue each other unless a startOverride restarts them, and a level restarts when a level above it moves on, or
only the levels its lvlRestart names (a plan's 1. 2. … running on across its （一） （二）).
Bullets give no mark: a bullet says nothing the reader needs."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_PLACEHOLDER = re.compile(r"%([1-9])")


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """1–99 as a list counts them (一 … 十, 十一, 二十一); larger numbers stay Arabic, as no plan numbers so far."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else (ten if tens == 1 else digits[tens] + ten)
    return head + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cycle(chars: str, n: int) -> str:
    return chars[(n - 1) % len(chars)]


def format_number(n: int, fmt: str) -> str:
    """One level's counter in its numFmt; an unknown format is written as an Arabic number."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "japaneseCounting", "ideographDigital"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾")
    if fmt in ("ideographTraditional", "ideographEnclosedCircle"):
        return _cycle(_STEMS, n)
    if fmt == "ideographZodiac":
        return _cycle(_BRANCHES, n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x245F + n)  # ① … ⑳
    if fmt == "decimalEnclosedParen" and 0 < n <= 20:
        return chr(0x2473 + n)  # ⑴ … ⒇
    if fmt == "decimalEnclosedFullstop" and 0 < n <= 20:
        return chr(0x2487 + n)  # ⒈ … ⒛
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letter(n) if fmt == "lowerLetter" else _letter(n).upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n) if fmt == "lowerRoman" else _roman(n).upper()
    return str(n)


def _int(value: str | None, default: int) -> int:
    """A numbering attribute as a number; a document with a broken one (w:start="x") numbers from the default."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else child.get(qn("w:val"))


class Numbering:
    """The marks of one document's numbered paragraphs, read in document order (each call counts its paragraph)."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, dict]] = {}   # abstractNumId → ilvl → fmt, text, start
        self._lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId → abstractNumId, startOverride per ilvl
        self._counts: dict[str, dict[int, int]] = {}    # abstractNumId → ilvl → current count
        self._started: set[str] = set()                  # numIds whose startOverride has been applied
        self._styles = document.styles
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # a document without lists
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = {
                    "fmt": _val(lvl, "w:numFmt") or "decimal",
                    "text": _val(lvl, "w:lvlText"),
                    "start": _int(_val(lvl, "w:start"), 1),
                    # lvlRestart N: restart after level N (1-based) or one above it; 0: never; absent: after any above
                    "restart": _int(_val(lvl, "w:lvlRestart"), ilvl),
                }
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[_int(override.get(qn("w:ilvl")), 0)] = _int(start, 1)
            self._lists[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId"), overrides)

    def mark(self, paragraph) -> str:
        """The paragraph's number as Word shows it ('一、', '（二）', '1.2'), or '' when it is not numbered."""
        num_id, ilvl = self._reference(paragraph)
        if num_id is None or num_id == "0" or num_id not in self._lists:
            return ""
        abstract, overrides = self._lists[num_id]
        levels = self._levels.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counts = self._counts.setdefault(abstract, {})
        if num_id not in self._started and overrides:
            self._started.add(num_id)
            for level, start in overrides.items():  # a restarted list: its first item is start
                counts[level] = start - 1
                for deeper in [d for d in counts if d > level]:
                    del counts[deeper]
        counts[ilvl] = counts.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [d for d in counts if d > ilvl and ilvl < levels.get(d, {}).get("restart", d)]:
            del counts[deeper]
        level = levels[ilvl]
        if level["fmt"] in ("bullet", "none") or not level["text"]:
            return ""

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            if at not in levels:
                return ""
            return format_number(counts.get(at, levels[at]["start"]), levels[at]["fmt"])

        return _PLACEHOLDER.sub(number, level["text"])

    def _reference(self, paragraph) -> tuple[str | None, int]:
        """numId and ilvl from the paragraph's own properties, else from its style and the styles it is based on."""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        num_id = _val(num_pr, "w:numId")
        ilvl = _val(num_pr, "w:ilvl")
        style = paragraph.style if num_id is None or ilvl is None else None
        seen = 0
        while style is not None and (num_id is None or ilvl is None) and seen < 10:
            style_pr = style.element.pPr
            style_num = style_pr.numPr if style_pr is not None else None
            num_id = num_id or _val(style_num, "w:numId")
            ilvl = ilvl or _val(style_num, "w:ilvl")
            style, seen = style.base_style, seen + 1
        return num_id, _int(ilvl, 0)
