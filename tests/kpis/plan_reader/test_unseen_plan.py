"""A whole plan written for this test in the style of a district 工作要点 (notice header, document
number, a review of last year, ordinals, slogans, a 科室 line, a page footer). Every target is listed
here by hand; nothing else may be accepted."""

from pathlib import Path

from kpis.plan_reader import read_plan

TEXT = (Path(__file__).parent / "unseen_plan.txt").read_text(encoding="utf-8")

EXPECTED = [
    ("1", 5, None, "所", ">="), ("1", 10, None, "个", ">="),
    ("3", 8, None, "所", ">="), ("3", 4800, None, "个", ">="), ("3", 1200, None, "个", ">="), ("3", 2, None, "所", ">="),
    ("4", 92, None, "%", ">="), ("4", 60, None, "%", ">="), ("4", 2, 3, "所", ">="),
    ("5", 0.45, None, "系数", "<="), ("5", 0.4, None, "系数", "<="), ("5", 0, None, "个", "<="),
    ("6", 2, None, "百分点", "increase_by"), ("6", 0.5, None, "百分点", "decrease_by"), ("6", 2, None, "小时", ">="),
    ("7", 95, None, "%", ">="),
    ("8", 20, None, "名", ">="), ("8", 100, None, "名", ">="), ("8", 10, None, "%", ">="),
]


def test_every_target_and_nothing_else():
    doc = read_plan(TEXT)
    assert doc["title"] == "2026年全区教育工作要点" and doc["year"] == 2026
    assert [len(s["items"]) for s in doc["sections"]] == [1, 2, 3, 2, 1]  # the 导语, then 一、 to 四、
    got = [(k["item"], k["value"], k["value_upper"], k["unit"], k["comparator"]) for k in doc["kpis"] if k["accepted"]]
    assert got == EXPECTED
    assert doc["sections"][4]["items"][0]["owner"] == "人事科"
    texts = " ".join(i["text"] for s in doc["sections"] for i in s["items"])
    assert "相关阅读" not in texts and "首页" not in texts
