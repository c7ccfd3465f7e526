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
    "Analyse": [
        st.Page("ui/supply.py", title="Supply chain 产业链", icon=":material/account_tree:", url_path="supply"),
        st.Page("ui/collaboration.py", title="Collaboration 协作网络", icon=":material/handshake:",
                url_path="collaboration"),
        st.Page("ui/scouting.py", title="Partner scouting 伙伴发现", icon=":material/person_search:",
                url_path="scouting"),
    ],
    "Data": [
        st.Page("ui/console.py", title="Cypher console 查询", icon=":material/terminal:", url_path="console"),
        st.Page("ui/ingest.py", title="Ingest 导入", icon=":material/upload_file:", url_path="ingest"),
    ],
}

st.navigation(PAGES).run()
