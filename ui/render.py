"""Pure functions the pages use: table shaping, subgraph selection, layouts and pyvis HTML.

Nothing here touches Streamlit or the store: inputs are plain values and networkx graphs, so
every function is unit-tested on small literal fixtures (tests/test_render.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Set
from urllib.parse import urlsplit

import networkx as nx
import pandas as pd

from ecograph.ontology import ECOSYSTEM_EN, ECOSYSTEMS, LABEL_NAMES_ZH, LABELS, REL_NAMES_EN, REL_NAMES_ZH, REL_TYPES

ECOSYSTEM_NAMES = tuple(ECOSYSTEMS)  # 中关村, 张江, 南山, 长宁
LABEL_NAMES_EN = {
    "Park": "Park", "Company": "Company", "Investor": "Investor", "Hospital": "Hospital",
    "Alliance": "Alliance", "University": "University", "ResearchInstitute": "Research institute",
    "Government": "Government body", "Platform": "Platform", "Person": "Person", "Event": "Event",
    "Region": "Region", "Segment": "Segment", "Article": "Article",
}
# One colour per label (colour-blind-friendly where possible), used by the map, legend and charts.
LABEL_COLORS = {
    "Park": "#1f77b4", "Company": "#ff7f0e", "Investor": "#2ca02c", "Hospital": "#d62728",
    "Alliance": "#9467bd", "University": "#8c564b", "ResearchInstitute": "#e377c2",
    "Government": "#7f7f7f", "Platform": "#bcbd22", "Person": "#17becf", "Event": "#f5b041",
    "Region": "#aab7b8", "Segment": "#16a085", "Article": "#34495e",
}
FALLBACK_COLOR = "#95a5a6"
# One colour per ecosystem (and grey for entities placed in none), for the map coloured by ecosystem.
ECOSYSTEM_COLORS = {"中关村": "#1f77b4", "张江": "#d62728", "南山": "#2ca02c", "长宁": "#9467bd", "": "#b0b7bd"}


def label_title(label: str) -> str:
    """'Park' → 'Park 园区' (the interface shows both)."""
    zh = LABEL_NAMES_ZH.get(label)
    return f"{label} {zh}" if zh else label


def label_name(label: str, lang: str) -> str:
    """A label in one interface language: 'Park' → '园区' (zh) or 'Park' (en)."""
    names = LABEL_NAMES_ZH if lang == "zh" else LABEL_NAMES_EN
    return names.get(label, label)


def rel_name(rel_type: str, lang: str) -> str:
    """A relationship type in one interface language: 'INVESTED_IN' → '投资' or 'invested in'."""
    names = REL_NAMES_ZH if lang == "zh" else REL_NAMES_EN
    return names.get(rel_type, rel_type)


def ecosystem_name_in(name: str, lang: str) -> str:
    """An ecosystem in one interface language: '张江' → '张江' or 'Zhangjiang'; '' → unplaced."""
    if not name:
        return "未归入生态" if lang == "zh" else "Unplaced"
    return name if lang == "zh" else ECOSYSTEM_EN.get(name, name)


UNPLACED = ""  # the ecosystem filters' value for entities placed in none


def ecosystem_title(name: str) -> str:
    """'张江' → 'Zhangjiang 张江'; '' → 'Unplaced 未归入生态'."""
    en = ECOSYSTEM_EN.get(name)
    return f"{en} {name}" if en else (name or "Unplaced 未归入生态")


def ecosystems_of(data: dict) -> list[str]:
    """The ecosystems a node is placed in (its `ecosystems`, else its one `region`)."""
    found = data.get("ecosystems")
    if found:
        return list(found)
    return [data["region"]] if data.get("region") else []


def counts_table(counts: dict[str, int], kind: str, lang: str = "bilingual") -> pd.DataFrame:
    """Counts per label or relationship type as a table, largest first, zeros kept at the end.

    `kind` is "label" or "type". Bilingual: the name as stored and its meaning (the Chinese name
    of a label, the English reading of a type); in one language: the name in that language.
    """
    if lang != "bilingual":
        name_of = label_name if kind == "label" else rel_name
        heading = {("label", "zh"): "类型", ("label", "en"): "label", ("type", "zh"): "关系",
                   ("type", "en"): "relationship"}[(kind, lang)]
        count = "数量" if lang == "zh" else "count"
        rows = [{heading: name_of(name, lang), count: int(n)} for name, n in counts.items()]
        frame = pd.DataFrame(rows, columns=[heading, count])
        return frame.sort_values([count, heading], ascending=[False, True]).reset_index(drop=True)
    rows = []
    for name, n in counts.items():
        meaning = LABEL_NAMES_ZH.get(name, "") if kind == "label" else REL_NAMES_EN.get(name, "")
        rows.append({kind: name, "meaning": meaning, "count": int(n)})
    frame = pd.DataFrame(rows, columns=[kind, "meaning", "count"])
    return frame.sort_values(["count", kind], ascending=[False, True]).reset_index(drop=True)


COMPARISON_MEASURES = {
    "bilingual": ["Entities", "Parks 园区", "Companies 企业", "Hospitals 医院", "Investors 投资机构",
                  "Alliances 联盟/协会", "Facts inside", "Top segments", "Most connected"],
    "en": ["Entities", "Parks", "Companies", "Hospitals", "Investors", "Alliances", "Facts inside",
           "Top segments", "Most connected"],
    "zh": ["实体", "园区", "企业", "医院", "投资机构", "联盟/协会", "内部关系", "主要细分领域", "连接最多"],
}
COMPARED_LABELS = ("Park", "Company", "Hospital", "Investor", "Alliance")


def ecosystem_comparison(G: nx.MultiDiGraph, ecosystems: tuple[str, ...] = ECOSYSTEM_NAMES,
                         top: int = 3, lang: str = "bilingual") -> pd.DataFrame:
    """Side-by-side profile of each ecosystem: one column per ecosystem, one row per measure,
    named in `lang` ('zh', 'en', or 'bilingual': both).

    Rows: entities, parks, companies, hospitals, investors, alliances, facts inside the ecosystem,
    top segments (by FOCUSES_ON links from the ecosystem's entities), most connected entities.
    """
    measures = COMPARISON_MEASURES[lang]
    label_rows = dict(zip(measures[1:6], COMPARED_LABELS))
    wanted = set(ecosystems)
    members: dict[str, list[str]] = {eco: [] for eco in ecosystems}
    for n, d in G.nodes(data=True):
        if d.get("region") in wanted:
            members[d["region"]].append(n)
    inside: Counter = Counter()
    segments: dict[str, Counter] = {eco: Counter() for eco in ecosystems}
    for u, v, key in G.edges(keys=True):
        ru, rv = G.nodes[u].get("region"), G.nodes[v].get("region")
        if ru in wanted and ru == rv:
            inside[ru] += 1
        if key == "FOCUSES_ON" and ru in wanted and G.nodes[v].get("label") == "Segment":
            segments[ru][G.nodes[v]["name"]] += 1
    data: dict[str, list] = {}
    for eco in ecosystems:
        labels = Counter(G.nodes[n]["label"] for n in members[eco])
        connected = sorted(members[eco], key=lambda n: (-G.degree(n), G.nodes[n]["name"]))[:top]
        column = [len(members[eco]), *(labels.get(label_rows[m], 0) for m in measures[1:6]), inside[eco],
                  "、".join(f"{name} ({k})" for name, k in _top(segments[eco], top)) or "–",
                  "、".join(f"{G.nodes[n]['name']} ({G.degree(n)})" for n in connected) or "–"]
        data[ecosystem_title(eco) if lang == "bilingual" else ecosystem_name_in(eco, lang)] = column
    return pd.DataFrame(data, index=measures).astype(str)


def _top(counter: Counter, k: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:k]


def link_url(url: str | None) -> str:
    """`url` if it is a web address (http or https) that may be shown as a link, else "": an
    article's URL is data from a page, and javascript:, data: or file: links must not be clickable.

    >>> link_url("https://example.cn/a"), link_url(" javascript:alert(1)"), link_url("data:text/html,x")
    ('https://example.cn/a', '', '')
    """
    text = (url or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in ("http", "https") and not any(ch in text for ch in "\x00\r\n\t") else ""


ARTICLE_COLUMNS = {"en": ("date", "title", "entities", "link", "source"),
                   "zh": ("日期", "标题", "实体数", "链接", "来源")}


def articles_table(rows: list[dict], lang: str = "en") -> pd.DataFrame:
    """Latest-articles rows → a table with date, title, entities mentioned and link (the web page,
    or for an article read from a file its stored text in the app)."""
    untitled, undated, _, _ = CITATION_WORDS[lang]

    def link(r: dict) -> str:
        if link_url(r.get("url")) or r.get("url") or not r.get("id"):
            return link_url(r.get("url"))
        return article_page(r["id"], lang)
    columns = ARTICLE_COLUMNS[lang]
    return pd.DataFrame(
        [dict(zip(columns, (r.get("date") or undated, r.get("title") or untitled, r.get("entities", 0),
                            link(r), r.get("source") or ""))) for r in rows],
        columns=list(columns),
    )


# ----------------------------------------------------------------------------- map: selection

def search_keys(name: str, aliases: list[str] | tuple[str, ...] = ()) -> str:
    """Everything a name search matches against, lower case, separated by '|': the name, the
    aliases, the full pinyin and the pinyin initials of each.

    >>> search_keys("张江", ["张江科学城"])
    '张江|zhangjiang|zj|张江科学城|zhangjiangkexuecheng|zjkxc'
    """
    from pypinyin import Style, lazy_pinyin

    keys = []
    for text in (name, *aliases):
        text = (text or "").strip()
        if not text:
            continue
        keys.append(text.lower())
        keys.append("".join(lazy_pinyin(text)).lower().replace(" ", ""))
        keys.append("".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower().replace(" ", ""))
    return "|".join(keys)


def normalise_search(text: str) -> str:
    """What a typed search is compared as: lower case, no spaces or apostrophes (xi'an)."""
    return "".join(ch for ch in (text or "").lower() if not ch.isspace() and ch != "'")


def matching_ids(keys: dict[str, str], text: str) -> set[str]:
    """The ids whose search keys contain the typed `text` (Chinese, pinyin or initials)."""
    wanted = normalise_search(text)
    if not wanted:
        return set()
    return {node for node, key in keys.items() if wanted in key}


def date_bounds(G: nx.MultiDiGraph) -> tuple[str, str] | None:
    """The earliest and latest fact dates (ISO strings) in the graph, or None when undated."""
    dates = sorted({d for *_, data in G.edges(data=True)
                    for d in (data.get("first_seen"), data.get("last_seen")) if d})
    return (dates[0], dates[-1]) if dates else None


def select(G: nx.MultiDiGraph, *, ecosystems=(), labels=(), rel_types=(),
           min_confidence: float = 0.0, date_range: tuple[str, str] | None = None,
           include_undated: bool = True, include_unplaced: bool = True,
           focus: set[str] | None = None, hide_isolated: bool = True, hide_catch_all: bool = False
           ) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The node ids and (u, v, type) edges a map shows; see :func:`filter_graph` for the rules.
    Nothing is copied, so this stays fast on large graphs."""
    ecosystems, labels, rel_types = set(ecosystems), set(labels), set(rel_types)
    nodes = G.nodes

    def node_ok(n: str) -> bool:
        return not labels or nodes[n].get("label") in labels

    def edge_ok(data: dict) -> bool:
        if rel_types and data.get("type") not in rel_types:
            return False
        if min_confidence and float(data.get("confidence") or 0.0) < min_confidence:
            return False
        if date_range:
            first, last = data.get("first_seen") or "", data.get("last_seen") or data.get("first_seen") or ""
            if not first:
                return include_undated
            if last < date_range[0] or first > date_range[1]:
                return False
        return True

    def placed_in_chosen(d: dict) -> bool:
        own = ecosystems_of(d)
        return any(e in ecosystems for e in own) or (UNPLACED in ecosystems and not own)

    core = {n for n, d in G.nodes(data=True) if (not labels or d.get("label") in labels)
            and (not ecosystems or placed_in_chosen(d))}
    open_ends = bool(ecosystems and include_unplaced)  # an edge may then join two added nodes
    edges = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if (open_ends or u in core or v in core) and edge_ok(d)]
    kept = set(core)
    if ecosystems and include_unplaced:
        for u, v, _ in edges:
            for inside, other in ((u, v), (v, u)):
                if inside in core and other not in kept and not ecosystems_of(nodes[other]) and node_ok(other):
                    kept.add(other)
    edges = [(u, v, k) for u, v, k in edges if u in kept and v in kept]
    if focus is not None:
        around = set(focus) & kept
        for u, v, _ in edges:
            if u in focus:
                around.add(v)
            if v in focus:
                around.add(u)
        kept &= around
        edges = [(u, v, k) for u, v, k in edges if u in kept and v in kept]
    if hide_catch_all:
        from ecograph.graph.analytics import is_catch_all

        kept = {n for n in kept if not is_catch_all(nodes[n]) or (focus and n in focus)}
        edges = [(u, v, k) for u, v, k in edges if u in kept and v in kept]
    if hide_isolated:
        linked = {u for u, _, _ in edges} | {v for _, v, _ in edges}
        kept = {n for n in kept if n in linked or (focus and n in focus)}
    return kept, edges


def build(G: nx.MultiDiGraph, nodes: set[str], edges: list[tuple[str, str, str]]) -> nx.MultiDiGraph:
    """A new graph with these nodes and edges (and their attributes) of G."""
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, dict(G.nodes[n])) for n in sorted(nodes))
    H.add_edges_from((u, v, k, dict(G.edges[u, v, k])) for u, v, k in edges if u in nodes and v in nodes)
    return H


def filter_graph(G: nx.MultiDiGraph, **filters) -> nx.MultiDiGraph:
    """The part of `G` a map shows, as a new graph (G is not changed).

    - `ecosystems`: keep entities placed in these ecosystems (all when empty; UNPLACED = "" stands
      for the entities placed in none); with `include_unplaced`, also entities with no ecosystem
      that are linked to a kept one (segments, national bodies). Entities of *other* ecosystems
      never come in.
    - `labels`, `rel_types`: keep only these (all when empty).
    - `min_confidence`, `date_range` (ISO from, to; a fact counts when its first_seen..last_seen
      overlaps it; undated facts are kept when `include_undated`).
    - `focus`: ids from a name search; keep them and their direct neighbours only.
    - `hide_isolated`: drop entities left without any fact.
    - `hide_catch_all`: drop whole-industry segments (医疗器械 …), which link to everyone.
    """
    nodes, edges = select(G, **filters)
    return build(G, nodes, edges)


def cut_to_budget(H: nx.Graph, budget: int, keep: Set[str] = frozenset()) -> nx.Graph:
    """At most `budget` nodes: the most connected ones (ties by name), plus `keep` (searched
    names) which always stay. Returns `H` itself when it fits."""
    if H.number_of_nodes() <= budget:
        return H
    ranked = sorted(H.nodes, key=lambda n: (n not in keep, -H.degree(n), H.nodes[n].get("name", ""), n))
    return H.subgraph(ranked[:max(budget, len(keep & set(H)))]).copy()


def map_subgraph(G: nx.MultiDiGraph, budget: int, **filters) -> tuple[nx.MultiDiGraph, int, int]:
    """What the map draws: the filtered graph cut to `budget` nodes (most connected first, the
    searched ones always), built only for the nodes kept. Returns (graph, total nodes, total
    edges) where the totals are before the cut."""
    nodes, edges = select(G, **filters)
    if len(nodes) > budget:
        degree: Counter[str] = Counter()
        for u, v, _ in edges:
            degree[u] += 1
            degree[v] += 1
        keep = set(filters.get("focus") or ()) & nodes
        ranked = sorted(nodes, key=lambda n: (n not in keep, -degree[n], G.nodes[n].get("name", ""), n))
        chosen = set(ranked[:max(budget, len(keep))])
    else:
        chosen = nodes
    return build(G, chosen, edges), len(nodes), len(edges)


def expansion(G: nx.MultiDiGraph, expanded: Set[str], labels: Set[str] = frozenset(),
              hide_catch_all: bool = True) -> nx.MultiDiGraph:
    """The "expand from one node" view: the expanded entities and their neighbours (only of
    `labels` when given; whole-industry segments left out unless asked), with the facts among them."""
    from ecograph.graph.analytics import is_catch_all

    nodes = {n for n in expanded if n in G}
    for n in list(nodes):
        for other in set(G.predecessors(n)) | set(G.successors(n)):
            d = G.nodes[other]
            if (not labels or d.get("label") in labels) and not (hide_catch_all and is_catch_all(d)):
                nodes.add(other)
    edges = [(u, v, k) for u, v, k in G.edges(nodes, keys=True) if u in nodes and v in nodes]
    edges += [(u, v, k) for u, v, k in G.in_edges(nodes, keys=True) if u in nodes and v in nodes]
    return build(G, nodes, sorted(set(edges)))


# ----------------------------------------------------------------------------- map: layout

# Where each ecosystem's entities start out (x right, y down, as vis-network draws them).
ECOSYSTEM_ANCHORS = {"中关村": (-1.0, -1.0), "张江": (1.0, -1.0), "南山": (-1.0, 1.0),
                     "长宁": (1.0, 1.0), "": (0.0, 0.0)}


def layout(H: nx.MultiDiGraph, seed: int = 7, iterations: int = 80,
           scale: float | None = None) -> dict[str, tuple[float, float]]:
    """Fixed positions for `H`, computed on the server (force-directed, numpy).

    Entities are pulled towards their ecosystem's corner (unplaced ones towards the middle), so
    the four ecosystems come out as four regions of the map and small fragments stay close
    instead of drifting to the edges; the same graph and seed always give the same positions.
    Coordinates are in pixels, spread with the number of nodes.
    """
    import numpy as np

    nodes = list(H.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    scale = scale or 60.0 * max(4.0, n ** 0.5)
    rng = np.random.default_rng(seed)
    index = {node: i for i, node in enumerate(nodes)}
    anchors = np.array([ECOSYSTEM_ANCHORS.get(H.nodes[node].get("region") or "", (0.0, 0.0))
                        for node in nodes], dtype=np.float32)
    if len({tuple(a) for a in anchors}) == 1:  # one ecosystem: no reason to sit in a corner
        anchors[:] = 0.0
    pos = anchors * 0.5 + rng.normal(0.0, 0.15, size=(n, 2)).astype(np.float32)
    adjacency = np.zeros((n, n), dtype=np.float32)
    for u, v in H.edges():
        if u != v:
            adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0
    # Dense groups (everyone at one event) would collapse into a blob: pulls are weakened
    # by the two ends' numbers of neighbours (as ForceAtlas2 "dissuades hubs").
    degree = np.maximum(adjacency.sum(axis=1), 1.0)
    adjacency /= np.sqrt(np.outer(degree, degree)) ** 0.8
    pos = _fruchterman_reingold(adjacency, pos, anchors * 0.5, iterations)
    pos -= pos.mean(axis=0)
    spread = float(np.percentile(np.abs(pos), 98)) or 1.0
    pos *= scale / spread
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, pos)}


def _fruchterman_reingold(adjacency, pos, anchors, iterations: int, gravity: float = 0.3):
    """Fruchterman–Reingold on a dense float32 adjacency (fast up to a few thousand nodes), plus
    a pull of each node towards its anchor that keeps fragments on the canvas."""
    import numpy as np

    n = len(adjacency)
    k = np.float32(2.2 * (1.0 / n) ** 0.5)
    temperature = 0.15
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, 0:1] - pos[:, 0]
        dy = pos[:, 1:2] - pos[:, 1]
        d2 = dx * dx + dy * dy
        np.maximum(d2, 1e-4, out=d2)
        force = k * k / d2 - adjacency * np.sqrt(d2) / k
        fx = (dx * force).sum(axis=1) - gravity * (pos[:, 0] - anchors[:, 0])
        fy = (dy * force).sum(axis=1) - gravity * (pos[:, 1] - anchors[:, 1])
        length = np.sqrt(fx * fx + fy * fy)
        np.maximum(length, 1e-2, out=length)
        step = np.minimum(length, temperature) / length
        pos[:, 0] += fx * step
        pos[:, 1] += fy * step
        temperature -= cooling
    return pos


# ----------------------------------------------------------------------------- map: pyvis HTML

CJK_FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
_MAP_OPTIONS = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True,
                    "multiselect": False, "navigationButtons": False},
    "nodes": {"shape": "dot", "borderWidth": 1,
              "scaling": {"min": 6, "max": 34,
                          # label size follows the number of links, and a label is drawn only
                          # once it is large enough on screen: the hubs' names first, the rest
                          # as you zoom in
                          "label": {"enabled": True, "min": 8, "max": 30, "drawThreshold": 5}},
              "font": {"face": CJK_FONT, "size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {"smooth": False, "width": 1, "selectionWidth": 2,
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
              "color": {"color": "#b8c2cc", "highlight": "#2c3e50", "hover": "#5d6d7e"},
              "font": {"face": CJK_FONT, "size": 10, "align": "middle"}},
}
_MAP_STYLE = """
body { margin: 0; font-family: %(font)s; }
#mynetwork { border: 1px solid #e5e8eb !important; border-radius: 6px; }
#legend { position: absolute; top: 8px; left: 8px; background: rgba(255,255,255,0.92);
  border: 1px solid #dfe3e6; border-radius: 6px; padding: 6px 10px; font-size: 12px; z-index: 5;
  max-height: 90%%; overflow-y: auto; }
#legend .title { font-weight: 600; margin-bottom: 3px; cursor: pointer; }
#legend .item { display: flex; align-items: center; gap: 6px; line-height: 1.6; white-space: nowrap; }
#legend .dot { width: 11px; height: 11px; border-radius: 50%%; display: inline-block; }
#selection { position: absolute; bottom: 10px; left: 8px; background: #ffffff; z-index: 6;
  border: 1px solid #c9d1d8; border-radius: 6px; padding: 8px 12px; font-size: 13px;
  box-shadow: 0 2px 8px rgba(0,0,0,0.12); display: none; max-width: 60%%; }
