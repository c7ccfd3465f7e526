"""The ontology in code: node labels, relationship types and stable ids (see ONTOLOGY.md).

The ground floor: graph/ and ingest/ both build on it, and it imports nothing of theirs.
"""
from __future__ import annotations

import hashlib

LABELS: tuple[str, ...] = (
    "Park", "Company", "Investor", "Hospital", "Alliance", "University", "ResearchInstitute",
    "Government", "Platform", "Person", "Event", "Region", "Segment",
)
ARTICLE_LABEL = "Article"

REL_TYPES: tuple[str, ...] = (
    "LOCATED_IN", "PART_OF", "OPERATES", "FOUNDED", "INVESTED_IN", "PARTNERS_WITH", "MEMBER_OF",
    "ORGANIZED", "PARTICIPATED_IN", "FOCUSES_ON", "SUPPLIES", "INCUBATES", "WORKS_FOR",
    "SUBSIDIARY_OF",
)
MENTIONED_IN = "MENTIONED_IN"
SYMMETRIC_TYPES = frozenset({"PARTNERS_WITH"})

ORGANISATION_LABELS = frozenset({
    "Company", "Investor", "Hospital", "Alliance", "University", "ResearchInstitute",
    "Government", "Platform",
})

# The four ecosystems the product is about. Their extents (parks, districts) are data:
# ingest/lexicons/ecosystems.csv, read by ingest/placement.py.
ECOSYSTEMS: tuple[str, ...] = ("中关村", "张江", "南山", "长宁")
# Their names in English, which are their pinyin.
ECOSYSTEM_EN: dict[str, str] = {"中关村": "Zhongguancun", "张江": "Zhangjiang", "南山": "Nanshan",
                                "长宁": "Changning"}
_ECOSYSTEM_KEYS: dict[str, str] = {
    **{name: name for name in ECOSYSTEMS},
    **{english.lower(): name for name, english in ECOSYSTEM_EN.items()},
}

# Bilingual display names for the interface.
LABEL_NAMES_ZH: dict[str, str] = {
    "Park": "园区", "Company": "企业", "Investor": "投资机构", "Hospital": "医院",
    "Alliance": "联盟/协会", "University": "高校", "ResearchInstitute": "科研院所",
    "Government": "政府机构", "Platform": "平台", "Person": "人物", "Event": "活动",
    "Region": "地区", "Segment": "细分领域", "Article": "文章",
}

# Relationship types in words, for the interface in one language.
REL_NAMES_EN = {
    "LOCATED_IN": "located in", "PART_OF": "part of", "OPERATES": "operates", "FOUNDED": "founded",
    "INVESTED_IN": "invested in", "PARTNERS_WITH": "partners with", "MEMBER_OF": "member of",
    "ORGANIZED": "organized", "PARTICIPATED_IN": "participated in", "FOCUSES_ON": "focuses on",
    "SUPPLIES": "supplies", "INCUBATES": "incubates", "WORKS_FOR": "works for",
    "SUBSIDIARY_OF": "subsidiary of",
}
REL_NAMES_ZH = {
    "LOCATED_IN": "位于", "PART_OF": "隶属于", "OPERATES": "运营", "FOUNDED": "创立", "INVESTED_IN": "投资",
    "PARTNERS_WITH": "合作", "MEMBER_OF": "成员", "ORGANIZED": "主办", "PARTICIPATED_IN": "参与",
    "FOCUSES_ON": "聚焦", "SUPPLIES": "供应", "INCUBATES": "孵化", "WORKS_FOR": "任职于",
    "SUBSIDIARY_OF": "子公司",
}


def entity_id(label: str, key: str) -> str:
    """A stable node id from a label and the entity's first canonical key.

    >>> entity_id("Park", "中关村医疗器械园")
    'park:03affcfb485f'
    """
    digest = hashlib.sha1(f"{label}\x1f{key}".encode("utf-8")).hexdigest()[:12]
    return f"{label.lower()}:{digest}"


def ecosystem_name(text: str) -> str | None:
    """The ecosystem `text` names, in Chinese, pinyin or English (any case, spaces or hyphens):
    'Zhangjiang', 'zhang jiang', '张江' → '张江'; None when it names none of the four.

    >>> ecosystem_name("Zhong Guan-cun")
    '中关村'
    """
    key = "".join(ch for ch in text.strip().lower() if ch not in " -_'’·")
    return _ECOSYSTEM_KEYS.get(key)


def check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return label


def check_rel_type(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type
