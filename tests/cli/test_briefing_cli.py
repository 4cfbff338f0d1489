"""python -m kpis briefing: writes checked files, re-renders a numbered snapshot, exits non-zero
with a Chinese message (and writes nothing) when it cannot render."""

import io

from PIL import Image
from pptx import Presentation
from sqlalchemy import func, select

from db.models import Briefing, BriefingFile, Plan
from db.session import read_session
from cli.main import main


def _count(model) -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_png_then_the_same_snapshot_as_pptx(demo_db, tmp_path, capsys):
    before = _count(Briefing)
    out = tmp_path / "简报.png"
    assert main(["briefing", "--plan", "2025-taizhou", "--period", "2025-10", "--new", "--format", "png", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert _count(Briefing) == before + 1
    number = int(printed.split("第 ")[1].split(" 期")[0])
    # 26 KPIs in 2025-taizhou: page 1 (the briefing), the 督办 page, the list at 20 a page = 4 images.
    pages = [out, tmp_path / "简报-2.png", tmp_path / "简报-3.png", tmp_path / "简报-4.png"]
    for p in pages:
        assert Image.open(p).size == (1920, 1080)
        assert f"已写入 {p}" in printed
    deck = tmp_path / "deck.pptx"
    assert main(["briefing", "--plan", "2025-taizhou", "--number", str(number), "--format", "pptx", "-o", str(deck)]) == 0
    assert _count(Briefing) == before + 1  # re-rendered, not re-frozen
    pdf = tmp_path / "b.pdf"
    assert main(["briefing", "--plan", "2025-taizhou", "--period", "2025-10", "--format", "pdf", "-o", str(pdf)]) == 0
    assert f"使用已有的 2025-10 简报快照：第 {number} 期" in capsys.readouterr().out
    assert _count(Briefing) == before + 1  # the month's newest snapshot is reused without --new
    assert Presentation(io.BytesIO(deck.read_bytes())).slides[0].name == "概况"
    with read_session() as s:
        b = s.scalar(select(Briefing).join(Plan, Plan.id == Briefing.plan_id)
                     .where(Plan.plan_key == "2025-taizhou", Briefing.number == number))
        formats = sorted(s.scalars(select(BriefingFile.format).where(BriefingFile.briefing_id == b.id)))
    assert formats == ["pdf", "png", "png", "png", "png", "pptx"]


def test_render_failure_exits_3_and_writes_no_file(demo_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EDUKPI_CHROMIUM", "/nonexistent/chromium")
    files_before = _count(BriefingFile)
    out = tmp_path / "x.pdf"
    assert main(["briefing", "--plan", "2025-taizhou", "--period", "2025-10", "--format", "pdf", "-o", str(out)]) == 3
    assert "简报导出失败：未找到 Chromium" in capsys.readouterr().err
    assert not out.exists()
    assert _count(BriefingFile) == files_before


def test_bad_input_exits_2(demo_db, tmp_path, capsys):
    before = _count(Briefing)
    assert main(["briefing", "--plan", "2025-taizhou", "--number", "9999", "--format", "pdf", "-o", str(tmp_path / "a.pdf")]) == 2
    assert "没有第 9999 期简报" in capsys.readouterr().err
    assert main(["briefing", "--plan", "2025-taizhou", "--period", "2025-13", "--format", "pdf", "-o", str(tmp_path / "a.pdf")]) == 2
    assert "YYYY-MM" in capsys.readouterr().err
    assert main(["briefing", "--plan", "2025-taizhou", "--period", "2025-10", "--format", "pdf", "-o", "/nonexistent/dir/a.pdf"]) == 2
    assert "输出目录不存在" in capsys.readouterr().err
    assert _count(Briefing) == before
    assert not (tmp_path / "a.pdf").exists()


def test_a_briefing_that_does_not_fit_exits_3_naming_the_panel_and_writes_no_file(demo_db, tmp_path, capsys):
    from auth.principal import SYSTEM
    from briefing import snapshot
    from db.session import write_session

    with write_session() as s:
        row = snapshot.create_briefing(s, SYSTEM, "2025-taizhou", "2025-10")
        row.snapshot = {**row.snapshot, "narrative": row.snapshot["narrative"] * 4}  # far too long for its panel
        number = row.number
    files_before = _count(BriefingFile)
    for fmt in ("png", "pdf"):
        out = tmp_path / f"x.{fmt}"
        assert main(["briefing", "--plan", "2025-taizhou", "--number", str(number), "--format", fmt, "-o", str(out)]) == 3
        err = capsys.readouterr().err
        assert "简报导出失败：简报版面放不下" in err and "第 1 页“本月概述”面板内容超出" in err
        assert not out.exists() and not (tmp_path / f"x-2.{fmt}").exists()
    assert _count(BriefingFile) == files_before
