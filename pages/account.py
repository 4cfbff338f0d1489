"""修改密码: any signed-in user changes their own password (opened from the sidebar, under the name)."""

import streamlit as st

from auth import account, passwords
from db.session import write_session
from pages import auth_session
from pages.common import md_escape, require_principal

st.title("修改密码")
principal = require_principal()
st.caption(f"账户：{md_escape(principal.username)}（{principal.role_label}）。修改成功后，您在其他浏览器或设备上的登录将全部失效，"
           "当前页面保持登录。")

done = st.session_state.pop("account_changed", None)
if done:
    st.success(done)

left, _ = st.columns([2, 3])
with left:
    with st.form("change_password", clear_on_submit=True, enter_to_submit=True):
        current = st.text_input("当前密码", type="password", max_chars=200, placeholder="请输入当前密码",
                                autocomplete="current-password", key="pw_current")
        new = st.text_input("新密码", type="password", max_chars=200, placeholder="请输入新密码",
                            autocomplete="new-password", key="pw_new")
        repeat = st.text_input("确认新密码", type="password", max_chars=200, placeholder="请再输入一遍新密码",
                               autocomplete="new-password", key="pw_repeat")
        submitted = st.form_submit_button("修改密码", type="primary", icon=":material/password:")
    st.caption(f"新密码要求：至少 {passwords.MIN_LENGTH} 个字符，包含小写字母、大写字母、数字、符号（或汉字）中的至少三类，"
               "不能是常见密码，不能包含用户名，不能与当前密码相同。")
    if submitted:
        with write_session() as s:
            error = account.change_own_password(s, principal, current, new, repeat,
                                                keep_token=st.session_state.get(auth_session.TOKEN),
                                                client=auth_session.client_address())
        if error:
            st.error(f"密码未修改：{md_escape(error)}")
        else:
            st.session_state["account_changed"] = "密码已修改。下次登录请使用新密码；其他设备上的登录已失效。"
            st.rerun()
