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


# The quick look for a cell beyond the size limits (a sheet without <dimension>) never misses one
# the exact scan would refuse; only then is the exact scan run.

def beyond(ref: bytes) -> bool:
    m = safety._CELL_REF.search(b" r=\"" + ref + b"\"")
    return bool(m) and (int(m.group(2)) > safety.MAX_ROWS + 10
                        or (m.group(1) and safety._col_number(m.group(1)) > safety.MAX_COLS))


@settings(max_examples=2000, deadline=None)
@given(letters=st.text("ABCFGHRSXZ", max_size=3), zeros=st.integers(0, 4), row=st.integers(1, 10 ** 7),
       space=st.sampled_from([b" ", b"\t", b"\n", b"\r"]))
def test_the_quick_look_finds_every_reference_beyond_the_limits(letters, zeros, row, space):
    ref = letters.encode() + b"0" * zeros + str(row).encode()
    if beyond(ref):
        assert safety._MAYBE_BEYOND.search(b"<c" + space + b"r=\"" + ref + b"\"><v>1</v></c>")


def test_the_boundaries_of_the_quick_look():
    for col in ("GR", "GS", "GZ", "HA", "ZZ", "AAA", "XFD"):
        assert beyond(col.encode() + b"1") == (col != "GR")
        assert bool(safety._MAYBE_BEYOND.search(b' r="' + col.encode() + b'1"')) == (col != "GR")
    for row in (20010, 20011, 99999, 100000, 1048576):
        assert beyond(b"A%d" % row) == (row > 20010)
        assert safety._MAYBE_BEYOND.search(b' r="A%d"' % row)  # 20000-20010: looked at exactly
    assert not safety._MAYBE_BEYOND.search(b' r="GR19999" r="A1" r="Z10002" header="0.3" r="12345"')


def test_a_sheet_within_the_limits_is_not_measured_cell_by_cell(monkeypatch):
    from tests.ingest.test_hostile import xlsx

    def refuse(*_a):
        raise AssertionError("exact scan run")

    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="GR%d"><v>2</v></c></row>' % (n, n, n)
                    for n in range(1, 19999, 97))
    monkeypatch.setattr(safety, "_farthest_cell", refuse)
    safety.inspect("a.xlsx", xlsx(rows))
