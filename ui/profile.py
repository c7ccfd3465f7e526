"""Entity profile: who an entity is, every link with its evidence, and its neighbourhood."""
import streamlit as st

from ecograph.ui import data, render, widgets
from ecograph.ui.i18n import lang

st.title("Entity profile 实体档案")

requested = st.query_params.get("id")
entity_id = widgets.entity_picker("Entity", key="profile_entity", default=requested)
if not entity_id:
    st.info("Choose an entity above, or click one on the **Ecosystem map**.")
    st.stop()
if entity_id != requested:
    st.query_params["id"] = entity_id  # the address bar now links to this profile

G = data.graph()
node = G.nodes[entity_id]
st.header(node["name"])
articles_mentioning = data.entity_articles(entity_id)
placed = render.placement_reasons(data.entity_placement(entity_id).get("placement") or "")
region = "、".join(render.ecosystem_title(p["ecosystem"]) for p in placed) or render.ecosystem_title("")
st.markdown(f"**{render.label_title(node['label'])}** · {region} · {G.degree(entity_id)} links · "
            f"mentioned in {len(articles_mentioning)} article(s)")
aliases = [a.strip() for a in node["aliases"] if a and a.strip()]
st.markdown("**Aliases 别名:** " + ("、".join(render.md_escape(a) for a in aliases) if aliases else "none"))
if node["label"] == "Segment" and node.get("tier"):
    st.markdown(f"**Industrial chain 产业链:** {render.tier_title(node['tier'])}")
with st.expander("Why this ecosystem 归属依据" if placed else "Unplaced 未归入生态: why"):
    if not placed:
        st.markdown("No chain of facts (located in, part of, operates, incubated by, works for) leads from "
                    "this entity to a park or district of Zhongguancun, Zhangjiang, Nanshan or Changning, and "
                    "its name opens with none of theirs. 没有事实链将其与四个生态的园区或城区相连。")
    for reason in placed:
        st.markdown(f"**{render.ecosystem_title(reason['ecosystem'])}**: {reason['chain']}")
        st.caption(reason["anchor"])
        for step in reason["steps"]:
            st.markdown("> " + render.evidence_markdown(step.get("evidence") or "", [step["source"], step["target"]]))

links = data.entity_links(entity_id)
article_ids = sorted({a for link in links for a in (link.get("article_ids") or [])})
grouped = render.group_links(links, data.articles_by_id(article_ids))

facts, ego, sources = st.tabs(["Links with evidence 关系与证据", "Ego network 关系网络", "Articles 来源文章"])
with facts:
    if not grouped:
        st.info("No links to other entities yet; the articles below mention it.")
    biggest = max((len(rows) for rows in grouped.values()), default=0)
    per_type = 10
    if biggest > 10:
        per_type = st.number_input("Links shown per type (most confident first)", 10, max(10, biggest),
                                   10, step=10, key="profile_per_type")
    for rel_type, rows in grouped.items():
        st.subheader(f"{rel_type} · {render.REL_NAMES_EN.get(rel_type, rel_type)} ({len(rows)})")
        for row in rows[:per_type]:
            other = render.md_escape(row["other"] or row["other_id"])
            extra = f" · title: {render.md_escape(row['title'])}" if row.get("title") else ""
            if rel_type == "INVESTED_IN" and render.deal_text(row):
                extra += " · " + render.md_escape(render.deal_text(row))
            status = f" · *{row['status']}*" if row.get("status") not in (None, "", "reported") else ""
            with st.container(border=True):
                left, right = st.columns([5, 1])
                left.markdown(
                    f"{row['arrow']} **{other}** ({render.label_title(row['other_label'])})"
                    f" · confidence {float(row.get('confidence') or 0):.2f}{extra}{status}")
                right.page_link("ui/profile.py", label="profile", icon=":material/badge:",
                                query_params={"id": row["other_id"]})
                st.markdown("> " + render.evidence_markdown(row.get("evidence") or "(no sentence recorded)",
                                                           [node["name"], row["other"]]))
                for article in row["articles"]:
                    st.caption("— " + render.article_citation(article, lang()))
        if len(rows) > per_type:
            st.caption(f"… and {len(rows) - per_type} more {rel_type} links: raise “Links shown per type”.")
with ego:
    hops = st.radio("Hops", [1, 2], horizontal=True, key="profile_hops")
    E = render.ego_network(G, entity_id, hops=hops, budget=150)
    if E.number_of_nodes() > 1:
        st.iframe(render.network_html(E, render.layout(E), height=520, highlight={entity_id}),
                  height=540)
    else:
        st.info("No neighbours.")
with sources:
    for article in articles_mentioning:
        st.markdown("- " + render.article_citation(article, lang()))
