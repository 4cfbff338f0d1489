"""bench.label_agreement: a second labeller's required labels scored against the first's as the reader's candidates are."""

import json

from bench.label_agreement import agreement

TEXT = "新建幼儿园5所，新增学位900个，改造操场3个，入学率提高到95%。"


def _label(source, value, unit, optional=False):
    return {"plan": "p", "source": source, "value": value, "value_upper": None, "unit": unit, "comparator": ">=",
            "optional": optional}


def test_optional_labels_excuse_as_the_reader_is_excused(tmp_path):
    (tmp_path / "p.txt").write_text(TEXT, encoding="utf-8")
    first = [_label("新建幼儿园5所", 5, "所"), _label("新增学位900个", 900, "个"), _label("改造操场3个", 3, "个", True)]
    (tmp_path / "labels.json").write_text(json.dumps({"labels": first}, ensure_ascii=False), encoding="utf-8")
    second = [_label("幼儿园5所", 5, "所"), _label("学位900个", 900, "个", True), _label("操场3个", 3, "个"),
              _label("提高到95%", 95, "%")]
    second_file = tmp_path / "labels_second.json"
    second_file.write_text(json.dumps({"labels": second}, ensure_ascii=False), encoding="utf-8")

    strict, lenient = agreement(tmp_path, second_file)
    # As labelled: 5所 agrees, 3个 is optional for the first (no error), 95% is the second's alone, 900个 a miss.
    assert (len(strict.true_pos), len(strict.false_pos), len(strict.false_neg)) == (1, 1, 1)
    assert (strict.precision, strict.recall) == (0.5, 0.5)
    # Optional either side: 900个 is optional for the second, so it is no miss; 95% still is not the first's.
    assert (len(lenient.true_pos), len(lenient.false_pos), len(lenient.false_neg)) == (1, 1, 0)
    assert (lenient.precision, lenient.recall) == (0.5, 1.0)


def test_the_reverse_reading_scores_the_first_labeller_against_the_second(tmp_path):
    (tmp_path / "p.txt").write_text(TEXT, encoding="utf-8")
    first = [_label("新建幼儿园5所", 5, "所"), _label("新增学位900个", 900, "个")]
    (tmp_path / "labels.json").write_text(json.dumps({"labels": first}, ensure_ascii=False), encoding="utf-8")
    second_file = tmp_path / "labels_second.json"
    second_file.write_text(json.dumps({"labels": [_label("幼儿园5所", 5, "所"), _label("提高到95%", 95, "%", True)]},
                                      ensure_ascii=False), encoding="utf-8")
    strict, _ = agreement(tmp_path, second_file, reverse=True)
    # The first's 900个 is not among the second's labels: one false positive; 5所 agrees; 95% is optional, no miss.
    assert (len(strict.true_pos), len(strict.false_pos), len(strict.false_neg)) == (1, 1, 0)
