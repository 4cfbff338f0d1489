"""Extraction quality and speed on the five plans: `python -m bench.extract_quality`.

Prints precision and recall per plan and in total against tests/kpis/plan_reader/labels.json,
and the time to read all five plans against a reference measured in the same run (normalising
the same texts and finding every number with one regular expression)."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kpis.plan_reader import extract  # noqa: E402
from kpis.plan_reader.evaluate import Score, score_plan  # noqa: E402
from kpis.plan_reader.numbers import normalise  # noqa: E402
from seed.catalog_files import plan_text_path  # noqa: E402

LABELS = ROOT / "tests" / "kpis" / "plan_reader" / "labels.json"


def main() -> int:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    plans = sorted({lb["plan"] for lb in labels})
    texts = {}
    for p in plans:
        path = plan_text_path(p)
        if path is None:
            print(f"找不到计划文本 {p}.txt（应在 seed/plans/ 中，或设置 EDUKPI_PLANS_DIR）", file=sys.stderr)
            return 2
        texts[p] = path.read_text(encoding="utf-8")
    total = Score()
    print(f"{'计划':14}{'标注':>5}{'命中':>5}{'误报':>5}{'漏报':>5}{'精确率':>8}{'召回率':>8}")
    for p in plans:
        s = score_plan(texts[p], [lb for lb in labels if lb["plan"] == p])
        total.add(s)
        n = len(s.true_pos) + len(s.false_neg)
        print(f"{p:14}{n:>5}{len(s.true_pos):>5}{len(s.false_pos):>5}{len(s.false_neg):>5}"
              f"{s.precision:>9.3f}{s.recall:>9.3f}")
        for c in s.false_pos:
            print(f"    误报 {c.item}: {c.source} → {c.value} {c.unit} {c.comparator}")
        for lb in s.false_neg:
            print(f"    漏报 {lb['code']}: {lb['source']} → {lb['value']} {lb['unit']} {lb['comparator']}")
    n = len(total.true_pos) + len(total.false_neg)
    print(f"{'合计':14}{n:>5}{len(total.true_pos):>5}{len(total.false_pos):>5}{len(total.false_neg):>5}"
          f"{total.precision:>9.3f}{total.recall:>9.3f}")

    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t in texts.values():
            re.findall(r"\d+(?:\.\d+)?", normalise(t))
    ref = (time.perf_counter() - t0) / rounds
    t0 = time.perf_counter()
    for _ in range(rounds):
        for t in texts.values():
            extract(t)
    took = (time.perf_counter() - t0) / rounds
    chars = sum(len(t) for t in texts.values())
    print(f"读取五份计划（{chars} 字）：{took * 1000:.1f} 毫秒；参照（规范化并找出全部数字）：{ref * 1000:.1f} 毫秒；"
          f"比值 {took / ref:.1f} 倍")
    return 0


if __name__ == "__main__":
    sys.exit(main())
