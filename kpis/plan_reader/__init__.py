"""Read a new plan's text: its tree (sections, numbered items) and its candidate targets.

`read_plan` returns a document in the catalog's shape (seed/catalog/README.md) plus, per KPI,
what the reviewer needs (confidence, reasons, where the clause is), so that a reviewed document
can be saved with kpis.catalog.sync.sync_catalog like the five reviewed plans."""

from __future__ import annotations

import re

from kpis.plan_reader.clauses import NO_VERB, UNIT_GUESSED
from kpis.plan_reader.completion import read_completion
from kpis.plan_reader.debris import is_debris
from kpis.plan_reader.domain import gate_domain
from kpis.plan_reader.glosses import as_written, strip_glosses
from kpis.plan_reader.genre import gate_report
from kpis.plan_reader.money import gate_money
from kpis.plan_reader.lexicon import CUE
from kpis.plan_reader.numbers import normalise
from kpis.plan_reader.structure import PlanTree, is_past_heading, read_structure
from kpis.plan_reader.titles import period_start
from kpis.plan_reader.lookback import opens_term
from kpis.plan_reader.targets import ACCEPT_THRESHOLD, TABLE_TARGET, Candidate, extract_targets

__all__ = ["ACCEPT_THRESHOLD", "Candidate", "PlanTree", "read_plan", "extract", "read_structure"]

_BUREAU = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:教育体育局|教体局|教育局))")


def extract(text: str) -> tuple[PlanTree, list[Candidate]]:
    """The tree and every candidate target of a plan text, in reading order."""
    bare, back = strip_glosses(text)  # 學(xué)校 read as 學校 (glosses.py); sources keep the page's own words
    tree, cands = _extract(bare)
    if bare is not text:
        for c, src in zip(cands, as_written([c.source for c in cands], bare, back, text)):
            c.source = src
    return tree, cands


def _extract(text: str) -> tuple[PlanTree, list[Candidate]]:
    tree = read_structure(text)
    # KPIs point at items by number, so numbers that repeat across sections (一是 in 五、 and in 七、)
    # are qualified by their section: 七.一是
    seen: set[str] = set()
    for sec in tree.sections:
        for it in sec.items:
            if it.number in seen and sec.number:
                it.number = f"{sec.number}.{it.number}"
            seen.add(it.number)
    cands: list[Candidate] = []
    places: dict[int, str] = {}  # each candidate's place its paragraph opens with, for _mark_restated
    # a plan titled with its period (…（2025—2027年）) speaks from the period's first year: 2026's line is no past year's
    since = period_start(tree.title or "", tree.year)
    listed = False  # the list after a report of results (…已于8月底全部竣工。具体情况如下：) lists results
    for sec in tree.sections:
        # 一、2024年工作回顾, or any section under 第一部分 2025年工作回顾: results until the text turns to this year
        past = any(is_past_heading(t, since) for t in [*sec.parents, sec.title])
        past = past or opens_term(tree.title or "")  # a text titled 今年秋季开学 reports what the term opened with
        if sec.title:
            listed = False
        for it in sec.items:
            found = extract_targets(it.text, it.number, since, past=past or listed)
            n = normalise(it.text)
            gate_domain(found, n)  # a figure of another field (快递, 公路, 空气质量): never the bureau's (domain.py)
            places.update((id(c), _place(n, c.start)) for c in found)
            cands.extend(found)
            listed = listed or _lists_results(it.text)
    _read_schedule(text, since, cands)
    unmarked = {id(c): c.confidence for c in cands}
    _mark_restated(cands, _headline(text) if not tree.title else "", places)
    _mark_baselines(cands)
    reported = gate_report(text, tree, cands)  # a report's figures are results unless something looks forward (genre)
    if _unrestate(cands, unmarked):
        gate_report(text, tree, cands)  # the figures given back are judged as the others were
    gate_money(cands, reported)  # money put in, a rate of payment: means (money.py)
    cands = read_completion(tree, cands)  # a completion report's headings are the year's tasks (completion.py)
    tail = _flat(text)
    for c in cands:  # a count without its unit where the excerpt ends (托位数提高至560): cut off, not a target
        # — also when the unit was only guessed from the words before it (确保202 read as 202 个): the page cut the
        # figure itself (2025年, 2026届), and no written unit says otherwise
        guessed = c.unit == "" or any(r.startswith(UNIT_GUESSED) for r in c.reasons)
        if guessed and c.confidence >= ACCEPT_THRESHOLD and tail.endswith(_flat(c.source)):
            c.confidence = 0.3
            c.reasons.append("摘录在数字处截断，单位不明")
    return tree, cands


