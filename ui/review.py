"""Review queue (审核队列): the items an analyst should settle (ingest/review.py), each with its
evidence and one button per decision; a click records the curation decision and brings the graph
up to date (ecograph.service.curate)."""
from __future__ import annotations

import streamlit as st

from ecograph.errors import EcographError
from ecograph.ingest.corpus import Corpus
from ecograph.ingest.curation import default_author, new_decision
from ecograph.ingest.review import KIND_TITLES, Action, Item
from ecograph.ontology import LABELS
from ecograph.service import curate, review_items
from ecograph.ui import data, i18n, render
from ecograph.ui.i18n import lang, t

language = lang()
st.title(t("审核队列", "Review queue"))
st.caption(t("每个决定连同作者与理由保存在语料库中，每次重建后重新应用。",
             "Each decision is kept in the corpus with who and why, and replayed after every rebuild."))
author = st.text_input(t("审核人", "Reviewer"), value=default_author(), key="review_author")
reason = st.text_input(t("理由", "Why"), value=t("应用内审核", "reviewed in the app"),
                       key=f"review_reason_{language}")  # the default reason in the language shown

with Corpus(data.settings().corpus) as corpus:
    items = review_items(corpus)
notice = st.session_state.pop("review_notice", None)
if notice:
    st.success(notice)
st.markdown(t(f"待审核 **{len(items)}** 项", f"**{len(items)}** items to review"))


def entity_text(entity: dict) -> str:
    return f"{entity['name']} ({render.label_name(entity['label'], language)})"


def subject_text(item: Item) -> str:
    """The item's subject in the interface language: names as written, labels and types translated."""
    payload = item.actions[0].payload if item.actions else {}
    if item.kind == "low-confidence" and "type" in payload:
        return (f"{payload['source']['name']} —{render.rel_name(payload['type'], language)}→ "
                f"{payload['target']['name']}")
    if item.kind in ("seen-once", "unplaced") and "entity" in payload:
        return entity_text(payload["entity"])
    return item.subject


def action_title(action: Action) -> str:
    """A decision's button in the interface language."""
    p = action.payload
    if action.kind == "set-ecosystem":
        return t(f"归入{p['ecosystem']}", f"In {render.ecosystem_name_in(p['ecosystem'], 'en')}")
    if action.kind == "merge":
        return t(f"合并到 {p['into']['name']}", f"Merge into {p['into']['name']}")
    return i18n.pick(action.title)


def settle(kind: str, payload: dict, subject: str, title: str) -> None:
    try:
        with Corpus(data.settings().corpus) as corpus:
            report = curate(corpus, data.store(), new_decision(kind, payload, reason, author=author))
    except EcographError as error:
        st.session_state["review_notice"] = None
        st.error(error.line())
        return
    data.clear_caches()
    st.session_state["review_notice"] = f"#{report.decision.number} {title}: {subject}"


def fix_form(item: Item) -> None:
    """Rename or retype the item's entity (a fragment name, a segment the taxonomy knows by another)."""
    entity = next((a.payload["entity"] for a in item.actions if "entity" in a.payload), None)
    if entity is None:
        return
    with st.popover(t("修正", "Fix")):
        name = st.text_input(t("规范名称", "Canonical name"), value=entity["name"], key=f"{item.key}:name")
        st.button(t("改名", "Rename"), key=f"{item.key}:rename", on_click=settle,
                  args=("rename", {"entity": entity, "name": name}, subject_text(item), t("改名", "Rename")))
        label = st.selectbox(t("类型", "Label"), LABELS, index=LABELS.index(entity["label"]), key=f"{item.key}:label",
                             format_func=lambda one: render.label_name(one, language))
        st.button(t("改类型", "Retype"), key=f"{item.key}:retype", on_click=settle,
                  args=("retype", {"entity": entity, "label": label}, subject_text(item), t("改类型", "Retype")))


for kind, title in KIND_TITLES.items():
    group = [item for item in items if item.kind == kind]
    with st.expander(f"{i18n.pick(title)} · {len(group)}", expanded=bool(group) and kind == "low-confidence"):
        for item in group[:50]:
            score = f" · {item.score:.2f}" if item.score is not None else ""
            st.markdown(f"**{render.md_escape(subject_text(item))}**{score}")
            if kind == "duplicate":  # why the pair was flagged, and what the two share
                st.caption(" · ".join(i18n.pick(line) for line in item.evidence)
                           + t("；共同关联：", "; shared neighbours: ") + ("、".join(item.shared or []) or t("无", "none")))
            else:
                for line in item.evidence:  # the sentences, as written
                    st.markdown("> " + render.md_escape(line))
            columns = st.columns(len(item.actions) + 1)
            for column, action in zip(columns, item.actions):
                column.button(action_title(action), key=f"{item.key}:{action.kind}:{action.title}",
                              on_click=settle, args=(action.kind, action.payload, subject_text(item), action_title(action)))
            if kind not in ("low-confidence", "duplicate"):
                with columns[-1]:
                    fix_form(item)
