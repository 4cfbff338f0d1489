"""Precision and recall of the extractor against a labelled set.

A candidate (with confidence ≥ ACCEPT_THRESHOLD) matches a label when its source clause overlaps
the label's clause in the plan text (whitespace aside) and value, upper value, unit and comparator
agree. Each label matches at most one candidate. A label marked "optional" (a figure a reviewer could
take either way) counts neither as a hit nor as a miss, and the candidate it matches is no false positive.

A labelled set is a directory of plan texts (<plan>.txt) and a labels.json whose labels name their
plan (tests/kpis/plan_reader/dev_unseen/, heldout/, dev_blind/)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kpis.plan_reader import extract
from kpis.plan_reader.numbers import normalise
from kpis.plan_reader.targets import ACCEPT_THRESHOLD, Candidate


def squash(s: str) -> str:
    """A text as spans are compared in: normalised, all white space out."""
    return re.sub(r"\s+", "", normalise(s))


def _span(full: str, clause: str) -> tuple[int, int] | None:
    c = squash(clause)
    i = full.find(c)
    return (i, i + len(c)) if i >= 0 else None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


@dataclass
class Score:
    true_pos: list[tuple[dict, Candidate]] = field(default_factory=list)
    false_pos: list[Candidate] = field(default_factory=list)
    false_neg: list[dict] = field(default_factory=list)
    optional: list[tuple[dict, Candidate]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = len(self.true_pos) + len(self.false_pos)
        return len(self.true_pos) / n if n else 1.0

    @property
    def recall(self) -> float:
        n = len(self.true_pos) + len(self.false_neg)
        return len(self.true_pos) / n if n else 1.0

    def add(self, other: "Score") -> None:
        self.true_pos += other.true_pos
        self.false_pos += other.false_pos
        self.false_neg += other.false_neg
        self.optional += other.optional


def _spans(full: str, clause: str) -> list[tuple[int, int]]:
    """Every place a clause of six characters or more stands in the text: a clause a text repeats word for word
    (城市下降20% under two diseases) is matched wherever a label stands, not only at its first place."""
    c = squash(clause)
    if not c:
        return []
    out, i = [], full.find(c)
    if len(c) < 6:  # a clause cut to its figure (500, 12) stands anywhere: its first place only
        return [(i, i + len(c))] if i >= 0 else []
    while i >= 0:
        out.append((i, i + len(c)))
        i = full.find(c, i + 1)
    return out


def overlaps(full: str, cand_source: str, label_source: str) -> bool:
    a, b = _spans(full, cand_source), _span(full, label_source)
    if a and b:
        return any(x < b[1] and b[0] < y for x, y in a)
    x, y = squash(cand_source), squash(label_source)
    return x in y or y in x


def agrees(c: Candidate, label: dict) -> bool:
    return (_same(c.value, label["value"]) and _same(c.value_upper, label.get("value_upper"))
            and c.unit == label["unit"] and c.comparator == label["comparator"])


def score_plan(text: str, labels: list[dict], threshold: float = ACCEPT_THRESHOLD) -> Score:
    _tree, cands = extract(text)
    return score_predicted(text, labels, [c for c in cands if c.confidence >= threshold])


def score_predicted(text: str, labels: list[dict], predicted: list) -> Score:
    """Score any predicted targets (the reader's accepted candidates, or a second labeller's required labels read as
    candidates: anything with source, value, value_upper, unit and comparator) against a text's labels."""
    full = squash(text)
    score = Score()
    free = list(labels)
    for c in predicted:
        hit = next((lb for lb in free if overlaps(full, c.source, lb["source"]) and agrees(c, lb)), None)
        if hit is None:
            score.false_pos.append(c)
        else:
            free.remove(hit)
            (score.optional if hit.get("optional") else score.true_pos).append((hit, c))
    score.false_neg = [lb for lb in free if not lb.get("optional")]
    return score


def load_set(directory: Path) -> list[tuple[str, str, list[dict]]]:
    """(plan, text, labels) for every plan of a labelled directory, in file-name order."""
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))["labels"]
    out = []
    for path in sorted(directory.glob("*.txt")):
        plan = path.stem
        out.append((plan, path.read_text(encoding="utf-8"), [lb for lb in labels if lb["plan"] == plan]))
    return out


def score_set(directory: Path, threshold: float = ACCEPT_THRESHOLD) -> dict[str, Score]:
    """Each plan's score in a labelled directory."""
    return {plan: score_plan(text, labels, threshold) for plan, text, labels in load_set(directory)}