_YEAR_LINE = re.compile(r"\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?((?:19|20)\d{2})\s*年")


def _read_schedule(text: str, year: int | None, cands: list[Candidate]) -> None:
    """A plan that sets each year its figures, line after line (2011年，毛入园率达到53%以上…／2012年，…／2013年，…), up to a
    year after the plan's own: every year of that schedule is a target, though it is before the year the text is read
    as of. Three lines or more in a row, each opened by the year after the last's."""
    if year is None:
        return
    led = [(m and int(m.group(1)), _flat(line)) for line in normalise(text).splitlines() if line.strip()
           for m in [_YEAR_LINE.match(line)]]
    span: set[int] = set()
    run: list[int] = []
    for y, _line in [*led, (None, "")]:
        if y is not None and run and y == run[-1] + 1:
            run.append(y)
            continue
        if len(run) >= 3 and run[-1] > year:
            span.update(run)
        run = [y] if y is not None else []
    if not span:
        return
    lines = [(y, line) for y, line in led if y in span]
    for c in cands:
        if len(c.reasons) != 1 or not (m := re.match(r"(\d{4}) 年的情况，不是本年目标$", c.reasons[0])):
            continue
        y = int(m.group(1))
        own = _flat(c.source)
        own = own[own.find(f"{y}年"):] if f"{y}年" in own else own
        if y in span and any(ly == y and own in line for ly, line in lines):
            c.confidence = 0.75
            c.reasons = [f"分年度目标中 {y} 年的一项"]


def _lists_results(text: str) -> bool:
    """Whether a text ends announcing a list (具体情况如下：) right after a sentence of results (已…竣工, 提前完成了)."""
    last = normalise(text).rstrip().rsplit("\n", 1)[-1]
    if not re.search(r"如下\s*[:：]\s*$", last):
        return False
    before = re.split(r"[。；;！!]", last)[-3:]
    return any(re.search(r"已[^\s，,。]{0,8}(?:完成|竣工|建成|投用|实现)|(?:提前|超额|圆满)完成", s) for s in before)


def _headline(text: str) -> str:
    """A title-less text's first line when it reads like a news headline (short, no full stop): the figures a
    report's body restates (今年蔡甸將新建兩所中小學 … 將建成…兩所學校)."""
    first = next((line.strip() for line in normalise(text).splitlines() if line.strip() and not is_debris(line)), "")
    # (a headline may end on an exclamation: 這3所新建幼兒園,9月正式開園!)
    return first if len(first) <= 40 and not re.search(r"[。；;！!？?]", first.rstrip("!！")) else ""


def _place(n: str, pos: int) -> str:
    """The place the paragraph of normalised item text `n` holding `pos` opens with (东城区多途径扩大学位供给…): in a
    news list of districts' 实事, each district's paragraph."""
    line = n[n.rfind("\n", 0, pos) + 1:pos]
    m = re.match(r"\s*([\u4e00-\u9fff]{1,5}?(?:区|县|市|旗))(?![\u4e00-\u9fff]{0,2}(?:教育|政府|委|级|属|直))", line)
    return m.group(1) if m else ""


RESTATED = "与前文的目标重复"


