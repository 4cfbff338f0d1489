"""A template filled and then saved by LibreOffice (headless, as .xlsx and .xls) imports with the
same values. Under CI=true a missing LibreOffice fails the run instead of skipping."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from auth.principal import SYSTEM
from ingest.template import build_template
from ingest.upload import upload
from tests.ingest.helpers import DISTRICT, PRIMARY, SCHOOL, fill

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PERIOD = "2027-02"


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        msg = "找不到 LibreOffice（soffice）；请安装 Debian 软件包 libreoffice-calc-nogui"
        if IN_CI:
            pytest.fail(msg)
        pytest.skip(msg)
    return path


def resave(soffice: str, tmp_path, content: bytes, fmt: str) -> bytes:
    src = tmp_path / "filled.xlsx"
    src.write_bytes(content)
    out = tmp_path / fmt
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"}
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                          "--convert-to", filters[fmt], "--outdir", str(out), str(src)],
                         capture_output=True, text=True, timeout=180)
    produced = list(out.glob(f"*.{fmt}"))
    assert produced, f"LibreOffice 转换失败：{run.stdout}{run.stderr}"
    return produced[0].read_bytes()


def values(result) -> dict[tuple[str, str], float]:
    return {(l.school_code, l.element): l.value for l in result.lines}


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv"])
def test_school_template_resaved_by_libreoffice(school_officer, demo_db, soffice, tmp_path, fmt):
    original = fill(build_template(SYSTEM, SCHOOL, PERIOD), default=PRIMARY)
    expected = upload(school_officer, "原件.xlsx", original, period=PERIOD)
    assert expected.status == "ready"
    converted = resave(soffice, tmp_path, original, fmt)
    got = upload(school_officer, f"libreoffice.{fmt}", converted, period=PERIOD)
    assert got.status == "ready", [e.message for e in got.errors]
    assert values(got) == values(expected)
    assert values(got)[(SCHOOL, "日均综合体育活动时长")] == 1.8


def test_district_workbook_resaved_as_xls(district_officer, demo_db, soffice, tmp_path):
    original = fill(build_template(SYSTEM, DISTRICT, PERIOD), default=dict(PRIMARY, 在园幼儿数=210, 优质园在园幼儿数=0))
    expected = upload(district_officer, "原件.xlsx", original, period=PERIOD, org_code=DISTRICT)
    got = upload(district_officer, "片区.xls", resave(soffice, tmp_path, original, "xls"), period=PERIOD, org_code=DISTRICT)
    assert got.status == "ready", [e.message for e in got.errors]
    assert values(got) == values(expected) and got.schools == expected.schools > 10
