"""Ecosystem map: the network of one or several ecosystems, filtered, laid out on the server;
or, in the manner of Bloom and Kumu, a view grown from one entity by expanding neighbours."""
from datetime import date

import streamlit as st

from ecograph.graph.export import graphml_bytes
from ecograph.ontology import LABELS, REL_TYPES
from ecograph.ui import asof, data, render, widgets
from ecograph.ui.i18n import lang, params, t

DEFAULT_BUDGET, MAX_BUDGET = 300, 1000
language = lang()

st.title(t("生态地图", "Ecosystem map"))
mode = st.segmented_control(t("视图", "View"), ["whole", "expand"], default="whole", required=True, key="map_mode",
                            format_func={"whole": t("整体地图", "Whole map"),
                                         "expand": t("从一个实体展开", "Expand from one entity")}.__getitem__)
color_by = st.segmented_control(t("着色", "Colour by"), ["label", "ecosystem"], default="label", required=True,
                                key="map_color", format_func={"label": t("按类型", "Label"),
                                                              "ecosystem": t("按生态", "Ecosystem")}.__getitem__)


def label_choice(key: str, title: str, placeholder: str) -> list[str]:
    return st.multiselect(title, LABELS, format_func=lambda label: render.label_name(label, language),
                          placeholder=placeholder, key=key)


def draw(H, highlight: set[str], height: int = 640) -> None:
    colors, legend = render.ecosystem_colors(H, language) if color_by == "ecosystem" else (None, None)
    st.iframe(render.network_html(H, render.layout(H), height=height, highlight=highlight, colors=colors,
                                  legend=legend, lang=language), height=height + 20)


def graphml_download(content: bytes) -> None:
    st.download_button(t("下载当前视图 GraphML", "Download this view as GraphML"), content,
                       file_name="ecograph-map.graphml", mime="application/xml", key="map_graphml",
                       help=t("PNG：地图右上角的按钮。", "PNG: the button at the top right of the map."))


def expand_view() -> None:
    start = widgets.entity_picker(t("起始实体", "Start from"), key="map_start", default=st.query_params.get("id"))
    if not start:
        st.info(t("搜索并选择一个实体，再逐步展开它的邻居。", "Search for an entity, then expand its neighbours step by step."))
        return
    if st.session_state.get("map_expanded_from") != start:
        st.session_state["map_expanded_from"], st.session_state["map_expanded"] = start, [start]
    controls = st.columns([2, 1])
    with controls[0]:
        kinds = label_choice("map_expand_labels", t("展开哪些类型的邻居", "Expand neighbours of type"),
                             t("所有类型", "Any label"))
    catch_all = controls[1].checkbox(t("显示泛称领域", "Show catch-all segments"), value=False, key="map_expand_catch_all")
    G = data.graph()
    H = render.expansion(G, set(st.session_state["map_expanded"]), set(kinds), hide_catch_all=not catch_all)
    names = {n: d["name"] for n, d in H.nodes(data=True)}
    more = sorted((n for n in H if n not in st.session_state["map_expanded"]), key=lambda n: (-G.degree(n), names[n]))
    pick = st.columns([3, 1])
    nxt = pick[0].selectbox(t("继续展开", "Expand next"), more, index=None, format_func=names.__getitem__,
                            placeholder=t("选择图中的一个实体", "Pick an entity on the map"), key="map_expand_next")
    if pick[1].button(t("展开", "Expand"), key="map_expand_button", disabled=nxt is None):
        st.session_state["map_expanded"].append(nxt)
        st.rerun()
    st.caption(t(f"已展开 {len(st.session_state['map_expanded'])} 个实体；显示 {H.number_of_nodes()} 个实体、"
                 f"{H.number_of_edges()} 条关系。", f"{len(st.session_state['map_expanded'])} expanded; "
                 f"{H.number_of_nodes()} entities and {H.number_of_edges()} links shown."))
    draw(H, set(st.session_state["map_expanded"]))
    graphml_download(graphml_bytes(H))


