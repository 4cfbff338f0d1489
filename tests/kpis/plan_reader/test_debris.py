"""Web-page furniture is dropped line by line; a sentence of the plan that shares a word with the
furniture (阅读量, 来源) stays."""

import pytest

from kpis.plan_reader.debris import clean_lines, is_debris


@pytest.mark.parametrize("line", [
    "来源：某某县人民政府网  发布时间：2025-02-18 09:30  浏览次数：1234  分享到：",
    "發佈日期：２０２５-０３-０４　　信息來源：區教育局",
    "阅读 2.1万  赞 86  在看 12",
    "阅读量：3256",
    "【打印】【关闭】",
    "【字体：大 中 小】 打印本页",
    "编辑：王某某  审核：李某某",
    "本文链接：http://www.example.gov.cn/art/2025/3/5/art_1.html",
    "原创 某某教育 某某教育发布 2025年02月21日 18:02 发表于浙江",
    "上一篇：某某市教育局2024年工作总结",
])
def test_furniture_lines_are_debris(line):
    assert is_debris(line)


@pytest.mark.parametrize("line", [
    "中小学生年人均阅读量不少于20本",
    "四是加强阅读推广，中小学生年人均阅读量不少于20本。",
    "經費來源：市財政專項資金。",
    "教育资源公共服务平台年访问量达到100万人次以上。",
    "网站点击量达到50万次",
    "2.新增学位3000个，建成智慧校园示范校10所。",
])
def test_plan_sentences_sharing_a_word_with_furniture_stay(line):
    assert not is_debris(line)


def test_clean_lines_keeps_the_plan_and_drops_the_page():
    text = "某县教育局2025年工作要点\n来源：县教育局 浏览次数：88\n一、扩大资源\n1.年人均阅读量不少于15本。\n【打印】【关闭】\n"
    # an empty line where furniture stood: a paragraph ends there (a headline, its date line, the story)
    assert clean_lines(text) == ["某县教育局2025年工作要点", "", "一、扩大资源", "1.年人均阅读量不少于15本。", ""]


@pytest.mark.parametrize("line", [
    "索引号：000014349/2026-00815　　　　分类：教育;计划总结",
    "索 引 号：51340026-00-2026-0019　　主题分类：教育、科技",
    "發布機構：某縣教育局　　成文日期：2026年1月26日",
    "文　　号：某教发〔2026〕2号　　　　发布日期：2026年1月29日",
    "发文字号：某教〔2026〕14号",
    "地址：某市某区政通路18号　　邮编：250117　　电话：0531-87265310",
    "主办：某县人民政府办公室　　承办：某县融媒体中心",
    "网站标识码：5134260002　　技术支持：某信息技术有限公司",
])
def test_portal_metadata_lines_are_debris(line):
    assert is_debris(line)


@pytest.mark.parametrize("line", [
    "严格执行公文文号管理规定，规范发文字号和成文日期的标注。",
    "执行中遇到的问题，请及时向局办公室反映（联系电话：0834-7812206）。",
    "分类推进学校建设：新建学校3所，改扩建学校5所",
    "3.建立学生资助信息库，家庭地址、联系电话核实率达到100%",
    "坚持分类指导，主题教育活动覆盖率达到100%",
])
def test_plan_lines_that_name_a_metadata_word_stay(line):
    assert not is_debris(line)


def test_a_metadata_line_yields_no_figure():
    from kpis.plan_reader import read_plan
    doc = read_plan("某区教育局2026年工作要点\n索引号：000014349/2026-00815　　分类：教育;计划总结\n"
                    "发布机构：某区教育局　　发文日期：2026年03月06日\n全区新增学位3000个。\n一、扩大资源\n1.新建学校3所。\n")
    assert [(k["value"], k["unit"]) for k in doc["kpis"]] == [(3000, "个"), (3, "所")]