def _mark_restated(cands: list[Candidate], headline: str = "", places: dict[int, str] | None = None) -> None:
    """A target a news report or a plan restates (the headline's 1.62万个学位 again in its body) is one target:
    a later prose candidate with the same figure, unit and comparator as an earlier one, naming the same
    thing (its name, verbs aside, shares two characters in a row: 学位, 学校), is kept for the reviewer below the threshold.
    Only counts and sums of 50 or more: rates, zeros and small counts recur for different things.
    Table rows are left alone: a row restating the text is a candidate of its own (heldout/README.md)."""
    if headline:  # a headline's figure the body states as a plan (河南今年拟招中职生55万人 … 今年全省计划招中职生55万人):
        # the headline is its first statement, the body's words make it a target
        flat = "".join(headline.split())
        for i, d in enumerate(cands):
            # (one such statement only: 20个中小学年内竣工 over 20个中小学项目完工 and 20个幼儿园项目开建 is no one's)
            if d.reasons != [NO_VERB] or not _in_headline(d.source, flat):
                continue  # (checked first: the scan of the rest below is for the headline's figures only)
            body = [c for c in cands[i + 1:]
                    if (c.value, c.value_upper, c.unit, c.comparator) == (d.value, d.value_upper, d.unit, d.comparator)
                    and c.confidence >= ACCEPT_THRESHOLD and not _in_headline(c.source, flat)]
            if len(body) == 1:
                d.confidence = 0.75
                d.reasons = ["标题中的数字，正文说明这是计划"]
                body[0].confidence = min(body[0].confidence, 0.3)  # the body's statement is its restatement
                body[0].reasons.append(RESTATED)
        # a headline's figure the body gives as a result (郑州5年…新增学位22.9万个 … 五年来…22.9万个) is one
        # (…unless the body also states it as a plan: 13所 said to open this autumn, and 2019's 13所 started)
        for i, c in enumerate(cands):
            if c.confidence < ACCEPT_THRESHOLD or not _in_headline(c.source, flat):
                continue
            later = [d for d in cands[i + 1:] if (d.value, d.unit) == (c.value, c.unit)]
            if any(d.confidence < ACCEPT_THRESHOLD and any("成绩" in r or "年的情况" in r or "统计" in r or "进展" in r
                                                          for r in d.reasons) for d in later) and not any(
                    d.confidence >= ACCEPT_THRESHOLD and not _in_headline(d.source, flat) for d in later):
                c.confidence = min(c.confidence, 0.3)
                c.reasons.append("正文把它当作已取得的成绩")
    seen: list[tuple[tuple, set[str], str, Candidate]] = []
    told: list[tuple[tuple, str, bool, Candidate]] = []  # every earlier target: key, its clause without figures, in the headline
    echo: Candidate | None = None  # the last target read as a clause repeated word for word
    for c in cands:
        if c.confidence < ACCEPT_THRESHOLD or TABLE_TARGET in c.reasons:
            continue
        key = (c.value, c.value_upper, c.unit, c.comparator)
        bare = re.sub(r"[\d.]+", " ", normalise(c.source))
        if _bracketed(c.source) and any(k == key and d.item == c.item and 0 <= c.start - d.end < 80 for k, _b, _t, d in told):
            # 建设项目5个，计划年内竣工（省定任务项目5个、…）: the same figure again in brackets right after it
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(RESTATED)
        place = (places or {}).get(id(c), "")

        def elsewhere(d: Candidate) -> bool:  # in another district's paragraph (甲区…500个, 乙区…500个)
            there = (places or {}).get(id(d), "")
            return bool(place and there and place != there)

        others = _other_figures(c)
        same = _flat(c.source)
        # a clause repeated word for word (a page that prints its lead again: 达标优良率分别达到50%及以上 twice) — a short
        # one (和60%及以上) when the figure before it in its item was such a repetition
        # (or the earlier clause is this one with a label glued before it: 摘要民办学校在校学生不超过5%)
        echoed = any(k == key and (_flat(d.source) == same or len(same) >= 8 and _flat(d.source).endswith(same))
                     and not elsewhere(d) for k, _b, _t, d in told) and (
            len(same) >= 8 or (echo is not None and echo.item == c.item))
        # (a headline's rate again needs a run of its words: 高中阶段毛入学率达95% is not 学前三年毛入园率达到95%)
        if echoed or any(k == key and ((top and (c.unit not in ("%", "‰", "百分点") or _shared_run(bare, b) >= 4))
                                       or (c.unit not in ("%", "‰", "百分点", "") and _shared_run(bare, b) >= 6
                                           and not (others and (o := _other_figures(d)) and others != o)
                                           and not elsewhere(d) and not _other_stage(c, d)))
                         for k, b, top, d in told):
            # a headline's figure again in the body, a clause repeated, or a small count restated in the same long
            # words (計劃新建、改擴建中小學校11所 twice): one target
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(RESTATED)
        echo = c if echoed else None
        told.append((key, bare, bool(headline) and _in_headline(c.source, "".join(headline.split())), c))
        if c.unit in ("%", "‰", "百分点", "") or c.value < 50:
            # levels (100%, 零发生) and small counts (8所, 6个) recur for different things; large counts and sums rarely do
            continue
        words = _bigrams(c.name)
        if any(k == key and words & w and not (place and p and place != p) and not _other_stage(c, d)
               for k, w, p, d in seen) and RESTATED not in c.reasons:
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append(RESTATED)  # not the same figure in another district's paragraph, or for another stage
        seen.append((key, words, place, c))


