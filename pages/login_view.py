"""The 登录 form: user name and password. Used by pages/login.py and, for a page opened while
signed out, by app.py in that page's place (so the link opens once the user has signed in)."""

import streamlit as st

from auth import sessions, users
from db.session import read_session, write_session
from seed import bootstrap
from pages import auth_session
from pages.common import current_principal, md_escape


def _duration(seconds: float) -> str:
    """7200 s → "2 小时", 5400 s → "90 分钟"."""
    minutes = round(seconds / 60)
    return f"{minutes // 60} 小时" if minutes % 60 == 0 else f"{minutes} 分钟"


def show() -> None:
    """The sign-in form (also shown in place of any page opened while signed out)."""
    if current_principal() is not None:
        # Signed in: on to 我的待办, the first page (every role may open it), keeping a deep link's ?plan=…
        st.switch_page("pages/todo.py", query_params=st.query_params.to_dict())

    st.title("登录")
    st.caption("EduKPI 教育工作要点指标看板：请使用本局管理员为您开设的账户登录。")

    notice = auth_session.pop_notice()
    if notice:
        st.info(notice)

    with read_session() as s:
        anyone = users.has_any_user(s)
        demo = users.demo_accounts(s) if bootstrap.demo_mode_default() else []

    left, _ = st.columns([2, 3])
    with left:
        with st.form("login", enter_to_submit=True):
            username = st.text_input("用户名", max_chars=60, placeholder="请输入用户名", autocomplete="username")
            password = st.text_input("密码", type="password", max_chars=200, placeholder="请输入密码",
                                     autocomplete="current-password")
            submitted = st.form_submit_button("登录", type="primary", icon=":material/login:")
        if submitted:
            client = auth_session.client_address()
            with write_session() as s:
                outcome = sessions.sign_in(s, username, password, client)
            if outcome.error:
                st.error(outcome.error)
            else:
                auth_session.signed_in(outcome.signed_in)
                st.rerun()

        if not anyone:
            st.warning("系统中还没有任何用户。请在服务器上运行 "
                       "`python -m kpis users add --username 用户名 --role admin` 创建第一位管理员（按提示输入密码）。")
        if demo:
            with st.expander("演示账户（仅演示数据库中存在）", expanded=False):
                st.caption(f"所有演示账户的密码都是 {users.DEMO_PASSWORD}")
                st.table({"用户名": [a.username for a in demo], "角色": [a.role_label for a in demo],
                          "数据范围": [md_escape(a.scope) for a in demo]})
        st.caption(f"连续输错 {sessions.FREE_FAILURES_PER_USER} 次后需等待一段时间才能再试；"
                   f"连续 {_duration(sessions.idle_timeout().total_seconds())}无操作将自动退出，"
                   f"登录最长保持 {_duration(sessions.session_lifetime().total_seconds())}；"
                   "在此期间关闭浏览器后再打开或刷新页面仍保持登录。")
