"""Path finder: how two entities are connected, each hop with the sentence that states it."""
import streamlit as st

from ecograph.ui import data, render, widgets
from ecograph.ui.i18n import lang

st.title("Path finder 关系路径")
st.caption("The shortest chains of facts between two entities (direction ignored). "
           "Each hop shows its evidence sentence and article.")

left, right = st.columns(2)
with left:
    source = widgets.entity_picker("From 起点", key="path_from", default=st.query_params.get("from"))
with right:
    target = widgets.entity_picker("To 终点", key="path_to", default=st.query_params.get("to"))

options = st.columns([2, 1, 1])
avoid = options[0].multiselect(
    "Do not pass through", ["Region", "Segment", "Person", "Event", "Government"],
    default=["Region"], format_func=render.label_title, key="path_avoid",
    help="Places and broad segments connect almost everything; leaving them out finds paths "
         "that say more.")
k = options[1].number_input("Paths", 1, 10, 3, key="path_k")
catch_all = options[2].checkbox("Through catch-all segments 经过泛称领域", value=False, key="path_catch_all",
                                help="医疗器械, 大健康, 生物医药 … name the whole industry: every player shares "
                                     "them, so paths through them say little.")

if not (source and target):
    st.info("Choose two entities.")
    st.stop()
if source == target:
    st.warning("Choose two different entities.")
    st.stop()

paths = data.paths(source, target, k=int(k), avoid=tuple(sorted(avoid)), catch_all=catch_all)
if not paths:
    st.warning("No path connects them" + (" without passing through " + ", ".join(avoid) if avoid else "")
               + ". Allow more labels above, or check the map.")
    st.stop()

G = data.graph()
hops = {tuple(sorted(pair)) for path in paths for pair in zip(path, path[1:])}
links = [l for l in data.links_among(sorted({n for p in paths for n in p}))
         if tuple(sorted((l["source"], l["target"]))) in hops]
articles = data.articles_by_id(sorted({a for l in links for a in (l.get("article_ids") or [])}))
steps = render.path_steps(paths, links, articles)

st.success(f"{len(paths)} path(s); the shortest has {len(paths[0]) - 1} hop(s).")
for number, (path, path_steps) in enumerate(zip(paths, steps), start=1):
    chain = " — ".join(G.nodes[n]["name"] for n in path)
    with st.expander(f"Path {number} ({len(path) - 1} hops): {chain}", expanded=number == 1):
        for step in path_steps:
            st.markdown(f"**{render.md_escape(step['from'])}** {render.md_escape(step['relation'])} "
                        f"**{render.md_escape(step['to'])}**")
            for fact in step["facts"]:
                st.markdown("> " + render.evidence_markdown(fact["evidence"], [step["from"], step["to"]]))
                st.caption(" · ".join([f"{fact['type']} · confidence {fact['confidence']:.2f}",
                                       *[render.article_citation(a, lang()) for a in fact["articles"]]]))
        E = G.subgraph(path).copy()
        st.iframe(render.network_html(E, render.layout(E), height=300, highlight={source, target},
                                      edge_labels=True), height=320)
