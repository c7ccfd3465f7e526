"""Ingest: upload files or paste text → preview the entities and relations found → commit them
to the corpus (the system of record) and bring the graph up to date."""
import os

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.pipeline import extract_within
from ecograph.ingest.sources import ARTICLE_SUFFIXES, read_bytes, read_text
from ecograph.service import IngestReport, ingest_articles, sync_graph
from ecograph.ui import data, render

ARTICLE_SECONDS = 60.0  # the extraction of one article may take this long here (ECOGRAPH_ARTICLE_SECONDS)


def article_seconds() -> float:
    """The per-article budget: ECOGRAPH_ARTICLE_SECONDS when it is a positive number."""
    try:
        seconds = float(os.environ.get("ECOGRAPH_ARTICLE_SECONDS", ARTICLE_SECONDS))
    except ValueError:
        return ARTICLE_SECONDS
    return seconds if 0 < seconds <= 3600 else ARTICLE_SECONDS


st.title("Ingest 导入")
st.caption(f"Articles go to the corpus `{data.settings().corpus}` and then to the graph "
           f"`{data.settings().graph}`. Simplified or Traditional Chinese; JSON, JSONL, text or HTML; "
           "any encoding.")

upload, paste = st.tabs(["Upload files 上传", "Paste text 粘贴"])
articles, problems = [], []
with upload:
    files = st.file_uploader("Article files", type=[s.lstrip(".") for s in ARTICLE_SUFFIXES],
                             accept_multiple_files=True, key="ingest_files")
    for file in files or []:
        suffix = "." + file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        try:
            result = read_bytes(file.getvalue(), file.name, suffix=suffix)
        except EcographError as exc:
            problems.append(f"{file.name}: {exc}")
        else:
            articles.extend(result.articles)
            problems.extend(str(p) for p in result.problems)
with paste:
    title = st.text_input("Title (optional: the first line is used otherwise)", key="ingest_title")
    text = st.text_area("Article text", height=200, key="ingest_text",
                        placeholder="粘贴新闻正文，例如：某某医疗器械有限公司入驻张江医疗器械产业基地……")
    if text.strip():
        try:
            articles.append(read_text(text, source="pasted", title=title.strip() or None))
        except EcographError as exc:
            problems.append(str(exc))

for problem in problems:
    st.warning(problem)
if not articles:
    st.info("Upload files or paste an article to see what would be extracted.")
    st.stop()


@st.cache_data(show_spinner="Extracting… 提取中…", max_entries=16)
def preview(batch: tuple, seconds: float) -> tuple[list, list[str]]:
    """What the extractor finds, per article (not stored anywhere), and a line for each article
    stopped past its time budget: a pasted text never ties up the app for minutes."""
    extractions, stopped = extract_within(batch, seconds)
    return extractions, [error.line() for error in stopped]


extractions, stopped = preview(tuple(articles), article_seconds())
for line in stopped:
    st.warning(line)
previewed = {extraction.article.id for extraction in extractions}
articles = [article for article in articles if article.id in previewed]  # a stopped one is not committed
if not articles:
    st.stop()
st.subheader(f"Preview: {len(extractions)} article(s)")
st.markdown("**Legend:** " + " ".join(
    f"<mark style='background:{c}33;border-bottom:2px solid {c}'>{render.label_title(l)}</mark>"
    for l, c in render.LABEL_COLORS.items() if l != "Article"), unsafe_allow_html=True)
for extraction in extractions:
    article = extraction.article
    with st.expander(f"{article.title or '(untitled)'} · {article.date or 'undated'} · "
                     f"{len(extraction.entities)} entities, {len(extraction.relations)} relations",
                     expanded=len(extractions) == 1):
        mentions = [(m.start, m.end, e.label) for e in extraction.entities for m in e.mentions]
        st.html(f"<div style='line-height:1.9;font-size:15px'>{render.highlight_html(extraction.text, mentions)}</div>")
        st.dataframe([{"name": e.name, "label": render.label_title(e.label), "aliases": "、".join(e.aliases)}
                      for e in extraction.entities], hide_index=True, width="stretch")
        if extraction.relations:
            st.dataframe([{"source": r.source, "type": r.type, "target": r.target,
                           "confidence": round(r.confidence, 2), "evidence": r.evidence}
                          for r in extraction.relations], hide_index=True, width="stretch")
        else:
            st.caption("No relations found.")

if st.button("Commit to corpus and graph 写入", type="primary", key="ingest_commit"):
    report = IngestReport()
    progress = st.progress(0.0, text="Storing articles…")
    try:
        with Corpus(data.settings().corpus) as corpus:
            for i, article in enumerate(articles, start=1):
                ingest_articles([article], corpus, report)
                progress.progress(i / (len(articles) + 1), text=f"Stored {i}/{len(articles)}: {article.title}")
            progress.progress(len(articles) / (len(articles) + 1), text="Updating the graph…")
            report.load = sync_graph(corpus, data.store())
    except EcographError as exc:
        st.error(f"Ingest failed: {exc}")
        st.stop()
    progress.progress(1.0, text="Done")
    data.clear_caches()
    st.success(f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged article(s). "
               "The graph is up to date: see the Overview and the map.")
    for issue in report.problems:
        st.warning(str(issue))
