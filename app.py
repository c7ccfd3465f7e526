"""ecograph explorer: `ecograph app` (or `streamlit run app.py`) serves it on localhost.

Thin on purpose: it declares the pages; each page is a module under ui/ and reads the graph
through ui/data.py only.
"""
import streamlit as st

st.set_page_config(page_title="ecograph explorer", page_icon=":material/hub:", layout="wide")

PAGES = {
    "Explore": [
        st.Page("ui/overview.py", title="Overview 概览", icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("ui/map.py", title="Ecosystem map 生态地图", icon=":material/hub:", url_path="map"),
        st.Page("ui/profile.py", title="Entity profile 实体档案", icon=":material/badge:", url_path="profile"),
        st.Page("ui/paths.py", title="Path finder 关系路径", icon=":material/route:", url_path="paths"),
    ],
    "Query": [
        st.Page("ui/console.py", title="Cypher console 查询", icon=":material/terminal:", url_path="console"),
    ],
}

st.navigation(PAGES).run()
