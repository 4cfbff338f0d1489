"""Sections and items of the five plans (against the reviewed catalog) and of a plan written here."""

import json
from pathlib import Path

import pytest

from kpis.plan_reader import read_plan
from kpis.plan_reader.evaluate import score_plan
from seed.catalog_files import CATALOG_DIR, plan_ids, plan_text_path

LABELS = json.loads((Path(__file__).parent / "labels.json").read_text(encoding="utf-8"))["labels"]


@pytest.mark.parametrize("plan_id", plan_ids())
def test_tree_matches_the_reviewed_catalog(plan_id):
    path = plan_text_path(plan_id)
    assert path is not None, "计划文本缺失"
    doc = read_plan(path.read_text(encoding="utf-8"))
    cat = json.loads((CATALOG_DIR / f"{plan_id}.json").read_text(encoding="utf-8"))
    assert doc["title"] == cat["title"] and doc["year"] == cat["year"] and doc["script"] == cat["script"]
    # numbers repeated across sections are qualified by the section (七.一是); the catalog repeats them
    assert [(s["number"], s["title"], [i["number"].split(".")[-1] for i in s["items"]]) for s in doc["sections"]] == \
           [(s["number"], s["title"], [i["number"] for i in s["items"]]) for s in cat["sections"]]
    numbers = [i["number"] for s in doc["sections"] for i in s["items"]]
    assert len(numbers) == len(set(numbers))
    text = " ".join(i["text"] for s in doc["sections"] for i in s["items"])
    for debris in ("网页版", "二维码", "相关推荐", "熱門標籤", "〔...〕", "以下是网友"):
        assert debris not in text


def test_precision_and_recall_on_the_labelled_set():
    tp = fp = fn = 0
    for plan_id in plan_ids():
        s = score_plan(plan_text_path(plan_id).read_text(encoding="utf-8"), [lb for lb in LABELS if lb["plan"] == plan_id])
        tp, fp, fn = tp + len(s.true_pos), fp + len(s.false_pos), fn + len(s.false_neg)
    assert tp + fn == 62  # the labelled set: every catalog KPI whose clause writes its number (labels.json "about")
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9, (tp, fp, fn)


UNSEEN = """某市教育网 - 首页
来源：市教育局 浏览次数：1203
某市教育局2026年工作要点
2026年是“十五五”开局之年。2025年，全市新增学位8000个，已完成年度目标。
一、坚持党建引领
1、加强党的建设。深入学习贯彻党的二十大精神，创建清廉学校示范校6所。
2、强化意识形态工作。落实“三个一”要求，办好第三届读书节。
二、推进优质均衡
3、扩大学前资源。新建改扩建幼儿园5所，普惠性幼儿园覆盖率达到92%以上。（牵头科室：学前教育科）
4、推进义务教育优质均衡。一是优化布局，新增学位2.4万个；二是提升质量，近视率下降1个百分点。
三、其他工作
一是做好安全工作，校园安全事故发生率控制在0.5‰以下。二是做好教育督导，迎接省级评估。
相关推荐
某县教育工作要点（2025）
"""


def test_an_unseen_plan_in_another_layout():
    doc = read_plan(UNSEEN)
    assert doc["title"] == "某市教育局2026年工作要点" and doc["year"] == 2026
    assert doc["bureau"]["name"] == "某市教育局"
    assert [(s["number"], s["title"], [i["number"] for i in s["items"]]) for s in doc["sections"]] == [
        ("一", "坚持党建引领", ["1", "2"]), ("二", "推进优质均衡", ["3", "4"]), ("三", "其他工作", ["一是", "二是"])]
    assert doc["sections"][1]["items"][0]["owner"] == "学前教育科"
    got = [(k["item"], k["value"], k["unit"], k["comparator"]) for k in doc["kpis"] if k["accepted"]]
    assert got == [("1", 6, "所", ">="), ("3", 5, "所", ">="), ("3", 92, "%", ">="), ("4", 24000, "个", ">="),
                   ("4", 1, "百分点", "decrease_by"), ("一是", 0.5, "‰", "<=")]
    assert all("某县教育工作要点" not in i["text"] for s in doc["sections"] for i in s["items"])


def test_subsections_are_the_items_when_there_are_no_numbered_tasks():
    doc = read_plan("某区教育局2026年工作要点\n一、办好人民满意教育\n（一）扩大学前资源。新建幼儿园3所。\n"
                    "（二）推进均衡发展。新增学位2000个。\n二、建强教师队伍\n（一）培养名师。认定名师50名。\n")
    assert [(s["number"], [i["number"] for i in s["items"]]) for s in doc["sections"]] == [
        ("一", ["（一）", "（二）"]), ("二", ["二.（一）"])]
    assert [(k["item"], k["value"]) for k in doc["kpis"]] == [("（一）", 3), ("（二）", 2000), ("二.（一）", 50)]
