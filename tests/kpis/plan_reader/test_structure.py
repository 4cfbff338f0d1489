"""Sections and items of the five plans (against the reviewed catalog) and of a plan written here."""

import json
from pathlib import Path

import pytest

from kpis.plan_reader import read_plan
from kpis.plan_reader.evaluate import score_plan
from kpis.catalog.files import CATALOG_DIR, plan_ids, plan_text_path

LABELS = json.loads((Path(__file__).parent / "labels.json").read_text(encoding="utf-8"))["labels"]


@pytest.mark.parametrize("plan_id", plan_ids())
def test_tree_matches_the_reviewed_catalog(plan_id):
    path = plan_text_path(plan_id)
    assert path is not None, "计划文本缺失"
    doc = read_plan(path.read_text(encoding="utf-8"))
    cat = json.loads((CATALOG_DIR / f"{plan_id}.json").read_text(encoding="utf-8"))
    assert doc["title"] == cat["title"] and doc["year"] == cat["year"] and doc["script"] == cat["script"]
    # numbers repeated across sections are qualified by the section (七.一是); the catalog repeats them.
    # The reviewed catalog leaves out the text that is no numbered item (the 导语, a section's lead-in,
    # 2022-zhuji's 一、总体思路 above its （一） sections); the reader keeps it as `lead` items.
    numbered = [(s["number"], s["title"], [i["number"].split(".")[-1] for i in s["items"] if not i["lead"]])
                for s in doc["sections"]]
    assert [n for n in numbered if n[2]] == \
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
    # the labelled set: every catalog KPI whose clause writes its number (labels.json "about"), 62 labels of
    # which 2 are optional (counted neither way)
    assert len(LABELS) == 62 and tp + fn == 60
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
        ("", "导语", ["导语"]),
        ("一", "坚持党建引领", ["1", "2"]), ("二", "推进优质均衡", ["3", "4"]), ("三", "其他工作", ["一是", "二是"])]
    assert doc["sections"][0]["items"][0]["text"].startswith("2026年是“十五五”开局之年。2025年")
    assert doc["sections"][2]["items"][0]["owner"] == "学前教育科"
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


def _tree(doc):
    return [(s["number"], [(i["number"], i["lead"]) for i in s["items"]]) for s in doc["sections"]]


def test_text_under_a_heading_above_subsections_is_kept_as_a_lead_item():
    doc = read_plan("某县教育局2026年工作要点\n一、主要目标\n学前三年毛入园率达到98%以上，新增学位3000个。\n"
                    "二、重点任务\n（一）加强党建\n1.创建示范校5所。\n2.培育品牌10个。\n（二）扩大资源\n3.新建幼儿园2所。\n"
                    "三、保障措施\n（一）强化经费。生均公用经费不低于800元。\n")
    assert _tree(doc) == [("一", [("一", True)]), ("一", [("1", False), ("2", False)]), ("二", [("3", False)]),
                          ("一", [("（一）", False)])]
    assert [s["level"] for s in doc["sections"]] == [1, 2, 2, 2]
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [
        ("一", 98), ("一", 3000), ("1", 5), ("2", 10), ("3", 2), ("（一）", 800)]


def test_a_sections_lead_in_before_item_one_or_before_yishi_is_an_item():
    doc = read_plan("某区教育局2026年工作要点\n一、扩大资源供给\n全年新增学位2000个。\n1.新建学校3所。\n2.改造操场5个。\n"
                    "二、建强队伍\n围绕教育强区目标，招聘教师120名。一是认定名师20名。二是培训校长50人次。\n")
    assert _tree(doc) == [("一", [("一", True), ("1", False), ("2", False)]),
                          ("二", [("二", True), ("一是", False), ("二是", False)])]
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [
        ("一", 2000), ("1", 3), ("2", 5), ("二", 120), ("一是", 20), ("二是", 50)]


