"""Partner scouting: describe a start-up (segment, ecosystem, stage; in the graph or not) and see
its complements in groups, apart from its rivals, each reason with its evidence; collect a
shortlist across runs and export it (CSV, XLSX) with evidence sentences and links."""
import io

import pandas as pd
import streamlit as st

from ecograph.graph.analytics import segments_of
from ecograph.graph.scouting import COMPLEMENT_GROUPS, GROUP_NAMES, STAGE_NAMES
from ecograph.ingest.taxonomy import load_taxonomy
from ecograph.ui import data, render, widgets
from ecograph.ui.i18n import lang, params, t

language = lang()
zh = language == "zh"
ANY = t("不限", "Any")  # read now: select boxes call their format functions later
st.title(t("伙伴发现", "Partner scouting"))
st.caption(t("描述一家初创企业（细分领域、生态、阶段；是否已在图中均可），按组查看互补伙伴，与竞争者分开。"
             "每一分都来自图中的事实，并附证据。",
             "Describe a start-up (segment, ecosystem, stage; in the graph or not) and see its complements "
             "in groups, apart from its rivals. Every point of a score comes from facts in the graph, with evidence."))

G = data.graph()
taxonomy = load_taxonomy()
with st.expander(t("已在图中？（可选）", "Already in the graph? (optional)"), expanded=bool(st.query_params.get("id"))):
    entity = widgets.entity_picker(t("该初创企业", "The start-up"), key="scout_entity",
                                   default=st.query_params.get("id"), labels=("Company", "Platform"))

own_taxonomy = sorted({G.nodes[s].get("taxonomy") for s in segments_of(G, entity)} - {""}) if entity else []
controls = st.columns([2, 1, 1, 1])
segment_text = controls[0].text_input(
    t("细分领域", "Segment"), value=(taxonomy.nodes[own_taxonomy[0]].name_zh if own_taxonomy else ""),
    key=f"scout_segment_{entity}", placeholder=t("如 体外诊断、IVD 或 tiwaizhenduan", "e.g. 体外诊断, IVD or tiwaizhenduan"),
    help=t("产业链分类中的领域，中文、拼音或英文均可。", "A segment of the industrial-chain taxonomy, in Chinese, pinyin or English."))
own_ecosystems = render.ecosystems_of(G.nodes[entity]) if entity else []
ecosystem = controls[1].selectbox(
    t("生态", "Ecosystem"), ["", *render.ECOSYSTEM_NAMES],
    index=1 + render.ECOSYSTEM_NAMES.index(own_ecosystems[0]) if own_ecosystems and own_ecosystems[0] in render.ECOSYSTEM_NAMES else 0,
    format_func=lambda e: render.ecosystem_name_in(e, language) if e else ANY, key=f"scout_ecosystem_{entity}")
stage = controls[2].selectbox(t("阶段", "Stage"), ["", *STAGE_NAMES], key="scout_stage",
                              format_func=lambda s: STAGE_NAMES[s][0 if zh else 1] if s else ANY)
top = controls[3].number_input(t("每组候选数", "Candidates per group"), 3, 50, 8, key="scout_top")

node = taxonomy.find(segment_text) if segment_text.strip() else None
if not segment_text.strip():
    st.info(t("请输入初创企业的细分领域。", "Enter the start-up's segment."))
    st.stop()
if node is None:
    st.warning(t(f"产业链分类中没有“{segment_text}”。试试更宽的名称（如 体外诊断、医学影像）或英文。",
                 f"No segment of the taxonomy is called “{segment_text}”. Try a broader name (e.g. IVD, "
                 "medical imaging) or Chinese."))
    st.stop()
st.caption(t("细分领域：", "Segment: ") + (node.name_zh if zh else node.name_en) + " · "
           + render.tier_title(node.tier, language))

found = data.scouting(node.id, ecosystem, stage, entity, int(top))
everyone = [c for group in found.values() for c in group]
fact_nodes = sorted({n for c in everyone for f in c.facts for n in f[:2]})
facts = {(l["source"], l["target"], l["type"]): l for l in data.links_among(fact_nodes)}
articles = data.articles_by_id(sorted({a for l in facts.values() for a in (l.get("article_ids") or [])}))


def reasons_text(candidate) -> str:
    return "；".join(r.zh for r in candidate.reasons) if zh else "; ".join(r.en for r in candidate.reasons)


def evidence(candidate) -> list[dict]:
    """The candidate's facts with their sentences and articles."""
    out = []
    for key in candidate.facts:
        fact = facts.get(key) or {}
        out.append({"fact": key, "evidence": fact.get("evidence") or "",
                    "articles": [articles[a] for a in (fact.get("article_ids") or []) if a in articles]})
    return out


