"""A learned acceptance step over the reader's candidates: `python -m bench.learned_acceptance [--window N] [--no-text]`.

The reader (kpis/plan_reader) gives every candidate target a hand-set confidence and accepts those at or above
ACCEPT_THRESHOLD. This measures whether a small classifier that decides acceptance instead — a logistic regression
(class_weight='balanced') over the candidate's confidence, unit, comparator, category, reasons and the character
1–2-grams of its clause and of the text just before it — does better on real sets it was not trained on.

Every candidate of every labelled set (any confidence) is marked by evaluate's own matcher (`overlaps` and
`agrees`): positive if it matches a required label, optional if it matches only an optional one (left out of
training, as evaluate leaves it out of scoring), negative otherwise. Scoring calls `evaluate.score_plan` itself on
the same candidates, the accepted ones given confidence 1 and the rest 0, so hits, false positives and misses
(a required label with no accepted candidate) are counted as evaluate counts them.

Two views, both with the decision threshold chosen by cross-validation grouped by set inside the training sets only:
1. leave one real set out: each real set scored by a model trained on every other set (real and written);
2. before real_blind7 (--since): trained on every set that existed before real_blind7 was built, scored on
   real_blind7, 8 and 9 — fairest with LEARNED_READER_ROOT set to the seventh round's reader, which saw none of them;
3. blind time (--dump, then --blind-time [--doc]): each real blind set's candidates as the reader that measured it
   blind read them, left out one set at a time and in time order; --doc adds what the whole text is like (a plan's
   title, a news story's marks, how much of it looks back or ahead, the share of its candidates the rules accept).
With the reader at d0aa02a the hand rules were tuned on every set but real_blind9 (on all since), so their candidates and confidences are
already "seen" by the rules; only the learned step is held out. "Perfect acceptance" accepts exactly the candidates
that match a label: the best any acceptance step could do. Prints figures only, never a set's misses.
Results and verdict: docs/benchmarks.md, "Experiment: a learned acceptance step"."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from unittest import mock

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# LEARNED_READER_ROOT: a directory holding an older reader's kpis/ (git archive <commit> kpis | tar -x -C DIR), read
# instead of this tree's; the sets and their labels still come from this tree. kpis is imported before bench for that.
sys.path.insert(0, os.environ.get("LEARNED_READER_ROOT", str(ROOT)))

from kpis.plan_reader import evaluate  # noqa: E402
from kpis.plan_reader.evaluate import Score, agrees, load_set, overlaps  # noqa: E402
from kpis.plan_reader.numbers import normalise  # noqa: E402
from kpis.plan_reader.targets import ACCEPT_THRESHOLD, Candidate  # noqa: E402
from bench.extract_quality import READER_TESTS, SETS, load  # noqa: E402

# Every set extract_quality knows, and any real set it does not list yet.
NAMES = list(dict.fromkeys([*SETS, *sorted(d.name for d in READER_TESTS.glob("real_*") if d.is_dir())]))
REAL = [n for n in NAMES if n.startswith("real_")]
BLIND = [n for n in REAL if n.startswith("real_blind")]
# view 2: the sets built from a blind set on (real_dev7 was built in the round that built real_blind7)
LATER = {"real_blind7": ("real_dev7", "real_blind7", "real_blind8", "real_blind9"),
         "real_blind8": ("real_blind8", "real_blind9"), "real_blind9": ("real_blind9",)}
GRID = [round(0.05 * k, 2) for k in range(1, 20)]
POS, OPT, NEG = 1, -1, 0
NGRAM = 2  # --ngram


def load_any(name: str):
    return load(name) if name in SETS else load_set(READER_TESTS / name)


def read_sets(window: int) -> dict[str, list[dict]]:
    """Per set, per plan: text, labels, the reader's tree and candidates, each candidate's mark and features."""
    out = {}
    for name in NAMES:
        plans = []
        for plan, text, labels in load_any(name) or []:
            tree, cands = evaluate.extract(text)
            full = evaluate.squash(text)  # as score_plan squashes it
            items = {it.number: it.text for s in tree.sections for it in s.items}
            marks, feats = [], []
            for c in cands:
                hit = [lb for lb in labels if overlaps(full, c.source, lb["source"]) and agrees(c, lb)]
                marks.append(POS if any(not lb.get("optional") for lb in hit) else OPT if hit else NEG)
                feats.append(features(c, items.get(c.item, ""), window))
            plans.append({"plan": plan, "text": text, "labels": labels, "tree": tree, "cands": cands,
                          "marks": marks, "feats": feats})
        out[name] = plans
    return out


def features(c, item_text: str, window: int) -> dict:
    """A candidate's fields as they stand on it, and its clause and the text before its figure."""
    src = normalise(c.source)
    digit = re.search(r"[\d两二三四五六七八九十百千万]", src)
    before = normalise(item_text[max(0, c.start - window):c.start]) + src[:digit.start() if digit else 0]
    meta = {"confidence": c.confidence, f"conf_bin={min(int(c.confidence * 10), 9)}": 1, f"unit={c.unit}": 1,
            f"comparator={c.comparator}": 1, f"category={c.category}": 1, "has_upper": int(c.value_upper is not None),
            "log_value": math.log10(abs(float(c.value)) + 1), "item_is_lead": int(c.item in ("", "导语")),
            "n_reasons": len(c.reasons), "in_table": int("\t" in item_text[c.start:c.end] or "表格中的目标值" in c.reasons)}
    for r in c.reasons:
        meta["reason=" + re.sub(r"“[^”]*”", "“…”", r)] = 1  # 单位取自指标名称中的“%”: the reason, not its quote
    return {"meta": meta, "source": re.sub(r"\s+", "", src), "before": re.sub(r"\s+", "", before)}