def whole_view() -> None:
    with st.sidebar:
        st.header(t("筛选", "Filters"))
        ecosystems = st.multiselect(
            t("生态", "Ecosystems"), [*render.ECOSYSTEM_NAMES, render.UNPLACED],
            format_func=lambda e: render.ecosystem_name_in(e, language),
            placeholder=t("所有生态", "All ecosystems"), key="map_ecosystems",
            help=t("留空 = 所有实体。“未归入生态”显示没有事实链归入任何生态的实体（原因见其档案）。",
                   "Empty = every entity. “Unplaced” shows the entities no chain of facts places in "
                   "an ecosystem (see their profile for why)."))
        include_unplaced = st.checkbox(
            t("同时显示相连的未归入生态实体", "Also show linked entities without an ecosystem"), value=True,
            key="map_unplaced", help=t("与所选生态相连的细分领域、国家机构、外地地点……其他生态的实体不会出现。",
                                       "Segments, national bodies, foreign places… linked to the chosen ecosystems. "
                                       "Entities of the other ecosystems never appear."))
        labels = label_choice("map_labels", t("类型", "Labels"), t("所有类型", "All labels"))
        rel_types = st.multiselect(t("关系", "Relationship types"), REL_TYPES, placeholder=t("所有关系", "All types"),
                                   format_func=lambda r: render.rel_name(r, language), key="map_types")
        min_confidence = st.slider(t("最低置信度", "Minimum confidence"), 0.0, 1.0, 0.0, 0.05, key="map_conf")
        bounds = data.date_bounds()
        date_range = None
        include_undated = True
        if bounds:
            low, high = date.fromisoformat(bounds[0]), date.fromisoformat(bounds[1])
            picked = st.date_input(t("事实日期", "Fact dates"), (low, high), min_value=low, max_value=high,
                                   key="map_dates")
            include_undated = st.checkbox(t("保留无日期的事实", "Keep undated facts"), value=True, key="map_undated")
            if isinstance(picked, (tuple, list)) and len(picked) == 2:
                if (picked[0], picked[1]) != (low, high) or not include_undated:
                    date_range = (picked[0].isoformat(), picked[1].isoformat())
        search_text = st.text_input(t("名称搜索", "Name search"), key="map_search",
                                    placeholder=t("如 张江、zhangjiang 或 zj", "e.g. 张江, zhangjiang or zj"),
                                    help=t("中文、全拼或拼音首字母；显示匹配的实体及其直接邻居。",
                                           "Chinese, full pinyin or pinyin initials; shows the matches and "
                                           "their direct neighbours."))
        hide_isolated = st.checkbox(t("隐藏没有关联的实体", "Hide entities without links"), value=True, key="map_isolated")
        hide_catch_all = st.checkbox(t("隐藏泛称领域（医疗器械等）", "Hide catch-all segments (medical devices …)"),
                                     value=True, key="map_catch_all",
                                     help=t("指整个行业的领域与所有人相连，只会把图缠成一团。",
                                            "Segments naming the whole industry link to everyone and only tangle the map."))
        budget = st.number_input(t("节点上限", "Node budget"), 50, MAX_BUDGET, DEFAULT_BUDGET, step=50, key="map_budget",
                                 help=t(f"最多绘制这么多节点（上限 {MAX_BUDGET:,}）；更大的选择保留连接最多的节点。",
                                        f"At most this many nodes are drawn (up to {MAX_BUDGET:,}); larger "
                                        "selections keep their most connected nodes."))

    date_range, include_undated = asof.range_as_of(date_range, include_undated, asof.as_of_control("map_asof"), bounds)
    with st.spinner(t("布局中…", "Laying out the map…")):
        view = data.map_view(
            budget=int(budget), search_text=search_text, color_by=color_by, lang=language, ecosystems=ecosystems,
            labels=labels, rel_types=rel_types, min_confidence=float(min_confidence), date_range=date_range,
            include_undated=include_undated, include_unplaced=include_unplaced, hide_isolated=hide_isolated,
            hide_catch_all=hide_catch_all)

    if view["matches"] == 0:
        st.warning(t(f"没有名称与“{search_text}”匹配的实体。请少输几个字，或用拼音。",
                     f"No entity name matches “{search_text}”. Try fewer characters, or pinyin."))
    if not view["nodes"]:
        st.info(t("当前筛选下没有可显示的内容。请在侧栏放宽筛选。", "Nothing to show with these filters. Widen them in the sidebar."))
        st.stop()

    summary = t(f"显示 {view['nodes']:,} 个实体、{view['edges']:,} 条关系", f"{view['nodes']:,} entities and {view['edges']:,} links shown")
    if view["matches"]:
        summary += t(f" · {view['matches']} 个与“{search_text}”匹配（粗边框）及其邻居",
                     f" · {view['matches']} matching “{search_text}” (thick border) and their neighbours")
    st.caption(summary + t("。颜色 = " + ("生态" if color_by == "ecosystem" else "类型") + "，大小 = 关联数；"
                           "名称随缩放出现（关联多的先出现）。单击节点看详情，双击在新标签页打开档案。",
                           ". Colour = " + color_by + ", size = number of links; names appear as you zoom "
                           "(the best connected first). Click a node for details; double-click opens its profile in a new tab."))
    if view["total_nodes"] > view["nodes"]:
        st.warning(t(f"此选择有 {view['total_nodes']:,} 个实体、{view['total_edges']:,} 条关系；只绘制了连接最多的 "
                     f"{view['nodes']:,} 个（节点上限）。可在侧栏调高上限（最多 {MAX_BUDGET:,}）或收窄筛选。",
                     f"This selection has {view['total_nodes']:,} entities and {view['total_edges']:,} links; "
                     f"only the {view['nodes']:,} most connected are drawn (node budget). Raise the budget in "
                     f"the sidebar (up to {MAX_BUDGET:,}) or narrow the filters."), icon=":material/content_cut:")

    st.iframe(view["html"], height=660)
    graphml_download(view["graphml"])

    names = view["names"]
    choice = st.selectbox(t("打开档案……", "Open the profile of…"), [n for _, n in names], index=None,
                          format_func=render.label_from({n: name for name, n in names}), key="map_open",
                          placeholder=t("选择图中的一个实体", "Pick an entity on the map"))
    if choice:
        st.page_link("ui/profile.py", label=t("打开档案 →", "Open profile →"), icon=":material/badge:",
                     query_params=params(id=choice))


if mode == "expand":
    expand_view()
else:
    whole_view()
