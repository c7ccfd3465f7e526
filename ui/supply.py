"""Supply chain: which parks and companies sit in which segment in each ecosystem, and the flows."""
import plotly.graph_objects as go
import streamlit as st

from ecograph.ui import data, render

st.title("Supply chain 产业链")
st.caption("Segments are the nodes of the supply chain; FOCUSES_ON places parks and companies in "
           "them, SUPPLIES and INCUBATES are the flows between players.")

G = data.graph()
controls = st.columns([3, 2, 1])
ecosystems = controls[0].multiselect("Ecosystems 生态", render.ECOSYSTEM_NAMES,
                                     default=list(render.ECOSYSTEM_NAMES),
                                     format_func=render.ecosystem_title, key="supply_ecosystems")
labels = controls[1].multiselect("Players", ["Park", "Company", "Platform", "Investor", "Hospital"],
                                 default=["Park", "Company"], format_func=render.label_title,
                                 key="supply_labels")
generic = controls[2].checkbox("Whole-industry segments", value=False, key="supply_generic",
                               help="Include 医疗器械, 生物医药, 大健康 … which every player shares.")
if not ecosystems:
    st.info("Choose at least one ecosystem.")
    st.stop()

st.subheader("Segments × ecosystems 细分领域 × 生态")
matrix = render.segment_matrix(G, tuple(ecosystems), labels=tuple(labels), include_generic=generic)
if matrix.empty:
    st.info("No player of these kinds focuses on a segment in these ecosystems.")
else:
    st.dataframe(matrix, hide_index=True, width="stretch")

st.subheader("Flows: ecosystem → player → segment")
flows = render.sankey_data(G, tuple(ecosystems), include_generic=generic)
if flows["value"]:
    figure = go.Figure(go.Sankey(
        node={"label": flows["labels"], "color": flows["colors"], "pad": 14, "thickness": 14},
        link={"source": flows["source"], "target": flows["target"], "value": flows["value"],
              "color": "rgba(150,160,170,0.35)"},
    ))
    figure.update_layout(height=max(360, 22 * len(flows["labels"])), margin={"l": 8, "r": 8, "t": 8, "b": 8},
                         font={"family": render.CJK_FONT, "size": 12})
    st.plotly_chart(figure, width="stretch", key="supply_sankey")
else:
    st.info("No FOCUSES_ON facts for these ecosystems yet.")

st.subheader("Who is in a segment 细分领域成员")
segment_ids = sorted((n for n, d in G.nodes(data=True) if d["label"] == "Segment"),
                     key=lambda n: (-G.in_degree(n), G.nodes[n]["name"]))
segment = st.selectbox("Segment", segment_ids, index=None, format_func=lambda n: G.nodes[n]["name"],
                       key="supply_segment", placeholder="Choose a segment")
if segment:
    players = render.segment_players(G, segment)
    st.dataframe(players.drop(columns=["id"]), hide_index=True, width="stretch")
    pick = st.selectbox("Open the profile of…", list(players["id"]), index=None, key="supply_open",
                        format_func=render.label_from(dict(zip(players["id"], players["name"]))))
    if pick:
        st.page_link("ui/profile.py", label="Open profile →", icon=":material/badge:", query_params={"id": pick})
    st.page_link("ui/profile.py", label=f"Profile of the segment {G.nodes[segment]['name']}",
                 icon=":material/badge:", query_params={"id": segment})

st.subheader("Supplies and incubates 供应与孵化")
flow_edges = [(u, v, k) for u, v, k in G.edges(keys=True) if k in {"SUPPLIES", "INCUBATES"}
              and (G.nodes[u].get("region") in ecosystems or G.nodes[v].get("region") in ecosystems)]
if not flow_edges:
    st.caption("No SUPPLIES or INCUBATES facts in these ecosystems yet.")
else:
    facts = [l for l in data.links_among(sorted({n for u, v, _ in flow_edges for n in (u, v)}))
             if l["type"] in {"SUPPLIES", "INCUBATES"}]
    for fact in facts:
        st.markdown(f"**{render.md_escape(fact['source_name'])}** {fact['type']} → "
                    f"**{render.md_escape(fact['target_name'])}** · confidence {fact['confidence']:.2f}")
        st.markdown("> " + render.evidence_markdown(fact["evidence"], [fact["source_name"], fact["target_name"]]))
