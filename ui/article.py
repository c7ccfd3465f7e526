"""One article as the corpus keeps it: where it came from and its text as it was read. Opened
from the citations of articles that came from a file (they have no web address to open)."""
import streamlit as st

from ecograph.ui import data, render
from ecograph.ui.i18n import t

st.title(t("文章原文", "Article text"))
article_id = st.query_params.get("id")
article = data.stored_article(article_id) if article_id else None
if article is None:
    st.warning(t(f"没有 id 为 “{article_id}” 的文章。", f"No article has the id “{article_id}”.")
               if article_id else t("未指定文章（?id=…）。", "No article given (?id=…)."))
    st.stop()

st.header(article.title or t("（无标题）", "(untitled)"))
facts = [f"{t('日期', 'Date')}: {article.date or t('无日期', 'undated')}",
         f"{t('来源', 'Source')}: `{article.source}`"]
if render.link_url(article.url):
    facts.append(f"[{t('原网页', 'Web page')}]({render.link_url(article.url)})")
st.markdown(" · ".join(facts))
st.text(article.raw_text)
