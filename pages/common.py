"""Small UI helpers shared by the pages (the only other place besides app.py that uses streamlit)."""

from __future__ import annotations

import re

import streamlit as st

from auth.principal import Principal
from db.session import read_session
from kpis import current
from kpis.catalog import query as catalog_query
from pages import html_parts, nav

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$=])")
# GFM turns bare addresses (http://…, www.…, a@b.cn, mailto:…) into links after the escapes are
# resolved, so no backslash stops it; an invisible WORD JOINER (U+2060) after "http"/"www" and
# before "@" does (checked in Chromium).
_AUTOLINK = re.compile(r"(?i)(?:https?|mailto|xmpp)(?=:)|www(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Show user or plan text literally inside markdown (no emphasis, links, headings or HTML).
    Every st.markdown/caption/info/warning/error/success body, widget label and st.table cell that
    holds a name, file name, note or message quoting them goes through this (widget options don't)."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, "" if text is None else str(text))
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_escape_frame(frame):  # noqa: ANN001, ANN201 - a pandas DataFrame
    """Every cell and column name escaped, for st.table (which renders cells as markdown)."""
    return frame.map(md_escape).rename(columns=md_escape)


@st.cache_data(ttl=60, show_spinner=False)
def _plans_visible_to(principal: Principal) -> list[catalog_query.PlanSummary]:
    with read_session() as s:
        return catalog_query.plans_for(s, principal)


def plan_options() -> list[catalog_query.PlanSummary]:
    """The plans the signed-in user may read (their own bureau's; every plan for a system admin).
    Cached per principal for a minute; plan_options.clear() drops the cache after a plan is saved."""
    principal = current_principal()
    if principal is None:
        return []
    return _plans_visible_to(principal)


plan_options.clear = _plans_visible_to.clear  # type: ignore[attr-defined]


def plan_label(p: catalog_query.PlanSummary) -> str:
    return f"{p.year}年 · {p.bureau} · {p.title}"


def plan_selector(key: str = "plan") -> catalog_query.PlanSummary | None:
    """A plan picker that remembers its choice in the URL (?plan=2022-yichang)."""
    options = plan_options()
    if not options:
        st.warning("还没有任何工作要点。请管理员运行 `python -m kpis init` 载入指标目录。")
        return None
    keys = [p.key for p in options]
    wanted = st.query_params.get("plan")
    index = keys.index(wanted) if wanted in keys else len(keys) - 1
    chosen = st.selectbox("工作要点", options, index=index, format_func=plan_label, key=key,
                          placeholder="请选择工作要点", on_change=_plan_changed, args=(key,))
    st.query_params["plan"] = chosen.key
    return chosen


def _plan_changed(key: str) -> None:
    # Another plan is another bureau or year: its districts, schools and months are not this one's.
    chosen = st.session_state.get(key)
    if chosen is not None:
        st.query_params["plan"] = chosen.key
    for name in ("period", "district", "school"):
        if name in st.query_params:
            del st.query_params[name]


# The drill-down context every dashboard reads from the address and every link between them carries,
# so back, refresh, a bookmark and a link shared in 企业微信 open the same view (docs/decisions.md).
CONTEXT = ("plan", "period", "district", "school", "type")


def drill_context() -> dict[str, str]:
    """The context parameters of the current address (plan, period, district, school, type)."""
    return {name: st.query_params[name] for name in CONTEXT if st.query_params.get(name)}


def sync_param(key: str, name: str, drops: tuple[str, ...] = ()) -> None:
    """on_change of a context picker: write its new value to the address before the rerun (the
    sidebar's links are drawn before the page runs) and drop what depends on it (a school belongs
    to one district and type)."""
    value = st.session_state.get(key)
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]
    for other in drops:
        if other in st.query_params:
            del st.query_params[other]


@st.cache_data(ttl=300, show_spinner=False)
def _bureau_current(bureau_id: int, month: str) -> current.CurrentPeriod | None:
    with read_session() as s:
        return current.for_bureau(s, bureau_id)


def bureau_current(bureau_id: int | None) -> current.CurrentPeriod | None:
    """The bureau's current period (kpis.current; cached per bureau and calendar month)."""
    if bureau_id is None:
        return None
    return _bureau_current(bureau_id, current.open_period())


def plan_ended_notice(principal: Principal | None) -> None:
    """On every page, for a bureau's admins and leaders: the bureau's newest plan has ended."""
    if principal is None or principal.role not in ("admin", "leader") or st.query_params.get("screen") == "1":
        return  # the 大屏 in a meeting room shows the figures only
    cur = bureau_current(principal.bureau_id)
    if cur is not None and cur.notice:
        # A banner of plain HTML like the dashboards' parts (pages/html_parts.py): it stands above every page.
        st.html(html_parts.notice(f"{cur.notice}。各页面默认显示{cur.plan_year}年12月。"))


def plan_current(plan: catalog_query.PlanSummary) -> current.CurrentPeriod:
    """The chosen plan's current period: what every page opens on without ?period= (kpis.current)."""
    return current.of_plan_year(plan.year)


def period_asked_or_current(periods: list[str], plan: catalog_query.PlanSummary) -> str:
    """What a period picker opens on: the address's ?period= when the picker lists it (我的待办's links
    name the month), else the plan's current period."""
    wanted = st.query_params.get("period")
    return wanted if wanted in periods else plan_current(plan).period


@st.cache_data(ttl=300, show_spinner=False)
def _org_current(org_code: str, month: str) -> current.CurrentPeriod | None:
    with read_session() as s:
        return current.for_org(s, org_code)


def org_current(org_code: str) -> current.CurrentPeriod | None:
    """The current period of the bureau a school or district belongs to (数据填报's default)."""
    return _org_current(org_code, current.open_period())


def time_column(label: str, seconds: bool = False):  # noqa: ANN201 - a Streamlit column config
    """A table column of kpis.clock.local times: written as clock.stamp writes them (2026年1月5日 16:00)
    and sorted by time, not by its text (which would put 2026年10月 before 2026年2月)."""
    return st.column_config.DatetimeColumn(label, format="YYYY年M月D日 HH:mm" + (":ss" if seconds else ""))


def default_period_index(periods: list[str], period: str | None) -> int:
    """Where the current period stands in a picker's list (0 when it is not listed)."""
    return periods.index(period) if period in periods else 0


_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "选择文件"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "拖放文件到此处，或点击“选择文件”"; font-size: 0.875rem; }
</style>"""


# Every page: less empty space above the title, a phone-sized title and metrics (the first screen of
# a phone is for figures), and a print layout for A4 (no sidebar, header, pickers or buttons; the
# app's scroll containers let the page flow onto as many sheets as it needs).
_LAYOUT_CSS = """<style>
[data-testid="stMainBlockContainer"]{padding-top:3rem}
@media (max-width:640px){
 [data-testid="stMainBlockContainer"]{padding-top:2.6rem;padding-left:.8rem;padding-right:.8rem}
 [data-testid="stMainBlockContainer"] h1{font-size:1.6rem;padding-bottom:.3rem}
 [data-testid="stMetricValue"]{font-size:1.45rem}
}
@media print{
 @page{size:A4;margin:12mm 10mm}
 [data-testid="stSidebar"],[data-testid="stSidebarCollapsedControl"],[data-testid="stHeader"],[data-testid="stToolbar"],
 [data-testid="stDecoration"],[data-testid="stStatusWidget"],[data-testid="stPopover"],[data-testid="stDownloadButton"],
 [data-testid="stPageLink"],[data-testid="stNumberInput"],[data-testid="stTextInput"],[data-testid="stSelectbox"],
 [data-testid="stBottom"]{display:none !important}
 html,body,.stApp,[data-testid="stApp"],[data-testid="stAppViewContainer"],[data-testid="stMain"],
 [data-testid="stAppScrollToBottomContainer"]{position:static !important;overflow:visible !important;height:auto !important}
 [data-testid="stMainBlockContainer"]{padding:0 !important;max-width:100% !important}
 [data-testid="stElementContainer"],[data-testid="stPlotlyChart"],[data-testid="stMetric"]{break-inside:avoid}
 h1,h2,h3{break-after:avoid}
}
</style>"""


def chinese_file_uploaders() -> None:
    """Streamlit's file picker says "Upload" and "200MB per file • …" in English whatever the locale;
    this style (no script) shows Chinese words in their place on every page. Labels and help texts
    of each uploader say which types and sizes are accepted. The same block carries the layout and
    print styles of every page (_LAYOUT_CSS)."""
    st.html(_UPLOADER_CSS + _LAYOUT_CSS + f"<style>{html_parts.CSS}{nav.CSS}</style>")


def current_principal() -> Principal | None:
    """The signed-in user of this browser session (set by the sign-in page)."""
    return st.session_state.get("principal")


def _leave_legacy_pages_mode() -> None:
    """A deep link (…/kpi_detail?kpi=…) to a freshly started server runs the page file without app.py:
    until app.py's st.navigation has run once, Streamlit treats pages/ as its legacy page list. Turn
    that mode off and rerun, so app.py (principal, sidebar, routing) handles the same URL."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_legacy_pages_mode()


