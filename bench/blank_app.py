"""The reference page of bench.overview_render: a blank Streamlit page with a title."""

import streamlit as st

st.set_page_config(page_title="空白页", layout="wide")
st.title("空白页")
