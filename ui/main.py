"""The explorer's entry script: `ecograph app` has Streamlit run this file (installed with the
package); `streamlit run app.py` in a checkout runs the same pages.

Thin on purpose: it declares the pages; each page is a module of ecograph.ui and reads the graph
through ecograph.ui.data only. The sidebar is drawn here (not by st.navigation) so that every
page, the first one too, has its own address (/overview opens the Overview) and every link
carries the interface language.
"""
from pathlib import Path

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ui import i18n

HERE = Path(__file__).resolve().parent
SECTIONS = {"Explore": ("探索", "Explore"), "Analyse": ("分析", "Analyse"), "Data": ("数据", "Data")}
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}  # each in its own language, in both views


def page(module: str, title: str, icon: str, url_path: str, **options) -> st.Page:
    """A page of ui/, titled in the interface language (`title` is 'English 中文')."""
    return st.Page(HERE / f"{module}.py", title=i18n.pick(title), icon=icon,
                   url_path=url_path, **options)


# Streamlit keeps a multiselect's tags on one line and fades out those past its width ("Cha…"):
# let each tag take the width of its text and the tags wrap onto more lines instead.
TAG_STYLE = """<style>
[data-testid="stMultiSelectTagsContainer"] { flex-wrap: wrap !important; height: auto !important;
  max-height: none !important; mask-image: none !important; -webkit-mask-image: none !important; }
div:has(> [data-testid="stMultiSelectTagsContainer"]) { height: auto !important; max-height: none !important;
  min-height: 40px; }
[data-testid="stMultiSelect"] [data-tag] { max-width: none !important; height: auto !important; flex-shrink: 0 !important; }
[data-testid="stMultiSelect"] [data-tag] > span { max-width: none !important; overflow: visible !important;
  text-overflow: clip !important; white-space: normal !important; }
</style>"""


def _switch_language() -> None:
    i18n.remember(st.session_state["ui_lang_switch"])


def sidebar(pages: dict[str, list[st.Page]]) -> None:
    with st.sidebar:
        st.segmented_control(i18n.t("界面语言", "Language"), list(LANGUAGE_NAMES), default=i18n.lang(),
                             format_func=LANGUAGE_NAMES.__getitem__, key="ui_lang_switch", required=True,
                             on_change=_switch_language, label_visibility="collapsed")
        for section, section_pages in pages.items():
            st.caption(i18n.t(*SECTIONS.get(section, (section, section))))
            for one in section_pages:
                st.page_link(one, query_params={"lang": i18n.lang()})


def run() -> None:
    st.set_page_config(page_title="ecograph", page_icon=":material/hub:", layout="wide")
    pages = {
        "Explore": [
            page("overview", "Overview 概览", ":material/dashboard:", "overview"),
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
    hidden = [page("article", "Article 文章原文", ":material/article:", "article")]  # opened from citations
    first = pages["Explore"][0]

    def home() -> None:  # the root address shows the first page under its own address
        st.switch_page(first, query_params=dict(st.query_params))

    everything = [st.Page(home, title=first.title, url_path="home", default=True),
                  *(one for section in pages.values() for one in section), *hidden]
    chosen = st.navigation(everything, position="hidden")
    if i18n.lang() != st.query_params.get("lang"):
        st.query_params["lang"] = i18n.lang()  # the address bar always says the language
    st.html(TAG_STYLE)
    sidebar(pages)
    try:
        chosen.run()
    except EcographError as error:  # the store unreachable, a query refused: one line, not a traceback
        st.error(error.line(), icon=":material/error:")


if __name__ == "__main__":
    run()