def test_the_text_between_title_and_first_heading_is_the_daoyu():
    doc = read_plan("关于印发《某市教育局2026年工作要点》的通知\n某教〔2026〕1号\n现将《某市教育局2026年工作要点》印发给你们。\n"
                    "某市教育局2026年工作要点\n【总体目标】\n2026年全市新增学位8000个以上，普惠性幼儿园覆盖率达到95%。\n"
                    "一、加强党建\n1.创建示范校5所。\n")
    assert _tree(doc) == [("", [("导语", True)]), ("一", [("1", False)])]
    assert doc["sections"][0]["items"][0]["text"] == "【总体目标】2026年全市新增学位8000个以上，普惠性幼儿园覆盖率达到95%。"
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [("导语", 8000), ("导语", 95), ("1", 5)]


@pytest.mark.parametrize("sub", ["（1）", "(1)", "1）"])
def test_a_list_right_under_an_item_belongs_to_it(sub):
    two, three = sub.replace("1", "2"), sub.replace("1", "3")
    doc = read_plan(f"某县教育局2026年工作要点\n一、学前教育\n1.扩大普惠资源。\n{sub}新建幼儿园4所；\n{two}认定普惠园5所以上；\n"
                    f"2.提升保教水平。县级示范园达到15所。\n二、义务教育\n3.推进均衡。\n{sub}新增项目23个；\n{three.replace('3', '2')}完成投资8000万元。\n"
                    f"4.控辍保学。巩固率保持在98%以上。\n")
    assert _tree(doc) == [("一", [("1", False), ("2", False)]), ("二", [("3", False), ("4", False)])]
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [
        ("1", 4), ("1", 5), ("2", 15), ("3", 23), ("3", 80000000), ("4", 98)]


def test_a_list_right_after_a_heading_is_the_sections_items_whatever_its_style():
    doc = read_plan("某区教育局2026年工作要点\n一、总体目标\n（1）毛入园率达到95%；\n（2）巩固率达到98.5%以上。\n"
                    "二、重点工作\n（一）补齐短板\n1.新建学校2所。\n2.改造厕所30所。\n（二）提升质量\n3.遴选教学能手100名。\n"
                    "三、建强队伍\n1、招聘教师50名。\n")
    assert [(s["number"], [i["number"] for i in s["items"]]) for s in doc["sections"]] == [
        ("一", ["1", "2"]), ("一", ["一.1", "一.2"]), ("二", ["3"]), ("三", ["三.1"])] or \
        [i["number"].split(".")[-1] for s in doc["sections"] for i in s["items"]] == ["1", "2", "1", "2", "3", "1"]
    assert [k["value"] for k in doc["kpis"] if k["accepted"]] == [95, 98.5, 2, 30, 100, 50]


def test_table_rows_pasted_as_text_stay_one_row_to_a_line():
    doc = read_plan("某市教育局2026年工作要点\n一、主要指标\n序号\t指标\t2025年\t2026年目标\n1\t学前三年毛入园率（%）\t97.9\t≥98.5\n"
                    "2\t新增学位（个）\t3000\t3600\n")
    text = doc["sections"][0]["items"][0]["text"]
    assert text.split("\n") == ["序号\t指标\t2025年\t2026年目标", "1\t学前三年毛入园率（%）\t97.9\t≥98.5", "2\t新增学位（个）\t3000\t3600"]
    single = read_plan("某市教育局2026年工作要点\n一、主要指标\n序号 指标名称 目标值 牵头处室\n1 学前三年毛入园率 ≥98% 基础教育处\n")
    assert single["sections"][0]["items"][0]["text"].split("\n")[1] == "1\t学前三年毛入园率\t≥98%\t基础教育处"


@pytest.mark.parametrize("line", [
    "新增学位3000个，建成智慧校园10所。", "坚持以习近平新时代中国特色社会主义思想为指导, 深入贯彻落实",
    "三推   进五深化行动", "2026年全区教育工作要点",
])
def test_prose_lines_are_not_table_rows(line):
    from kpis.plan_reader.paragraphs import table_cells
    assert table_cells(line) is None