class Model:
    """DictVectorizer over the fields, TfidfVectorizer(char, 1–2) over clause and context, logistic regression."""

    def __init__(self, text: bool):
        self.text = text
        self.dv = DictVectorizer()
        self.tf = [TfidfVectorizer(analyzer="char", ngram_range=(1, NGRAM), min_df=2, sublinear_tf=True) for _ in range(2)]
        self.lr = LogisticRegression(class_weight="balanced", max_iter=3000, C=1.0)

    def _x(self, feats: list[dict], fit: bool):
        parts = [(self.dv.fit_transform if fit else self.dv.transform)([f["meta"] for f in feats])]
        if self.text:
            for tf, key in zip(self.tf, ("source", "before")):
                parts.append((tf.fit_transform if fit else tf.transform)([f[key] for f in feats]))
        return csr_matrix(hstack(parts))

    def fit(self, feats: list[dict], y: list[int]) -> "Model":
        self.lr.fit(self._x(feats, True), y)
        return self

    def proba(self, feats: list[dict]) -> np.ndarray:
        return self.lr.predict_proba(self._x(feats, False))[:, 1] if feats else np.zeros(0)


def training_rows(data: dict, names: list[str]) -> tuple[list[dict], list[int]]:
    feats, y = [], []
    for n in names:
        for p in data[n]:
            for f, m in zip(p["feats"], p["marks"]):
                if m != OPT:
                    feats.append(f)
                    y.append(m)
    return feats, y


def score(plans: list[dict], accept: list[np.ndarray] | None = None, threshold: float = ACCEPT_THRESHOLD) -> Score:
    """evaluate.score_plan on the cached candidates: accepted ones at confidence 1, the rest at 0 (None: as read)."""
    total = Score()
    for i, p in enumerate(plans):
        cands = p["cands"]
        if accept is not None:
            cands = [replace(c, confidence=1.0 if a else 0.0) for c, a in zip(cands, accept[i])]
        with mock.patch.object(evaluate, "extract", lambda _t, tree=p["tree"], cs=cands: (tree, cs)):
            total.add(evaluate.score_plan(p["text"], p["labels"], threshold))
    return total


def f1(s: Score) -> float:
    p, r = s.precision, s.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def choose_threshold(data: dict, train: list[str], text: bool, folds: int = 5) -> float:
    """The probability threshold with the best pooled F1 (evaluate's counts) on out-of-fold predictions, the training
    sets split into `folds` groups of whole sets."""
    folds = min(folds, len(train))
    if folds < 2:
        return ACCEPT_THRESHOLD  # one training set: nothing to cross-validate on
    groups = [train[k::folds] for k in range(folds)]
    probs = {}
    for held in groups:
        rest = [n for n in train if n not in held]
        model = Model(text).fit(*training_rows(data, rest))
        for n in held:
            for p in data[n]:
                probs[(n, p["plan"])] = model.proba(p["feats"])
    plans = [p for n in train for p in data[n]]
    ps = [probs[(n, p["plan"])] for n in train for p in data[n]]
    best = max(GRID, key=lambda t: (f1(score(plans, [q >= t for q in ps])), -abs(t - 0.5)))
    return best


