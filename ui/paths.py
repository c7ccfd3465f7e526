"""Path finder: how two entities are connected, each hop with the sentence that states it.

By default a path steps neither through whole-industry segments (医疗器械 …) nor through hubs
(entities linked to almost everything): both say nothing about how two entities relate."""
import streamlit as st

from ecograph.ui import data, render, widgets
from ecograph.ui.i18n import lang, t

st.title(t("关系路径", "Path finder"))
st.caption(t("两个实体之间最短的事实链（不计方向）。每一跳都附证据句和文章。",
             "The shortest chains of facts between two entities (direction ignored). "
             "Each hop shows its evidence sentence and article."))

language = lang()
left, right = st.columns(2)
with left:
    source = widgets.entity_picker(t("起点", "From"), key="path_from", default=st.query_params.get("from"))
with right:
    target = widgets.entity_picker(t("终点", "To"), key="path_to", default=st.query_params.get("to"))

options = st.columns([2, 1, 1, 1])
avoid = options[0].multiselect(
    t("不经过", "Do not pass through"), ["Region", "Segment", "Person", "Event", "Government"],
    default=["Region"], format_func=lambda label: render.label_name(label, language), key=f"path_avoid_{language}",
    help=t("地点和宽泛的领域几乎连接一切；排除它们能找到更有意义的路径。",
           "Places and broad segments connect almost everything; leaving them out finds paths "
           "that say more."))
k = options[1].number_input(t("路径数", "Paths"), 1, 10, 3, key="path_k")
catch_all = options[2].checkbox(t("经过泛称领域", "Through catch-all segments"), value=False, key="path_catch_all",
                                help=t("医疗器械、大健康、生物医药……指整个行业：人人共享，经过它们的路径说明不了什么。",
                                       "医疗器械, 大健康, 生物医药 … name the whole industry: every player shares "
                                       "them, so paths through them say little."))
with options[3]:
    through_hubs = st.checkbox(t("经过枢纽", "Through hubs"), value=False, key="path_hubs",
                               help=t("枢纽：关联数超过下面阈值的实体（起点和终点除外）。",
                                      "Hubs: entities with more neighbours than the cut below (the two ends excepted)."))
    cut = st.number_input(t("枢纽阈值（关联数）", "Hub cut (neighbours)"), 2, 1000, data.hub_cut(), key="path_hub_cut",
                          disabled=through_hubs)

if not (source and target):
    st.info(t("请选择两个实体。", "Choose two entities."))
    st.stop()
if source == target:
    st.warning(t("请选择两个不同的实体。", "Choose two different entities."))
    st.stop()

G = data.graph()
with st.spinner(t("查找路径…", "Finding paths…")):
    paths = data.paths(source, target, k=int(k), avoid=tuple(sorted(avoid)), catch_all=catch_all,
                       max_degree=None if through_hubs else int(cut))
if not paths:
    shared = sorted(set(render.ecosystems_of(G.nodes[source])) & set(render.ecosystems_of(G.nodes[target])))
    both = (t(f"两者都在{'、'.join(shared)}生态中，但", f"Both are placed in {', '.join(render.ecosystem_name_in(e, 'en') for e in shared)}, but ")
            if shared else "")
    st.warning(both + t("在当前设置下没有事实链连接它们。可放宽上面的选项（允许地区、泛称领域或枢纽），或查看生态地图。",
                        "no chain of facts connects them under these settings. Allow regions, catch-all "
                        "segments or hubs above, or look at the map."))
    st.stop()

hops = {tuple(sorted(pair)) for path in paths for pair in zip(path, path[1:])}
links = [l for l in data.links_among(sorted({n for p in paths for n in p}))
         if tuple(sorted((l["source"], l["target"]))) in hops]
articles = data.articles_by_id(sorted({a for l in links for a in (l.get("article_ids") or [])}))
steps = render.path_steps(paths, links, articles, language)

st.success(t(f"找到 {len(paths)} 条路径；最短的有 {len(paths[0]) - 1} 跳。",
             f"{len(paths)} path(s); the shortest has {len(paths[0]) - 1} hop(s)."))
for number, (path, path_steps) in enumerate(zip(paths, steps), start=1):
    chain = " — ".join(G.nodes[n]["name"] for n in path)
    with st.expander(t(f"路径 {number}（{len(path) - 1} 跳）：", f"Path {number} ({len(path) - 1} hops): ") + chain,
                     expanded=number == 1):
        for step in path_steps:
            st.markdown(f"**{render.md_escape(step['from'])}** {render.md_escape(step['relation'])} "
                        f"**{render.md_escape(step['to'])}**")
            for fact in step["facts"]:
                st.markdown("> " + render.evidence_markdown(fact["evidence"], [step["from"], step["to"]]))
                st.caption(" · ".join([f"{render.rel_name(fact['type'], language)} · "
                                       f"{t('置信度', 'confidence')} {fact['confidence']:.2f}",
                                       *[render.article_citation(a, language) for a in fact["articles"]]]))
        E = G.subgraph(path).copy()
        st.iframe(render.network_html(E, render.layout(E), height=300, highlight={source, target},
                                      edge_labels=True, lang=language), height=320)