def _unrestate(cands: list[Candidate], unmarked: dict[int, float]) -> bool:
    """Give back a restatement its confidence when nothing before it with the same figure is a target after all: a
    headline the genre gate lowered (合肥城西南开建9所公办幼儿园) leaves the body's 今年将新建9所幼儿园 the first statement."""
    given = False
    for i, c in enumerate(cands):
        if c.reasons[-1:] != [RESTATED] or unmarked.get(id(c), 0) < ACCEPT_THRESHOLD:
            continue
        key = (c.value, c.value_upper, c.unit, c.comparator)
        if not any((d.value, d.value_upper, d.unit, d.comparator) == key and d.confidence >= ACCEPT_THRESHOLD
                   for d in cands[:i]):
            c.confidence = unmarked[id(c)]
            c.reasons.pop()
            given = True
    return given


def _flat(text: str) -> str:
    """A text as figures and clauses are compared in: normalised, all white space out."""
    return "".join(normalise(text).split())


def _other_figures(c: Candidate) -> list[str]:
    """The figures of a candidate's clause besides its own (新建一所36个班的小学: 36): the same words around other
    figures (新建一所24个班的幼儿园) are another target, not the first restated."""
    own = {f"{c.value:g}", f"{c.value / 10000:g}"} if c.value is not None else set()
    return sorted(f for f in re.findall(r"\d+(?:\.\d+)?", normalise(c.source)) if f"{float(f):g}" not in own)


_YEAR_LEVEL = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*年(?:底|末)?\s*(?:为|是|达到?|已达)")


def _mark_baselines(cands: list[Candidate]) -> None:
    """A year's level in brackets right after a target of the same unit (达到60%以上(2022年为54%)) is the target's
    baseline, the level it starts from: no target of its own."""
    for d, c in zip(cands, cands[1:]):
        if (c.confidence >= ACCEPT_THRESHOLD and c.item == d.item and c.unit == d.unit and 0 <= c.start - d.end <= 6
                and _YEAR_LEVEL.match(normalise(c.source).lstrip())):
            c.confidence = min(c.confidence, 0.3)
            c.reasons.append("括号中某年的水平，是前一目标的基数")


def _bracketed(source: str) -> bool:
    """Whether a clause's figure stands inside brackets opened in the clause (…竣工（省定任务项目5个)."""
    src = normalise(source)
    m = re.search(r"\d", src)
    return bool(m) and src.rfind("(", 0, m.start()) > src.rfind(")", 0, m.start()) or (
        bool(m) and src.rfind("（", 0, m.start()) > src.rfind("）", 0, m.start()))


