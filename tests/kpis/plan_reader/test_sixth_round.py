"""Rules of issue 19's sixth round, each on short texts written for the test (none taken from a labelled set):
绩效目标表 forms, and the genre of a text (plan or news/report) deciding how its figures are read."""

from tests.kpis.plan_reader.reading import accepted


def test_a_performance_table_one_cell_to_a_line_reads_its_value_column():
    text = "\n\n".join([
        "某区教育局2025年项目支出绩效目标表", "一级指标", "二级指标", "三级指标", "指标值",
        "产出指标", "数量指标", "新建学校数量", "3",
        "产出指标", "质量指标", "工程验收合格率", "100%",
        "效益指标", "社会效益指标", "办学条件", "持续改善",
        "满意度指标", "服务对象满意度指标", "家长满意度", "≥95%"])
    assert accepted(text) == [(3, "个", ">="), (100, "%", ">="), (95, "%", ">=")]


def test_a_performance_table_glued_one_row_to_a_line_splits_name_and_value():
    text = ("绩效目标表\n(2025年度)\n绩效指标一级指标二级指标指标内容指标值\n"
            "产出指标数量指标薄弱学校改造覆盖率100%\n质量指标设备验收合格率98%\n"
            "成本指标项目成本控制率100%\n效益指标可持续影响指标办学水平稳步提高\n"
            "社会公众或服务对象满意度指标教师满意度≥90%\n")
    assert accepted(text) == [(100, "%", ">="), (98, "%", ">="), (100, "%", ">="), (90, "%", ">=")]


def test_a_control_rate_is_a_rate_to_reach_and_a_controlled_size_a_ceiling():
    text = "指标名称\t目标值\n项目成本控制率\t100%\n班额控制\t45人\n"
    assert accepted(text) == [(100, "%", ">="), (45, "人", "<=")]


def test_rows_written_between_pipes_one_to_a_line_are_table_rows():
    text = ("主要指标\n| 指标 | 基期值 | 目标值 |\n| --- | --- | --- |\n"
            "| 普惠性幼儿园覆盖率（%） | 85 | 90 |\n| 新增学位（个） | — | 5000 |\n")
    assert accepted(text) == [(90, "%", ">="), (5000, "个", ">=")]


def test_a_table_flattened_onto_one_line_is_put_back_a_row_to_a_line():
    text = "2025年主要指标 指标 2020年 2025年 学前三年毛入园率 91% 95% 义务教育巩固率 96% 97%"
    assert accepted(text) == [(95, "%", ">="), (97, "%", ">=")]
    # a sentence with a list of figures is no table
    assert accepted("全县指标 2020年 2025年 对比，入园率 91% 95%。") == []


def test_the_plans_own_year_picks_its_column_among_several_years():
    text = "2025年全县教育工作计划\n指标\t2023年\t2024年\t2025年\t2026年\n高中毛入学率（%）\t93\t94\t95\t96\n"
    assert accepted(text) == [(95, "%", ">=")]


def test_comparator_value_and_unit_in_cells_of_their_own_read_as_one_target():
    text = ("| 一级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 实际完成值 | 分值 |\n"
            "| 数量指标 | 受资助学生人数 | ≧ | 420 | 人次 | 430 | 10 |\n"
            "| 质量指标 | 资助覆盖率 | ═ | 100 | % | 98% | 10 |\n"
            "| 满意度指标 | 家长满意度 | ≧ | 90 | % | 96% | 10 |\n")
    assert accepted(text) == [(420, "人次", ">="), (100, "%", ">="), (90, "%", ">=")]
