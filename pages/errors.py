"""How a page shows a refusal: every user-facing error belongs to core.errors.EduKPIError, so a page
catches that one class and hands it here. Messages quote what people typed, so they are shown
literally (markdown-escaped); an error holding several problems lists them."""

from __future__ import annotations

import streamlit as st

from core.errors import EduKPIError, messages_of
from pages.common import md_escape


def show_error(err: EduKPIError, intro: str = "", many: str = "未保存，请改正以下问题：") -> None:
    lines = messages_of(err)
    if len(lines) == 1:
        st.error(intro + md_escape(lines[0]))
    else:
        st.error((intro or many) + "\n\n" + "\n".join(f"- {md_escape(p)}" for p in lines))


def stop_on(err: EduKPIError) -> None:
    """Show the refusal and end this run of the page (nothing below it can be drawn)."""
    show_error(err)
    st.stop()