#selection a { color: #1f6feb; text-decoration: none; font-weight: 600; }
div.vis-tooltip { font-family: %(font)s !important; font-size: 13px; white-space: pre-line; }
#png { position: absolute; top: 8px; right: 10px; z-index: 5; font-size: 12px; background: #ffffff;
  border: 1px solid #c9d1d8; border-radius: 4px; padding: 2px 8px; color: #1f6feb; text-decoration: none; }
#hint { position: absolute; bottom: 8px; right: 10px; font-size: 11px; color: #7b8a97; z-index: 5; }
"""
_MAP_SCRIPT = """
(function () {
  var meta = %(meta)s;
  var card = document.getElementById("selection");
  function profileUrl(id) { return "%(profile)s?id=" + encodeURIComponent(id); }
  function show(id) {
    var m = meta[id]; if (!m) { card.style.display = "none"; return; }
    card.innerHTML = "";
    var name = document.createElement("div"); name.style.fontWeight = "600"; name.textContent = m.name;
    var info = document.createElement("div"); info.style.color = "#566573";
    info.textContent = m.label + (m.region ? " · " + m.region : "") + " · " + m.degree + %(links_shown)s;
    var link = document.createElement("a"); link.href = profileUrl(id); link.target = "_blank";
    link.rel = "noopener"; link.textContent = %(open_profile)s;
    card.appendChild(name); card.appendChild(info); card.appendChild(link);
    card.style.display = "block";
  }
  network.on("selectNode", function (p) { show(p.nodes[0]); });
  network.on("deselectNode", function () { card.style.display = "none"; });
  network.on("doubleClick", function (p) {
    // The app's iframes may not navigate the page itself (sandbox): profiles open in a new tab,
    // and the map keeps its filters.
    if (p.nodes.length) { window.open(profileUrl(p.nodes[0]), "_blank", "noopener"); }
  });
  document.getElementById("png").addEventListener("click", function () {
    // the canvas is transparent: draw it on white for the picture
    var canvas = document.querySelector("#mynetwork canvas");
    var out = document.createElement("canvas"); out.width = canvas.width; out.height = canvas.height;
    var ctx = out.getContext("2d"); ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    this.href = out.toDataURL("image/png");
  });
  // Drawn while hidden (a tab not shown, a resize) the network would stay clipped: fit it again
  // whenever its frame changes size.
  var lastWidth = 0;
  new ResizeObserver(function () {
    var width = document.body.clientWidth;
    if (width && width !== lastWidth) { lastWidth = width; network.redraw(); network.fit(); }
  }).observe(document.body);
  document.body.setAttribute("data-ecograph-nodes", "%(count)d");
})();
"""


def ecosystem_colors(H: nx.MultiDiGraph, lang: str) -> tuple[dict[str, str], list[tuple[str, str, int]]]:
    """Colours by ecosystem (an entity in several takes its first) and the legend rows for them."""
    colors: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for n, d in H.nodes(data=True):
        own = ecosystems_of(d)
        first = own[0] if own and own[0] in ECOSYSTEM_COLORS else ""
        colors[n] = ECOSYSTEM_COLORS[first]
        counts[first] += 1
    legend = [(ecosystem_name_in(e, lang), color, counts[e]) for e, color in ECOSYSTEM_COLORS.items() if counts[e]]
    return colors, legend


def legend_items(H: nx.MultiDiGraph) -> list[tuple[str, str, int]]:
    """(label, colour, count) for each label present, in ontology order."""
    present = Counter(d.get("label", "") for _, d in H.nodes(data=True))
    order = [*LABELS, *sorted(set(present) - set(LABELS))]
    return [(label, LABEL_COLORS.get(label, FALLBACK_COLOR), present[label])
            for label in order if present.get(label)]


MAP_WORDS = {
    "bilingual": {"legend": "Legend 图例", "links": "links", "links_shown": " links shown",
                  "open_profile": "Open profile ↗", "confidence": "confidence",
                  "hint": "click: details · double-click: profile (new tab) · scroll: zoom",
                  "png": "PNG 下载"},
    "en": {"legend": "Legend", "links": "links", "links_shown": " links shown",
           "open_profile": "Open profile ↗", "confidence": "confidence",
           "hint": "click: details · double-click: profile (new tab) · scroll: zoom", "png": "Download PNG"},
    "zh": {"legend": "图例", "links": "个关联", "links_shown": " 个关联（图中）",
           "open_profile": "打开档案 ↗", "confidence": "置信度",
           "hint": "单击：详情 · 双击：档案（新标签页）· 滚轮：缩放", "png": "下载 PNG"},
}


def network_html(H: nx.MultiDiGraph, positions: dict[str, tuple[float, float]], *,
                 height: int = 640, highlight: Set[str] = frozenset(),
                 profile_url: str = "profile", edge_labels: bool | None = None,
                 colors: dict[str, str] | None = None,
                 legend: list[tuple[str, str, int]] | None = None, lang: str = "bilingual") -> str:
    """A self-contained vis-network page (no CDN: vis.js is inlined) for `H` at `positions`.

    Physics is off and every node has its server-computed x/y, so the page draws at once and
    the picture is the same on every rerun. Nodes are coloured by label (legend top left) and
    sized by degree; `highlight` nodes get a thick border. Clicking a node shows a card with a
    link to its profile (`profile_url?id=…`); double-clicking opens the profile (a new tab: the
    app's iframes are sandboxed without top navigation).
    `colors` (node → colour) and `legend` ((text, colour, count) rows) replace the colouring by
    label, e.g. to colour communities. `lang` ('zh', 'en' or 'bilingual') names labels and
    types and words the legend (collapsible: click its title), the card and the hint;
    `highlight` nodes (a path's end points, a searched entity) are also drawn largest.
    """
    import html as html_lib
    import json
    import re

    from pyvis.network import Network

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line",
                  bgcolor="#ffffff")
    if edge_labels is None:
        edge_labels = H.number_of_edges() <= 60
    words = MAP_WORDS[lang]

    def label_text(label: str) -> str:
        return label_title(label) if lang == "bilingual" else label_name(label, lang)

    def type_text(key: str) -> str:
        return f"{key} ({REL_NAMES_EN.get(key, key)})" if lang == "bilingual" else rel_name(key, lang)
    largest = max((H.degree(n) for n in H), default=0) + 1
    meta = {}
    for node, data in H.nodes(data=True):
        label = data.get("label", "")
        x, y = positions.get(node, (0.0, 0.0))
        degree = H.degree(node)
        name = data.get("name") or node
        region = data.get("region") or ""
        color = (colors or {}).get(node) or LABEL_COLORS.get(label, FALLBACK_COLOR)
        title = f"{name}\n{label_text(label)}" + (f" · {region}" if region else "") + f"\n{degree} {words['links']}"
        style = {"borderWidth": 4, "color": {"background": color, "border": "#111111"}} \
            if node in highlight else {"color": {"background": color, "border": color}}
        net.add_node(node, label=_short(name), title=title, x=x, y=y,
                     value=largest if node in highlight else degree + 1, physics=False, **style)
        meta[node] = {"name": name, "label": label_text(label), "region": region, "degree": degree}
    for u, v, key, data in H.edges(keys=True, data=True):
        confidence = float(data.get("confidence") or 0.0)
        title = f"{type_text(key)} · {words['confidence']} {confidence:.2f}"
        extra = {"label": key if lang == "bilingual" else rel_name(key, lang)} if edge_labels else {}
        net.add_edge(u, v, title=title, **extra)
    net.set_options(json.dumps(_MAP_OPTIONS))
    page = net.generate_html()
    page = re.sub(r"<link[^>]*bootstrap[^>]*/?>", "", page)  # CDN assets the page does not need
    page = re.sub(r"<script[^>]*bootstrap[^>]*>\s*</script>", "", page)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    rows = legend if legend is not None else [(label_text(label), color, count)
                                              for label, color, count in legend_items(H)]
    legend_html = "".join(
        f'<div class="item"><span class="dot" style="background:{color}"></span>'
        f"{html_lib.escape(text)} <span style='color:#7b8a97'>({count})</span></div>"
        for text, color, count in rows
    )
    overlay = (
        f'<style>{_MAP_STYLE % {"font": CJK_FONT}}</style>'
        f'<details id="legend" open><summary class="title">{html_lib.escape(words["legend"])}</summary>'
        f'{legend_html}</details>'
        '<div id="selection"></div>'
        f'<div id="hint">{html_lib.escape(words["hint"])}</div>'
        f'<a id="png" href="#" download="ecograph-network.png">{html_lib.escape(words["png"])}</a>'
        "<script>" + _MAP_SCRIPT % {
            "meta": _json_for_script(meta), "profile": profile_url.replace('"', ""),
            "count": H.number_of_nodes(), "links_shown": _json_for_script(words["links_shown"]),
            "open_profile": _json_for_script(words["open_profile"])} + "</script>"
    )
    return page.replace("</body>", overlay + "</body>")


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _json_for_script(value) -> str:
    """JSON safe to place inside <script> (no '</script>' break-out from article text)."""
    import json

    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ----------------------------------------------------------------------------- profile

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$")


def label_from(names: dict[str, str]):
    """A `format_func` for a select box of ids: the name of each id (the id itself if unnamed)."""
    return lambda key: names.get(key, str(key))


def md_escape(text: str) -> str:
    """Text shown literally inside Streamlit markdown (article text may hold * _ [ ] …)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in (text or ""))


def evidence_markdown(evidence: str, names: list[str] | tuple[str, ...] = ()) -> str:
    """The evidence sentence, escaped, with the given entity names in bold.

    >>> evidence_markdown("园区位于大兴区。", ["大兴区"])
    '园区位于**大兴区**。'
    """
    text = md_escape(evidence or "")
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        escaped = md_escape(name)
        if escaped in text and f"**{escaped}**" not in text:
            text = text.replace(escaped, f"**{escaped}**", 1)
    return text


def group_links(links: list[dict], articles: dict[str, dict]) -> dict[str, list[dict]]:
    """An entity's facts grouped by relationship type (types in ontology order), each with its
    direction ("→" outgoing, "←" incoming, "↔" symmetric) and its articles (title, date, url)."""
    from ecograph.ontology import SYMMETRIC_TYPES

    order = {t: i for i, t in enumerate(REL_TYPES)}
    grouped: dict[str, list[dict]] = {}
    for link in sorted(links, key=lambda l: (order.get(l["type"], 99), -(l.get("confidence") or 0),
                                             l.get("other") or "")):
        arrow = "↔" if link["type"] in SYMMETRIC_TYPES else ("→" if link.get("outgoing") else "←")
        grouped.setdefault(link["type"], []).append({
            **link, "arrow": arrow,
            "articles": [articles[a] for a in (link.get("article_ids") or []) if a in articles],
        })
    return grouped


ROLE_NAMES = {"lead": "lead 领投", "follow": "follow 跟投", "sole": "sole 独家"}
ROLE_NAMES_IN = {"zh": {"lead": "领投", "follow": "跟投", "sole": "独家"},
                 "en": {"lead": "lead", "follow": "follow", "sole": "sole"}}


def deal_text(link: dict, lang: str = "bilingual") -> str:
    """An INVESTED_IN fact's terms in words: 'B round 轮 · 1.2亿元 (120,000,000 CNY) · lead 领投 ·
    2024-03' (in one language with `lang`: 'B轮 · … · 领投'); '' when it has none."""
    parts = []
    roles = ROLE_NAMES if lang == "bilingual" else ROLE_NAMES_IN[lang]
    if link.get("round"):
        parts.append({"bilingual": f"{link['round']} round 轮", "zh": f"{link['round']}轮",
                      "en": f"{link['round']} round"}[lang])
    if link.get("amount_text"):
        figure, bound, currency = link.get("amount"), link.get("amount_min"), link.get("currency") or ""
        number = (f" ({float(figure):,.0f} {currency})" if figure is not None
                  else f" (≥ {float(bound):,.0f} {currency})" if bound is not None else "")
        parts.append(f"{link['amount_text']}{number}")
    if link.get("role"):
        parts.append(roles.get(link["role"], link["role"]))
    if link.get("deal_date"):
        parts.append(str(link["deal_date"]))
    return " · ".join(parts)


PLACEMENT_KINDS = {
    "bilingual": {"district": "district 城区", "park": "park 园区", "sub-park": "sub-park 分园",
                  "area": "area 片区", "ecosystem": "ecosystem 生态"},
    "en": {"district": "district", "park": "park", "sub-park": "sub-park", "area": "area", "ecosystem": "ecosystem"},
    "zh": {"district": "城区", "park": "园区", "sub-park": "分园", "area": "片区", "ecosystem": "生态"},
}


def placement_reasons(placement_json: str, lang: str = "bilingual") -> list[dict]:
    """The node property `placement` (JSON text, see ingest/placement.py) as a list of
    {ecosystem, chain (one line with arrows), anchor (words), steps}, nearest first."""
    import json

    out = []
    for placed in json.loads(placement_json) if placement_json else []:
        steps = placed.get("steps") or []
        names = [steps[0]["source"]] if steps else [placed["anchor"]]
        line = md_escape(names[0])
        for step in steps:
            if lang == "bilingual":
                arrow = "named after 名称" if step["type"] == "NAMED_AFTER" else step["type"]
            else:
                arrow = {"zh": "名称含", "en": "named after"}[lang] if step["type"] == "NAMED_AFTER" \
                    else rel_name(step["type"], lang)
            line += f" —{arrow}→ {md_escape(step['target'])}"
        kind = PLACEMENT_KINDS[lang].get(placed["anchor_kind"], placed["anchor_kind"])
        source = f" ({md_escape(placed['anchor_source'])})" if placed.get("anchor_source") else ""
        if lang == "zh":
            anchor = f"{md_escape(placed['anchor'])}是{placed['ecosystem']}生态的{kind}{source}"
        else:
            eco = ecosystem_title(placed["ecosystem"]) if lang == "bilingual" else ecosystem_name_in(placed["ecosystem"], lang)
            anchor = f"{md_escape(placed['anchor'])} is a {kind} of {eco}{source}"
        out.append({"ecosystem": placed["ecosystem"], "chain": line, "anchor": anchor, "steps": steps})
    return out


CITATION_WORDS = {"en": ("(untitled)", "undated", "source", "stored text"),
                  "zh": ("（无标题）", "无日期", "来源", "原文")}


def article_citation(article: dict, lang: str = "en") -> str:
    """'*title*, 2021-12-31, [source](url)' for markdown; an article read from a file (no web
    address) links to its stored text on the app's article page instead."""
    untitled, undated, source, stored = CITATION_WORDS[lang]
    title = md_escape(article.get("title") or untitled)
    parts = [f"*{title}*", article.get("date") or undated]
    if link_url(article.get("url")):
        url = link_url(article["url"]).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        parts.append(f"[{source}]({url})")
    elif article.get("url"):
        parts.append(md_escape(article["url"]))  # shown, never a link
    elif article.get("source"):
        parts.append(md_escape(article["source"].rsplit("/", 1)[-1]))
    if not link_url(article.get("url")) and article.get("id"):
        parts.append(f"[{stored}]({article_page(article['id'], lang)})")
    return ", ".join(parts)


def article_page(article_id: str, lang: str = "zh") -> str:
    """The app's address (relative to any page) of an article's stored text."""
    from urllib.parse import urlencode

    return "article?" + urlencode({"id": article_id, "lang": lang})


def ego_network(G: nx.MultiDiGraph, node: str, hops: int = 1, budget: int = 150) -> nx.MultiDiGraph:
    """The entities within `hops` links of `node` (either direction), cut to `budget` nodes
    (the centre always stays, then nearer and more connected nodes first)."""
    if node not in G:
        return nx.MultiDiGraph()
    undirected = G.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(undirected, node, cutoff=hops)
    ranked = sorted(distance, key=lambda n: (distance[n], -G.degree(n), G.nodes[n].get("name", ""), n))
    return G.subgraph(ranked[:budget]).copy()


# ----------------------------------------------------------------------------- paths

def path_steps(paths: list[list[str]], links: list[dict], articles: dict[str, dict],
               lang: str | None = None) -> list[list[dict]]:
    """For each path, one step per hop: the two names, the relation as an arrow read from the
    hop's first end ("—LOCATED_IN→", "←FOUNDED—", "—PARTNERS_WITH—"; with `lang` the type in
    that language: "—位于→") and its facts with evidence and articles."""
    def named(rel_type: str) -> str:
        return rel_name(rel_type, lang) if lang else rel_type
    no_sentence = "（未记录句子）" if lang == "zh" else "(no sentence recorded)"
    from ecograph.ontology import SYMMETRIC_TYPES

    by_pair: dict[tuple[str, str], list[dict]] = {}
    names: dict[str, str] = {}
    for link in links:
        names[link["source"]] = link.get("source_name") or link["source"]
        names[link["target"]] = link.get("target_name") or link["target"]
        by_pair.setdefault((min(link["source"], link["target"]), max(link["source"], link["target"])), []).append(link)
    out = []
    for path in paths:
        steps = []
        for a, b in zip(path, path[1:]):
            facts = sorted(by_pair.get((min(a, b), max(a, b)), []),
                           key=lambda l: (-(l.get("confidence") or 0), l["type"]))
            words = []
            for fact in facts:
                if fact["type"] in SYMMETRIC_TYPES:
                    words.append(f"—{named(fact['type'])}—")
                elif fact["source"] == a:
                    words.append(f"—{named(fact['type'])}→")
                else:
                    words.append(f"←{named(fact['type'])}—")
            steps.append({
                "from": names.get(a, a), "to": names.get(b, b),
                "relation": " ".join(dict.fromkeys(words)) or "—",
                "facts": [{"type": f["type"], "evidence": f.get("evidence") or no_sentence,
                           "confidence": float(f.get("confidence") or 0.0),
                           "articles": [articles[i] for i in (f.get("article_ids") or []) if i in articles]}
                          for f in facts],
            })
        out.append(steps)
    return out


# ----------------------------------------------------------------------------- console results

def cell_text(value) -> str | int | float | bool | None:
    """One result value as a table cell: nodes as 'name (Label)', relationships as ':TYPE',
    paths as 'a → b → c', lists joined; numbers and text unchanged."""
    import json

    if isinstance(value, dict):
        if "_labels" in value:
            labels = "/".join(value.get("_labels") or [])
            return f"{value.get('name') or value.get('title') or value.get('id', '')} ({labels})"
        if "_type" in value:
            return f":{value['_type']}"
        if set(value) == {"nodes", "relationships"}:
            return " → ".join(str(cell_text(n)) for n in value["nodes"])
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list):
        return "、".join(str(cell_text(v)) for v in value)
    return value