def require_principal() -> Principal:
    """The signed-in user, or stop the page with a Chinese notice (pages check this themselves too)."""
    principal = current_principal()
    if principal is None:
        st.warning("请先登录。")
        st.stop()
    return principal


def require_plan() -> catalog_query.PlanSummary:
    """The chosen plan, or stop the page when there is none to choose."""
    plan = plan_selector()
    if plan is None:
        st.stop()
    return plan


# A click on an in-app <a href> (e.g. a 总览 card) would reload the whole app (a new Streamlit session,
# signed in again from the cookie). Instead, like the browser's back button, push the address and
# let Streamlit's own history listener switch page in this session. A modifier or middle click
# still opens the link anew (new tab), and without this script the link simply reloads.
_IN_APP_LINKS_JS = """<script>
if (!window.__edukpiInAppLinks) {
  window.__edukpiInAppLinks = true;
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-kpi],a[data-inapp]");
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var url = new URL(a.href, document.baseURI);
    if (url.origin !== location.origin) return;
    ev.preventDefault();
    history.pushState(null, "", url.href);
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
}
</script>"""


# Screen readers read what Streamlit's own controls are named, in English whatever the locale ("Show
# password", "Skip to main content", "Link to heading", "Help for …", "Open"), and a material icon's
# ligature ("visibility") where it is not hidden. This script renames those controls in Chinese and
# hides the icons' ligatures and the headings' anchor links from assistive technology, as the DOM
# changes (Streamlit redraws elements on every run).
_A11Y_JS = """<script>
if (!window.__edukpiA11y) {
  window.__edukpiA11y = true;
  var exact = {"Show password": "显示密码", "Hide password": "隐藏密码", "Skip to main content": "跳到正文",
    "Sidebar": "侧边栏", "Open": "展开选项", "Close": "关闭", "Clear all": "全部清除", "Clear": "清除",
    "Link to heading": "本节链接", "Collapse sidebar": "收起侧边栏", "Expand sidebar": "展开侧边栏",
    "Main menu": "主菜单", "Fullscreen": "全屏", "Close fullscreen": "退出全屏", "Download as CSV": "下载 CSV",
    "Search": "搜索", "Remove file": "移除文件", "Increment": "加一", "Decrement": "减一",
    "Show/hide columns": "显示/隐藏列", "Add row": "添加行", "Delete row(s)": "删除行", "Clear selection": "清除选择",
    "Toggle fullscreen": "切换全屏", "Download as PNG": "下载 PNG", "Select all": "全选", "Show data": "显示数据",
    "Show chart": "显示图表", "Print": "打印", "Cancel": "取消", "Edit": "编辑", "Rerun": "重新运行"};
  var ICONS = "[data-testid='stIconMaterial'],[data-testid='stHeaderActionElements']";
  var one = function (e) {
    if (e.matches(ICONS) && e.getAttribute("aria-hidden") !== "true") e.setAttribute("aria-hidden", "true");
    ["aria-label", "title"].forEach(function (name) {
      var v = e.getAttribute(name);
      if (!v) return;
      var zh = exact[v] || (v.indexOf("Help for ") === 0 ? v.slice(9) + " 的说明" : null);
      if (zh && zh !== v) e.setAttribute(name, zh);
    });
    if (e.matches("a[href='#stMain']") && e.textContent === "Skip to main content") e.textContent = "跳到正文";
  };
  var fix = function (root) {  // root and everything under it
    if (root.matches) one(root);
    root.querySelectorAll(ICONS + ",[aria-label],[title],a[href='#stMain']").forEach(one);
  };
  fix(document);
  // Only what changed, as it changes (before the browser paints or a screen reader reads it).
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "attributes") one(r.target);
      else r.addedNodes.forEach(function (n) { if (n.nodeType === 1) fix(n); });
    });
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"]});
}
</script>"""


