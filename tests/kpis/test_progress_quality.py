"""填报进度 and 数据质量 on hand-made inputs: classification, district counts, the Excel list, jumps and ranges."""

import io
from datetime import datetime

import pandas as pd
from openpyxl import load_workbook

from kpis import progress, quality

SCHOOLS = pd.DataFrame([
    dict(org_id=1, code="2100000001", name="甲小学", district_id=10, school_type="21", ownership="公办", inclusive=False, opened_on=None, closed_on=None),
    dict(org_id=2, code="2100000002", name="乙小学", district_id=10, school_type="21", ownership="公办", inclusive=False, opened_on=None, closed_on=None),
    dict(org_id=3, code="1100000003", name="丙幼儿园", district_id=20, school_type="11", ownership="民办", inclusive=True, opened_on=None, closed_on=None),
    dict(org_id=4, code="3100000004", name="丁初中", district_id=20, school_type="31", ownership="公办", inclusive=False, opened_on=None, closed_on=None),
]).set_index("org_id")
DISTRICTS = {10: "东片区", 20: "西片区"}
DEADLINE = datetime(2025, 7, 10, 23, 59)


def subs(rows):
    return pd.DataFrame(rows, columns=["org_id", "status", "uploaded_at", "on_time"])


def test_classify_on_time_late_missing_and_rejected():
    table = progress.classify(SCHOOLS, DISTRICTS, subs([
        (1, "superseded", datetime(2025, 7, 8, 9, 0), None),   # on time, then corrected late: still on time
        (1, "accepted", datetime(2025, 7, 15, 9, 0), None),
        (2, "accepted", datetime(2025, 7, 13, 8, 0), None),    # 2 days 8 h late → 3 days
        (3, "rejected", datetime(2025, 7, 9, 8, 0), None),     # only rejected uploads: not reported
        (3, "rejected", datetime(2025, 7, 9, 9, 0), None),
    ]), DEADLINE).set_index("学校名称")
    assert table.loc["甲小学", "报送状态"] == "按时"
    assert table.loc["乙小学", "报送状态"] == "逾期" and table.loc["乙小学", "逾期天数"] == 3
    assert table.loc["丙幼儿园", "报送状态"] == "未报送" and "2 次" in table.loc["丙幼儿园", "说明"]
    assert table.loc["丁初中", "报送状态"] == "未报送" and table.loc["丁初中", "说明"] == "尚未上传本月报表"
    counts = progress.by_district(table.reset_index()).set_index("片区/街道")
    assert counts.loc["东片区", ["按时", "逾期", "未报送", "应报"]].tolist() == [1, 1, 0, 2]
    assert counts.loc["西片区", ["按时", "逾期", "未报送", "应报"]].tolist() == [0, 0, 2, 2]
    assert counts.loc["东片区", "按时率"] == 50.0


def test_the_recorded_on_time_flag_wins_over_the_clock():
    table = progress.classify(SCHOOLS.loc[[1]], DISTRICTS, subs([(1, "accepted", datetime(2025, 7, 12), True)]), DEADLINE)
    assert table["报送状态"].tolist() == ["按时"]


def test_chase_list_excel_lists_only_the_schools_that_have_not_reported():
    # 乙小学 reported late: it has reported, so nobody chases it (issue 19 §4).
    table = progress.classify(SCHOOLS, DISTRICTS, subs([
        (1, "accepted", datetime(2025, 7, 8), None), (2, "accepted", datetime(2025, 7, 12), None)]), DEADLINE)
    contacts = {"3100000004": ("丁老师", "0576-86123456")}
    table["联系人"] = [contacts.get(c, ("", ""))[0] for c in table["学校标识码"]]
    table["联系电话"] = [contacts.get(c, ("", ""))[1] for c in table["学校标识码"]]
    data = progress.chase_list_xlsx(table, "测试教育局", "2025-06")
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "测试教育局 2025年6月 催报名单（未报送 2 所）"
    assert rows[1] == (*progress.COLUMNS, "联系人", "联系电话")
    assert [r[1] for r in rows[2:]] == ["丙幼儿园", "丁初中"]
    assert {r[1]: r[8:10] for r in rows[2:]}["丁初中"] == ("丁老师", "0576-86123456")


ELEMENTS = pd.DataFrame([
    dict(code="students", name="在校学生数", unit="人", type="int", min=0, max=6000),
    dict(code="smart", name="是否建成智慧校园", unit="", type="bool", min=0, max=1),
    dict(code="hours", name="日均综合体育活动时长", unit="小时", type="float", min=0, max=5),
]).set_index("code")


def test_jumps_and_range_breaches():
    values = pd.DataFrame([
        (1, "students", "2025-05", 812), (1, "students", "2025-06", 2436),  # ×3: a jump
        (2, "students", "2025-05", 800), (2, "students", "2025-06", 840),   # +5 %: normal
        (3, "students", "2025-05", 10), (3, "students", "2025-06", 40),     # +300 % but only 30 of 6000: not a jump
        (4, "smart", "2025-05", 0), (4, "smart", "2025-06", 1),             # a yes/no flip is never a jump
        (5, "hours", "2025-05", 1.8), (5, "hours", "2025-06", 7.5),         # above the 5-hour maximum (and a jump)
        (6, "students", "2025-06", 7000),                                    # out of range, no previous month
    ], columns=["org_id", "element", "period", "value"])
    issues = quality.find_issues(values, ELEMENTS, "2025-06")
    found = sorted(zip(issues["org_id"], issues["kind"]))
    assert found == [(1, "环比跳变"), (5, "环比跳变"), (5, "超出合理范围"), (6, "超出合理范围")]
    msg = issues[(issues["org_id"] == 1)]["message"].iloc[0]
    assert "在校学生数 由上月 812 人 变为 2,436 人（+200%）" in msg
    rng = issues[(issues["org_id"] == 6)]["message"].iloc[0]
    assert "7,000 人" in rng and "超出合理范围 0–6,000 人" in rng
    assert quality.find_issues(values, ELEMENTS, "2025-01").empty