def result_frame(columns: list[str], rows: list[list]) -> pd.DataFrame:
    """A QueryResult as a readable table (see :func:`cell_text`)."""
    return pd.DataFrame([[cell_text(v) for v in row] for row in rows], columns=columns)


def result_graph(rows: list[list]) -> nx.MultiDiGraph:
    """The nodes and relationships found anywhere in the result rows (also inside paths and
    lists) as a graph for the map renderer; empty when the result holds none."""
    nodes: dict = {}
    rels: list[dict] = []

    def visit(value) -> None:
        if isinstance(value, dict):
            if "_labels" in value:
                nodes[value["_id"]] = value
            elif "_type" in value and "_start" in value:
                rels.append(value)
            elif set(value) == {"nodes", "relationships"}:
                for item in (*value["nodes"], *value["relationships"]):
                    visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for row in rows:
        for value in row:
            visit(value)
    H = nx.MultiDiGraph()
    key_of = {}
    for internal, node in nodes.items():
        key = str(node.get("id") or f"_{internal}")
        key_of[internal] = key
        H.add_node(key, label=(node.get("_labels") or [""])[0],
                   name=node.get("name") or node.get("title") or key, region=node.get("region") or "")
    for rel in rels:
        u, v = key_of.get(rel["_start"]), key_of.get(rel["_end"])
        if u and v:
            H.add_edge(u, v, key=rel["_type"], type=rel["_type"], confidence=rel.get("confidence") or 0.0)
    return H