def _in_headline(source: str, flat: str) -> bool:
    """Whether a clause's words up to its figure stand in the headline (a headline run into the next line
    still counts)."""
    src = _flat(source)
    m = re.match(r".*?[\d两二三四五六七八九十百千][\d.两二三四五六七八九十百千万]*\D?", src)
    return bool(m) and m.group(0) in flat


def _shared_run(a: str, b: str) -> int:
    """The longest run of characters two clauses share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


_FRAME = re.compile(r"(?:年度|全年|今年|本年)?(?:目标|任务)(?:为|是|值为)?")


# The stages of schooling a target's name speaks of: 增加1万个普惠性学前教育学位 and 增加1万个普通高中学位 are two targets.
_STAGES = {"学前": r"学前|幼儿|托育|托位", "小学": r"小学", "初中": r"初中", "高中": r"高中|普高", "义务": r"义务教育",
           "中职": r"中职|职业", "高校": r"高校|高等|大学|本科"}


def _other_stage(c: Candidate, d: Candidate) -> bool:
    """Whether two targets name stages of schooling and none in common (学前 against 高中)."""
    a, b = ({k for k, p in _STAGES.items() if re.search(p, x.name)} for x in (c, d))
    return bool(a and b and not a & b)


def _bigrams(name: str) -> set[str]:
    """The pairs of characters of a name without its verbs (新建幼儿园 and 新建小学 share none) and without the frame a
    list of targets puts before each (年度目标为引进留用…人才 and 年度目标为遴选…学生 share none)."""
    n = CUE.sub(" ", _FRAME.sub(" ", normalise(name)))
    return {n[i:i + 2] for i in range(len(n) - 1) if " " not in n[i:i + 2]}


def guess_bureau(tree: PlanTree) -> str:
    m = _BUREAU.search(tree.title) or _BUREAU.search(tree.preamble[:200])
    return m.group(1) if m else ""


def kpi_fields(c: Candidate, code: str, year: int | None) -> dict:
    """A candidate as a catalog KPI. Imported targets are entered by a 科室 (bureau_count) until
    an admin gives them a school formula."""
    relative = c.comparator in ("decrease_by", "increase_by")
    counts = c.unit not in ("%", "百分点", "小时", "分钟") and c.comparator == ">="
    return {
        "code": code, "item": c.item, "name": c.name, "category": c.category, "source": c.source,
        "unit": c.unit, "comparator": c.comparator, "target": c.value, "target_upper": c.value_upper,
        "baseline": {"period": str(year - 1) if year else "", "value": None} if relative else None,
        "kind": "bureau_count", "data_path": "bureau",
        "frequency": "quarterly" if counts else "annual",
        "pace": "end_of_year" if counts else "level", "owner": None,
    }


def read_plan(text: str, plan_id: str = "", bureau_code: str = "", bureau_name: str = "",
              prefix: str = "XX") -> dict:
    """The plan as a catalog document; kpis carry extra review fields (confidence, reasons, …)."""
    tree, cands = extract(text)
    yy = f"{(tree.year or 0) % 100:02d}"
    kpis = []
    for i, c in enumerate(cands, start=1):
        k = kpi_fields(c, f"{prefix}{yy}-{i:02d}", tree.year)
        k.update(value=c.value, value_upper=c.value_upper, confidence=c.confidence, reasons=c.reasons,
                 start=c.start, end=c.end, accepted=c.confidence >= ACCEPT_THRESHOLD)
        kpis.append(k)
    return {
        "plan": plan_id, "year": tree.year, "title": tree.title,
        "bureau": {"code": bureau_code, "name": bureau_name or guess_bureau(tree)},
        "script": tree.script,
        # "level" (0 导语, 1 一、, 2 （一）) and "lead" (text before a section's first numbered item) are for
        # the review page; kpis.catalog.plan_import saves the catalog fields only
        "sections": [
            {"number": s.number, "title": s.title, "level": s.level,
             "items": [{"number": it.number, "title": it.title, "owner": it.owner, "text": it.text, "lead": it.lead}
                       for it in s.items]}
            for s in tree.sections
        ],
        "kpis": kpis,
        "unplaced": tree.unplaced,
    }
