"""Entity profile: who an entity is, every link with its evidence, and its neighbourhood."""
import streamlit as st

from ecograph.ui import asof, data, render, widgets
from ecograph.ui.i18n import lang, params, t

language = lang()
st.title(t("实体档案", "Entity profile"))

requested = st.query_params.get("id")
entity_id = widgets.entity_picker(t("实体", "Entity"), key="profile_entity", default=requested)
if not entity_id:
    st.info(t("请在上面选择实体，或在**生态地图**上点击一个。", "Choose an entity above, or click one on the **Ecosystem map**."))
    st.stop()
if entity_id != requested:
    st.query_params["id"] = entity_id  # the address bar now links to this profile

G = data.graph()
node = G.nodes[entity_id]
st.header(node["name"])
articles_mentioning = data.entity_articles(entity_id)
placed = render.placement_reasons(data.entity_placement(entity_id).get("placement") or "", language)
region = "、".join(render.ecosystem_name_in(p["ecosystem"], language) for p in placed) \
    or render.ecosystem_name_in("", language)
st.markdown(f"**{render.label_name(node['label'], language)}** · {region} · "
            + t(f"{G.degree(entity_id)} 个关联 · 见于 {len(articles_mentioning)} 篇文章",
                f"{G.degree(entity_id)} links · mentioned in {len(articles_mentioning)} article(s)"))
aliases = [a.strip() for a in node["aliases"] if a and a.strip()]
st.markdown(t("**别名：**", "**Aliases:** ")
            + ("、".join(render.md_escape(a) for a in aliases) if aliases else t("无", "none")))
if node["label"] == "Segment" and node.get("tier"):
    st.markdown(t("**产业链：**", "**Industrial chain:** ") + render.tier_title(node["tier"], language))
with st.expander(t("归属依据", "Why this ecosystem") if placed else t("未归入生态：原因", "Unplaced: why")):
    if not placed:
        st.markdown(t("没有事实链（位于、隶属于、运营、孵化、任职于）将其与中关村、张江、南山或长宁的园区或城区相连，"
                      "其名称也不以它们的名称开头。",
                      "No chain of facts (located in, part of, operates, incubated by, works for) leads from "
                      "this entity to a park or district of Zhongguancun, Zhangjiang, Nanshan or Changning, and "
                      "its name opens with none of theirs."))
    for reason in placed:
        st.markdown(f"**{render.ecosystem_name_in(reason['ecosystem'], language)}**: {reason['chain']}")
        st.caption(reason["anchor"])
        for step in reason["steps"]:
            st.markdown("> " + render.evidence_markdown(step.get("evidence") or "", [step["source"], step["target"]]))

links = asof.links_as_of(data.entity_links(entity_id), asof.as_of_control("profile_asof"))
article_ids = sorted({a for link in links for a in (link.get("article_ids") or [])})
grouped = render.group_links(links, data.articles_by_id(article_ids))

facts, ego, sources = st.tabs([t("关系与证据", "Links with evidence"), t("关系网络", "Ego network"),
                               t("来源文章", "Articles")])
with facts:
    if not grouped:
        st.info(t("尚无与其他实体的关联；下面的文章提到了它。", "No links to other entities yet; the articles below mention it."))
    biggest = max((len(rows) for rows in grouped.values()), default=0)
    per_type = 10
    if biggest > 10:
        per_type = st.number_input(t("每类显示的关联数（置信度高者优先）", "Links shown per type (most confident first)"),
                                   10, max(10, biggest), 10, step=10, key="profile_per_type")
    for rel_type, rows in grouped.items():
        st.subheader(f"{render.rel_name(rel_type, language)} ({len(rows)})")
        for row in rows[:per_type]:
            other = render.md_escape(row["other"] or row["other_id"])
            extra = (t(" · 职务：", " · title: ") + render.md_escape(row["title"])) if row.get("title") else ""
            if rel_type == "INVESTED_IN" and render.deal_text(row, language):
                extra += " · " + render.md_escape(render.deal_text(row, language))
            status = f" · *{row['status']}*" if row.get("status") not in (None, "", "reported") else ""
            with st.container(border=True):
                left, right = st.columns([5, 1])
                left.markdown(
                    f"{row['arrow']} **{other}** ({render.label_name(row['other_label'], language)})"
                    f" · {t('置信度', 'confidence')} {float(row.get('confidence') or 0):.2f}{extra}{status}")
                right.page_link("ui/profile.py", label=t("档案", "profile"), icon=":material/badge:",
                                query_params=params(id=row["other_id"]))
                st.markdown("> " + render.evidence_markdown(row.get("evidence") or t("（未记录句子）", "(no sentence recorded)"),
                                                           [node["name"], row["other"]]))
                for article in row["articles"]:
                    st.caption("— " + render.article_citation(article, language))
        if len(rows) > per_type:
            st.caption(t(f"……还有 {len(rows) - per_type} 条：请调高“每类显示的关联数”。",
                         f"… and {len(rows) - per_type} more: raise “Links shown per type”."))
with ego:
    hops = st.radio(t("跳数", "Hops"), [1, 2], horizontal=True, key="profile_hops")
    E = render.ego_network(G, entity_id, hops=hops, budget=150)
    if E.number_of_nodes() > 1:
        st.iframe(render.network_html(E, render.layout(E), height=520, highlight={entity_id}, lang=language),
                  height=540)
    else:
        st.info(t("没有相邻实体。", "No neighbours."))
with sources:
    for article in articles_mentioning:
        st.markdown("- " + render.article_citation(article, language))
