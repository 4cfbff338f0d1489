"""Property-based: random bytes and mutated templates never raise an unhandled exception, and a
rejected upload never changes a value."""

from __future__ import annotations

import functools

from openpyxl.utils.exceptions import IllegalCharacterError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auth.principal import SYSTEM
from ingest.template import build_template
from ingest.upload import upload
from ingest.values import ElementRule, parse_cell, parse_period
from tests.ingest.helpers import PRIMARY, SCHOOL, column_of, fill, values_snapshot

PERIOD = "2027-01"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@functools.cache
def good() -> bytes:
    return fill(build_template(SYSTEM, SCHOOL, PERIOD), default=PRIMARY)


def check(who, name: str, content: bytes) -> None:
    before = values_snapshot()
    r = upload(who, name, content, period=PERIOD, org_code=SCHOOL, commit=True)
    assert r.status in ("accepted", "rejected", "identical")
    if r.status == "rejected":
        assert r.errors and all(e.message for e in r.errors)
        assert values_snapshot() == before


@SETTINGS
@given(data=st.binary(max_size=4096), ext=st.sampled_from([".xlsx", ".xls", ".csv", ".xlsm", ".txt", ""]))
def test_random_bytes_never_crash(school_officer, demo_db, data, ext):
    check(school_officer, f"随机{ext}", data)


@SETTINGS
@given(data=st.data())
def test_corrupted_template_bytes_never_crash(school_officer, demo_db, data):
    content = bytearray(good())
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(content) - 1))
        content[i] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    check(school_officer, "损坏.xlsx", bytes(content))


cell_values = st.one_of(st.none(), st.text(max_size=20), st.integers(-10**6, 10**6),
                        st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@SETTINGS
@given(prefix=st.sampled_from(list(PRIMARY) + ["学校标识码", "期间", "学校名称"]), value=cell_values,
       header=st.one_of(st.none(), st.text(min_size=1, max_size=12)))
def test_mutated_cells_and_headers_never_crash(school_officer, demo_db, prefix, value, header):
    def edit(wb, ws):
        col = 1 if prefix == "学校标识码" else 3 if prefix == "期间" else 2 if prefix == "学校名称" else column_of(ws, prefix)
        ws.cell(3, col).value = value
        if header is not None:
            ws.cell(2, col).value = header
    try:
        content = fill(good(), edit=edit)
    except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values (control characters): not our input
        return
    check(school_officer, "改动.xlsx", content)


@settings(max_examples=300, deadline=None)
@given(raw=cell_values, kind=st.sampled_from(["int", "float", "bool", "percent"]))
def test_parse_cell_total(raw, kind):
    rule = ElementRule("x", "项目", "人", kind, 0, 100)
    p = parse_cell(raw, rule)
    assert (p.value is None) or (0 <= p.value <= 100)
    assert p.problem is None or p.value is None
    parse_period(raw)
