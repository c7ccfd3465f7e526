"""Widgets several pages share (Streamlit code; the data comes from ui.data)."""
from __future__ import annotations

import streamlit as st

from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

MAX_OPTIONS = 500


def entity_picker(title: str, key: str, default: str | None = None,
                  labels: tuple[str, ...] | None = None) -> str | None:
    """Pick one entity: an optional name/pinyin search narrows a select box (most connected
    first). Returns the entity id, or None."""
    frame = data.entities()
    if labels:
        frame = frame[frame["label"].isin(labels)]
    query = st.text_input(t(f"{title}：搜索", f"{title}: search"), key=f"{key}_search",
                          placeholder=t("名称、拼音或首字母（如 zjyl）", "name, pinyin or initials (e.g. zjyl)"),
                          help=t("缩小下面的列表；列表本身也可边输入边筛选。",
                                 "Narrows the list below; the list itself also filters as you type."))
    if query:
        frame = frame[frame["id"].isin(data.search(query))]
    ids = list(frame["id"][:MAX_OPTIONS])
    known = set(data.entities()["id"])
    if default and default not in known:
        st.warning(t(f"图中没有 id 为 “{default}” 的实体：请在下面选择。",
                     f"No entity in the graph has the id “{default}”: choose one below."),
                   icon=":material/search_off:")
    if default and default not in ids and default in known:
        ids.insert(0, default)
    if query and not ids:
        st.caption(t(f"没有与“{query}”匹配的实体。", f"No entity matches “{query}”."))
    names = data.entities().set_index("id")
    index = ids.index(default) if default in ids else None
    language = lang()

    def describe(entity_id: str) -> str:
        row = names.loc[entity_id]
        region = f" · {render.ecosystem_name_in(row['region'], language)}" if row["region"] else ""
        return f"{row['name']} · {render.label_name(row['label'], language)}{region}"

    return st.selectbox(title, ids, index=index, format_func=describe, key=key,
                        placeholder=t("选择实体", "Choose an entity"))
