"""What changed 动态摘要: new entities and new or changed links touching a watchlist since a date,
with evidence and article date (ingest/digest.py); watchlists kept in the corpus."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.digest import to_html, to_markdown
from ecograph.ontology import ECOSYSTEMS
from ecograph.service import make_digest
from ecograph.ui import data

st.header("What changed 动态摘要")
corpus_path = data.settings().corpus

with Corpus(corpus_path) as corpus:
    lists = corpus.watchlists()

with st.expander("Watchlists 关注列表", expanded=not lists):
    for name, entries in lists.items():
        st.markdown(f"**{name}**: " + "、".join(f"{value} ({kind})" for kind, value in entries))
    with st.form("watchlist_add", clear_on_submit=True):
        name = st.text_input("Watchlist 列表名", key="watch_name")
        kind = st.selectbox("Kind 类型", ["entity", "segment", "ecosystem"], key="watch_kind")
        value = st.text_input("Entity or segment name, or ecosystem 名称或生态", key="watch_value",
                              help=f"Ecosystems: {', '.join(ECOSYSTEMS)}")
        if st.form_submit_button("Add 添加") and name.strip() and value.strip():
            if kind == "ecosystem" and value.strip() not in ECOSYSTEMS:
                st.error(f"{value} is not one of {', '.join(ECOSYSTEMS)}")
            else:
                with Corpus(corpus_path) as corpus:
                    corpus.watch(name.strip(), kind, value.strip())
                st.rerun()

if not lists:
    st.info("Add a watchlist to see what changed. 请先添加关注列表。")
    st.stop()
chosen = st.selectbox("Watchlist 关注列表", ["(all 全部)", *lists], key="digest_watchlist")
since = st.date_input("Since 自", date.today() - timedelta(days=7), key="digest_since")
try:
    with Corpus(corpus_path) as corpus:
        result = make_digest(corpus, since.isoformat(), None if chosen.startswith("(all") else chosen)
except EcographError as error:
    st.error(error.line())
    st.stop()
markdown = to_markdown(result)
left, right = st.columns(2)
left.download_button("Markdown", markdown, file_name="digest.md", mime="text/markdown", key="digest_md")
right.download_button("HTML", to_html(result), file_name="digest.html", mime="text/html", key="digest_html")
st.markdown(markdown)