def frame_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel shows the Chinese)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


# ----------------------------------------------------------------------------- supply chain

CHAIN_COLUMNS = ["segment_id", "segment", "segment_en", "tier", "nmpa", "ecosystem", "count", "players",
                 "missing"]


def chain_grid(rows: list[dict], ecosystems=ECOSYSTEM_NAMES) -> pd.DataFrame:
    """The 产业链图谱 as a table: one row per (segment, ecosystem) for every segment that some
    chosen ecosystem has players in (rows of the chain_map query), in chain order (tiers left to
    right, then NMPA category, then name). A cell with no player where another ecosystem has some
    is kept, with count 0 and ``missing`` set: the gap is the point."""
    from ecograph.ingest.taxonomy import TIERS

    segments: dict[str, dict] = {}
    cells: dict[tuple[str, str], dict] = {}
    for row in rows:
        if row["ecosystem"] not in ecosystems:
            continue
        segments.setdefault(row["segment_id"], row)
        cells[(row["segment_id"], row["ecosystem"])] = row
    order = sorted(segments.values(), key=lambda r: (TIERS.index(r["tier"]) if r["tier"] in TIERS else len(TIERS),
                                                     (r.get("nmpa") or "99").split("|")[0], r["segment"]))
    out = []
    for seg in order:
        for eco in ecosystems:
            cell = cells.get((seg["segment_id"], eco))
            out.append({"segment_id": seg["segment_id"], "segment": seg["segment"],
                        "segment_en": seg.get("segment_en") or "", "tier": seg["tier"] or "",
                        "nmpa": seg.get("nmpa") or "", "ecosystem": eco,
                        "count": int(cell["count"]) if cell else 0,
                        "players": sorted(cell["players"]) if cell else [], "missing": cell is None})
    return pd.DataFrame(out, columns=CHAIN_COLUMNS)


