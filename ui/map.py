"""Ecosystem map: the network of one or several ecosystems, filtered, laid out on the server."""
from datetime import date

import streamlit as st

from ecograph.ontology import LABELS, REL_TYPES
from ecograph.ui import asof, data, render

DEFAULT_BUDGET, MAX_BUDGET = 300, 1000

st.title("Ecosystem map 生态地图")

with st.sidebar:
    st.header("Filters 筛选")
    ecosystems = st.multiselect(
        "Ecosystems 生态", [*render.ECOSYSTEM_NAMES, render.UNPLACED], format_func=render.ecosystem_title,
        placeholder="All ecosystems", key="map_ecosystems",
        help="Empty = every entity. “Unplaced 未归入生态” shows the entities no chain of facts places in "
             "an ecosystem (see their profile for why).")
    include_unplaced = st.checkbox(
        "Also show linked entities without an ecosystem", value=True, key="map_unplaced",
        help="Segments, national bodies, foreign places… linked to the chosen ecosystems. "
             "Entities of the other ecosystems never appear.")
    labels = st.multiselect("Labels 类型", LABELS, format_func=render.label_title,
                            placeholder="All labels", key="map_labels")
    rel_types = st.multiselect("Relationship types 关系", REL_TYPES, placeholder="All types",
                               format_func=lambda t: f"{t} ({render.REL_NAMES_EN.get(t, t)})",
                               key="map_types")
    min_confidence = st.slider("Minimum confidence 置信度", 0.0, 1.0, 0.0, 0.05, key="map_conf")
    bounds = data.date_bounds()
    date_range = None
    include_undated = True
    if bounds:
        low, high = date.fromisoformat(bounds[0]), date.fromisoformat(bounds[1])
        picked = st.date_input("Fact dates 日期", (low, high), min_value=low, max_value=high,
                               key="map_dates")
        include_undated = st.checkbox("Keep undated facts", value=True, key="map_undated")
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            if (picked[0], picked[1]) != (low, high) or not include_undated:
                date_range = (picked[0].isoformat(), picked[1].isoformat())
    search_text = st.text_input("Name search 名称搜索", key="map_search",
                                placeholder="e.g. 张江, zhangjiang or zj",
                                help="Chinese, full pinyin or pinyin initials; shows the matches and "
                                     "their direct neighbours.")
    hide_isolated = st.checkbox("Hide entities without links", value=True, key="map_isolated")
    budget = st.number_input("Node budget", 50, MAX_BUDGET, DEFAULT_BUDGET, step=50, key="map_budget",
                             help=f"At most this many nodes are drawn (up to {MAX_BUDGET:,}); larger "
                                  "selections keep their most connected nodes.")

date_range, include_undated = asof.range_as_of(date_range, include_undated, asof.as_of_control("map_asof"), bounds)
view = data.map_view(
    budget=int(budget), search_text=search_text, ecosystems=ecosystems, labels=labels,
    rel_types=rel_types, min_confidence=float(min_confidence), date_range=date_range,
    include_undated=include_undated, include_unplaced=include_unplaced, hide_isolated=hide_isolated,
)

if view["matches"] == 0:
    st.warning(f"No entity name matches “{search_text}”. Try fewer characters, or pinyin.")
if not view["nodes"]:
    st.info("Nothing to show with these filters. Widen them in the sidebar.")
    st.stop()

summary = f"{view['nodes']:,} entities and {view['edges']:,} links shown"
if view["matches"]:
    summary += f" · {view['matches']} matching “{search_text}” (thick border) and their neighbours"
st.caption(summary + ". Colour = label, size = number of links. Click a node for details; "
           "double-click opens its profile in a new tab.")
if view["total_nodes"] > view["nodes"]:
    st.warning(
        f"This selection has {view['total_nodes']:,} entities and {view['total_edges']:,} links; "
        f"only the {view['nodes']:,} most connected are drawn (node budget). Raise the budget in "
        f"the sidebar (up to {MAX_BUDGET:,}) or narrow the filters.", icon=":material/content_cut:")

st.iframe(view["html"], height=660)

names = view["names"]
choice = st.selectbox("Open the profile of…", [n for _, n in names], index=None,
                      format_func=render.label_from({n: name for name, n in names}), key="map_open",
                      placeholder="Pick an entity on the map")
if choice:
    st.page_link("ui/profile.py", label="Open profile →", icon=":material/badge:", query_params={"id": choice})
