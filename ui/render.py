"""Pure functions the pages use: table shaping, subgraph selection, layouts and pyvis HTML.

Nothing here touches Streamlit or the store: inputs are plain values and networkx graphs, so
every function is unit-tested on small literal fixtures (tests/test_render.py).
"""
from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from graph.model import ECOSYSTEMS, LABEL_NAMES_ZH, LABELS, REL_TYPES

ECOSYSTEM_NAMES = tuple(ECOSYSTEMS)  # 中关村, 张江, 南山, 长宁
ECOSYSTEM_EN = {"中关村": "Zhongguancun", "张江": "Zhangjiang", "南山": "Nanshan", "长宁": "Changning"}
REL_NAMES_EN = {
    "LOCATED_IN": "located in", "PART_OF": "part of", "OPERATES": "operates", "FOUNDED": "founded",
    "INVESTED_IN": "invested in", "PARTNERS_WITH": "partners with", "MEMBER_OF": "member of",
    "ORGANIZED": "organized", "PARTICIPATED_IN": "participated in", "FOCUSES_ON": "focuses on",
    "SUPPLIES": "supplies", "INCUBATES": "incubates", "WORKS_FOR": "works for",
    "SUBSIDIARY_OF": "subsidiary of",
}
# One colour per label (colour-blind-friendly where possible), used by the map, legend and charts.
LABEL_COLORS = {
    "Park": "#1f77b4", "Company": "#ff7f0e", "Investor": "#2ca02c", "Hospital": "#d62728",
    "Alliance": "#9467bd", "University": "#8c564b", "ResearchInstitute": "#e377c2",
    "Government": "#7f7f7f", "Platform": "#bcbd22", "Person": "#17becf", "Event": "#f5b041",
    "Region": "#aab7b8", "Segment": "#16a085", "Article": "#34495e",
}
FALLBACK_COLOR = "#95a5a6"


def label_title(label: str) -> str:
    """'Park' → 'Park 园区' (the interface shows both)."""
    zh = LABEL_NAMES_ZH.get(label)
    return f"{label} {zh}" if zh else label


def ecosystem_title(name: str) -> str:
    """'张江' → 'Zhangjiang 张江'."""
    en = ECOSYSTEM_EN.get(name)
    return f"{en} {name}" if en else (name or "(none)")


def counts_table(counts: dict[str, int], kind: str) -> pd.DataFrame:
    """Counts per label or relationship type as a table, largest first, zeros kept at the end.

    `kind` is "label" (adds the Chinese name) or "type" (adds the English reading).
    """
    rows = []
    for name, n in counts.items():
        meaning = LABEL_NAMES_ZH.get(name, "") if kind == "label" else REL_NAMES_EN.get(name, "")
        rows.append({kind: name, "meaning": meaning, "count": int(n)})
    frame = pd.DataFrame(rows, columns=[kind, "meaning", "count"])
    return frame.sort_values(["count", kind], ascending=[False, True]).reset_index(drop=True)


def ecosystem_comparison(G: nx.MultiDiGraph, ecosystems: tuple[str, ...] = ECOSYSTEM_NAMES,
                         top: int = 3) -> pd.DataFrame:
    """Side-by-side profile of each ecosystem: one column per ecosystem, one row per measure.

    Rows: entities, parks, companies, hospitals, investors, alliances, facts inside the ecosystem,
    top segments (by FOCUSES_ON links from the ecosystem's entities), most connected entities.
    """
    measures = ["Entities", "Parks 园区", "Companies 企业", "Hospitals 医院", "Investors 投资机构",
                "Alliances 联盟/协会", "Facts inside", "Top segments", "Most connected"]
    label_rows = {"Parks 园区": "Park", "Companies 企业": "Company", "Hospitals 医院": "Hospital",
                  "Investors 投资机构": "Investor", "Alliances 联盟/协会": "Alliance"}
    data: dict[str, list] = {}
    for eco in ecosystems:
        members = [n for n, d in G.nodes(data=True) if d.get("region") == eco]
        member_set = set(members)
        labels = Counter(G.nodes[n]["label"] for n in members)
        inside = sum(1 for u, v in G.edges() if u in member_set and v in member_set)
        segments = Counter(
            G.nodes[v]["name"] for u, v, t in G.edges(keys=True)
            if t == "FOCUSES_ON" and u in member_set and G.nodes[v]["label"] == "Segment"
        )
        connected = sorted(members, key=lambda n: (-G.degree(n), G.nodes[n]["name"]))[:top]
        column = [len(members), *(labels.get(label_rows[m], 0) for m in measures[1:6]), inside,
                  "、".join(f"{name} ({k})" for name, k in _top(segments, top)) or "–",
                  "、".join(f"{G.nodes[n]['name']} ({G.degree(n)})" for n in connected) or "–"]
        data[ecosystem_title(eco)] = column
    return pd.DataFrame(data, index=measures).astype(str)


def _top(counter: Counter, k: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:k]


def articles_table(rows: list[dict]) -> pd.DataFrame:
    """Latest-articles rows → a table with date, title, entities mentioned and link."""
    frame = pd.DataFrame(
        [{"date": r.get("date") or "undated", "title": r.get("title") or "(untitled)",
          "entities": r.get("entities", 0), "link": r.get("url") or "", "source": r.get("source") or ""}
         for r in rows],
        columns=["date", "title", "entities", "link", "source"],
    )
    return frame