def chinese_accessibility() -> None:
    """Chinese names for Streamlit's own controls as screen readers announce them (see _A11Y_JS)."""
    st.html(_A11Y_JS, unsafe_allow_javascript=True)


def in_app_links() -> None:
    """Make clicks on link-cards (a[data-kpi]) and the sidebar's links (a[data-inapp]) switch page within
    this session (see _IN_APP_LINKS_JS)."""
    st.sidebar.html(_IN_APP_LINKS_JS, unsafe_allow_javascript=True)


# Streamlit answers an address that names no page with an English "Page not found" dialog and the
# default page. app.py asks unknown_address first and registers, for that one run, a Chinese page at
# the address itself, so the dialog never comes. (An address of several segments, /a/b, never gets
# this far: Streamlit's frontend does not connect there at all.)


def _intended_page_name() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return None  # a page chosen by its id (a link inside the app) is always a known one
    return manager.intended_page_name


def unknown_address(known: set[str], home) -> object | None:  # noqa: ANN001 - home: an st.Page
    """A page saying, in Chinese, that the address names no page (with a link to ``home``), when
    the address of this run is not in ``known`` (url paths); None when it is."""
    name = (_intended_page_name() or "").strip().strip("/")
    if not name or name in known or "/" in name:
        return None

    def view() -> None:
        st.title("页面不存在")
        st.markdown(f"您打开的地址“/{md_escape(name)}”不是 EduKPI 的页面：可能是地址输入有误，"
                    "或收藏、转发的链接已经过期。请从总览重新进入，或使用左侧菜单。")
        st.page_link(home, label="返回总览", icon=":material/arrow_back:")

    return st.Page(view, title="页面不存在", icon=":material/help:", url_path=name)


def root_name() -> str:
    """A url_path for the first page, served at the root, that this run's address does not ask for: Streamlit
    keys every page by its url_path, the default one's too, so the name asked for (/todo, /root) must stay free
    for the page that answers it (first_page_alias, unknown_address)."""
    return "root" if (_intended_page_name() or "").strip().strip("/") != "root" else "root-page"


def first_page_alias(first, stem: str) -> object | None:  # noqa: ANN001 - first: an st.Page
    """The first page's file address (/todo) when this run asks for it, as a page that moves on to the root.

    Signed in, the first page is served at the root, so /todo (the address it has while signed out, a
    bookmark or a shared link) would meet Streamlit's English "Page not found" dialog."""
    if (_intended_page_name() or "").strip().strip("/") != stem:
        return None

    def view() -> None:
        st.switch_page(first, query_params=st.query_params.to_dict())

    return st.Page(view, title=first.title, icon=first.icon, url_path=stem)
