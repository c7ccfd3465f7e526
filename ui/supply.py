"""产业链图谱 Industrial-chain map: which segment is strong where, and what is missing.

Segments of the industrial-chain taxonomy run left to right by tier (upstream, midstream,
downstream, adjacent industries); each ecosystem is a row; each cell counts the players that
focus on the segment there. A click on a cell lists them with the evidence.
"""
import plotly.graph_objects as go
import streamlit as st

from ecograph.ui import data, render
from ecograph.ui.i18n import lang

PLAYER_LABELS = ["Company", "Platform", "Hospital", "Investor", "Park", "ResearchInstitute", "University"]

st.title("Industrial-chain map 产业链图谱")
st.caption("Segments follow the medical-device chain (upstream materials, components and R&D services; "
           "midstream device categories aligned to NMPA's 医疗器械分类目录; downstream care and services). "
           "Each cell counts the players of the chosen kinds that focus on the segment in that ecosystem; "
           "red-rimmed cells are missing 缺失: no player there, while another ecosystem has some.")

controls = st.columns([3, 3, 1])
ecosystems = controls[0].multiselect("Ecosystems 生态", render.ECOSYSTEM_NAMES,
                                     default=list(render.ECOSYSTEM_NAMES),
                                     format_func=render.ecosystem_title, key="supply_ecosystems")
labels = controls[1].multiselect("Players 机构类型", PLAYER_LABELS,
                                 default=["Company", "Platform", "Hospital", "Investor"],
                                 format_func=render.label_title, key="supply_labels")
catch_all = controls[2].checkbox("Catch-all segments 泛称", value=False, key="supply_generic",
                                 help="医疗器械, 大健康, 生物医药 … name the whole industry; they are kept as "
                                      "facts but left out of the chain by default.")
if not ecosystems or not labels:
    st.info("Choose at least one ecosystem and one kind of player. 请至少选择一个生态和一种机构类型。")
    st.stop()

rows = data.records("chain_map", ecosystems=list(ecosystems), labels=list(labels),
                    include_catch_all=catch_all)
grid = render.chain_grid(rows, tuple(ecosystems))
if grid.empty:
    st.info("No player of these kinds focuses on a segment in these ecosystems. "
            "这些生态中暂无此类机构聚焦任何细分领域。")
    st.stop()

figure = render.chain_figure(grid)
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
exports[0].download_button("CSV 下载表格", render.frame_csv(render.chain_table(grid)),
                           file_name="ecograph_chain_map.csv", mime="text/csv", key="supply_csv")
exports[1].download_button("HTML 下载图表", figure.to_html(include_plotlyjs=True, full_html=True),
                           file_name="ecograph_chain_map.html", mime="text/html", key="supply_html")
if exports[2].button("PNG 生成图片", key="supply_png"):
    try:
        png = figure.to_image(format="png", scale=2)
    except Exception as error:  # kaleido absent, or no Chrome/Chromium for it to drive
        st.warning(f"PNG export needs kaleido and a Chrome or Chromium ({type(error).__name__}); use the "
                   "chart's camera button instead. 请使用图表右上角的相机按钮导出 PNG。")
    else:
        exports[2].download_button("Download PNG 下载", png, file_name="ecograph_chain_map.png",
                                   mime="image/png", key="supply_png_file")

st.subheader("Players in a cell 细分领域成员")
segments = list(dict.fromkeys(grid["segment"]))
cell = st.columns(2)
segment = cell[0].selectbox("Segment 细分领域", segments, index=None, key="supply_cell_segment",
                            placeholder="Click a cell above, or choose 点击上方单元格或选择")
ecosystem = cell[1].selectbox("Ecosystem 生态", list(ecosystems), index=None, key="supply_cell_ecosystem",
                              format_func=render.ecosystem_title, placeholder="All ecosystems 全部")
if segment:
    players = [p for p in data.records("segment_players", segment=segment, ecosystem=ecosystem or "",
                                       labels=list(labels))
               if set(p["ecosystems"]) & set(ecosystems)]
    if not players:
        where = render.ecosystem_title(ecosystem) if ecosystem else "these ecosystems 这些生态"
        st.info(f"Missing 缺失: no {', '.join(map(render.label_title, labels))} focuses on {segment} in {where}.")
    articles = data.articles_by_id(sorted({a for p in players for a in p.get("article_ids") or []}))
    for player in players:
        with st.container(border=True):
            left, right = st.columns([5, 1])
            left.markdown(f"**{render.md_escape(player['name'])}** ({render.label_title(player['label'])})"
                          f" · {render.ecosystem_title(player['ecosystem'] or '')}"
                          f" · confidence {float(player.get('confidence') or 0):.2f}")
            right.page_link("ui/profile.py", label="profile 档案", icon=":material/badge:",
                            query_params={"id": player["id"]})
            st.markdown("> " + render.evidence_markdown(player.get("evidence") or "(no sentence recorded)",
                                                       [player["name"], segment]))
            for article_id in player.get("article_ids") or []:
                if article_id in articles:
                    st.caption("— " + render.article_citation(articles[article_id], lang()))

st.subheader("Flows: ecosystem → segment 生态 → 细分领域")
flows = render.chain_sankey(grid)
if flows["value"]:
    sankey = go.Figure(go.Sankey(
        node={"label": flows["labels"], "color": flows["colors"], "pad": 14, "thickness": 14},
        link={"source": flows["source"], "target": flows["target"], "value": flows["value"],
              "color": "rgba(150,160,170,0.35)"},
    ))
    sankey.update_layout(height=max(360, 22 * len(flows["labels"])), margin={"l": 8, "r": 8, "t": 8, "b": 8},
                         font={"family": render.CJK_FONT, "size": 12})
    st.plotly_chart(sankey, key="supply_sankey", config=config)

st.subheader("Gaps 缺口")
gap_for = st.selectbox("Segments others have but this ecosystem lacks 其他生态有而本生态缺失的领域",
                       list(ecosystems), format_func=render.ecosystem_title, key="supply_gap_ecosystem")
gaps = data.records("segment_gaps", ecosystem=gap_for)
if gaps:
    st.dataframe([{"segment 细分领域": g["segment"], "tier 层级": render.tier_title(g["tier"]),
                   "present in 已有": "、".join(g["present_in"]), "players 机构数": g["players"]}
                  for g in gaps], hide_index=True, key="supply_gaps")
else:
    st.caption("No gap: every segment placed elsewhere is present here too. 无缺口。")

unmapped = data.records("dq_unmapped_segments")
if unmapped:
    with st.expander(f"Segments the taxonomy does not know yet 未归类领域 ({len(unmapped)})"):
        st.dataframe(unmapped, hide_index=True, key="supply_unmapped")