def tier_title(tier: str, lang: str = "bilingual") -> str:
    """'midstream' → 'Midstream 中游' (or '中游', 'Midstream' in one language); '' → unmapped."""
    from ecograph.ingest.taxonomy import TIER_NAMES

    both = TIER_NAMES.get(tier, "Unmapped 未归类")
    if lang == "bilingual":
        return both
    english, _, chinese = both.rpartition(" ")
    return chinese if lang == "zh" else english


CHAIN_WORDS = {
    "zh": {"missing": "缺失", "missing_cell": "缺失：此处没有，其他生态有", "players": "{} 家：", "colorbar": "机构数"},
    "en": {"missing": "missing", "missing_cell": "missing: no player here, others have some",
           "players": "{} player(s): ", "colorbar": "players"},
}


def segment_title(segment: str, segment_en: str, lang: str) -> str:
    """A taxonomy segment in one interface language: its English name in English when the
    taxonomy has one, else the name as written."""
    return segment_en if lang == "en" and segment_en else segment


def chain_figure(grid: pd.DataFrame, lang: str = "zh"):
    """The heatmap of the 产业链图谱: segments left to right by tier, one row per ecosystem, each
    cell a square coloured by its number of players and labelled with it, or missing (缺失);
    every label in the interface language `lang` ('zh' or 'en').

    One scatter trace of square markers, one point per row of `grid` (in its order), so a click
    selects a cell that ``grid.iloc[point_index]`` names."""
    import textwrap

    import plotly.graph_objects as go

    words = CHAIN_WORDS[lang]
    x = ["<br>".join(textwrap.wrap(segment_title(seg, en, lang), 11 if lang == "en" else 6, break_long_words=lang != "en"))
         for seg, en in zip(grid["segment"], grid["segment_en"])]
    y = [ecosystem_name_in(e, lang) for e in grid["ecosystem"]]
    text = [words["missing"] if m else str(c) for c, m in zip(grid["count"], grid["missing"])]
    hover = [f"{segment_title(seg, en, lang)} · {ecosystem_name_in(eco, lang)}<br>{tier_title(tier, lang)}"
             + (f" · NMPA {nmpa}" if nmpa else "") + "<br>"
             + (words["missing_cell"] if missing
                else words["players"].format(count) + "、".join(players[:8]) + ("…" if len(players) > 8 else ""))
             for seg, en, eco, tier, nmpa, count, players, missing in zip(
                 grid["segment"], grid["segment_en"], grid["ecosystem"], grid["tier"], grid["nmpa"],
                 grid["count"], grid["players"], grid["missing"])]
    figure = go.Figure(go.Scatter(
        x=x, y=y, mode="markers+text", text=text, hovertext=hover, hoverinfo="text",
        textfont={"size": 11, "color": ["#7b241c" if m else "#ffffff" if c else "#626567"
                                        for c, m in zip(grid["count"], grid["missing"])]},
        customdata=list(zip(grid["segment"], grid["ecosystem"])),
        marker={"symbol": "square", "size": 44, "color": list(grid["count"]), "cmin": 0,
                "colorscale": [[0, "#f4f6f6"], [0.0001, "#d4efdf"], [1, "#117a65"]],
                "line": {"width": [2 if m else 0 for m in grid["missing"]], "color": "#c0392b"},
                "showscale": True, "colorbar": {"title": {"text": words["colorbar"]}}},
    ))
    segments = list(dict.fromkeys(x))
    tiers = list(dict.fromkeys(zip(x, grid["tier"])))  # (segment, tier) in column order
    for shade, tier in enumerate(dict.fromkeys(t for _, t in tiers)):
        columns = [i for i, (_, t) in enumerate(tiers) if t == tier]
        figure.add_vrect(x0=columns[0] - 0.5, x1=columns[-1] + 0.5, layer="below", line_width=0,
                         fillcolor="#eaf2f8" if shade % 2 == 0 else "#fef9e7",
                         annotation_text=tier_title(tier, lang), annotation_position="top left")
    ecosystems = list(dict.fromkeys(y))
    figure.update_layout(
        height=170 + 70 * len(ecosystems), width=max(700, 110 * len(segments)),
        margin={"l": 8, "r": 8, "t": 110 if lang == "en" else 90, "b": 8}, font={"family": CJK_FONT, "size": 12},
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": segments, "side": "top",
               "tickangle": 0, "showgrid": False},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": ecosystems[::-1],
               "showgrid": False},
        plot_bgcolor="white", dragmode=False, clickmode="event+select")
    return figure


