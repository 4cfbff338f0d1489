"""Numbers as plans write them: full-width digits, Chinese numerals (三所, 两个, 四十八), 万/亿
multipliers (2.5万平方米 = 25000 平方米), ranges (1-2所, 4～5所) and traditional characters.

`normalise` maps a text character by character (its length never changes), so an offset found in
the normalised text is the same offset in the text the user gave."""

from __future__ import annotations

import re
from functools import cache

import opencc

from core.cjk import RADICALS

# Full-width ASCII (！ to ～) → half-width, and a few dashes/spaces that plans use in ranges.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({"\u3000": " ", "—": "-", "–": "-", "−": "-", "〜": "~",
               # the RATIO sign Word puts in 1∶19, and the small percent sign of some fonts
               "\u2236": ":", "\ufe6a": "%"})
# Characters OpenCC's t2s leaves alone (variants it treats as standard) but web copies of plans use.
_EXTRA = {"佔": "占", "羣": "群", "週": "周", "著": "着", "裏": "里", "綫": "线", "衞": "卫", "啓": "启"}
# The CJK blocks a plan can contain: Extension A, the Unified block, Compatibility Ideographs.
_HAN_BLOCKS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))


@cache
def _t2s() -> dict[str, str]:
    """OpenCC's traditional → simplified character map, one character each (built once, ~0.1 s).
    Phrase conversions that change the length are left out: offsets must survive normalising."""
    converter = opencc.OpenCC("t2s")
    table: dict[str, str] = {}
    for block in _HAN_BLOCKS:
        for code in block:
            char = chr(code)
            simple = converter.convert(char)
            if simple != char and len(simple) == 1:
                table[char] = simple
    return table


@cache
def _table() -> dict[int, str]:
    return str.maketrans({**_t2s(), **_WIDTH, **_EXTRA, **RADICALS})  # ⼯作/校⻓ from a PDF read as 工作/校长


# Pinyin a page printed after its characters (爭(zhēng)取, 指標(biāo)): it splits the words looked for.
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ"  # pinyin's letters with tone marks
PINYIN = re.compile(rf"[(（][a-zA-Z{TONED}]{{1,7}}[)）]")


def normalise(text: str) -> str:
    """Simplified characters and half-width digits/punctuation; same length as `text`. A full-width comma between two
    digits stays full-width: it ends a clause (…达到95，100所学校…), where an ASCII one groups thousands (6,590个) —
    as a full-width one does between full-width digits in groups of three (２，３００万人).
    A circle beside a Chinese digit is its zero (一○二四, 二○二五年), as typed with the symbol rather than 〇."""
    out = text.translate(_table())
    if "，" in text and (spots := [m.start() for m in _CLAUSE_COMMA.finditer(text)
                                   if not _FULL_WIDTH_THOUSANDS.match(text, m.start())]):
        chars = list(out)
        for i in spots:
            chars[i] = "，"
        out = "".join(chars)
    if "○" in out or "◯" in out:
        out = _CIRCLE_ZERO.sub("〇", out)
    return out


_CLAUSE_COMMA = re.compile(r"(?<=[\d０-９])，(?=[\d０-９])")
# …but in a text typed all in full width, the full-width comma groups thousands too (３，９１５，９９３，０００元,
# ２，３００万人): between full-width digits, one to three before it, exactly three after it.
_FULL_WIDTH_THOUSANDS = re.compile(r"(?<=[０-９])(?<![０-９]{4})，(?=[０-９]{3}(?![０-９]))")
_CIRCLE_ZERO = re.compile(r"(?<=[零〇一二三四五六七八九])[○◯]|[○◯](?=[零〇一二三四五六七八九○◯])")


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes a noticeable share of the Chinese characters."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return False
    t2s = _t2s()
    changed = sum(1 for c in han if c in t2s)
    return changed / len(han) > 0.03


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千廿卅"  # 廿 and 卅 are twenty and thirty (廿五班, 卅二名)
CN_RE = f"[{CN_NUMERAL}]+"


def parse_cn(text: str) -> int | None:
    """'三' → 3, '十二' → 12, '四十八' → 48, '两千' → 2000, '一百零五' → 105; None if not a numeral."""
    text = text.replace("廿", "二十").replace("卅", "三十")
    if not text or any(c not in CN_DIGITS and c not in CN_UNITS for c in text):
        return None
    total, digit = 0, None
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c] if digit is None else digit * 10 + CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * CN_UNITS[c]
            digit = None
    return total + (digit or 0)


# Digits on both sides of 千 or 万 (7千900名, 3万5000多名): one number, the lower part filling the places below; an
# exact sum of money or people may leave out the zeros (2,140万868元) or group the lower part (1,347万4,278元); 亿
# before 万 (104亿6118万元) counts in 万.
MIXED_RE = (r"\d+千\d{3}(?!\d)|(?:\d{1,3}(?:,\d{3})+|\d+)万(?:\d,?\d{3}(?![\d,])|\d{1,3}(?=元|人|名))"
            r"|\d+亿\d{1,4}(?=万)")
MIXED = re.compile(r"(?P<high>\d+)(?P<unit>[千万亿])(?P<low>\d+)")
_PLACES = {"千": 1000, "万": 10_000, "亿": 10_000}  # 亿 before 万: the lower part counts 万, as the 万 after it says
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "成": 10}  # 成: tenths read as a percentage (七成 is 70 %)


def parse_number(text: str, multiplier: str | None = None) -> float | None:
    """'6590' → 6590, '2.5' + 万 → 25000, '三' → 3."""
    text = re.sub(r"(?<=\d)[, ](?=\d{3})", "", text.strip())  # 6,590 and 15 041: thousands grouped
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = float(text)
    elif mixed := MIXED.fullmatch(text):  # 7千900, 3万5000: digits on both sides of 千/万
        value = float(mixed["high"]) * _PLACES[mixed["unit"]] + float(mixed["low"])
    else:
        cn = parse_cn(text)
        if cn is None:
            return None
        value = float(cn)
    if multiplier:
        value *= MULTIPLIERS[multiplier]
    return round(value, 6)


def clean_number(x: float | None) -> float | int | None:
    """6590.0 → 6590 so JSON and labels read naturally; 2.3亿 read as 229999999.99999997 (binary floats) → 230000000,
    which the reviewer would otherwise see on 计划导入 (twelve significant digits are more than any plan writes)."""
    if x is None:
        return None
    x = float(f"{float(x):.12g}")
    return int(x) if x.is_integer() else x
