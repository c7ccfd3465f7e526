"""Partner scouting: for one entity, ranked candidates it is not linked to yet, with reasons."""
import streamlit as st

from ecograph.graph.analytics import SCOUTABLE_LABELS
from ecograph.ontology import LABELS
from ecograph.ui import data, render, widgets

st.title("Partner scouting 伙伴发现")
st.caption("Candidates are entities with no direct link yet. Score: shared links (rare ones count "
           "more), shared specific segments, same ecosystem, and a complementary role.")

labels = tuple(l for l in LABELS if l in SCOUTABLE_LABELS)
entity = widgets.entity_picker("Entity looking for partners", key="scout_entity",
                               default=st.query_params.get("id"), labels=labels)
G = data.graph()
controls = st.columns(4)
wanted = controls[0].multiselect("Candidate labels", labels, format_func=render.label_title,
                                 placeholder="Any organisation", key="scout_labels")
segments = sorted((n for n, d in G.nodes(data=True) if d["label"] == "Segment"), key=lambda n: G.nodes[n]["name"])
segment = controls[1].selectbox("Segment", segments, index=None, format_func=lambda n: G.nodes[n]["name"],
                                placeholder="Any segment", key="scout_segment")
ecosystem = controls[2].selectbox("Ecosystem", render.ECOSYSTEM_NAMES, index=None,
                                  format_func=render.ecosystem_title, placeholder="Any ecosystem",
                                  key="scout_ecosystem")
top = controls[3].number_input("Candidates", 5, 100, 20, step=5, key="scout_top")

if not entity:
    st.info("Choose an entity (a company, investor, park, hospital …).")
    st.stop()

ranked = data.partners(entity, top=int(top), labels=tuple(wanted), segment=segment, ecosystem=ecosystem)
if not ranked:
    st.warning("No candidate shares anything with this entity under these filters. Widen them.")
    st.stop()

table = render.scored_table(G, ranked)
table.insert(0, "rank", range(1, len(table) + 1))
st.dataframe(table.drop(columns=["from", "from_id", "to_id"]), hide_index=True, width="stretch",
             column_config={"why": st.column_config.TextColumn("why", width="large")})
st.download_button("Download CSV", render.frame_csv(table.drop(columns=["from_id"])),
                   file_name=f"partners_{G.nodes[entity]['name']}.csv", mime="text/csv", key="scout_csv")
pick = st.selectbox("Open the profile of…", list(table["to_id"]), index=None, key="scout_open",
                    format_func=render.label_from(dict(zip(table["to_id"], table["to"]))))
if pick:
    st.page_link("ui/profile.py", label="Open profile →", icon=":material/badge:", query_params={"id": pick})
    st.page_link("ui/paths.py", label="How are they connected? →", icon=":material/route:",
                 query_params={"from": entity, "to": pick})
