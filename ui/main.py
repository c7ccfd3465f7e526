"""The explorer's entry script: `ecograph app` has Streamlit run this file (installed with the
package); `streamlit run app.py` in a checkout runs the same pages.

Thin on purpose: it declares the pages; each page is a module of ecograph.ui and reads the graph
through ecograph.ui.data only.
"""
from pathlib import Path

import streamlit as st

from ecograph.errors import EcographError

HERE = Path(__file__).resolve().parent


def page(module: str, title: str, icon: str, url_path: str, **options) -> st.Page:
    return st.Page(HERE / f"{module}.py", title=title, icon=icon, url_path=url_path, **options)


def run() -> None:
    st.set_page_config(page_title="ecograph explorer", page_icon=":material/hub:", layout="wide")
    pages = {
        "Explore": [
            page("overview", "Overview 概览", ":material/dashboard:", "overview", default=True),
            page("map", "Ecosystem map 生态地图", ":material/hub:", "map"),
            page("profile", "Entity profile 实体档案", ":material/badge:", "profile"),
            page("paths", "Path finder 关系路径", ":material/route:", "paths"),
        ],
        "Analyse": [
            page("supply", "Supply chain 产业链", ":material/account_tree:", "supply"),
            page("collaboration", "Collaboration 协作网络", ":material/handshake:", "collaboration"),
            page("scouting", "Partner scouting 伙伴发现", ":material/person_search:", "scouting"),
        ],
        "Data": [
            page("console", "Cypher console 查询", ":material/terminal:", "console"),
            page("ingest", "Ingest 导入", ":material/upload_file:", "ingest"),
            page("review", "Review queue 审核队列", ":material/rule:", "review"),
            page("digest", "What changed 动态摘要", ":material/notifications:", "digest"),
        ],
    }
    try:
        st.navigation(pages).run()
    except EcographError as error:  # the store unreachable, a query refused: one line, not a traceback
        st.error(error.line(), icon=":material/error:")


if __name__ == "__main__":
    run()
