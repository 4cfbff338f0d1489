"""我的待办: the first page after signing in — what this person has to do now (workflow.todo)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl

import streamlit as st

import followup
from core.errors import EduKPIError
from core.timezones import CHINA
from db.session import read_session
from pages.common import md_escape, require_principal
from pages.errors import stop_on
from workflow import todo

# url path → page file: links of items open these pages with their query parameters.
PAGE_FILES = {"upload": "pages/upload.py", "review": "pages/review.py", "overview": "pages/overview.py",
              "reporting_progress": "pages/reporting_progress.py", "bureau_entry": "pages/bureau_entry.py",
              "followup": "pages/followup.py"}
LINK_LABELS = {"upload": "去数据填报", "review": "去审核", "overview": "看总览", "reporting_progress": "看填报进度",
               "bureau_entry": "去科室填报", "followup": "去督办"}
BADGE = {todo.Urgency.HIGH: ("red", ":material/priority_high:"), todo.Urgency.NORMAL: ("orange", ":material/schedule:"),
         todo.Urgency.INFO: ("gray", ":material/info:")}
# 督办 items (followup.todo_items) say overdue | soon | normal; here they read as the cycle's urgencies.
FOLLOWUP_URGENCY = {"overdue": todo.Urgency.HIGH, "soon": todo.Urgency.NORMAL, "normal": todo.Urgency.NORMAL}


def _followup_item(item: followup.TodoItem) -> todo.TodoItem:
    path, _, query = item.link.partition("?")
    return todo.TodoItem("督办", item.title, item.detail, path, FOLLOWUP_URGENCY.get(item.urgency, todo.Urgency.NORMAL),
                         tuple(parse_qsl(query)))


st.title("我的待办")
principal = require_principal()
today = datetime.now(CHINA).date()
st.caption(f"{md_escape(principal.display_name or principal.username)}（{principal.role_label}）· "
           f"今天是{today.year}年{today.month}月{today.day}日")
try:
    with read_session() as s:
        items = todo.items(s, principal, today)
        actions = [_followup_item(i) for i in followup.todo_items(s, principal, today)]
except EduKPIError as err:
    stop_on(err)

# Urgent items first (a stable sort: within each group the cycle's before 督办's, each in its own order).
items = sorted(items + actions, key=lambda i: i.urgency != todo.Urgency.HIGH)
if not items:
    st.success("目前没有待办事项。")
for item in items:
    colour, icon = BADGE[item.urgency]
    with st.container(border=True):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f":{colour}-badge[{icon} {item.urgency}] :gray-badge[{md_escape(item.section)}] "
                      f"**{md_escape(item.title)}**")
        left.caption(md_escape(item.detail))
        page = PAGE_FILES.get(item.link)
        if page:
            right.page_link(page, label=LINK_LABELS.get(item.link, "打开"), icon=":material/arrow_forward:",
                            query_params=item.query)
st.page_link("pages/overview.py", label="查看总览", icon=":material/dashboard:")
