"""ecograph explorer: `ecograph app` (or `streamlit run app.py`) serves it on localhost.

Thin on purpose: it declares the pages; each page is a module under ui/ and reads the graph
through ui/data.py only.
"""
import streamlit as st

st.set_page_config(page_title="ecograph explorer", page_icon="🕸️", layout="wide")

PAGES = {
    "Explore": [
        st.Page("ui/overview.py", title="Overview 概览", icon="📊", url_path="overview", default=True),
    ],
}

st.navigation(PAGES).run()