def table(candidates) -> pd.DataFrame:
    return pd.DataFrame([{
        t("排名", "rank"): rank, t("名称", "name"): G.nodes[c.id]["name"],
        t("类型", "label"): render.label_name(G.nodes[c.id]["label"], language),
        t("生态", "ecosystem"): "、".join(render.ecosystem_name_in(e, language) for e in render.ecosystems_of(G.nodes[c.id])),
        t("得分", "score"): c.score, t("依据", "why"): reasons_text(c)} for rank, c in enumerate(candidates, start=1)])


def show_group(group: str, candidates) -> None:
    st.subheader(GROUP_NAMES[group][0 if zh else 1] + f" ({len(candidates)})")
    if not candidates:
        st.caption(t("图中没有这样的候选。", "No such candidate in the graph."))
        return
    why = t("依据", "why")
    st.dataframe(table(candidates), hide_index=True, width="stretch", key=f"scout_table_{group}",
                 column_config={why: st.column_config.TextColumn(why, width="large")})
    with st.expander(t("证据", "Evidence")):
        for c in candidates:
            st.markdown(f"**{render.md_escape(G.nodes[c.id]['name'])}** — {render.md_escape(reasons_text(c))}")
            for item in evidence(c):
                u, v, rel = item["fact"]
                st.markdown("> " + render.evidence_markdown(item["evidence"] or t("（未记录句子）", "(no sentence recorded)"),
                                                           [G.nodes[u]["name"], G.nodes[v]["name"]]))
                st.caption(" · ".join([f"{G.nodes[u]['name']} {render.rel_name(rel, language)} {G.nodes[v]['name']}",
                                       *[render.article_citation(a, language) for a in item["articles"]]]))
            st.page_link("ui/profile.py", label=t("档案", "profile"), icon=":material/badge:", query_params=params(id=c.id))


for group in COMPLEMENT_GROUPS:
    show_group(group, found[group])
st.divider()
show_group("rival", found["rival"])

# ----------------------------------------------------------------------------- the shortlist

def base_url() -> str:
    url = st.context.url or ""
    return url.rsplit("/", 1)[0] + "/" if "://" in url else ""


def shortlist_row(c, node) -> dict:
    items = evidence(c)
    links = []
    for item in items:
        for a in item["articles"]:
            links.append(render.link_url(a.get("url")) or base_url() + render.article_page(a["id"], language))
    return {t("名称", "name"): G.nodes[c.id]["name"], t("组", "group"): GROUP_NAMES[c.group][0 if zh else 1],
            t("类型", "label"): render.label_name(G.nodes[c.id]["label"], language),
            t("细分领域", "segment"): node.name_zh if zh else node.name_en, t("得分", "score"): c.score,
            t("依据", "why"): reasons_text(c),
            t("证据句", "evidence"): "\n".join(dict.fromkeys(i["evidence"] for i in items if i["evidence"])),
            t("文章链接", "article links"): "\n".join(dict.fromkeys(links)),
            t("档案链接", "profile link"): base_url() + "profile?" + f"id={c.id}&lang={language}"}


st.divider()
st.subheader(t("候选名单", "Shortlist"))
shortlist: dict = st.session_state.setdefault("scout_shortlist", {})
labels = {f"{c.group}:{c.id}": f"{G.nodes[c.id]['name']} · {GROUP_NAMES[c.group][0 if zh else 1]}" for c in everyone}
chosen = st.multiselect(t("加入名单", "Add to the shortlist"), list(labels), format_func=labels.__getitem__,
                        key="scout_pick", placeholder=t("从上面的结果中选择", "Choose from the results above"))
add, clear = st.columns([1, 1])
if add.button(t("加入名单", "Add to shortlist"), key="scout_add", disabled=not chosen):
    by_key = {f"{c.group}:{c.id}": c for c in everyone}
    for key in chosen:
        shortlist[key] = shortlist_row(by_key[key], node)
if clear.button(t("清空名单", "Clear the shortlist"), key="scout_clear", disabled=not shortlist):
    shortlist.clear()
if not shortlist:
    st.caption(t("名单为空：名单会保留在多次查找之间。", "The shortlist is empty; it keeps candidates across searches."))
else:
    frame = pd.DataFrame(list(shortlist.values()))
    st.dataframe(frame, hide_index=True, width="stretch")
    xlsx = io.BytesIO()
    frame.to_excel(xlsx, index=False, sheet_name="shortlist")
    downloads = st.columns(2)
    downloads[0].download_button(t("下载 CSV", "Download CSV"), render.frame_csv(frame), file_name="shortlist.csv",
                                 mime="text/csv", key="scout_csv")
    downloads[1].download_button(t("下载 XLSX", "Download XLSX"), xlsx.getvalue(), file_name="shortlist.xlsx",
                                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="scout_xlsx")
