"""Ingest: upload files or paste text → preview the entities and relations found → commit them
to the corpus (the system of record) and bring the graph up to date."""
import os

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.pipeline import extract_within
from ecograph.ingest.sources import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, read_bytes, read_text
from ecograph.service import IngestReport, ingest_articles, sync_graph
from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

ARTICLE_SECONDS = 60.0  # the extraction of one article may take this long here (ECOGRAPH_ARTICLE_SECONDS)
LIMIT_MB = DEFAULT_MAX_BYTES // (1024 * 1024)


def article_seconds() -> float:
    """The per-article budget: ECOGRAPH_ARTICLE_SECONDS when it is a positive number."""
    try:
        seconds = float(os.environ.get("ECOGRAPH_ARTICLE_SECONDS", ARTICLE_SECONDS))
    except ValueError:
        return ARTICLE_SECONDS
    return seconds if 0 < seconds <= 3600 else ARTICLE_SECONDS


st.title(t("导入文章", "Ingest"))
st.caption(t(f"文章先存入语料库 `{data.settings().corpus}`，再写入图 `{data.settings().graph}`。"
             "简体或繁体中文；JSON、JSONL、文本或 HTML；任意编码。",
             f"Articles go to the corpus `{data.settings().corpus}` and then to the graph "
             f"`{data.settings().graph}`. Simplified or Traditional Chinese; JSON, JSONL, text or HTML; "
             "any encoding."))

upload, paste = st.tabs([t("上传文件", "Upload files"), t("粘贴文本", "Paste text")])
articles, problems = [], []
with upload:
    files = st.file_uploader(t(f"文章文件（每个最大 {LIMIT_MB} MB）", f"Article files (up to {LIMIT_MB} MB each)"),
                             type=[s.lstrip(".") for s in ARTICLE_SUFFIXES],
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
    title = st.text_input(t("标题（可选：否则用第一行）", "Title (optional: the first line is used otherwise)"),
                          key="ingest_title")
    text = st.text_area(t("文章正文", "Article text"), height=200, key="ingest_text",
                        placeholder="粘贴新闻正文，例如：某某医疗器械有限公司入驻张江医疗器械产业基地……")
    if text.strip():
        try:
            articles.append(read_text(text, source="pasted", title=title.strip() or None))
        except EcographError as exc:
            problems.append(str(exc))

for problem in problems:
    st.warning(problem)
if not articles:
    st.info(t("上传文件或粘贴文章，再点“预览”查看将抽取的内容。",
              "Upload files or paste an article, then press Preview to see what would be extracted."))
    st.stop()

batch_key = tuple((a.source, a.title, a.raw_text) for a in articles)
if st.button(t("预览", "Preview"), type="primary", key="ingest_preview"):
    st.session_state["ingest_previewed"] = batch_key
if st.session_state.get("ingest_previewed") != batch_key:
    st.info(t(f"{len(articles)} 篇文章待预览：点“预览”查看抽取结果（不会写入任何内容）。",
              f"{len(articles)} article(s) ready: press Preview to see what is extracted (nothing is stored)."))
    st.stop()


@st.cache_data(show_spinner=False, max_entries=16)
def preview(batch: tuple, seconds: float) -> tuple[list, list[str]]:
    """What the extractor finds, per article (not stored anywhere), and a line for each article
    stopped past its time budget: a pasted text never ties up the app for minutes."""
    extractions, stopped = extract_within(batch, seconds)
    return extractions, [error.line() for error in stopped]


with st.spinner(t("抽取中…", "Extracting…")):
    extractions, stopped = preview(tuple(articles), article_seconds())
for line in stopped:
    st.warning(line)
previewed = {extraction.article.id for extraction in extractions}
articles = [article for article in articles if article.id in previewed]  # a stopped one is not committed
if not articles:
    st.stop()
language = lang()
st.subheader(t(f"预览：{len(extractions)} 篇文章", f"Preview: {len(extractions)} article(s)"))
st.markdown(t("**图例：**", "**Legend:** ") + " ".join(
    f"<mark style='background:{c}33;border-bottom:2px solid {c}'>{render.label_name(l, language)}</mark>"
    for l, c in render.LABEL_COLORS.items() if l != "Article"), unsafe_allow_html=True)
for extraction in extractions:
    article = extraction.article
    with st.expander(f"{article.title or t('（无标题）', '(untitled)')} · {article.date or t('无日期', 'undated')} · "
                     + t(f"{len(extraction.entities)} 个实体，{len(extraction.relations)} 条关系",
                         f"{len(extraction.entities)} entities, {len(extraction.relations)} relations"),
                     expanded=len(extractions) == 1):
        mentions = [(m.start, m.end, e.label) for e in extraction.entities for m in e.mentions]
        st.html(f"<div style='line-height:1.9;font-size:15px'>{render.highlight_html(extraction.text, mentions, language)}</div>")
        st.dataframe([{t("名称", "name"): e.name, t("类型", "label"): render.label_name(e.label, language),
                       t("别名", "aliases"): "、".join(e.aliases)}
                      for e in extraction.entities], hide_index=True, width="stretch")
        if extraction.relations:
            st.dataframe([{t("起点", "source"): r.source, t("关系", "type"): render.rel_name(r.type, language),
                           t("终点", "target"): r.target, t("置信度", "confidence"): round(r.confidence, 2),
                           t("证据", "evidence"): r.evidence}
                          for r in extraction.relations], hide_index=True, width="stretch")
        else:
            st.caption(t("未发现关系。", "No relations found."))

if st.button(t("写入语料库和图", "Commit to corpus and graph"), type="primary", key="ingest_commit"):
    report = IngestReport()
    progress = st.progress(0.0, text=t("存储文章…", "Storing articles…"))
    try:
        with Corpus(data.settings().corpus) as corpus:
            for i, article in enumerate(articles, start=1):
                ingest_articles([article], corpus, report)
                progress.progress(i / (len(articles) + 1), text=f"{i}/{len(articles)}: {article.title}")
            progress.progress(len(articles) / (len(articles) + 1), text=t("更新图…", "Updating the graph…"))
            report.load = sync_graph(corpus, data.store())
    except EcographError as exc:
        st.error(t("导入失败：", "Ingest failed: ") + str(exc))
        st.stop()
    progress.progress(1.0, text=t("完成", "Done"))
    data.clear_caches()
    st.success(t(f"新增 {report.new}、更新 {report.updated}、未变 {report.unchanged} 篇文章。图已更新：见概览和生态地图。",
                 f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged article(s). "
                 "The graph is up to date: see the Overview and the map."))
    for issue in report.problems:
        st.warning(str(issue))
