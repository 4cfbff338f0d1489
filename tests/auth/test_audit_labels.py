"""The 审计日志 page writes every action, object and field in Chinese: the names the code records (literal, and the
followup and cycle families built at run time) and the fields of the rows the demo and the workflow write."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from auth.audit import ACTION_LABELS, ENTITY_LABELS, FIELD_LABELS
from followup.rules import Action

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("auth", "briefing", "cli", "followup", "ingest", "kpis", "notify", "workflow")


def _recorded_names() -> tuple[set[str], set[str]]:
    """(actions, entities) named by string literals in every audit.record / record_many call of the code."""
    actions, entities = set(), set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("record", "record_many") and len(node.args) >= 4):
                    for arg, into in ((node.args[2], actions), (node.args[3], entities)):
                        into.update(_names(arg))
    return actions, entities


def _names(arg: ast.expr) -> set[str]:
    """A literal name, or each of an if-else's ("enable" if active else "disable"); a name built by + is a family
    the test lists itself."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return {arg.value}
    if isinstance(arg, ast.IfExp):
        return _names(arg.body) | _names(arg.orelse)
    return set()


def test_every_recorded_action_and_object_has_a_chinese_label():
    actions, entities = _recorded_names()
    actions |= {"followup_" + a.name.lower() for a in Action if a != Action.OPEN}  # followup/items.py: "followup_" + …
    actions |= {"cycle_" + s for s in ("submit", "approve", "return", "confirm")}  # workflow/cycle.py: "cycle_" + …
    actions |= {"import_plan"}  # kpis/catalog/import_review.ACTION
    assert {"create", "followup_item", "period_lock"} <= actions | entities  # the scan finds the calls
    assert sorted(a for a in actions if a not in ACTION_LABELS) == []
    assert sorted(e for e in entities if e not in ENTITY_LABELS) == []
    for label in (*ACTION_LABELS.values(), *ENTITY_LABELS.values(), *FIELD_LABELS.values()):
        assert re.search(r"[\u4e00-\u9fff]", label) and not re.search(r"[a-z]{3,}", label), label


def test_the_fields_the_workflow_and_followup_write_have_chinese_labels():
    # the before/after keys of 督办, the review cycle, locks, uploads, plan imports and briefings (as recorded)
    written = {"plan", "kpi", "period", "scope", "status", "cause", "measures", "owner", "due", "state", "note",
               "requested_due", "attachments", "checkin_note", "needs_coordination", "auto_lock_days", "automatic",
               "briefing", "bureau", "by", "bytes", "errors", "format", "items", "kpis", "kpis_added", "locked",
               "number", "org_unit_id", "reading", "sha256", "stored_today", "submission", "supersedes", "title",
               "values", "year", "confirmers", "district_review", "reason", "filename", "schools"}
    assert sorted(f for f in written if f not in FIELD_LABELS) == []
