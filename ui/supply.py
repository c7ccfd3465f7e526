"""产业链图谱 Industrial-chain map: which segment is strong where, and what is missing.

Segments of the industrial-chain taxonomy run left to right by tier (upstream, midstream,
downstream, adjacent industries); each ecosystem is a row; each cell counts the players that
focus on the segment there. A click on a cell lists them with the evidence.
"""
import plotly.graph_objects as go
import streamlit as st

from ecograph.ui import data, render
from ecograph.ui.i18n import lang, params, t

PLAYER_LABELS = ["Company", "Platform", "Hospital", "Investor", "Park", "ResearchInstitute", "University"]

language = lang()
st.title(t("产业链图谱", "Industrial-chain map"))
st.caption(t("细分领域按医疗器械产业链排列（上游材料、部件和研发服务；中游器械类别，对应国家药监局《医疗器械分类目录》；"
             "下游医疗与服务）。每个单元格统计该生态中聚焦该领域的所选类型机构数；红框单元格为缺失：此处没有，而其他生态有。",
             "Segments follow the medical-device chain (upstream materials, components and R&D services; "
             "midstream device categories aligned to NMPA's classification catalogue; downstream care and services). "
             "Each cell counts the players of the chosen kinds that focus on the segment in that ecosystem; "
             "red-rimmed cells are missing: no player there, while another ecosystem has some."))

controls = st.columns([3, 3, 2])
ecosystems = controls[0].multiselect(t("生态", "Ecosystems"), render.ECOSYSTEM_NAMES,
                                     default=list(render.ECOSYSTEM_NAMES),
                                     format_func=lambda e: render.ecosystem_name_in(e, language),
                                     key=f"supply_ecosystems_{language}")  # the tags are named in the language
labels = controls[1].multiselect(t("机构类型", "Players"), PLAYER_LABELS,
                                 default=["Company", "Platform", "Hospital", "Investor"],
                                 format_func=lambda label: render.label_name(label, language),
                                 key=f"supply_labels_{language}")
catch_all = controls[2].checkbox(t("泛称领域", "Catch-all segments"), value=False, key="supply_generic",
                                 help=t("医疗器械、大健康、生物医药……指整个行业；作为事实保留，但默认不进入产业链。",
                                        "Segments naming the whole industry are kept as facts but left out of the chain by default."))
if not ecosystems or not labels:
    st.info(t("请至少选择一个生态和一种机构类型。", "Choose at least one ecosystem and one kind of player."))
    st.stop()

rows = data.records("chain_map", ecosystems=list(ecosystems), labels=list(labels),
                    include_catch_all=catch_all)
grid = render.chain_grid(rows, tuple(ecosystems))
if grid.empty:
    st.info(t("这些生态中暂无此类机构聚焦任何细分领域。",
              "No player of these kinds focuses on a segment in these ecosystems."))
    st.stop()

figure = render.chain_figure(grid, language)
config = {"toImageButtonOptions": {"format": "png", "filename": "ecograph_chain_map", "scale": 2},
          "displaylogo": False}
event = st.plotly_chart(figure, key="chain_map", on_select="rerun", selection_mode="points", config=config)
points = list(event["selection"]["points"]) if event and "selection" in event else []
if points and points[0].get("point_index") != st.session_state.get("supply_clicked"):
    # a new click on a cell: it picks the segment and ecosystem below (which stay free to change)
    st.session_state["supply_clicked"] = points[0].get("point_index")
    picked = grid.iloc[int(points[0]["point_index"])]
    st.session_state["supply_cell_segment"] = picked["segment"]
    st.session_state["supply_cell_ecosystem"] = picked["ecosystem"]

exports = st.columns(3)
exports[0].download_button(t("下载表格 CSV", "Download the table (CSV)"), render.frame_csv(render.chain_table(grid, language)),
                           file_name="ecograph_chain_map.csv", mime="text/csv", key="supply_csv")
exports[1].download_button(t("下载图表 HTML", "Download the chart (HTML)"), figure.to_html(include_plotlyjs=True, full_html=True),
                           file_name="ecograph_chain_map.html", mime="text/html", key="supply_html")
if exports[2].button(t("生成 PNG 图片", "Make a PNG"), key="supply_png"):
    try:
        png = figure.to_image(format="png", scale=2)
    except Exception as error:  # kaleido absent, or no Chrome/Chromium for it to drive
        st.warning(t(f"导出 PNG 需要 kaleido 和 Chrome/Chromium（{type(error).__name__}）；请使用图表右上角的相机按钮。",
                     f"PNG export needs kaleido and a Chrome or Chromium ({type(error).__name__}); use the "
                     "chart's camera button instead."))
    else:
        exports[2].download_button(t("下载 PNG", "Download PNG"), png, file_name="ecograph_chain_map.png",
                                   mime="image/png", key="supply_png_file")

