"""Overview: what is in the graph, the four ecosystems side by side, the latest articles."""
import streamlit as st

from ecograph.ui import data, render

st.title("Overview 概览")
st.caption(f"Graph: `{data.settings().graph}` · corpus: `{data.settings().corpus}`")

counts = data.counts()
nodes = {k: v for k, v in counts["nodes"].items() if k != "Article"}
rels = {k: v for k, v in counts["relationships"].items() if k != "MENTIONED_IN"}

cols = st.columns(4)
cols[0].metric("Entities 实体", f"{sum(nodes.values()):,}")
cols[1].metric("Facts 关系", f"{sum(rels.values()):,}")
cols[2].metric("Articles 文章", f"{counts['nodes'].get('Article', 0):,}")
cols[3].metric("Mentions 提及", f"{counts['relationships'].get('MENTIONED_IN', 0):,}")

if not sum(nodes.values()):
    st.info("The graph is empty. Ingest articles on the **Ingest** page or with "
            "`ecograph ingest PATH…`, then come back.")
    st.stop()

st.subheader("The four ecosystems 四大生态")
st.caption("Entities are placed in an ecosystem by the places the articles tie them to. "
           "Numbers in brackets: links to other entities.")
st.table(data.ecosystem_comparison())

left, right = st.columns(2)
with left:
    st.subheader("Entities per label")
    st.dataframe(render.counts_table(nodes, "label"), hide_index=True, width="stretch")
with right:
    st.subheader("Facts per relationship type")
    st.dataframe(render.counts_table(rels, "type"), hide_index=True, width="stretch")

st.subheader("Latest articles 最新文章")
st.dataframe(
    render.articles_table(data.latest_articles(10)), hide_index=True, width="stretch",
    column_config={"link": st.column_config.LinkColumn("link", display_text="open")},
)