def chain_sankey(grid: pd.DataFrame, lang: str = "zh") -> dict:
    """Flows ecosystem → segment, one unit per player (of the kinds the grid counted), for a
    plotly Sankey: ``{"labels", "colors", "source", "target", "value"}``, named in `lang`; empty
    lists when nothing flows."""
    labels: list[str] = []
    colors: list[str] = []
    index: dict[tuple[str, str], int] = {}
    eco_colors = dict(zip(ECOSYSTEM_NAMES, ("#2e86c1", "#28b463", "#ca6f1e", "#8e44ad")))

    def node(kind: str, name: str, text: str, color: str) -> int:
        if (kind, name) not in index:
            index[(kind, name)] = len(labels)
            labels.append(text)
            colors.append(color)
        return index[(kind, name)]

    source, target, value = [], [], []
    for row in grid[grid["count"] > 0].itertuples():
        source.append(node("eco", row.ecosystem, ecosystem_name_in(row.ecosystem, lang),
                           eco_colors.get(row.ecosystem, FALLBACK_COLOR)))
        target.append(node("segment", row.segment, segment_title(row.segment, row.segment_en, lang),
                           LABEL_COLORS["Segment"]))
        value.append(int(row.count))
    return {"labels": labels, "colors": colors, "source": source, "target": target, "value": value}


