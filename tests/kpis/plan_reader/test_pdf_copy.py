"""A plan copied out of a PDF reads like the plan: lines cut at a fixed width (a figure split across two lines, a
unit or % alone at a line's start) and page numbers between the lines of a sentence."""

from pathlib import Path

import pytest

from tests.kpis.plan_reader.reading import accepted_targets

HERE = Path(__file__).parent
SEED = HERE.parents[2] / "seed" / "plans"


def pdf_copy(text: str, width: int = 35, page_every: int = 23) -> str:
    """The text as a PDF viewer copies it: prose lines cut every `width` characters and a page number (— 2 —) after
    every `page_every` lines, wherever the sentence is. Table rows (tabs, |, cells a space apart) stay whole, as a PDF
    copies a table's cells, not its prose."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip() or "\t" in line or "|" in line or len(line.split()) >= 3 or "  " in line.strip():
            lines.append(line)
            continue
        lines += [line[i:i + width] for i in range(0, len(line), width)]
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % page_every == 0:
            out.append(f"— {i // page_every} —")
    return "\n".join(out)


def _plans() -> list[Path]:
    return sorted(SEED.glob("*.txt")) + [p for d in ("dev_unseen", "dev_blind", "dev_blind2", "dev_blind3")
                                         for p in sorted((HERE / d).glob("*.txt"))]


@pytest.mark.parametrize("path", _plans(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_plan_copied_from_a_pdf_reads_the_same_targets(path):
    text = path.read_text(encoding="utf-8")
    expected = accepted_targets(text)
    for width, page_every in ((22, 11), (35, 23), (50, 40)):  # a narrow column, an A4 page, a wide page
        assert accepted_targets(pdf_copy(text, width, page_every)) == expected, (width, page_every)


def test_a_figure_cut_at_a_line_end_is_one_figure():
    assert accepted_targets("2026年工作要点\n一、学校建设。全年新建、改扩建学校8所，新增学位27\n00个，确保秋季开学投用。") == [
        (2700, None, "个", ">="), (8, None, "所", ">=")]
    # % alone on the next line (a junk-shaped line elsewhere) finishes the rate
    assert accepted_targets("15.加强师德师风建设。开展专题教育，师德失范行为查处率100\n%。") == [(100, None, "%", ">=")]


def test_a_page_number_inside_a_sentence_is_a_page_break():
    assert accepted_targets("一、学前教育。普惠性幼儿园覆盖率达到百分之九\n— 3 —\n十五，新建幼儿园3所。") == [
        (3, None, "所", ">="), (95, None, "%", ">=")]


def test_numbers_on_lines_of_their_own_are_not_glued():
    """2022.12 alone is a table's cell and 2、 a list number: neither carries on the figure above it."""
    from kpis.plan_reader.debris import clean_lines

    assert clean_lines("项目起止时间 2022.1\n2022.12\n绩效目标") == ["项目起止时间 2022.1", "", "绩效目标"]
    lines = clean_lines("1、补助 2022.1 2022.12\n2、\n新建学校5所。")
    assert "2、" not in "".join(lines)
