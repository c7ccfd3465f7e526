"""Overview: what is in the graph, the four ecosystems side by side, the latest articles."""
import streamlit as st

from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

st.title(t("概览", "Overview"))
st.caption(t("图", "Graph") + f": `{data.settings().graph}` · " + t("语料库", "corpus")
           + f": `{data.settings().corpus}`")

counts = data.counts()
nodes = {k: v for k, v in counts["nodes"].items() if k != "Article"}
rels = {k: v for k, v in counts["relationships"].items() if k != "MENTIONED_IN"}

cols = st.columns(4)
cols[0].metric(t("实体", "Entities"), f"{sum(nodes.values()):,}")
cols[1].metric(t("关系", "Facts"), f"{sum(rels.values()):,}")
cols[2].metric(t("文章", "Articles"), f"{counts['nodes'].get('Article', 0):,}")
cols[3].metric(t("提及", "Mentions"), f"{counts['relationships'].get('MENTIONED_IN', 0):,}")

if not sum(nodes.values()):
    st.info(t("图是空的。请在**导入**页或用 `ecograph ingest PATH…` 导入文章，然后回到这里。",
              "The graph is empty. Ingest articles on the **Ingest** page or with "
              "`ecograph ingest PATH…`, then come back."))
    st.stop()

st.subheader(t("四大生态", "The four ecosystems"))
st.caption(t("实体按文章把它们关联到的地点归入生态。括号中的数字：与其他实体的关联数。",
             "Entities are placed in an ecosystem by the places the articles tie them to. "
             "Numbers in brackets: links to other entities."))
st.table(data.ecosystem_comparison(lang()))

left, right = st.columns(2)
with left:
    st.subheader(t("各类型实体数", "Entities per label"))
    st.dataframe(render.counts_table(nodes, "label", lang()), hide_index=True, width="stretch")
with right:
    st.subheader(t("各关系类型数", "Facts per relationship type"))
    st.dataframe(render.counts_table(rels, "type", lang()), hide_index=True, width="stretch")

st.subheader(t("最新文章", "Latest articles"))
link_column = render.ARTICLE_COLUMNS[lang()][3]
st.dataframe(
    render.articles_table(data.latest_articles(10), lang()), hide_index=True, width="stretch",
    column_config={link_column: st.column_config.LinkColumn(link_column, display_text=t("打开", "open"))},
)