def learned(data: dict, train: list[str], text: bool):
    """A model trained on `train` and its threshold; returns a scorer of a list of sets."""
    t = choose_threshold(data, train, text)
    model = Model(text).fit(*training_rows(data, train))

    def on(test: list[str]) -> Score:
        plans = [p for n in test for p in data[n]]
        return score(plans, [model.proba(p["feats"]) >= t for p in plans])
    on.model = model
    return on, t


def auc(data: dict, test: list[str], model: Model) -> tuple[float, float]:
    """ROC AUC, required-label candidates against the rest (optional ones aside), of the hand confidence and of the
    learned probability on the test sets' candidates: how well each ranks them, whatever the threshold."""
    rows = [(c.confidence, f, m) for n in test for p in data[n] for c, f, m in zip(p["cands"], p["feats"], p["marks"])
            if m != OPT]
    y = [m for _c, _f, m in rows]
    return roc_auc_score(y, [c for c, _f, _m in rows]), roc_auc_score(y, model.proba([f for _c, f, _m in rows]))


def fmt(s: Score) -> str:
    return f"{s.precision:.3f} / {s.recall:.3f} ({len(s.true_pos)} / {len(s.false_pos)} / {len(s.false_neg)})"


DOC = False  # --doc
_NEWS = re.compile(r"记者|通讯员|日电|日讯|报讯|责任编辑|责编|来源[:：]|据(?:介绍|了解|悉|统计)|表示[,，:：]|介绍[,，:：]")
_PLAN_TITLE = re.compile(r"要点|计划|方案|意见|规划|责任书|通知|目标表|申报表|纲要")
_PAST = re.compile(r"已|了|截至|截止|累计|同比|比上年|以来")
_AHEAD = re.compile(r"将|计划|力争|预计|到20\d\d年|要")


def doc_features(text: str, cands: list) -> dict:
    """What the whole text is like, the same for each of its candidates: a plan's title, a news story's marks, how
    much of it looks back or ahead, and how many of its candidates the hand rules accept."""
    n = max(1, len(text))
    head = "\n".join(text.strip().splitlines()[:2])[:80]
    acc = [c.confidence >= ACCEPT_THRESHOLD for c in cands]
    return {"plan_title": int(bool(_PLAN_TITLE.search(head))), "news_marks": min(3, len(_NEWS.findall(text))) / 3,
            "past_rate": min(1.0, 1000 * len(_PAST.findall(text)) / n / 20),
            "ahead_rate": min(1.0, 1000 * len(_AHEAD.findall(text)) / n / 20),
            "accept_rate": sum(acc) / len(acc) if acc else 0.0, "log_cands": math.log10(1 + len(cands)),
            "log_len": math.log10(n)}


