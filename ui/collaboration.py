"""Collaboration: partnership, membership, founding, investment and co-attendance; communities,
the brokers between them, and links that cross ecosystems (with evidence)."""
from collections import Counter

import pandas as pd
import streamlit as st

from ecograph.graph import analytics
from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

language = lang()
st.title(t("协作网络", "Collaboration"))
st.caption(t("关联：合作、成员、创立、投资，以及同场活动（共同主办或参加同一活动）。社区：Louvain 算法；桥梁：介数中心性。",
             "Links: partnerships, memberships, founding, investment, and co-attendance (organised or "
             "took part in the same event). Communities: Louvain; brokers: betweenness centrality."))

controls = st.columns([3, 1])
ecosystems = controls[0].multiselect(t("生态", "Ecosystems"), render.ECOSYSTEM_NAMES,
                                     format_func=lambda e: render.ecosystem_name_in(e, language),
                                     placeholder=t("所有实体", "All entities"), key="collab_ecosystems")
co_attendance = controls[1].checkbox(t("计入同场活动", "Count co-attendance"), value=True, key="collab_events")
view = data.collaboration(tuple(ecosystems), co_attendance)
H, groups = view["graph"], view["communities"]

if H.number_of_nodes() == 0:
    st.info(t("当前设置下没有协作关联。", "No collaboration links with these settings."))
    st.stop()


def hub(group: set[str]) -> str:
    return H.nodes[min(group, key=lambda n: (-H.degree(n), H.nodes[n].get("name", ""), n))]["name"]


community_names = [t(f"以{hub(g)}为中心", f"around {hub(g)}") for g in groups]  # named, not numbered

cols = st.columns(3)
cols[0].metric(t("协作实体", "Collaborating entities"), H.number_of_nodes())
cols[1].metric(t("协作关联", "Collaboration links"), H.number_of_edges())
cols[2].metric(t("社区", "Communities"), len(groups))

network, tables = st.tabs([t("网络", "Network"), t("社区与桥梁", "Communities & brokers")])
with network:
    drawing = render.cut_to_budget(render.collaboration_drawing(data.graph(), H), 300)
    colours = render.recolor_by_group(H, groups)
    events = sum(1 for _, d in drawing.nodes(data=True) if d.get("label") == "Event" and _ not in H)
    legend = [(community_names[i], render.COMMUNITY_COLORS[i], len(g))
              for i, g in enumerate(groups[:len(render.COMMUNITY_COLORS)])]
    if events:
        legend.append((t("共同参加的活动", "Shared event"), render.LABEL_COLORS["Event"], events))
    st.iframe(render.network_html(drawing, render.layout(drawing), height=560, colors=colours, legend=legend,
                                  lang=language), height=580)
    st.caption(t("同场活动通过共同的活动节点（橙灰色）画出；社区和桥梁把它算作每对参加者之间的一条关联。",
                 "Co-attendance is drawn through the shared event (grey-orange nodes); communities and "
                 "brokers count it as a link between each pair of attendees."))
    if drawing.number_of_nodes() >= 300:
        st.caption(t("显示连接最多的 300 个实体和活动。", "Showing the 300 most connected entities and events."))
with tables:
    st.subheader(t("社区", "Communities"))
    shown = 6
    st.dataframe(pd.DataFrame([{
        t("社区", "community"): community_names[i], t("规模", "size"): len(g),
        t("生态", "ecosystems"): "、".join(f"{render.ecosystem_name_in(r, language)} {k}" for r, k in
                                          Counter(H.nodes[n].get("region") or "" for n in g).most_common(4)),
        t("成员（连接多者在前）", "members (most connected first)"): "、".join(
            H.nodes[n]["name"] for n in sorted(g, key=lambda n: (-H.degree(n), H.nodes[n].get("name", ""), n))[:shown])
        + ("…" if len(g) > shown else "")} for i, g in enumerate(groups)]), hide_index=True, width="stretch")
    st.subheader(t("桥梁：谁连接各社区", "Brokers: who connects the communities"))
    where = analytics.community_of(groups)
    rows = []
    for n, score, _ in view["brokers"]:
        touched = sorted({where[m] for m in H[n] if m in where} | ({where[n]} if n in where else set()))
        why = (t(f"连接 {len(touched)} 个社区：", f"links {len(touched)} communities: ")
               + "；".join(community_names[i] for i in touched)) if len(touched) > 1 \
            else t("社区内部的中心", "central inside its community")
        rows.append({t("名称", "name"): H.nodes[n]["name"],
                     t("类型", "label"): render.label_name(H.nodes[n].get("label", ""), language),
                     t("生态", "ecosystem"): render.ecosystem_name_in(H.nodes[n].get("region") or "", language),
                     t("经过它的最短路径占比", "share of shortest paths through it"): f"{score:.1%}",
                     t("依据", "why"): why + t(f"；{H.degree(n)} 个伙伴", f"; {H.degree(n)} partners")})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(t("跨生态联系", "Across ecosystems"))
G = data.graph()
direct = analytics.cross_ecosystem_links(G, types=analytics.COLLABORATION_TYPES)
if ecosystems:
    direct = [r for r in direct if G.nodes[r[0]]["region"] in ecosystems or G.nodes[r[1]]["region"] in ecosystems]
shared_events = [(u, v, d) for u, v, d in analytics.collaboration_graph(G).edges(data=True)
                 if "CO_ATTENDED" in d["kinds"] and G.nodes[u]["region"] and G.nodes[v]["region"]
                 and G.nodes[u]["region"] != G.nodes[v]["region"]
                 and (not ecosystems or {G.nodes[u]["region"], G.nodes[v]["region"]} & set(ecosystems))]
if not direct and not shared_events:
    st.caption(t("当前设置下没有跨生态的协作。", "No collaboration across ecosystems found with these settings."))
if direct:
    facts = data.links_among(sorted({n for u, v, *_ in direct for n in (u, v)}))
    wanted = {(u, v, r[0]) for u, v, _, r in direct}
    for fact in facts:
        if (fact["source"], fact["target"], fact["type"]) not in wanted:
            continue
        a, b = G.nodes[fact["source"]], G.nodes[fact["target"]]
        st.markdown(f"**{render.md_escape(a['name'])}** ({render.ecosystem_name_in(a['region'], language)}) "
                    f"{render.rel_name(fact['type'], language)} → **{render.md_escape(b['name'])}** "
                    f"({render.ecosystem_name_in(b['region'], language)}) · {t('置信度', 'confidence')} {fact['confidence']:.2f}")
        st.markdown("> " + render.evidence_markdown(fact["evidence"], [a["name"], b["name"]]))
if shared_events:
    st.markdown(t("**同场活动：**", "**Met at the same event:**"))
    for u, v, d in sorted(shared_events, key=lambda e: (G.nodes[e[0]]["name"], G.nodes[e[1]]["name"]))[:100]:
        met_at = "、".join(G.nodes[e]["name"] for e in d["events"])
        st.markdown(f"- {render.md_escape(G.nodes[u]['name'])} ({render.ecosystem_name_in(G.nodes[u]['region'], language)})"
                    f"{t('与', ' and ')}{render.md_escape(G.nodes[v]['name'])} "
                    f"({render.ecosystem_name_in(G.nodes[v]['region'], language)}): {render.md_escape(met_at)}")
