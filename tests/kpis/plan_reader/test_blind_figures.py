"""bench/blind_figures: a blind set's one measurement shows counts only, and its kinds add up to the whole."""

import json

import pytest

from bench import blind_figures
from kpis.plan_reader.evaluate import load_set

BLIND = [f"real_blind{n}" for n in range(7, 13)]


@pytest.mark.parametrize("name", BLIND)
def test_every_text_has_a_kind_and_the_kinds_add_up_to_the_set(name):
    directory = blind_figures.READER_TESTS / name
    kinds = blind_figures.kinds_of(directory)
    assert set(kinds) == {plan for plan, _text, _labels in load_set(directory)}
    assert set(kinds.values()) <= {"plan", "news"}
    totals = blind_figures.figures(directory)["totals"]
    for key in ("hits", "false_positives", "misses"):
        assert sum(totals[k][key] for k in totals if k != "all") == totals["all"][key]


def test_the_output_quotes_no_label_and_no_line_of_a_text(capsys):
    assert blind_figures.main(["--set", "real_blind12", "--json"]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert [t["text"] for t in result["texts"]]  # one row per text
    for _plan, text, labels in load_set(blind_figures.READER_TESTS / "real_blind12"):
        for lb in labels:
            assert lb["source"] not in out
        for line in text.splitlines():
            if len(line.strip()) >= 8:
                assert line.strip() not in out


def test_an_unknown_set_is_refused_in_chinese(capsys):
    assert blind_figures.main(["--set", "no_such_set"]) == 2
    assert "找不到标注集 no_such_set" in capsys.readouterr().err
