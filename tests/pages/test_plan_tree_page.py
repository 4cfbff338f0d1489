"""AppTest of the 计划与指标 page: the tree of each plan, in Chinese."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM
from kpis.catalog.files import load_catalog

APP = Path(__file__).resolve().parents[2] / "app.py"


def run_app():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["principal"] = SYSTEM  # a system-wide admin sees every bureau's plans
    at.run()
    at.switch_page("pages/plan_tree.py")  # 总览 is the default page
    at.run()
    assert not at.exception, at.exception
    return at


def test_default_plan_tree(demo_db):
    at = run_app()
    assert at.title[0].value == "计划与指标"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["量化指标"] == "26 项"  # the newest plan (2025-taizhou) is chosen first
    labels = [e.label for e in at.expander]
    assert any(label.startswith("二、聚力推进立德树人工程") for label in labels)


def test_switching_plans_shows_each_tree(demo_db):
    at = run_app()
    for plan in load_catalog().plans:
        at.selectbox(key="plan").select(next(o for o in at.selectbox(key="plan").options if plan["title"] in o)).run()
        assert not at.exception
        assert at.metric[2].value == f"{len(plan['kpis'])} 项"
        text = " ".join(m.value for m in at.markdown)
        for k in plan["kpis"][:3]:
            assert k["code"] in text
        assert at.query_params["plan"] == [plan["plan"]] or at.query_params["plan"] == plan["plan"]
