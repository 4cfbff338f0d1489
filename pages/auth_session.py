"""Who is signed in to this browser session (used by app.py and the 登录 page; not a page itself).

The sign-in token travels in a cookie: after sign-in a small same-origin script sets
`edukpi_session=<token>; path=/; max-age=<seconds left>; SameSite=Strict`; on a refresh Streamlit
opens a new WebSocket whose handshake carries the cookie, and st.context.cookies hands it back
here. Only the token's hash is on the server (auth.sessions). See docs/decisions.md for limits."""

from __future__ import annotations

import streamlit as st

from auth import network, sessions
from auth.principal import Principal
from db.session import DatabaseError, read_session, write_session

PRINCIPAL = "principal"
TOKEN = "_auth_token"
COOKIE_SCRIPT = "_auth_cookie_script"
NOTICE = "_auth_notice"
VIA_PROXY = "_auth_via_proxy"


def _cookie_js(value: str, max_age: int) -> str:
    # The token is URL-safe base64 ([A-Za-z0-9_-]) or empty, so it needs no quoting.
    secure = "(location.protocol === 'https:' ? '; Secure' : '')"
    return (f"<script>document.cookie = '{sessions.COOKIE_NAME}={value}; path=/; max-age={max_age}; "
            f"SameSite=Strict' + {secure};</script>")


def _forget(notice: str | None = None) -> None:
    for key in (PRINCIPAL, TOKEN):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_SCRIPT] = _cookie_js("", 0)
    if notice:
        st.session_state[NOTICE] = notice


def resolve() -> Principal | None:
    """The principal of this run: a live token of this session, else the cookie of a refreshed page,
    else the trusted proxy header (if switched on), else a principal put in place by a test.

    On the very first start the tables may not exist yet (app.py migrates after routing); nobody
    can hold a session then, so a database error means "not signed in"."""
    try:
        return _resolve()
    except DatabaseError:
        return None


def _resolve() -> Principal | None:
    token = st.session_state.get(TOKEN)
    if token:
        principal = sessions.resume_click(token)  # slides the idle deadline (a write at most once a minute)
        if principal is None:
            _forget("登录已失效（长时间未操作、已到期、已退出或账户被停用），请重新登录。")
            return None
        st.session_state[PRINCIPAL] = principal
        return principal
    if st.session_state.get(PRINCIPAL) is not None and not st.session_state.get(VIA_PROXY):
        return st.session_state[PRINCIPAL]  # put in place by a test (AppTest)
    cookie = st.context.cookies.get(sessions.COOKIE_NAME)
    if isinstance(cookie, str) and cookie and not st.session_state.get("_auth_cookie_refused"):
        principal = sessions.resume_click(cookie)
        if principal is not None:
            st.session_state[TOKEN] = cookie
            st.session_state[PRINCIPAL] = principal
            return principal
        # Expired, revoked or forged: remove it from the browser, and do not ask again this session.
        st.session_state["_auth_cookie_refused"] = True
        _forget("登录已失效，请重新登录。")
    if not sessions.trusted_header_config().header:
        return None
    with read_session() as s:
        principal = sessions.principal_from_proxy(s, _headers(), peer_address())
    # Checked on every run, so a user disabled here loses access at their next click.
    st.session_state[VIA_PROXY] = principal is not None
    if principal is not None:
        st.session_state[PRINCIPAL] = principal
    else:
        st.session_state.pop(PRINCIPAL, None)
    return principal


def peer_address() -> str | None:
    """The address of whatever opened this browser session's connection: the browser itself, or the
    reverse proxy in front of the app. None when it is not known (never trusted as a proxy).

    st.context.ip_address reports None for 127.0.0.1 and ::1, which cannot be told apart from "not
    known" (a Unix socket, a test harness), so the raw peer of the session's client is read first."""
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        client = get_instance().get_client(ctx.session_id) if ctx is not None else None
        raw = client.client_context.remote_ip if client is not None and client.client_context else None
    except Exception:  # noqa: BLE001 - Streamlit internals moved: fall back to the public, loopback-blind value
        raw = None
    if isinstance(raw, str) and raw:
        return raw
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else None


def _headers() -> list[tuple[str, str]]:
    """The connection's request headers as (name, value) pairs, repeated headers included."""
    h = st.context.headers
    return [(k, v) for k in h for v in h.get_all(k) if isinstance(k, str) and isinstance(v, str)]


def client_address() -> str:
    """Who this browser is for the failed-sign-in slow-down: the peer, or, when the peer is a
    trusted proxy (EDUKPI_TRUSTED_PROXIES), the client it forwards for (auth.network.client_of)."""
    return network.client_of(peer_address(), _headers())


def signed_in(result: sessions.SignedIn) -> None:
    """Called by the 登录 page after a successful sign-in."""
    st.session_state[TOKEN] = result.token
    st.session_state[PRINCIPAL] = result.principal
    st.session_state["_auth_cookie_refused"] = True  # the old cookie of this page load is stale now
    left = int((result.expires_at - sessions.now_utc()).total_seconds())
    st.session_state[COOKIE_SCRIPT] = _cookie_js(result.token, max(left, 0))
    st.session_state.pop(NOTICE, None)


def sign_out() -> None:
    token = st.session_state.get(TOKEN)
    if token:
        with write_session() as s:
            sessions.sign_out(s, token)
    st.session_state["_auth_cookie_refused"] = True
    _forget("您已退出登录。")


def emit_cookie_script() -> None:
    """Write (after sign-in) or clear (after sign-out) the cookie in the browser. Emitted on every
    run, not once: the run right after sign-in moves on to another page, and an element of a run
    cut short may never reach the browser. Setting the same cookie again is harmless."""
    script = st.session_state.get(COOKIE_SCRIPT)
    if script:
        st.html(script, unsafe_allow_javascript=True)


def pop_notice() -> str | None:
    return st.session_state.pop(NOTICE, None)