def test_the_plan_year_is_read_in_full_width_digits_and_past_years_are_judged_against_it():
    doc = read_plan("雲澗區教育局２０２６年工作要點\n２０２５年全區新增學位３２００個。\n一、擴大資源\n１．新增學位４８６０個。\n")
    assert doc["year"] == 2026
    assert [(k["value"], k["accepted"]) for k in doc["kpis"]] == [(3200, False), (4860, True)]


# --- parts above the 一、 sections: 第一部分/第二章, and short 第一，… heading lines ----------------------

def test_parts_hold_sections_and_a_review_part_is_a_look_back():
    doc = read_plan("某区教育局2026年工作计划\n第一部分　2025年工作回顾\n全区新建学校4所，新增学位3200个。\n"
                    "第二部分　2026年主要目标\n具体目标如下：\n第一，扩大学位供给。新增学位5000个以上。\n"
                    "第二，提升教育质量。体质健康优良率达到60%。\n第三部分　重点任务\n一、加强党建\n（一）创建示范校。创建党建示范校8所。\n"
                    "（二）培育品牌。培育党建品牌10个。\n二、扩大资源\n（一）新建幼儿园。新建幼儿园3所。\n")
    assert doc["title"] == "某区教育局2026年工作计划"
    assert _tree(doc) == [("第一部分", [("第一部分", False)]), ("第二部分", [("第二部分", True), ("第一", False), ("第二", False)]),
                          ("一", [("（一）", False), ("（二）", False)]), ("二", [("二.（一）", False)])]
    assert [(s["number"], s["title"]) for s in doc["sections"][:2]] == [("第一部分", "2025年工作回顾"), ("第二部分", "2026年主要目标")]
    # the review part's figures are results; its heading no longer runs into an item
    assert [(k["item"], k["value"]) for k in doc["kpis"] if k["accepted"]] == [
        ("第一", 5000), ("第二", 60), ("（一）", 8), ("（二）", 10), ("二.（一）", 3)]
    assert all("第二部分" not in i["text"] for s in doc["sections"] for i in s["items"])


@pytest.mark.parametrize("second", ["一", "三"])
def test_chapters_may_number_their_sections_again_or_go_on(second):
    doc = read_plan(f"某县教育局2026年工作要点\n第一章 总体要求\n全县新增学位2000个。\n一、主要目标\n毛入园率达到92%。\n"
                    f"二、基本原则\n坚持公平优先。\n第二章 重点任务\n{second}、扩大资源\n1.新建学校2所。\n2.改造操场6个。\n"
                    f"{'二' if second == '一' else '四'}、建强队伍\n3.招聘教师80名。\n")
    assert [s["number"] for s in doc["sections"]] == ["第一章", "一", "二", second, "二" if second == "一" else "四"]
    assert [k["value"] for k in doc["kpis"] if k["accepted"]] == [2000, 92, 2, 6, 80]


def test_short_ordinal_lines_are_parts_and_a_review_part_holds_its_subsections():
    doc = read_plan("某区教育体育局2026年工作要点\n第一，回顾2025年\n（一）资源建设\n全区新开办学校5所，新增学位6000个。\n"
                    "第二，2026年主要目标任务\n（一）资源建设。新建学校6所。\n（二）质量提升。优良率提升2个百分点。\n第三，工作要求\n"
                    "各学校要细化任务、压实责任。\n")
    assert [(s["number"], s["title"], s["level"]) for s in doc["sections"]] == [
        ("一", "资源建设", 2), ("一", "资源建设", 2), ("二", "质量提升", 2), ("第三", "工作要求", 1)]
    assert [(k["value"], k["accepted"]) for k in doc["kpis"]] == [(5, False), (6000, False), (6, True), (2, True)]