st.subheader(t("单元格中的机构", "Players in a cell"))
segments = list(dict.fromkeys(grid["segment"]))
cell = st.columns(2)
segment_names = dict(zip(grid["segment"], grid["segment_en"]))
segment = cell[0].selectbox(t("细分领域", "Segment"), segments, index=None, key="supply_cell_segment",
                            format_func=lambda s: render.segment_title(s, segment_names.get(s, ""), language),
                            placeholder=t("点击上方单元格或选择", "Click a cell above, or choose"))
ecosystem = cell[1].selectbox(t("生态", "Ecosystem"), list(ecosystems), index=None, key="supply_cell_ecosystem",
                              format_func=lambda e: render.ecosystem_name_in(e, language),
                              placeholder=t("全部生态", "All ecosystems"))
if segment:
    players = [p for p in data.records("segment_players", segment=segment, ecosystem=ecosystem or "",
                                       labels=list(labels))
               if set(p["ecosystems"]) & set(ecosystems)]
    if not players:
        kinds = "、".join(render.label_name(label, language) for label in labels)
        where = render.ecosystem_name_in(ecosystem, language) if ecosystem else t("这些生态", "these ecosystems")
        named = render.segment_title(segment, segment_names.get(segment, ""), language)
        st.info(t(f"缺失：{where}没有聚焦{named}的{kinds}。", f"Missing: no {kinds} focuses on {named} in {where}."))
    articles = data.articles_by_id(sorted({a for p in players for a in p.get("article_ids") or []}))
    for player in players:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{render.md_escape(player['name'])}** ({render.label_name(player['label'], language)})"
                          f" · {render.ecosystem_name_in(player['ecosystem'] or '', language)}"
                          f" · {t('置信度', 'confidence')} {float(player.get('confidence') or 0):.2f}")
            right.page_link("ui/profile.py", label=t("档案", "profile"), icon=":material/badge:",
                            query_params=params(id=player["id"]))
            st.markdown("> " + render.evidence_markdown(player.get("evidence") or t("（未记录句子）", "(no sentence recorded)"),
                                                       [player["name"], segment]))
            for article_id in player.get("article_ids") or []:
                if article_id in articles:
                    st.caption("— " + render.article_citation(articles[article_id], language))

st.subheader(t("流向：生态 → 细分领域", "Flows: ecosystem → segment"))
flows = render.chain_sankey(grid, language)
if flows["value"]:
    sankey = go.Figure(go.Sankey(
        node={"label": flows["labels"], "color": flows["colors"], "pad": 14, "thickness": 14},
        link={"source": flows["source"], "target": flows["target"], "value": flows["value"],
              "color": "rgba(150,160,170,0.35)"},
    ))
    sankey.update_layout(height=max(360, 22 * len(flows["labels"])), margin={"l": 8, "r": 8, "t": 8, "b": 8},
                         font={"family": render.CJK_FONT, "size": 12})
    st.plotly_chart(sankey, key="supply_sankey", config=config)

st.subheader(t("缺口", "Gaps"))
gap_for = st.selectbox(t("其他生态有而本生态缺失的领域", "Segments others have but this ecosystem lacks"),
                       list(ecosystems), format_func=lambda e: render.ecosystem_name_in(e, language),
                       key="supply_gap_ecosystem")
gaps = data.records("segment_gaps", ecosystem=gap_for)
if gaps:
    st.dataframe([{t("细分领域", "segment"): g["segment"], t("层级", "tier"): render.tier_title(g["tier"], language),
                   t("已有", "present in"): "、".join(render.ecosystem_name_in(e, language) for e in g["present_in"]),
                   t("机构数", "players"): g["players"]}
                  for g in gaps], hide_index=True, key="supply_gaps")
else:
    st.caption(t("无缺口：其他生态有的领域这里都有。", "No gap: every segment placed elsewhere is present here too."))

unmapped = data.records("dq_unmapped_segments")
if unmapped:
    with st.expander(t(f"产业链分类尚未收录的领域（{len(unmapped)}）", f"Segments the taxonomy does not know yet ({len(unmapped)})")):
        st.dataframe(unmapped, hide_index=True, key="supply_unmapped")
