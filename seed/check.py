"""`python -m seed.check [PLAN.json ...]`: validate catalog files and print what is wrong."""

import json
import sys
from pathlib import Path

from kpis.catalog.files import CATALOG_DIR, CatalogError, plan_ids, read_plan_text, validate_plan
from kpis.catalog.rules import RULES_FILE, rule_problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [CATALOG_DIR / f"{p}.json" for p in plan_ids()]
    elements = {e["code"]: e for e in json.loads((CATALOG_DIR / "elements.json").read_text("utf-8"))}
    bad = 0
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        try:
            problems = validate_plan(doc, elements, read_plan_text(path.stem))
        except CatalogError as exc:  # a missing plan text is an error, not a skipped check
            problems = [str(exc)]
        items = sum(len(s["items"]) for s in doc.get("sections", []))
        print(f"{path.name}: {len(doc.get('sections', []))} 部分, {items} 条目, "
              f"{len(doc.get('kpis', []))} 项指标, {len(problems)} 个问题")
        for p in problems:
            print("   ", p)
        bad += bool(problems)
    if not argv:  # the rules between numbers (rules.json) refer to elements.json
        rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
        problems = rule_problems(rules, elements)
        print(f"rules.json: {len(rules)} 条校验规则, {len(problems)} 个问题")
        for p in problems:
            print("   ", p)
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
