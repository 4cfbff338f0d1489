"""EduKPI 教育工作要点指标看板 — the Streamlit entry point: set up the database once, then route.

Start it with `python app.py [streamlit options]` (scripts/start.sh does): see _serve below."""

import os
import sys
from pathlib import Path


def _serve() -> None:
    """`python app.py …` = `streamlit run app.py …`, with Streamlit's legacy pages/ mode off from the start.

    Streamlit treats a folder named pages/ beside the main script as its old page list until the
    main script's st.navigation has run once, so a deep link (…/kpi_detail?kpi=…) that is the first
    request after a restart would run the page file on its own: no sign-in, no sidebar. The flag is
    only read when unset, so setting it before the server starts makes every request go through here.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from core import settings

    try:  # a bad EDUKPI_* value stops the start in one Chinese line, not a fallback (core.settings)
        settings.get()
    except settings.SettingsError as err:
        print(err, file=sys.stderr)
        sys.exit(2)
    PagesManager.uses_pages_directory = False
    _connect_deep_links_at_once()
    _prepare_before_serving()
    # Uvicorn (Streamlit's server) would replace the peer of a connection from 127.0.0.1 by the
    # X-Forwarded-For client before the app sees it; auth.network decides that itself from
    # EDUKPI_TRUSTED_PROXIES, and the SSO header check needs the real peer (docs/decisions.md).
    os.environ["FORWARDED_ALLOW_IPS"] = ""
    sys.argv = ["streamlit", "run", __file__, *sys.argv[1:]]
    sys.exit(cli.main())


PAGE_ICON = "📊"
# Every page: (file, title, icon, roles that may open it; None = every signed-in role).
LOGIN_PAGE = ("pages/login.py", "登录", ":material/login:")
ACCOUNT_PAGE = ("pages/account.py", "修改密码", ":material/password:")  # every role; linked under the user's name
PAGES = [
    ("pages/todo.py", "我的待办", ":material/checklist:", None),  # the first page after signing in (issue 14)
    ("pages/overview.py", "总览", ":material/dashboard:", None),
    ("pages/plan_tree.py", "计划与指标", ":material/account_tree:", None),
    ("pages/kpi_detail.py", "指标详情", ":material/query_stats:", None),
    ("pages/reporting_progress.py", "填报进度", ":material/assignment_turned_in:", None),
    ("pages/data_quality.py", "数据质量", ":material/rule:", None),
    ("pages/followup.py", "督办", ":material/assignment_late:", ("leader", "admin", "department", "district")),
    ("pages/briefing.py", "月度简报", ":material/slideshow:", ("leader", "admin", "department")),
    ("pages/briefing_archive.py", "简报归档", ":material/inventory_2:", ("leader", "admin", "department")),
    ("pages/upload.py", "数据填报", ":material/cloud_upload:", ("school", "district", "admin")),
    ("pages/review.py", "审核与确认", ":material/fact_check:", ("district", "leader", "admin")),
    ("pages/bureau_entry.py", "科室填报", ":material/edit_note:", ("department", "admin")),
    ("pages/plan_import.py", "计划导入", ":material/upload_file:", ("admin",)),
    ("pages/kpi_revise.py", "指标定义修订", ":material/tune:", ("admin",)),
    ("pages/users.py", "用户管理", ":material/manage_accounts:", ("admin",)),
    ("pages/org_admin.py", "学校与填报期", ":material/domain:", ("admin",)),
    ("pages/audit.py", "审计日志", ":material/history:", ("admin",)),
    ("pages/notify_settings.py", "通知设置", ":material/notifications:", ("admin",)),
    ("pages/notify_log.py", "通知记录", ":material/mark_email_read:", ("admin", "district")),
]
# Links to these pages carry the drill-down context of the address (plan, period, district, school,
# type), so a district or school chosen on one dashboard stays chosen on the next (docs/decisions.md).
DASHBOARDS = {"pages/overview.py", "pages/kpi_detail.py", "pages/reporting_progress.py", "pages/data_quality.py"}


def _page_addresses() -> list[str]:
    """Every page's address but the root: its file's stem, as st.Page names it (and url_path below)."""
    return [Path(file).stem for file, *_ in (LOGIN_PAGE, ACCOUNT_PAGE, *PAGES)]


def _connect_deep_links_at_once() -> None:
    """Serve a page's own address (/overview?…) with the server's root as the browser's base, so it connects at once.

    Streamlit's browser code cannot tell a page's address from an app served under a sub-path: on
    /overview it first asks /overview/_stcore/health, is told 404, waits its retry delay and only then
    asks /_stcore/health — about 130 ms on every bookmark, shared link and refresh of a page other than
    the first (issue 18; docs/benchmarks.md). Streamlit reads the server's address from
    window.__streamlit.BACKEND_BASE_URL when a host page sets it, so the pages' addresses get its
    index.html with that set to this server's root (and server.baseUrlPath). Any other address is
    answered as before. Should Streamlit rename what is wrapped here, the app still starts and
    answers as before, and test_leader_layout_browser.py's test_a_page_address_connects_at_once fails."""
    try:
        import json

        from starlette.responses import HTMLResponse
        from starlette.routing import Route
        from streamlit import config, file_util
        from streamlit.web.server.starlette import starlette_app
    except ImportError:
        return
    streamlit_routes = getattr(starlette_app, "create_streamlit_routes", None)
    if streamlit_routes is None:
        return

    def routes(runtime):
        base = "/".join(part for part in config.get_option("server.baseUrlPath").split("/") if part)
        root = f"/{base}/" if base else "/"
        index = Path(file_util.get_static_dir(), "index.html").read_text(encoding="utf-8")
        script = ("<script>window.__streamlit=Object.assign({BACKEND_BASE_URL:location.origin+"
                  f"{json.dumps(root)}}},window.__streamlit||{{}})</script>")
        html = index.replace("</head>", f"{script}</head>", 1)

        async def page(_request):
            return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

        return [*(Route(f"{root}{name}", page, methods=["GET"]) for name in _page_addresses()),
                *streamlit_routes(runtime)]

    starlette_app.create_streamlit_routes = routes


