"""Reporting periods are 'YYYY-MM' strings; these helpers keep their arithmetic in one place."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def is_period(text: str) -> bool:
    return bool(_PERIOD.match(text or ""))


def parse(period: str) -> tuple[int, int]:
    m = _PERIOD.match(period)
    if not m:
        raise ValueError(f"期间格式应为 YYYY-MM（如 2025-03），收到：{period!r}")
    return int(m.group(1)), int(m.group(2))


def make(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(period: str, months: int) -> str:
    y, m = parse(period)
    idx = y * 12 + (m - 1) + months
    return make(idx // 12, idx % 12 + 1)


def previous_period(period: str) -> str:
    return shift(period, -1)


def year_months(year: int) -> list[str]:
    return [make(year, m) for m in range(1, 13)]


def current_period(today: date | None = None) -> str:
    today = today or date.today()
    return make(today.year, today.month)


def label(period: str) -> str:
    y, m = parse(period)
    return f"{y}年{m}月"
