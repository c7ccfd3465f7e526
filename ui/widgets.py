"""Widgets several pages share (Streamlit code; the data comes from ui.data)."""
from __future__ import annotations

import streamlit as st

from ecograph.ui import data, render

MAX_OPTIONS = 500


def entity_picker(title: str, key: str, default: str | None = None,
                  labels: tuple[str, ...] | None = None) -> str | None:
    """Pick one entity: an optional name/pinyin search narrows a select box (most connected
    first). Returns the entity id, or None."""
    frame = data.entities()
    if labels:
        frame = frame[frame["label"].isin(labels)]
    query = st.text_input(f"{title}: search", key=f"{key}_search",
                          placeholder="name, pinyin or initials (e.g. zjyl)",
                          help="Narrows the list below; the list itself also filters as you type.")
    if query:
        frame = frame[frame["id"].isin(data.search(query))]
    ids = list(frame["id"][:MAX_OPTIONS])
    if default and default not in ids and default in set(data.entities()["id"]):
        ids.insert(0, default)
    if query and not ids:
        st.caption(f"No entity matches “{query}”.")
    names = data.entities().set_index("id")
    index = ids.index(default) if default in ids else None

    def describe(entity_id: str) -> str:
        row = names.loc[entity_id]
        region = f" · {row['region']}" if row["region"] else ""
        return f"{row['name']} · {render.label_title(row['label'])}{region}"

    return st.selectbox(title, ids, index=index, format_func=describe, key=key,
                        placeholder="Choose an entity")
