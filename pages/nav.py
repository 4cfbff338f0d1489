"""The sidebar's page list as one HTML block of links (not one st.page_link per page).

Why: every page drew ~20 page links, each an element of its own with its own script to fetch in a
fresh browser; one block is drawn with the rest of the page (issue 18, docs/decisions.md). A click
switches page inside the session, as st.page_link does (pages.common.in_app_links: the link
carries data-inapp); a middle click or "open in new tab" opens the address itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from pages.html_parts import e

CSS = """
nav.ek-nav{display:flex;flex-direction:column;gap:1px;margin:0 0 4px 0}
nav.ek-nav a{display:flex;align-items:center;gap:8px;padding:3px 8px;border-radius:6px;color:#31333f;text-decoration:none;
  font-size:.92rem;line-height:1.6}
nav.ek-nav a:hover{background:rgba(151,166,195,.15)}
nav.ek-nav a[aria-current="page"]{background:rgba(151,166,195,.25);font-weight:600}
nav.ek-nav a:focus-visible{outline:2px solid #1f6feb;outline-offset:1px}
nav.ek-nav .ek-ico{font-family:"Material Symbols Rounded";font-size:1.15rem;line-height:1;width:1.2rem;overflow:hidden;
  color:#5c6b7a;font-weight:400;font-style:normal;-webkit-font-feature-settings:"liga";font-feature-settings:"liga"}
nav.ek-nav hr{border:0;border-top:1px solid #d5dae1;margin:10px 0}
nav.ek-nav.ek-inline{display:inline-flex;margin:6px 0 0 0}
nav.ek-nav .ek-user{font-size:.85rem;color:#6b7785;padding:2px 8px}
"""


@dataclass(frozen=True)
class Link:
    url_path: str  # the page's address ("" for the first page)
    title: str
    icon: str  # a Material Symbols name, e.g. "dashboard", or ":material/dashboard:"
    params: dict[str, str]


def _href(link: Link) -> str:
    # Relative to the app's address, so a deployment under a base path keeps working.
    query = urlencode(link.params)
    return (link.url_path or ".") + (f"?{query}" if query else "")


def _anchor(link: Link, current: str) -> str:
    icon = link.icon.removeprefix(":material/").removesuffix(":")
    here = ' aria-current="page"' if link.url_path == current else ""
    return (f'<a data-inapp href="{e(_href(link))}"{here}><span class="ek-ico" aria-hidden="true">{e(icon)}</span>'
            f'<span class="ek-label">{e(link.title)}</span></a>')


def link_html(link: Link) -> str:
    """One such link on a page (styled like the sidebar's)."""
    return f'<nav class="ek-nav ek-inline" aria-label="{e(link.title)}">{_anchor(link, "")}</nav>'


def sidebar(pages: Sequence[Link], current: str, user_line: str, account: Link) -> str:
    """The pages a role may open, a rule, who is signed in and the 修改密码 link."""
    items = "".join(_anchor(link, current) for link in pages)
    return (f'<nav class="ek-nav" aria-label="页面导航">{items}<hr>'
            f'<div class="ek-user">{e(user_line)}</div>{_anchor(account, current)}</nav>')
