"""One cell → one number, the way people actually type them in Excel and WPS.

Full-width digits (６５９０), thousands separators (6,590), a trailing unit (120人), percentages
written as 52%, 0.52 or 52, and 是/否 are all understood; everything else is a problem with a
Chinese explanation of what was expected."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from kpis.periods import is_period, make

YES = {"是", "有", "已建成", "已认定", "达标", "已达标", "y", "yes", "true", "1", "√", "✓", "对"}
NO = {"否", "无", "未建成", "未认定", "不达标", "未达标", "n", "no", "false", "0", "×", "✗", "x", "不"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
TYPE_LABELS = {"int": "整数", "float": "数值", "bool": "“是”或“否”", "percent": "百分比"}


@dataclass(frozen=True)
class ElementRule:
    code: str
    name: str
    unit: str
    type: str  # int float bool percent
    min_value: float | None
    max_value: float | None

    @property
    def header(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def expected(self) -> str:
        if self.type == "bool":
            return "“是”或“否”"
        lo = _fmt(self.min_value) if self.min_value is not None else None
        hi = _fmt(self.max_value) if self.max_value is not None else None
        kind = "整数" if self.type == "int" else "数值"
        unit = "%" if self.type == "percent" else self.unit
        span = f"{lo} 到 {hi} 之间的{kind}" if lo is not None and hi is not None else kind
        extra = "，如 52 或 52%" if self.type == "percent" else ""
        return f"{span}（单位：{unit}）{extra}" if unit else span + extra


@dataclass(frozen=True)
class Parsed:
    value: float | None = None  # None with problem None = the cell is empty
    problem: str | None = None
    fix: str | None = None
    note: str | None = None  # accepted, but say how it was read


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def normalise_text(value: object) -> str:
    """NFKC (full-width digits, letters and punctuation → ASCII), without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def parse_cell(raw: object, rule: ElementRule) -> Parsed:
    kind = type(raw)
    if (kind is float or kind is int) and rule.type in ("int", "float"):  # the common case, kept short
        x = float(raw)
        if x == x and (rule.type == "float" or x.is_integer()) and \
                (rule.min_value is None or x >= rule.min_value) and (rule.max_value is None or x <= rule.max_value):
            return Parsed(x)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed()
    pct_sign = False
    if isinstance(raw, bool):
        x = 1.0 if raw else 0.0
    elif isinstance(raw, (int, float)):
        x = float(raw)
        if math.isnan(x) or math.isinf(x):
            return Parsed(problem="不是有效的数字", fix="请填写数字")
    elif isinstance(raw, (date, datetime)):
        return Parsed(problem="单元格是日期，不是数字", fix="请把单元格格式改为“常规”或“数值”后重新输入数字")
    else:
        t = normalise_text(raw)
        if rule.type == "bool":
            low = t.lower()
            if low in YES:
                return Parsed(1.0)
            if low in NO:
                return Parsed(0.0)
            return Parsed(problem="不是“是”或“否”", fix="请从下拉列表中选择“是”或“否”")
        if rule.unit and t.endswith(rule.unit) and len(t) > len(rule.unit):
            t = t[: -len(rule.unit)]
        if t.endswith("%"):
            pct_sign, t = True, t[:-1]
        if _THOUSANDS.match(t):
            t = t.replace(",", "")
        if not _NUMBER.match(t):
            if "," in t:
                return Parsed(problem="数字中的逗号位置不对", fix="请去掉逗号，只填数字，如 6590")
            return Parsed(problem="不是数字", fix="请只填写阿拉伯数字，不要填写文字或单位")
        x = float(t)
    if rule.type == "bool":
        if x in (0.0, 1.0):
            return Parsed(x)
        return Parsed(problem="不是“是”或“否”", fix="请从下拉列表中选择“是”或“否”")
    note = None
    if rule.type == "percent":
        if not pct_sign and 0 < x < 1:
            note = f"按 {_fmt(round(x * 100, 6))}% 理解（单元格为小数 {_fmt(x)}）"
            x = round(x * 100, 6)
    elif pct_sign:
        return Parsed(problem="该项不是百分比", fix=f"请填写{rule.unit or '数值'}数，不要带 % 号")
    if rule.type == "int" and not float(x).is_integer():
        if 0 < x < 1 and not pct_sign:
            # Excel keeps a cell shown as 52% as 0.52: name the likely cause, not just "a decimal".
            return Parsed(problem=f"填写的是百分比或小数（{_fmt(x)}，即 {_fmt(round(x * 100, 6))}%），该项应为"
                                  f"{rule.unit or '数'}数（整数）",
                          fix="请把单元格格式改为“常规”或“数值”，填写实际的整数，不要填比例")
        return Parsed(problem="应为整数，不能有小数", fix="请填写整数")
    if (rule.min_value is not None and x < rule.min_value) or (rule.max_value is not None and x > rule.max_value):
        return Parsed(problem="超出合理范围", fix="请核对数值（是否多输或少输了一位、单位是否正确）")
    return Parsed(x, note=note)


def parse_period(raw: object) -> str | None:
    """2025-03, 2025-3, 2025/03, 2025.3, 2025年3月, 202503 or a date cell → '2025-03'."""
    if isinstance(raw, (date, datetime)):
        return make(raw.year, raw.month)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    t = normalise_text(raw)
    m = re.fullmatch(r"(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))(?:[-/.]\d{1,2}日?)?", t)
    if not m:
        return None
    month = int(m.group(2) or m.group(3))
    p = make(int(m.group(1)), month) if 1 <= month <= 12 else ""
    return p if is_period(p) else None


def parse_code(raw: object) -> str:
    """A 学校标识码 as text (Excel turns long digit strings into numbers)."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if type(raw) is str and raw.isascii() and raw.isdigit():  # the usual case: NFKC would change nothing
        return raw
    return normalise_text(raw).lstrip("'")
