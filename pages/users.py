"""用户管理 (admins): create users, disable or enable them, reset passwords, change role and scope.

Every action goes through auth.users, which checks again that the signed-in user is an admin of
the same bureau and writes the audit log in the same transaction."""

import pandas as pd
import streamlit as st

from core.errors import EduKPIError

from auth import users
from auth.principal import ROLES
from db.session import read_session, write_session
from kpis import clock
from pages.errors import show_error
from pages.common import current_principal, md_escape, time_column

st.title("用户管理")
st.caption("新建账户、停用或启用账户、重置密码、修改角色和数据范围。每一项操作都会记入审计日志。")

me = current_principal()
if me is None or me.role != "admin":
    st.error("只有管理员可以管理用户。")
    st.stop()

flash = st.session_state.pop("_users_flash", None)
if flash:
    st.success(md_escape(flash))


def act(fn, done: str) -> None:  # noqa: ANN001
    """Run one user action in its own transaction; show a Chinese message for every refusal."""
    try:
        with write_session() as s:
            fn(s)
    except EduKPIError as exc:
        show_error(exc)
        return
    st.session_state["_users_flash"] = done
    st.rerun()


with read_session() as s:
    rows = users.list_users(s, me)

active = sum(r.active for r in rows)
st.markdown(f"共 {len(rows)} 个账户，其中启用 {active} 个、停用 {len(rows) - active} 个。")
table = pd.DataFrame([{
    "用户名": r.username, "姓名": r.display_name, "角色": r.role_label, "数据范围": r.scope_name,
    "科室": r.department or "", "状态": "启用" if r.active else "停用",
    "创建时间": clock.local(r.created_at),
} for r in rows], columns=["用户名", "姓名", "角色", "数据范围", "科室", "状态", "创建时间"])
st.dataframe(table, hide_index=True, width="stretch", column_config={"创建时间": time_column("创建时间")})

role_keys = list(ROLES)
usernames = [r.username for r in rows]


def scope_picker(role: str, key: str, current: str | None = None) -> str | None:
    if role == "admin" and me.bureau_id is not None:
        st.caption("本局管理员的数据范围为本局。")
        return None
    with read_session() as s:
        choices = users.scope_choices(s, me, role)
    if role == "admin":
        choices = [("", "全部（系统管理员）")] + choices
    codes = [c for c, _ in choices]
    labels = dict(choices)
    index = codes.index(current) if current in codes else None
    picked = st.selectbox("数据范围", codes, index=index, format_func=lambda c: labels[c], key=key,
                          placeholder="请选择…", help="学校填报员选学校，片区/街道选片区，其他角色选教育局")
    return picked or None


new_tab, state_tab, pw_tab, scope_tab = st.tabs(["新建用户", "停用或启用", "重置密码", "修改角色和范围"])

with new_tab:
    role = st.selectbox("角色", role_keys, format_func=lambda r: ROLES[r], key="new_role", index=None,
                        placeholder="请选择…")
    if role:
        scope = scope_picker(role, "new_scope")
        with st.form("new_user", clear_on_submit=False):
            username = st.text_input("用户名", max_chars=60, placeholder="如 zhangsan，不含空格")
            display = st.text_input("姓名", max_chars=100, placeholder="如 张三")
            dept = st.text_input("所属科室", max_chars=50, placeholder="如 学前教育科") if role == "department" else None
            pw1 = st.text_input("初始密码", type="password", placeholder="至少 10 个字符，含字母、数字、符号中的三类")
            pw2 = st.text_input("再输入一次", type="password", placeholder="再输入一次初始密码")
            if st.form_submit_button("新建用户", type="primary"):
                if pw1 != pw2:
                    st.error("两次输入的密码不一致，请重新输入。")
                elif role != "admin" and not scope:
                    st.error("请先在上方选择该用户的数据范围。")
                else:
                    act(lambda s: users.create_user(s, me, username.strip(), pw1, role, scope, dept, display),
                        f"已新建用户 {username.strip()}。")

with state_tab:
    who = st.selectbox("用户", usernames, index=None, placeholder="请选择…", key="state_user")
    if who:
        row = next(r for r in rows if r.username == who)
        if row.active:
            st.markdown(f"账户 **{md_escape(who)}** 目前为启用状态。停用后该用户立即退出登录，且无法再登录。")
            if st.button("停用该账户", type="primary", key="disable"):
                act(lambda s: users.set_active(s, me, who, False), f"已停用用户 {who}。")
        else:
            st.markdown(f"账户 **{md_escape(who)}** 目前已停用。")
            if st.button("启用该账户", type="primary", key="enable"):
                act(lambda s: users.set_active(s, me, who, True), f"已启用用户 {who}。")

with pw_tab:
    who = st.selectbox("用户", usernames, index=None, placeholder="请选择…", key="pw_user")
    if who:
        with st.form("reset_pw"):
            pw1 = st.text_input("新密码", type="password", placeholder="至少 10 个字符，含字母、数字、符号中的三类")
            pw2 = st.text_input("再输入一次", type="password", placeholder="再输入一次新密码")
            if st.form_submit_button("重置密码", type="primary"):
                if pw1 != pw2:
                    st.error("两次输入的密码不一致，请重新输入。")
                else:
                    act(lambda s: users.reset_password(s, me, who, pw1), f"已重置用户 {who} 的密码，其登录已全部结束。")

with scope_tab:
    who = st.selectbox("用户", usernames, index=None, placeholder="请选择…", key="scope_user")
    if who:
        row = next(r for r in rows if r.username == who)
        new_role = st.selectbox("新角色", role_keys, index=role_keys.index(row.role), format_func=lambda r: ROLES[r],
                                key="scope_role", placeholder="请选择…")
        scope = scope_picker(new_role, "scope_scope", current=row.scope_code)
        dept = st.text_input("所属科室", value=row.department or "", max_chars=50, key="scope_dept",
                             placeholder="如 学前教育科") if new_role == "department" else None
        if st.button("保存角色和范围", type="primary", key="save_scope"):
            if new_role != "admin" and not scope:
                st.error("请选择该用户的数据范围。")
            else:
                act(lambda s: users.change_scope(s, me, who, new_role, scope, dept), f"已修改用户 {who} 的角色和范围。")
