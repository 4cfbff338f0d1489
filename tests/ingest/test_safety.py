"""The quick look for formulas in a sheet part (one-byte search for "f") answers exactly as the two
substring tests it replaces, so a sheet with a formula always gets the full scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import safety


def plain(xml: bytes) -> bool:
    return b"<f" in xml or b":f" in xml


@settings(max_examples=500, deadline=None)
@given(xml=st.lists(st.sampled_from([b"<", b":", b"f", b"a", b">", b" ", b"<c r=\"F1\">", b"<v>1</v>"]),
                    max_size=60).map(b"".join))
def test_same_answer_as_the_substring_tests(xml):
    assert safety._may_hold_formulas(xml) == plain(xml)


def test_formula_forms_and_many_fs():
    row = b'<c r="A1" t="s"><v>0</v></c>'
    assert not safety._may_hold_formulas(row * 1000)
    assert safety._may_hold_formulas(row + b'<c r="B1"><f>A1+1</f></c>')
    assert safety._may_hold_formulas(b'<x:c r="B1"><x:f t="shared" si="0"/></x:c>')
    assert not safety._may_hold_formulas(b"f" + row)
    # thousands of harmless f's (text cells, footer="0.3") before the one formula: still found
    many = b'<c r="A1" t="inlineStr"><is><t>fff</t></is></c>' * 1000
    assert safety._may_hold_formulas(many + b"<f>1+1</f>")
    assert not safety._may_hold_formulas(many)