def blind_time(directory: Path, text: bool) -> None:
    """Each real blind set's candidates as the reader that measured it blind read them (dumped with --dump under
    LEARNED_READER_ROOT=that reader): confidences no rule had been tuned to, in training as in testing."""
    data = {}
    for f in sorted(directory.glob("real_blind*.json"), key=lambda f: int(f.stem[10:] or 1)):
        data[f.stem] = json.loads(f.read_text(encoding="utf-8"))
        for p in data[f.stem]:
            p["cands"] = [Candidate(**c) for c in p["cands"]]
            p["tree"] = None
            if DOC:
                doc = doc_features(p["text"], p["cands"])
                for c, f in zip(p["cands"], p["feats"]):
                    f["meta"].update(doc)
                    f["meta"]["conf_x_news"] = c.confidence * doc["news_marks"]
                    f["meta"]["conf_x_accept_rate"] = c.confidence * doc["accept_rate"]
                    f["meta"]["place"] = c.start / max(1, len(p["text"]))
    names = list(data)
    print(f"盲测时的候选：{'、'.join(names)}，各由测它的那一版读取器读出")
    plans = [p for n in names for p in data[n]]
    oracle = score(plans, [np.array([m != NEG for m in p["marks"]], bool) for p in plans])
    print(f"  全部合并：人工阈值 {fmt(score(plans))}   完美采纳 {fmt(oracle)}")
    for mode in ("逐集留出（用其余盲测集训练）", "按时间（只用更早的盲测集训练）"):
        hand_t, learn_t = Score(), Score()
        print(f"== {mode}")
        for i, n in enumerate(names):
            train = [m for m in names if m != n] if mode.startswith("逐集") else names[:i]
            if not train:
                continue
            on, t = learned(data, train, text)
            hand, got = score(data[n]), on([n])
            hand_t.add(hand)
            learn_t.add(got)
            print(f"  {n:12} 人工阈值 {fmt(hand)}   学得 {fmt(got)}   阈值 {t:.2f}   AUC 人工/学得 "
                  f"{'%.3f / %.3f' % auc(data, [n], on.model)}", flush=True)
        print(f"  {'合并':12} 人工阈值 {fmt(hand_t)}   学得 {fmt(learn_t)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="学得的采纳步骤与人工置信度阈值在真实文本上的对比（逐集留出）")
    ap.add_argument("--window", type=int, default=20, help="候选分句之前取多少字作上下文特征（默认 20）")
    ap.add_argument("--no-text", action="store_true", help="不用分句与上下文的字 n-gram，只用候选自身的字段")
    ap.add_argument("--only", nargs="*", choices=REAL, help="只留出这些真实集（默认全部；不给集名则跳过逐集留出）")
    ap.add_argument("--ngram", type=int, choices=(2, 3), default=2, help="字 n-gram 的最大长度（默认 2）")
    ap.add_argument("--since", choices=list(LATER), default="real_blind7",
                    help="视角二：只用此盲测集之前建成的集训练，测它及其后的盲测集（默认 real_blind7）")
    ap.add_argument("--dump", type=Path, help="把 --only 各集的候选、标记和特征写到此目录（供 --blind-time 使用）")
    ap.add_argument("--doc", action="store_true", help="加上整篇文本的特征（标题、新闻标记、回顾/展望词的密度、人工采纳率）")
    ap.add_argument("--blind-time", type=Path, help="读取 --dump 写出的各盲测集（盲测时那一版读取器的候选）并比较")
    args = ap.parse_args(argv)
    text = not args.no_text
    global NGRAM, DOC
    NGRAM, DOC = args.ngram, args.doc
    if args.blind_time:
        blind_time(args.blind_time, text)
        return 0
    data = read_sets(args.window)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for n in args.only or []:
            keep = [{**{k: p[k] for k in ("plan", "text", "labels", "marks", "feats")},
                     "cands": [c.as_dict() for c in p["cands"]]} for p in data[n]]
            (args.dump / f"{n}.json").write_text(json.dumps(keep, ensure_ascii=False), encoding="utf-8")
        return 0
    n_c = sum(len(p["cands"]) for ps in data.values() for p in ps)
    n_m = [sum(m == k for ps in data.values() for p in ps for m in p["marks"]) for k in (POS, OPT, NEG)]
    print(f"{len(NAMES)} 个标注集，{n_c} 个候选：正例 {n_m[0]}，可选 {n_m[1]}，负例 {n_m[2]}；特征："
          f"{'字段 + 字 n-gram' if text else '仅字段'}，上下文 {args.window} 字")
    print(f"{'留出集':14}{'人工阈值 P / R（命中/误报/漏报）':>36}{'学得 P / R（命中/误报/漏报）':>36}{'阈值':>6}{'全收召回':>9}")
    hand_b, learn_b, hand_r, learn_r = Score(), Score(), Score(), Score()
    for name in REAL if args.only is None else args.only:
        hand = score(data[name])
        ceiling = score(data[name], [np.ones(len(p["cands"]), bool) for p in data[name]])
        on, t = learned(data, [n for n in NAMES if n != name], text)
        got = on([name])
        print(f"{name:14}{fmt(hand):>36}{fmt(got):>36}{t:>6.2f}{ceiling.recall:>9.3f}", flush=True)
        hand_r.add(hand)
        learn_r.add(got)
        if name in BLIND:
            hand_b.add(hand)
            learn_b.add(got)
    if args.only is None or args.only:
        print(f"{'真实盲测集合并':12}{fmt(hand_b):>36}{fmt(learn_b):>36}")
        print(f"{'全部真实集合并':12}{fmt(hand_r):>36}{fmt(learn_r):>36}")
    test = [n for n in LATER[args.since] if n in BLIND]
    train = [n for n in NAMES if n not in LATER[args.since]]
    on, t = learned(data, train, text)
    print(f"视角二：只用 {args.since} 之前建成的 {len(train)} 个集训练（阈值 {t:.2f}），测 {'、'.join(test)}")
    for ns, label in [*[([n], n) for n in test], (test, "合并")]:
        plans = [p for n in ns for p in data[n]]
        oracle = score(plans, [np.array([m != NEG for m in p["marks"]], bool) for p in plans])
        a_hand, a_learned = auc(data, ns, on.model)
        print(f"  {label:12} 人工阈值 {fmt(score(plans))}   学得 {fmt(on(ns))}   完美采纳 {fmt(oracle)}"
              f"   AUC 人工 {a_hand:.3f} 学得 {a_learned:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