CHAIN_TABLE_COLUMNS = {
    "zh": ("层级", "NMPA 类别", "细分领域", "细分领域（英文）", "生态", "机构数", "缺失", "名单"),
    "en": ("tier", "NMPA category", "segment", "segment (en)", "ecosystem", "players", "missing", "names"),
}


def chain_table(grid: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The grid as the CSV export: column names and tiers in `lang`, players joined."""
    tier, nmpa, segment, segment_en, ecosystem, players, missing, names = CHAIN_TABLE_COLUMNS[lang]
    return pd.DataFrame({
        tier: [tier_title(t, lang) for t in grid["tier"]], nmpa: grid["nmpa"],
        segment: grid["segment"], segment_en: grid["segment_en"],
        ecosystem: [ecosystem_name_in(e, lang) for e in grid["ecosystem"]],
        players: grid["count"], missing: grid["missing"],
        names: ["、".join(p) for p in grid["players"]]})


# ----------------------------------------------------------------------------- collaboration

COMMUNITY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                    "#bcbd22", "#17becf", "#7f7f7f")


def community_table(H: nx.Graph, groups: list[set[str]], members_shown: int = 6) -> pd.DataFrame:
    """One row per community: number, size, ecosystems mix, best-connected members."""
    rows = []
    for i, group in enumerate(groups, start=1):
        regions = Counter(H.nodes[n].get("region") or "–" for n in group)
        top = sorted(group, key=lambda n: (-H.degree(n), H.nodes[n].get("name", ""), n))[:members_shown]
        rows.append({"community": f"#{i}", "size": len(group),
                     "ecosystems": "、".join(f"{r} {k}" for r, k in _top(regions, 4)),
                     "members (most connected first)": "、".join(H.nodes[n]["name"] for n in top)
                     + ("…" if len(group) > members_shown else "")})
    return pd.DataFrame(rows, columns=["community", "size", "ecosystems", "members (most connected first)"])


def recolor_by_group(H: nx.Graph, groups: list[set[str]]) -> dict[str, str]:
    """Node → colour of its community (communities beyond the palette share grey)."""
    return {n: (COMMUNITY_COLORS[i] if i < len(COMMUNITY_COLORS) else FALLBACK_COLOR)
            for i, group in enumerate(groups) for n in group}


def scored_table(G: nx.Graph, rows: list[tuple], kind: str = "pairs") -> pd.DataFrame:
    """Analytics output as a table: pairs (u, v, score, reasons) or nodes (n, score, reasons)."""
    out = []
    for row in rows:
        if kind == "pairs":
            u, v, score, reasons = row
            out.append({"from": G.nodes[u]["name"], "to": G.nodes[v]["name"],
                         "to label": label_title(G.nodes[v].get("label", "")),
                         "to ecosystem": G.nodes[v].get("region") or "", "score": score,
                         "why": "; ".join(reasons), "from_id": u, "to_id": v})
        else:
            n, score, reasons = row
            out.append({"name": G.nodes[n]["name"], "label": label_title(G.nodes[n].get("label", "")),
                        "ecosystem": G.nodes[n].get("region") or "", "score": score,
                        "why": "; ".join(reasons), "id": n})
    columns = (["from", "to", "to label", "to ecosystem", "score", "why", "from_id", "to_id"]
               if kind == "pairs" else ["name", "label", "ecosystem", "score", "why", "id"])
    return pd.DataFrame(out, columns=columns)


# ----------------------------------------------------------------------------- ingest preview

def highlight_html(text: str, mentions: list[tuple[int, int, str]], lang: str = "zh") -> str:
    """`text` as HTML with each (start, end, label) mention marked in its label's colour and
    titled with the label in `lang` (overlaps: the earlier, then longer, wins). Everything is escaped."""
    import html as html_lib

    parts, cursor = [], 0
    for start, end, label in sorted(mentions, key=lambda m: (m[0], -(m[1] - m[0]))):
        if start < cursor or end <= start:
            continue
        parts.append(html_lib.escape(text[cursor:start]))
        color = LABEL_COLORS.get(label, FALLBACK_COLOR)
        parts.append(f'<mark title="{html_lib.escape(label_name(label, lang))}" style="background:{color}33;'
                     f'border-bottom:2px solid {color};padding:0 1px">{html_lib.escape(text[start:end])}</mark>')
        cursor = end
    parts.append(html_lib.escape(text[cursor:]))
    return "".join(parts).replace("\n", "<br>")


def collaboration_drawing(G: nx.MultiDiGraph, H: nx.Graph) -> nx.MultiDiGraph:
    """What the collaboration page draws for the collaboration graph `H`: its direct links, and
    co-attendance drawn through the events themselves (A → event ← B) rather than as a clique
    of every pair, which would bury the picture."""
    from ecograph.graph.analytics import ATTENDANCE_TYPES

    M = nx.MultiDiGraph()
    M.add_nodes_from(H.nodes(data=True))
    for u, v, d in H.edges(data=True):
        direct = [k for k in d.get("kinds") or [] if k != "CO_ATTENDED"]
        if direct:
            M.add_edge(u, v, "/".join(direct), confidence=1.0)
    events = {e for _, _, d in H.edges(data=True) for e in d.get("events") or []}
    for u, v, key in G.edges(keys=True):
        if key in ATTENDANCE_TYPES and v in events and u in H:
            if v not in M:
                M.add_node(v, **G.nodes[v])
            M.add_edge(u, v, key, confidence=1.0)
    return M
