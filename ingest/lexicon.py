"""Lexicons are data: cue words, legal forms, titles, places. Loaded once, from files."""
from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

LEXICON_DIR = Path(str(resources.files("ecograph.ingest"))) / "lexicons"  # package data


def read_words(path: Path) -> list[str]:
    """Whitespace-separated words, `#` comments ignored, order kept, duplicates dropped."""
    words: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        for word in line.split():
            words.setdefault(word, None)
    return list(words)


def read_table(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("\t")[:2]
            rows.append((key.strip(), value.strip()))
    return rows


@dataclass(frozen=True)
class Place:
    name: str  # full official name, e.g. 浦东新区
    short: str  # without the administrative suffix, e.g. 浦东
    adcode: str
    level: int  # 1 province, 2 city, 3 district/county


@dataclass
class Lexicon:
    directory: Path  # where the lexicon files were read from
    suffixes: dict[str, str]  # head noun → label
    investor_cues: list[str]
    segments: list[str]
    surnames: list[str]
    titles: list[str]
    boundary_words: frozenset[str]
    generic_nouns: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    catch_all_segments: frozenset[str] = frozenset()
    implicit_regions: frozenset[str] = frozenset()
    name_verbs: frozenset[str] = frozenset()
    well_known: list[tuple[str, str]] = field(default_factory=list)
    segment_modifiers: list[str] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # full name → place
    extra_regions: list[str] = field(default_factory=list)

    def place_parent(self, place: Place) -> Place | None:
        """The province or city an administrative place belongs to."""
        if place.level == 1:
            return None
        prefix = place.adcode[: 2 if place.level == 2 else 4]
        parent_code = prefix.ljust(12, "0")
        for candidate in self.places_by_code().get(parent_code, []):
            return candidate
        if place.level == 3:  # districts of municipalities hang under the province code
            parent_code = place.adcode[:2].ljust(12, "0")
            return next(iter(self.places_by_code().get(parent_code, [])), None)
        return None

    @cache
    def places_by_code(self) -> dict[str, list[Place]]:
        table: dict[str, list[Place]] = {}
        for place in self.places.values():
            table.setdefault(place.adcode, []).append(place)
        return table

    def __hash__(self) -> int:
        return id(self)


_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "新区", "地区", "省", "市", "区", "县", "盟", "旗")


def short_place_name(name: str) -> str:
    for suffix in _ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")  # locate the data without importing cpca
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (China's administrative divisions) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def load_places() -> dict[str, Place]:
    """cpca's divisions down to districts, and those set up after its data (divisions_extra.csv:
    深圳's 坪山区 and 光明区)."""
    places: dict[str, Place] = {}
    extra = [line for line in (LEXICON_DIR / "divisions_extra.csv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    with _adcodes_path().open(encoding="utf-8") as handle:
        for row in [*csv.DictReader(handle), *csv.DictReader(extra)]:
            code, name = row["adcode"], row["name"]
            level = 1 if code[2:] == "0" * 10 else 2 if code[4:] == "0" * 8 else 3
            if level == 3 and code[6:] != "000000":
                continue  # towns and streets are too many and too ambiguous
            places.setdefault(name, Place(name, short_place_name(name), code, level))
    return places


@cache
def relation_confidences(directory: Path = LEXICON_DIR) -> dict[str, float]:
    """relation_confidences.tsv: each construction of the relation rules and its confidence."""
    return {case: float(value) for case, value in read_table(directory / "relation_confidences.tsv")}


@cache
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """The lexicons of `directory`, read once per process (the package's own do not change)."""
    return read_lexicon(directory)


def read_lexicon(directory: Path) -> Lexicon:
    """The lexicons of `directory` as they are now on disk."""
    return Lexicon(
        directory=directory,
        suffixes=dict(read_table(directory / "org_suffixes.tsv")),
        investor_cues=read_words(directory / "investor_cues.txt"),
        segments=read_words(directory / "segments.txt"),
        surnames=read_words(directory / "surnames.txt"),
        titles=read_words(directory / "titles.txt"),
        boundary_words=frozenset(read_words(directory / "boundary_words.txt")),
        well_known=read_table(directory / "well_known.tsv"),
        segment_modifiers=sorted(read_words(directory / "segment_modifiers.txt"), key=len, reverse=True),
        generic_nouns=frozenset(read_words(directory / "generic_nouns.txt")),
        not_names=frozenset(read_words(directory / "not_names.txt")),
        catch_all_segments=frozenset(read_words(directory / "catch_all_segments.txt")),
        implicit_regions=frozenset(read_words(directory / "implicit_regions.txt")),
        name_verbs=frozenset(read_words(directory / "name_verbs.txt")),
        places=load_places(),
        extra_regions=read_words(directory / "regions_extra.txt"),
    )
