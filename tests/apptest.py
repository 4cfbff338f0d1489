"""Open the real app (app.py, its navigation and sign-in) in AppTest on one page, as a principal."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from auth.principal import SYSTEM, Principal

APP = Path(__file__).resolve().parents[1] / "app.py"


def open_app(page: str | None = "pages/overview.py", principal: Principal | None = SYSTEM, timeout: float = 120,
             **params) -> AppTest:
    """Run app.py with the principal signed in and the query parameters set, then switch to `page`
    (the parameters are set again: a page switch starts from the page's own address). Without a
    page: the 总览 (since issue 14 the first page after signing in is 我的待办; page=None stays there)."""
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if principal is not None:
        at.session_state["principal"] = principal
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
    assert not at.exception, at.exception
    return at


def open_bureau_entry(principal: Principal) -> AppTest:
    """科室填报 as a 温岭 department officer, the demo plan chosen."""
    at = open_app("pages/bureau_entry.py", principal)
    plan_box = at.selectbox(key="plan")
    plan_box.select(next(o for o in plan_box.options if "温岭" in o)).run()
    return at


def wenling_department(username: str, department: str) -> Principal:
    """A 温岭 (2025-taizhou) 科室 officer, without an account: the services read only the Principal."""
    from sqlalchemy import select

    from db.models import Plan
    from db.session import read_session

    with read_session() as s:
        bureau = s.scalar(select(Plan.bureau_id).where(Plan.plan_key == "2025-taizhou"))
    return Principal(user_id=None, username=username, role="department", bureau_id=bureau, department=department,
                     display_name=department)
