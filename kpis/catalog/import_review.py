"""How the plan reader fared on the plans a bureau imported (issue 19 §1).

Every save of 计划导入 compares the reviewed table with the reader's reading and keeps the counts in
the import's audit row (`save_plan`); `imported` reads them back and `pooled` adds them up. Together they
give the reader's precision and recall on a bureau's own plans — real documents it has never seen,
measured where they are used, with no text leaving the machine — scored as bench/extract_quality scores
a labelled set: a pre-ticked figure saved as read is a hit; one saved with another value, unit or
comparator is a false positive and a miss; one unticked or deleted is a false positive; a figure the
reviewer ticked or wrote is a miss. A row is the reader's when its item and clause are a candidate's."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog

ACTION = "import_plan"  # the audit action save_plan records


@dataclass(frozen=True)
class ReviewCounts:
    candidates: int = 0  # every figure the reader offered
    proposed: int = 0  # of those, pre-ticked (confidence at or above the review page's threshold)
    kept: int = 0  # pre-ticked and saved as read: value, upper value, unit and comparator
    corrected: int = 0  # pre-ticked and saved with another value, upper value, unit or comparator
    dropped: int = 0  # pre-ticked, then unticked or deleted
    rescued: int = 0  # offered below the threshold and ticked by the reviewer
    added: int = 0  # written by the reviewer: no candidate has its item and clause

    @property
    def saved(self) -> int:
        return self.kept + self.corrected + self.rescued + self.added

    @property
    def precision(self) -> float | None:
        return self.kept / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.kept / self.saved if self.saved else None

    def __add__(self, other: ReviewCounts) -> ReviewCounts:
        return ReviewCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ReviewCounts:
        return cls(**{f.name: int(d.get(f.name, 0)) for f in fields(cls)})

    def sentence(self) -> str:
        """One line for the reviewer: what the review changed of the reading."""
        return (f"读取时建议采纳 {self.proposed} 项：原样保存 {self.kept} 项、修改后保存 {self.corrected} 项、"
                f"取消 {self.dropped} 项；另补选未建议的 {self.rescued} 项、手工添加 {self.added} 项。")


def flat(text: str) -> str:
    """A clause as compared: normalised (kpis.plan_reader.numbers), whitespace aside."""
    from kpis.plan_reader.numbers import normalise
    return "".join(normalise(str(text or "")).split())


def _same(a, b) -> bool:  # noqa: ANN001 - numbers or None
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def compare(candidates: list[dict], saved: list[dict]) -> ReviewCounts:
    """The counts for one import: the reader's candidates (read_plan's "kpis", with "accepted" for
    pre-ticked) against the rows saved (check_rows's clean rows)."""
    by_clause = {(k["item"], flat(k["source"])): k for k in candidates}
    kept = corrected = rescued = added = 0
    used: set[int] = set()
    for row in saved:
        k = by_clause.get((row["item"], flat(row["source"])))
        if k is None:
            added += 1
            continue
        used.add(id(k))
        if not k["accepted"]:
            rescued += 1
        elif (_same(k["value"], row["value"]) and _same(k["value_upper"], row["value_upper"])
              and k["unit"] == row["unit"] and k["comparator"] == row["comparator"]):
            kept += 1
        else:
            corrected += 1
    proposed = [k for k in candidates if k["accepted"]]
    dropped = sum(1 for k in proposed if id(k) not in used)
    return ReviewCounts(len(candidates), len(proposed), kept, corrected, dropped, rescued, added)


@dataclass(frozen=True)
class ImportedReading:
    plan_key: str
    title: str
    at: datetime
    counts: ReviewCounts


def imported(session: Session) -> list[ImportedReading]:
    """Every import that recorded its review counts, oldest first."""
    q = select(AuditLog).where(AuditLog.action == ACTION).order_by(AuditLog.id)
    return [ImportedReading(row.entity_id or "", (row.after or {}).get("title", ""), row.at,
                            ReviewCounts.from_dict(row.after["reading"]))
            for row in session.scalars(q) if isinstance((row.after or {}).get("reading"), dict)]


def pooled(readings: list[ImportedReading]) -> ReviewCounts:
    return sum((r.counts for r in readings), ReviewCounts())