@pytest.mark.parametrize("text", [
    # 第一，… with a sentence are points, not headings; 位居全市第一，… is neither
    "某县教育局2026年工作要点\n一、扩大资源\n第一，新建学校。新建学校3所。\n第二，改造校舍。改造校舍10所。\n二、提升质量\n"
    "中考成绩位居全市第一，优良率达到60%。\n",
    # a part-style line after the first 一、 is no part: the 一、 sequence goes on
    "某县教育局2026年工作要点\n一、扩大资源\n第一，新建学校\n新建学校3所。\n第二，改造校舍\n改造校舍10所。\n二、提升质量\n"
    "中考成绩位居全市第一，优良率达到60%。\n",
])
def test_ordinal_points_and_lines_inside_a_section_are_no_parts(text):
    doc = read_plan(text)
    assert [s["number"] for s in doc["sections"]] == ["一", "二"]
    assert [k["value"] for k in doc["kpis"] if k["accepted"]] == [3, 10, 60]
    if "。\n第二，改造校舍。" in text:
        assert [i["number"] for i in doc["sections"][0]["items"]] == ["第一", "第二"]


def test_subsections_under_a_review_heading_are_look_backs():
    doc = read_plan("某市教育局2026年工作要点\n一、2025年工作回顾\n（一）资源建设。新建学校6所。\n（二）队伍建设。招聘教师300名。\n"
                    "二、2026年重点任务\n（一）资源建设。新建学校8所。\n")
    assert [(k["value"], k["accepted"]) for k in doc["kpis"]] == [(6, False), (300, False), (8, True)]


@pytest.mark.parametrize("title", ["某县教育局2026年工作计划", "某区教育局2026年重点工作任务分解表", "某市教育局2026年工作思路"])
def test_a_plan_may_call_itself_otherwise_than_工作要点(title):
    doc = read_plan(f"某某县人民政府门户网站\n{title}\n一、扩大资源\n1.新建学校3所。\n")
    assert doc["title"] == title and doc["year"] == 2026


def test_two_rows_sharing_their_figure_cells_a_cell_to_a_line_are_both_read():
    from kpis.plan_reader import ACCEPT_THRESHOLD, extract
    text = ("指标\n\n2020年\n\n2025年\n\n属性\n\n1.幼儿教师专科及以上学历比例(%)\n\n其中:本科及以上学历比例(%)\n\n"
            "97.74%\n\n49.85%\n\n100%\n\n50%\n\n预期性\n\n2.智慧校园比例(%)\n\n60%\n\n100%\n\n预期性\n")
    got = [(c.value, c.unit) for c in extract(text)[1] if c.confidence >= ACCEPT_THRESHOLD]
    assert got == [(100, "%"), (50, "%"), (100, "%")]


def test_a_plan_of_one_line_points_reads_every_point():
    """一、新建学校5所。 with nothing under it is the task itself, not a heading over nothing (such points were dropped,
    and with them every target of a short plan whose points are one line each)."""
    from kpis.plan_reader import read_plan

    doc = read_plan("2024年教育工作要点\n一、今年新建学校5所，新增学位2000个。\n二、学前教育毛入园率达到95%以上。\n三、新建食堂3个")
    assert [s["number"] for s in doc["sections"]] == ["一", "二", "三"]
    assert [(k["target"], k["unit"]) for k in doc["kpis"] if k["accepted"]] == [(5, "所"), (2000, "个"), (95, "%"), (3, "个")]
    doc = read_plan("2024年教育工作要点\n一、2024年主要目标\n（一）新建学校5所。\n（二）新建幼儿园2所。")
    assert [(k["target"], k["unit"]) for k in doc["kpis"] if k["accepted"]] == [(5, "所"), (2, "所")]


def test_a_heading_over_points_stays_a_heading():
    """A heading with points under it is no task of its own, figure or not (一、2024年主要目标 above （一）…;
    第一部分 2023年工作回顾 above its 一、)."""
    from kpis.plan_reader.structure import read_structure

    tree = read_structure("2024年教育工作要点\n第一部分 2023年工作回顾\n一、新建学校5所，已投入使用。\n"
                          "第二部分 2024年工作安排\n一、新建幼儿园2所。")
    texts = [it.text for s in tree.sections for it in s.items]
    assert texts == ["新建学校5所，已投入使用。", "新建幼儿园2所"]
