"""A blind set's figures and nothing else: `python -m bench.blind_figures --set real_blind12 [--json]`.

The one measurement a new real blind set gets (docs/benchmarks.md, "Blind measurement of the … round") must not show
anyone its misses, or the set stops being blind. This prints, per text, only the counts (required labels, hits, false
positives, misses) and the totals per kind of text (plan-type or news, from the set's kinds.tsv, written by the set's
builder) and for the whole set — never a label, a candidate or a line of the text. Scores exactly as
bench.extract_quality (evaluate.score_plan at the reader's acceptance threshold)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpis.plan_reader.evaluate import Score, load_set, score_plan  # noqa: E402

READER_TESTS = ROOT / "tests" / "kpis" / "plan_reader"
KIND_NAMES = {"plan": "计划类", "news": "新闻类"}


def kinds_of(directory: Path) -> dict[str, str]:
    """The set builder's kind of each text (plan or news); texts not listed are 未分类."""
    path = directory / "kinds.tsv"
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {stem.strip(): kind.strip() for stem, kind in rows}


def figures(directory: Path) -> dict:
    """Per text and per kind counts for one labelled directory, totals last."""
    kinds = kinds_of(directory)
    texts, totals = [], {}
    for plan, text, labels in load_set(directory):
        s = score_plan(text, labels)
        kind = kinds.get(plan, "unknown")
        texts.append({"text": plan, "kind": kind, "required": len(s.true_pos) + len(s.false_neg),
                      "hits": len(s.true_pos), "false_positives": len(s.false_pos), "misses": len(s.false_neg)})
        for key in (kind, "all"):
            totals.setdefault(key, Score()).add(s)
    summary = {k: {"hits": len(s.true_pos), "false_positives": len(s.false_pos), "misses": len(s.false_neg),
                   "precision": round(s.precision, 3), "recall": round(s.recall, 3)} for k, s in totals.items()}
    return {"texts": texts, "totals": summary}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.blind_figures",
                                 description="只列出盲测集的计数（每篇及按类别合计），不显示任何标注、候选或原文")
    ap.add_argument("--set", required=True, help="tests/kpis/plan_reader/ 下的标注集目录名，如 real_blind12")
    ap.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = ap.parse_args(argv)
    directory = READER_TESTS / args.set
    if not (directory / "labels.json").exists():
        print(f"找不到标注集 {args.set}：{directory} 下没有 labels.json。请给出 tests/kpis/plan_reader/ 下的目录名。",
              file=sys.stderr)
        return 2
    result = figures(directory)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{'类别':6}{'文本':62}{'标注':>5}{'命中':>5}{'误报':>5}{'漏报':>5}")
    for t in result["texts"]:
        print(f"{KIND_NAMES.get(t['kind'], '未分类'):6}{t['text']:62}{t['required']:>5}{t['hits']:>5}"
              f"{t['false_positives']:>5}{t['misses']:>5}")
    rank = {k: i for i, k in enumerate(KIND_NAMES)}
    order = sorted(result["totals"], key=lambda k: (k == "all", rank.get(k, len(rank)), k))  # kinds, then 合计
    for kind in order:
        s = result["totals"][kind]
        name = "合计" if kind == "all" else KIND_NAMES.get(kind, "未分类")
        print(f"{name}：精确率 {s['precision']:.3f}  召回率 {s['recall']:.3f}  "
              f"（命中 {s['hits']}，误报 {s['false_positives']}，漏报 {s['misses']}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
