"""Chinese text as PDFs give it back: radical code points where the font maps an ideograph's glyph to one.

CJK fonts share one glyph between an ideograph and its radical form, and their ToUnicode tables may name the radical:
text extracted or copied from a PDF then reads ⼯作, ⼀, 校⻓. Kangxi radicals (⼀ for 一) fold back under NFKC; the
simplified forms of the CJK Radicals Supplement (⺠ for 民, ⻓ for 长) have no decomposition and are listed here (the
ones Unicode's EquivalentUnifiedIdeograph.txt maps to a character that stands on its own). One character to one, so an
offset into folded text is the same offset into the text given."""

from __future__ import annotations

import unicodedata

RADICALS: dict[str, str] = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
RADICALS.update(zip("⺟⺠⺷⺼⻁⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
                    "母民羊月虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟"))
FOLD_RADICALS = str.maketrans(RADICALS)


def fold_radicals(text: str) -> str:
    """`text` with every radical code point a PDF put for an ideograph replaced by the ideograph."""
    return text.translate(FOLD_RADICALS)
