"""How far two labellers agree on the same real texts: `python -m bench.label_agreement --second DIR [--set NAME …]`.

The ceiling of issue 19 §1's goal. Each real set was labelled by one engineer; a second one labelled the same texts
later, by the same written conventions (heldout/README.md and the earlier sets' READMEs), without seeing the first
labels or running the reader. Their labels live in `DIR/<set>/labels_second.json` (the agreement study's labels, kept
in tests/kpis/plan_reader/agreement/). The second labeller's required labels are then scored against the set's labels
exactly as the reader's accepted candidates are (kpis.plan_reader.evaluate.score_predicted): a figure the first
labeller marked optional excuses the second either way. Two readings:
- as labelled: the second labeller's optional labels are not asserted (a first-labeller required label that the second
  marked optional is a miss);
- optional either side: a figure optional in either labelling counts for neither (the two disagree only where one
  requires what the other left out or labelled differently).
Prints P / R (hits / false positives / misses) per set and pooled. Reads labels only; never runs the reader."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.plan_reader.evaluate import Score, squash, agrees, load_set, overlaps, score_predicted  # noqa: E402

READER_TESTS = ROOT / "tests" / "kpis" / "plan_reader"
DEFAULT_SECOND = READER_TESTS / "agreement"


def as_candidate(label: dict) -> SimpleNamespace:
    return SimpleNamespace(source=label["source"], value=label["value"], value_upper=label.get("value_upper"),
                           unit=label["unit"], comparator=label["comparator"])


def _excused(text: str, first: list[dict], second: list[dict]) -> list[dict]:
    """The first labels with every required one that a second-labeller optional label matches made optional."""
    full = squash(text)
    loose = [lb for lb in second if lb.get("optional")]
    return [dict(lb, optional=True) if not lb.get("optional")
            and any(overlaps(full, o["source"], lb["source"]) and agrees(as_candidate(o), lb) for o in loose) else lb
            for lb in first]


def agreement(first_dir: Path, second_file: Path, reverse: bool = False) -> tuple[Score, Score]:
    """(as labelled, optional either side) for one set: its directory and the second labeller's labels.json; with
    reverse, the first labeller's required labels scored against the second's."""
    seconds = json.loads(second_file.read_text(encoding="utf-8"))["labels"]
    strict, lenient = Score(), Score()
    for plan, text, first in load_set(first_dir):
        second = [lb for lb in seconds if lb["plan"] == plan]
        if reverse:
            first, second = second, first
        asserted = [as_candidate(lb) for lb in second if not lb.get("optional")]
        strict.add(score_predicted(text, first, asserted))
        lenient.add(score_predicted(text, _excused(text, first, second), asserted))
    return strict, lenient


def line(score: Score) -> str:
    return (f"{score.precision:.3f} / {score.recall:.3f} "
            f"({len(score.true_pos)} / {len(score.false_pos)} / {len(score.false_neg)})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--second", type=Path, default=DEFAULT_SECOND, help="第二位标注者的标注目录（每个集一个子目录）")
    ap.add_argument("--set", action="append", dest="sets", help="标注集名，如 real_blind13；可重复；缺省为目录中的全部")
    args = ap.parse_args(argv)
    if not args.second.is_dir():
        print(f"找不到第二位标注者的目录：{args.second}", file=sys.stderr)
        return 1
    sets = args.sets or sorted(p.name for p in args.second.iterdir() if (p / "labels_second.json").exists())
    for reverse, heading in ((False, "第二位标注对照第一位（集内标注）"), (True, "第一位标注对照第二位")):
        total_strict, total_lenient = Score(), Score()
        print(f"== {heading}\n{'标注集':<16}{'按标注（可选不算断言）':<36}可选一方即不计")
        for name in sets:
            strict, lenient = agreement(READER_TESTS / name, args.second / name / "labels_second.json", reverse)
            total_strict.add(strict)
            total_lenient.add(lenient)
            print(f"{name:<16}{line(strict):<40}{line(lenient)}")
        print(f"{'合计':<16}{line(total_strict):<40}{line(total_lenient)}")
    print("（精确率 / 召回率（一致 / 多标 / 漏标））")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
