"""Review queue 审核队列: the items an analyst should settle (ingest/review.py), each with its
evidence and one button per decision; a click records the curation decision and brings the graph
up to date (ecograph.service.curate)."""
from __future__ import annotations

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.curation import default_author, new_decision
from ecograph.ingest.review import KIND_TITLES, Item
from ecograph.ontology import LABELS
from ecograph.service import curate, review_items
from ecograph.ui import data, render

st.header("Review queue 审核队列")
st.caption("Each decision is kept in the corpus with who and why, and replayed after every rebuild. "
           "每个决定连同作者与理由保存在语料库中，每次重建后重新应用。")
author = st.text_input("Reviewer 审核人", value=default_author(), key="review_author")
reason = st.text_input("Why 理由", value="reviewed in the app 应用内审核", key="review_reason")

with Corpus(data.settings().corpus) as corpus:
    items = review_items(corpus)
notice = st.session_state.pop("review_notice", None)
if notice:
    st.success(notice)
st.markdown(f"**{len(items)}** items to review 待审核")


def settle(kind: str, payload: dict, subject: str) -> None:
    try:
        with Corpus(data.settings().corpus) as corpus:
            report = curate(corpus, data.store(), new_decision(kind, payload, reason, author=author))
    except EcographError as error:
        st.session_state["review_notice"] = None
        st.error(error.line())
        return
    data.clear_caches()
    st.session_state["review_notice"] = f"#{report.decision.number} {kind}: {subject}"


def fix_form(item: Item) -> None:
    """Rename or retype the item's entity (a fragment name, a segment the taxonomy knows by another)."""
    entity = next((a.payload["entity"] for a in item.actions if "entity" in a.payload), None)
    if entity is None:
        return
    with st.popover("Fix 修正"):
        name = st.text_input("Canonical name 规范名称", value=entity["name"], key=f"{item.key}:name")
        st.button("Rename 改名", key=f"{item.key}:rename", on_click=settle,
                  args=("rename", {"entity": entity, "name": name}, item.subject))
        label = st.selectbox("Label 类型", LABELS, index=LABELS.index(entity["label"]), key=f"{item.key}:label")
        st.button("Retype 改类型", key=f"{item.key}:retype", on_click=settle,
                  args=("retype", {"entity": entity, "label": label}, item.subject))


for kind, title in KIND_TITLES.items():
    group = [item for item in items if item.kind == kind]
    with st.expander(f"{title} · {len(group)}", expanded=bool(group) and kind == "low-confidence"):
        for item in group[:50]:
            score = f" · {item.score:.2f}" if item.score is not None else ""
            st.markdown(f"**{render.md_escape(item.subject)}**{score}")
            for line in item.evidence:
                st.caption(line)
            columns = st.columns(len(item.actions) + 1)
            for column, action in zip(columns, item.actions):
                column.button(action.title, key=f"{item.key}:{action.kind}:{action.title}",
                              on_click=settle, args=(action.kind, action.payload, item.subject))
            if kind not in ("low-confidence", "duplicate"):
                with columns[-1]:
                    fix_form(item)
