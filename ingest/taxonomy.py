"""The medical-device industrial chain as data: segments by tier, synonyms merged, catch-alls marked.

lexicons/taxonomy.csv holds the nodes (upstream materials, components and R&D/testing services;
midstream device categories aligned to NMPA's 医疗器械分类目录 01–22 plus IVD; downstream care,
distribution and after-market; adjacent industries; catch-alls). `map_segment` maps a Segment
entity's name to its node: by the name or a synonym, else with its modifiers (高端, 智慧, 一次性 …,
from lexicons/segment_modifiers.txt) and generic tails (设备, 领域 …) taken off, else unmapped.
The corpus applies it when it projects the graph, so a rebuild replays the current taxonomy.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ecograph.ingest.lexicon import LEXICON_DIR, read_words
from ecograph.ingest.resolve import match_key

TAXONOMY_FILE = LEXICON_DIR / "taxonomy.csv"
TIERS = ("upstream", "midstream", "downstream", "adjacent", "catch-all")
TIER_NAMES = {"upstream": "Upstream 上游", "midstream": "Midstream 中游", "downstream": "Downstream 下游",
              "adjacent": "Adjacent 相关产业", "catch-all": "Catch-all 泛称"}
CHAIN_TIERS = ("upstream", "midstream", "downstream", "adjacent")  # what chain views show by default
UNMAPPED = "unmapped"
NMPA_CODES = frozenset({f"{n:02d}" for n in range(1, 23)} | {"IVD"})
GENERIC_TAILS = ("领域", "产业", "行业", "产品", "设备", "器械", "装备", "技术", "方向")
_SPLIT = re.compile(r"\|")


@dataclass(frozen=True)
class Node:
    id: str
    tier: str
    nmpa: tuple[str, ...]
    parent: str
    name_zh: str
    name_en: str
    synonyms: tuple[str, ...]

    @property
    def catch_all(self) -> bool:
        return self.tier == "catch-all"

    def title(self) -> str:
        """'医学影像 Medical imaging' (the interface shows both)."""
        return f"{self.name_zh} {self.name_en}"


@dataclass(frozen=True)
class Mapping:
    """Where one segment name went: the node (None when unmapped) and how it was found."""

    name: str
    node: Node | None
    how: str  # "name", "synonym", "without modifiers", or UNMAPPED


class Taxonomy:
    def __init__(self, nodes: list[Node], modifiers: list[str]):
        self.nodes = {node.id: node for node in nodes}
        self.by_key: dict[str, Node] = {}
        for node in nodes:
            for name in (node.name_zh, *node.synonyms):
                key = _key(name)
                if key in self.by_key and self.by_key[key].id != node.id:
                    raise ValueError(f"{TAXONOMY_FILE}: {name!r} is a synonym of both "
                                     f"{self.by_key[key].id} and {node.id}")
                self.by_key[key] = node
        self.modifiers = sorted(set(modifiers), key=len, reverse=True)

    def map(self, name: str) -> Mapping:
        key = _key(name)
        node = self.by_key.get(key)
        if node is not None:
            return Mapping(name, node, "name" if key == _key(node.name_zh) else "synonym")
        for core in self._cores(key):
            node = self.by_key.get(core)
            if node is not None:
                return Mapping(name, node, "without modifiers")
        return Mapping(name, None, UNMAPPED)

    def _cores(self, key: str) -> list[str]:
        """`key` with leading modifiers and trailing generic words taken off, one at a time,
        longest remainders first (高端医学影像设备 → 医学影像设备 → 医学影像)."""
        found: list[str] = []
        frontier = [key]
        while frontier:
            current = frontier.pop(0)
            for word in self.modifiers:
                if current.startswith(word) and len(current) - len(word) >= 2:
                    found.append(current[len(word):])
                    frontier.append(current[len(word):])
            for tail in GENERIC_TAILS:
                if current.endswith(tail) and len(current) - len(tail) >= 2:
                    found.append(current[: -len(tail)])
                    frontier.append(current[: -len(tail)])
        return sorted(dict.fromkeys(found), key=len, reverse=True)

    def find(self, text: str) -> Node | None:
        """The node `text` names in Chinese (a name or synonym, as `map`), English (its English
        name, its id, or the abbreviation in brackets: 'IVD') or pinyin ('tiwaizhenduan'); None
        when it names none."""
        mapped = self.map(text).node
        if mapped is not None:
            return mapped
        key = _plain(text)
        if not key:
            return None
        for node in self.nodes.values():
            english = node.name_en.replace("(", "|").replace(")", "").split("|")
            if key in {_plain(node.id), *(_plain(name) for name in english), _pinyin(node.name_zh)}:
                return node
        return None

    def descendants(self, node_id: str) -> set[str]:
        """`node_id` and every node that narrows it (children, their children …)."""
        found = {node_id}
        grew = True
        while grew:
            grew = False
            for node in self.nodes.values():
                if node.parent in found and node.id not in found:
                    found.add(node.id)
                    grew = True
        return found

    def ordered(self) -> list[Node]:
        """Nodes in chain order: by tier, then the NMPA code, then the file's order."""
        position = {node_id: i for i, node_id in enumerate(self.nodes)}
        return sorted(self.nodes.values(), key=lambda n: (TIERS.index(n.tier), n.nmpa[:1] or ("99",),
                                                           position[n.id]))


def _key(name: str) -> str:
    return match_key(name).upper()


def _plain(text: str) -> str:
    """Lower case letters and digits only: 'In-vitro diagnostics' → 'invitrodiagnostics'."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _pinyin(chinese: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(chinese)).lower()


@cache
def load_taxonomy(path: Path = TAXONOMY_FILE) -> Taxonomy:
    """The taxonomy file, checked: known tiers and NMPA codes, parents that exist."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    nodes = []
    for number, row in enumerate(csv.DictReader(lines), start=2):
        codes = tuple(c for c in _SPLIT.split(row["nmpa"]) if c)
        if row["tier"] not in TIERS or not set(codes) <= NMPA_CODES:
            raise ValueError(f"{path}: row {number} ({row['id']}): unknown tier {row['tier']!r} or NMPA code {codes}")
        nodes.append(Node(row["id"], row["tier"], codes, row["parent"], row["name_zh"], row["name_en"],
                          tuple(s for s in _SPLIT.split(row["synonyms"]) if s)))
    ids = {node.id for node in nodes}
    for node in nodes:
        if node.parent and node.parent not in ids:
            raise ValueError(f"{path}: {node.id}: parent {node.parent!r} is not a node")
    return Taxonomy(nodes, read_words(LEXICON_DIR / "segment_modifiers.txt"))


def map_segment(name: str) -> Mapping:
    """The taxonomy node of a segment name (see the module docs).

    >>> map_segment("高端医学影像").node.name_zh
    '医学影像'
    >>> map_segment("火箭网络").how
    'unmapped'
    """
    return load_taxonomy().map(name)
