"""What changed (动态摘要): new entities and new or changed links touching a watchlist since a date,
with evidence and article date (ingest/digest.py); watchlists kept in the corpus."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.digest import to_html, to_markdown
from ecograph.ontology import ECOSYSTEMS, ecosystem_name
from ecograph.service import make_digest
from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

language = lang()
st.title(t("动态摘要", "What changed"))
corpus_path = data.settings().corpus
KIND_NAMES = {"entity": t("实体", "entity"), "segment": t("细分领域", "segment"), "ecosystem": t("生态", "ecosystem")}
ecosystem_names = "、".join(render.ecosystem_name_in(e, language) for e in ECOSYSTEMS)

with Corpus(corpus_path) as corpus:
    lists = corpus.watchlists()

with st.expander(t("关注列表", "Watchlists"), expanded=not lists):
    for name, entries in lists.items():
        st.markdown(f"**{render.md_escape(name)}**: " + "、".join(f"{value} ({KIND_NAMES.get(kind, kind)})"
                                                               for kind, value in entries))
    with st.form("watchlist_add", clear_on_submit=True):
        name = st.text_input(t("列表名", "Watchlist"), key="watch_name")
        kind = st.selectbox(t("类型", "Kind"), list(KIND_NAMES), format_func=KIND_NAMES.__getitem__, key="watch_kind")
        value = st.text_input(t("实体或细分领域名称，或生态", "Entity or segment name, or ecosystem"), key="watch_value",
                              help=t("生态：", "Ecosystems: ") + ecosystem_names)
        if st.form_submit_button(t("添加", "Add")) and name.strip() and value.strip():
            ecosystem = ecosystem_name(value.strip()) if kind == "ecosystem" else None
            if kind == "ecosystem" and ecosystem is None:
                st.error(t(f"{value} 不是以下生态之一：{ecosystem_names}", f"{value} is not one of {ecosystem_names}"))
            else:
                with Corpus(corpus_path) as corpus:
                    corpus.watch(name.strip(), kind, ecosystem or value.strip())
                st.rerun()

if not lists:
    st.info(t("请先添加关注列表，再查看动态。", "Add a watchlist to see what changed."))
    st.stop()
EVERY = ""  # the choice for every watchlist
chosen = st.selectbox(t("关注列表", "Watchlist"), [EVERY, *lists], key="digest_watchlist",
                      format_func=lambda one: one or t("（全部）", "(all)"))
since = st.date_input(t("起始日期", "Since"), date.today() - timedelta(days=7), key="digest_since")
try:
    with Corpus(corpus_path) as corpus:
        result = make_digest(corpus, since.isoformat(), chosen or None)
except EcographError as error:
    st.error(error.line())
    st.stop()
markdown = to_markdown(result, language)
left, right = st.columns(2)
left.download_button(t("下载 Markdown", "Download Markdown"), markdown, file_name="digest.md", mime="text/markdown", key="digest_md")
right.download_button(t("下载 HTML", "Download HTML"), to_html(result, language), file_name="digest.html", mime="text/html", key="digest_html")
st.markdown(markdown.partition("\n")[2])  # its first line is the page's title again
