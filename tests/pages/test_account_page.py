"""AppTest of 修改密码: the sidebar link under the user's name, each mistake's message, success."""

import uuid
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from auth import passwords, sessions, users
from auth.principal import SYSTEM
from db.models import OrgUnit, User
from db.session import read_session, write_session
from tests.pages.html_views import sidebar_links

APP = Path(__file__).resolve().parents[2] / "app.py"
PW = "Strong-Pass-2468"
NEW = "Fresh-Secret-9753"


def signed_in_app():
    name = f"p_{uuid.uuid4().hex[:8]}"
    with write_session() as s:
        bureau = s.scalar(select(OrgUnit).where(OrgUnit.code == "331081"))
        users.create_user(s, SYSTEM, name, PW, "leader", bureau.code, display_name="页面测试")
        token = sessions.sign_in(s, name, PW, "apptest").signed_in.token
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state["_auth_token"] = token
    at.run()
    assert not at.exception, at.exception
    return at, name, token


def fill(at, current, new, repeat):
    at.text_input(key="pw_current").input(current)
    at.text_input(key="pw_new").input(new)
    at.text_input(key="pw_repeat").input(repeat)
    next(b for b in at.button if b.label == "修改密码").click()
    at.run()
    assert not at.exception, at.exception


def hash_of(name):
    with read_session() as s:
        return s.scalar(select(User.password_hash).where(User.username == name))


def test_sidebar_links_the_page_under_the_user_name_and_it_changes_the_password(demo_db):
    at, name, token = signed_in_app()
    sidebar = list(sidebar_links(at))
    assert sidebar[-1] == "修改密码"
    at.switch_page("pages/account.py").run()
    assert [t.value for t in at.title] == ["修改密码"]
    before = hash_of(name)

    fill(at, PW, NEW, "Other-Secret-9753")
    assert at.error[0].value == "密码未修改：两次输入的新密码不一致，请在“确认新密码”中再输入一遍相同的新密码。"
    fill(at, "Wrong-Pass-0000", NEW, NEW)
    assert at.error[0].value == "密码未修改：当前密码不正确，请检查后重新输入（注意大小写）。"
    fill(at, PW, "abc", "abc")
    assert at.error[0].value.startswith("密码未修改：新密码不符合要求：密码太短：至少需要 10 个字符，当前只有 3 个。")
    fill(at, PW, PW, PW)
    assert at.error[0].value == "密码未修改：新密码不能与当前密码相同，请换一个新密码。"
    assert hash_of(name) == before

    fill(at, PW, NEW, NEW)
    assert not at.error
    assert at.success[0].value == "密码已修改。下次登录请使用新密码；其他设备上的登录已失效。"
    assert passwords.verify_password(hash_of(name), NEW)
    with read_session() as s:
        assert sessions.resume(s, token).username == name  # this session stays signed in
    at.run()
    assert at.session_state["principal"].username == name and [t.value for t in at.title] == ["修改密码"]



def test_sign_in_page_tells_the_idle_and_absolute_limits(demo_db, monkeypatch):
    monkeypatch.delenv("EDUKPI_SESSION_IDLE_MINUTES", raising=False)
    monkeypatch.delenv("EDUKPI_SESSION_MAX_HOURS", raising=False)
    monkeypatch.delenv("EDUKPI_SESSION_HOURS", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    captions = " ".join(c.value for c in at.caption)
    assert "连续 2 小时无操作将自动退出，登录最长保持 12 小时；" in captions
    assert "8 小时" not in captions
    monkeypatch.setenv("EDUKPI_SESSION_IDLE_MINUTES", "45")
    at.run()
    assert "连续 45 分钟无操作将自动退出" in " ".join(c.value for c in at.caption)
