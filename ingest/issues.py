"""An upload problem a person can fix: where it is, what was found, what was expected, how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from core.errors import Invalid


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def show_value(value: object) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return text if len(text) <= 40 else text[:40] + "…"


@dataclass(frozen=True)
class Issue:
    problem: str  # what is wrong, in Chinese
    expected: str = ""  # what was expected
    fix: str = ""  # how to fix it
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # the column's header, else its letter
    value: str | None = None
    level: str = "error"  # error (rejects the file) | warning (shown, accepted)
    school: str | None = None  # the school the row is for (a district workbook's error table shows it)
    related: str | None = None  # the other column a rule between numbers compares with

    @property
    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"“{self.column}”列")
        return "".join(parts)

    @property
    def message(self) -> str:
        return self.describe()

    def describe(self, *, where: bool = True, value: bool = True) -> str:
        """The message; without `where` for a form (it has no sheet, row or column), without the value
        typed when `value` is False (a rule between two cells names both values in its problem)."""
        text = f"{self.where}：" if where and self.where else ""
        text += self.problem
        if value and self.value not in (None, ""):
            text += f"（填写的是“{self.value}”）"
        text += "。"
        if self.expected:
            text += f"应为：{self.expected}。"
        if self.fix:
            text += self.fix if self.fix.endswith("。") else self.fix + "。"
        return text

    def as_dict(self) -> dict:
        d = asdict(self)
        d["message"] = self.message
        return d


class Rejected(Invalid):
    """The file cannot be read at all; carries the issues that say why."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(i.message for i in issues))
        self.issues = issues