def _prepare_before_serving() -> None:
    """The first page after a restart should not pay for the setup (issue 18: the first 总览 was 3.5×
    a blank page): migrate and load the catalog, start the parse workers and import what the pages
    use before the server answers; the in-app _prepare_database then finds it done. A failure here is
    left to the app, which says it in Chinese on the page."""
    try:
        import logging

        import streamlit.delta_generator
        from streamlit.string_util import is_emoji

        from db.session import read_session
        from ingest import sandbox
        from kpis import warmup
        from seed import bootstrap

        # The pages' own imports, now rather than on the first page. Their st.cache_data decorators check
        # their parameters before there is a runtime and log so in English; the check is all they do here.
        caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
        level = caching_log.level
        caching_log.setLevel(logging.ERROR)
        try:
            from pages import auth_session, followup_widgets, kpi_widgets, login_view  # noqa: F401
        finally:
            caching_log.setLevel(level)

        bootstrap.initialise_once(with_demo=bootstrap.demo_mode_default())
        sandbox.warm()
        with read_session() as session:
            warmup.warm_up(session)
        is_emoji(PAGE_ICON)  # compiles Streamlit's emoji pattern (0.3 s) for set_page_config
        # Streamlit's "not run with streamlit run" check walks the stack with source lines (0.15 s) on the
        # first element of the process; this process is the server, so it is settled here.
        streamlit.delta_generator._use_warning_has_been_displayed = True
    except Exception as exc:  # noqa: BLE001 - the app reports it on the page
        print(f"启动前准备未完成（页面打开时会重试并说明原因）：{exc}", file=sys.stderr)


if __name__ == "__main__":
    from streamlit import runtime

    if not runtime.exists():  # launched by `python app.py`, not run by a Streamlit server
        _serve()

import streamlit as st

from ingest import sandbox
from seed import bootstrap
from pages import auth_session, login_view, nav
from pages.common import (chinese_accessibility, chinese_file_uploaders, drill_context, first_page_alias, in_app_links,
                          plan_ended_notice, root_name, unknown_address)

st.set_page_config(page_title="EduKPI 教育工作要点指标看板", page_icon=PAGE_ICON, layout="wide")



