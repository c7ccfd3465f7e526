"""Collaboration: partnership, membership, founding, investment and co-attendance; communities,
the brokers between them, and links that cross ecosystems (with evidence)."""
import streamlit as st

from ecograph.graph import analytics
from ecograph.ui import data, render

st.title("Collaboration 协作网络")
st.caption("Links: PARTNERS_WITH, MEMBER_OF, FOUNDED, INVESTED_IN, and co-attendance (organised or "
           "took part in the same event). Communities: Louvain; brokers: betweenness centrality.")

controls = st.columns([3, 1])
ecosystems = controls[0].multiselect("Ecosystems 生态", render.ECOSYSTEM_NAMES,
                                     format_func=render.ecosystem_title, placeholder="All entities",
                                     key="collab_ecosystems")
co_attendance = controls[1].checkbox("Count co-attendance", value=True, key="collab_events")
view = data.collaboration(tuple(ecosystems), co_attendance)
H, groups = view["graph"], view["communities"]

if H.number_of_nodes() == 0:
    st.info("No collaboration links with these settings.")
    st.stop()

cols = st.columns(3)
cols[0].metric("Collaborating entities", H.number_of_nodes())
cols[1].metric("Collaboration links", H.number_of_edges())
cols[2].metric("Communities", len(groups))

network, tables = st.tabs(["Network 网络", "Communities & brokers 社区与桥梁"])
with network:
    drawing = render.cut_to_budget(render.collaboration_drawing(data.graph(), H), 300)
    colours = render.recolor_by_group(H, groups)
    events = sum(1 for _, d in drawing.nodes(data=True) if d.get("label") == "Event" and _ not in H)
    legend = [(f"Community #{i + 1}", render.COMMUNITY_COLORS[i], len(g))
              for i, g in enumerate(groups[:len(render.COMMUNITY_COLORS)])]
    if events:
        legend.append(("Shared event 活动", render.LABEL_COLORS["Event"], events))
    st.iframe(render.network_html(drawing, render.layout(drawing), height=560, colors=colours, legend=legend),
              height=580)
    st.caption("Co-attendance is drawn through the shared event (grey-orange nodes); communities and "
               "brokers count it as a link between each pair of attendees.")
    if drawing.number_of_nodes() >= 300:
        st.caption("Showing the 300 most connected entities and events.")
with tables:
    st.subheader("Communities")
    st.dataframe(render.community_table(H, groups), hide_index=True, width="stretch")
    st.subheader("Brokers: who connects the communities")
    brokers = render.scored_table(H, view["brokers"], kind="nodes")
    st.dataframe(brokers.drop(columns=["id"]), hide_index=True, width="stretch")

st.subheader("Across ecosystems 跨生态联系")
G = data.graph()
direct = analytics.cross_ecosystem_links(G, types=analytics.COLLABORATION_TYPES)
if ecosystems:
    direct = [r for r in direct if G.nodes[r[0]]["region"] in ecosystems or G.nodes[r[1]]["region"] in ecosystems]
shared_events = [(u, v, d) for u, v, d in analytics.collaboration_graph(G).edges(data=True)
                 if "CO_ATTENDED" in d["kinds"] and G.nodes[u]["region"] and G.nodes[v]["region"]
                 and G.nodes[u]["region"] != G.nodes[v]["region"]
                 and (not ecosystems or {G.nodes[u]["region"], G.nodes[v]["region"]} & set(ecosystems))]
if not direct and not shared_events:
    st.caption("No collaboration across ecosystems found with these settings.")
if direct:
    facts = data.links_among(sorted({n for u, v, *_ in direct for n in (u, v)}))
    wanted = {(u, v, r[0]) for u, v, _, r in direct}
    for fact in facts:
        if (fact["source"], fact["target"], fact["type"]) not in wanted:
            continue
        a, b = G.nodes[fact["source"]], G.nodes[fact["target"]]
        st.markdown(f"**{render.md_escape(a['name'])}** ({a['region']}) {fact['type']} → "
                    f"**{render.md_escape(b['name'])}** ({b['region']}) · confidence {fact['confidence']:.2f}")
        st.markdown("> " + render.evidence_markdown(fact["evidence"], [a["name"], b["name"]]))
if shared_events:
    st.markdown("**Met at the same event 同场活动:**")
    for u, v, d in sorted(shared_events, key=lambda e: (G.nodes[e[0]]["name"], G.nodes[e[1]]["name"]))[:100]:
        met_at = "、".join(G.nodes[e]["name"] for e in d["events"])
        st.markdown(f"- {render.md_escape(G.nodes[u]['name'])} ({G.nodes[u]['region']}) and "
                    f"{render.md_escape(G.nodes[v]['name'])} ({G.nodes[v]['region']}): {render.md_escape(met_at)}")
