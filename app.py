"""EduKPI 教育工作要点指标看板 — the Streamlit entry point: set up the database once, then route."""

import streamlit as st

from auth.principal import SYSTEM
from kpis import setup

st.set_page_config(page_title="EduKPI 教育工作要点指标看板", page_icon="📊", layout="wide")

# Every page: (file, title, icon, roles that may open it; None = every signed-in role).
PAGES = [
    ("pages/overview.py", "总览", ":material/dashboard:", None),
    ("pages/plan_tree.py", "计划与指标", ":material/account_tree:", None),
    ("pages/kpi_detail.py", "指标详情", ":material/query_stats:", None),
    ("pages/reporting_progress.py", "填报进度", ":material/assignment_turned_in:", None),
    ("pages/data_quality.py", "数据质量", ":material/rule:", None),
    ("pages/briefing.py", "月度简报", ":material/slideshow:", ("leader", "admin", "department")),
    ("pages/briefing_archive.py", "简报归档", ":material/inventory_2:", ("leader", "admin", "department")),
]


@st.cache_resource(show_spinner="正在准备数据库（首次启动会创建演示数据，约需十余秒）…")
def _prepare_database() -> bool:
    # Migrate, load the catalog and, on the embedded demo database, create demo data once.
    setup.initialise(with_demo=setup.demo_mode_default())
    return True


# Until sign-in exists (issue 6) every session acts as the system admin.
principal = st.session_state.setdefault("principal", SYSTEM)

pages = [
    st.Page(file, title=title, icon=icon, default=(i == 0))
    for i, (file, title, icon, roles) in enumerate(PAGES)
    if roles is None or principal.role in roles
]

# Streamlit lists the files of pages/ until st.navigation runs, so the navigation is registered
# hidden and drawn here (client.showSidebarNavigation is off): users never see file names.
# It is registered before the (possibly slow) first-start setup so routes work from the first frame.
navigation = st.navigation(pages, position="hidden")
with st.sidebar:
    st.markdown("### EduKPI 指标看板")
    for page in pages:
        st.page_link(page)
_prepare_database()
navigation.run()