@st.cache_resource(show_spinner="正在准备数据库（首次启动会创建演示数据，约需十余秒）…")
def _prepare_database() -> bool:
    # Migrate, load the catalog and, on the embedded demo database, create demo data once.
    bootstrap.initialise_once(with_demo=bootstrap.demo_mode_default())
    sandbox.warm()  # the parse workers uploads go through start with the server, not with the first upload
    return True


# Who is signed in: this session's token, the cookie of a refreshed page, or the SSO proxy header.
# Nobody signed in sees only the 登录 page; everyone else only the pages their role may use (the
# services check the scope again on every call: a hidden page is not security).
principal = auth_session.resolve()
login = st.Page(LOGIN_PAGE[0], title=LOGIN_PAGE[1], icon=LOGIN_PAGE[2], default=principal is None)
if principal is None:
    # Signed out, every page's address shows the 登录 form in its place, so a bookmarked link
    # opens where it pointed once the user has signed in (and never meets an English "not found").
    every_page = [st.Page(login_view.show, title=title, icon=icon, url_path=Path(file).stem)
                  for file, title, icon, _roles in PAGES]
    allowed = []
else:
    # The first page is served at the root; its file's name stays free for first_page_alias, and the
    # name it gets is never the one asked for (Streamlit keys a page by its url_path, the default's too).
    every_page = [st.Page(file, title=title, icon=icon, default=(i == 0), url_path=root_name() if i == 0 else None)
                  for i, (file, title, icon, _roles) in enumerate(PAGES)]
    allowed = [page for page, (*_, roles) in zip(every_page, PAGES) if roles is None or principal.role in roles]
account = st.Page(ACCOUNT_PAGE[0] if principal else login_view.show, title=ACCOUNT_PAGE[1], icon=ACCOUNT_PAGE[2],
                  url_path="account")

# Every page stays routable; one the role may not use says so in Chinese instead of opening.
# Streamlit lists the files of pages/ until st.navigation runs, so the navigation is registered
# hidden and drawn here (client.showSidebarNavigation is off): users never see file names.
# It is registered before the (possibly slow) first-start setup so routes work from the first frame.
# An address that names no page (mistyped, or a page that no longer exists) gets a Chinese page of
# its own instead of Streamlit's English "Page not found" dialog and a silent jump to the default.
known = {"", "login", "account", *(Path(file).stem for file, *_ in PAGES)}
overview = next(page for page, (file, *_) in zip(every_page, PAGES) if file == "pages/overview.py")
missing = unknown_address(known, overview if principal is not None else login)  # its link says 返回总览
alias = first_page_alias(every_page[0], Path(PAGES[0][0]).stem) if principal is not None else None
extra = [page for page in (missing, alias) if page is not None]
current = st.navigation([login, *every_page, account, *extra], position="hidden")
context = drill_context()
with st.sidebar:
    st.markdown("### EduKPI 指标看板")
    if principal is not None:
        plan_only = {k: v for k, v in context.items() if k == "plan"}
        links = [nav.Link(page.url_path, title, icon, context if file in DASHBOARDS else plan_only)
                 for page, (file, title, icon, _roles) in zip(every_page, PAGES) if page in allowed]
        st.html(nav.sidebar(links, current.url_path,
                            f"当前用户：{principal.display_name or principal.username}（{principal.role_label}）",
                            nav.Link(account.url_path, ACCOUNT_PAGE[1], ACCOUNT_PAGE[2], {})))
        in_app_links()  # the links above switch page inside the session
        if st.session_state.get(auth_session.TOKEN):
            st.button("退出登录", icon=":material/logout:", on_click=auth_session.sign_out, key="sign_out")
    auth_session.emit_cookie_script()
    chinese_file_uploaders()
    chinese_accessibility()  # Chinese names for Streamlit's own controls, for screen readers
_prepare_database()
if current in extra:
    current.run()
elif principal is None or current in (login, account) or current in allowed:
    plan_ended_notice(principal)
    current.run()
else:
    st.error(f"您的角色（{principal.role_label}）无权打开“{current.title}”页面。")
    st.page_link(allowed[0], label="返回我的待办", icon=":material/arrow_back:")
