"""Rules of stop 28 (the nineteenth round): numbers written in ways the reader misread, telephone numbers, and a
document site's furniture — each on short texts written for the test (none taken from a labelled set)."""

from kpis.plan_reader.debris import is_debris
from kpis.plan_reader.numbers import normalise, parse_cn, parse_number
from tests.kpis.plan_reader.reading import accepted

HEAD = "某县教育局2026年工作要点\n一、主要目标\n"


def test_twenty_and_thirty_in_one_character_are_numerals():
    assert (parse_cn("廿五"), parse_cn("卅二"), parse_cn("卅")) == (25, 32, 30)
    assert accepted(HEAD + "1.新增招收人数卅二名。") == [(32, "名", ">=")]


def test_a_circle_beside_chinese_digits_is_their_zero():
    # 一○二四 typed with the circle symbol is 1024, not 一 and 二四; a circle used as a bullet stays one
    assert normalise("一○二四名") == "一〇二四名" and normalise("二◯二六年") == "二〇二六年"
    assert normalise("○新建学校3所") == "○新建学校3所"
    for text in ("一○二四名", "○新建学校3所", "二◯二六年"):
        assert len(normalise(text)) == len(text)  # offsets survive
    assert accepted(HEAD + "1.总计增加一○二四名。") == [(1024, "名", ">=")]


def test_digits_on_both_sides_of_thousand_or_ten_thousand_are_one_number():
    assert parse_number("7千900") == 7900 and parse_number("3万5000") == 35000
    assert accepted(HEAD + "1.全年招收7千900名新生。\n2.培训教师3万5000人次。") == [(7900, "名", ">="), (35000, "人次", ">=")]
    # 2千万 and 2.5万 keep their multipliers
    assert accepted(HEAD + "1.新增学位2.5万个。") == [(25000, "个", ">=")]


def test_a_telephone_number_is_no_range_and_no_count():
    text = HEAD + "1.新建学校3-5所。\n2.咨询电话：04-22289111分机54402，0576-86123456转2分，手机13812345678。"
    assert accepted(text) == [(3, "所", ">=")]  # the range 3-5所 still read; nothing from the numbers


def test_a_document_sites_terms_are_debris_even_as_sentences():
    assert is_debris("5、成为VIP后,下载本文档将扣除1次下载权益。下载后,不支持退款、换文档。")
    assert is_debris("7、VIP文档为合作方或网友上传,每下载1次,网站将对文档贡献者给予补贴。")
    assert not is_debris("3.组织教师下载优质课例100节，开展校本研修。")
    assert accepted(HEAD + "1.新建学校3所。\n5、成为VIP后,下载本文档将扣除1次下载权益。") == [(3, "所", ">=")]
