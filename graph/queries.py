"""The registry of named Cypher queries: one `queries/<name>.cypher` file per query.

Each file opens with a header of comment lines, then the Cypher::

    // name: park_companies
    // description: Companies in a park (and its sub-parks), by segment.
    // description: 园区（含分园）内的企业，按细分领域。
    // params:
    //   park     string  -   张江医疗器械产业基地   the park's name or alias
    //   segment  string  ""  ""                    a segment, or "" for all
    // page: ecosystem map
    MATCH …

A parameter line is `name type default example [note]`: types are string, int, float, bool and
list<string>; values are JSON (`""`, `0.5`, `["张江"]`) or a bare word; a default of `-` makes
the parameter required (and an empty string does not fill it). Values reach the engine only as
`$params`. A parameter named `ecosystem` (string) or `ecosystems` (list) takes an ecosystem by
its Chinese, pinyin or English name (Zhangjiang → 张江) and refuses a name that is none of the
four, so the CLI and the app never silently match nothing.

Where the two engines need different Cypher, a file keeps both, each in a marked section::

    // engine: falkordb
    …FalkorDB form…
    // engine: neo4j
    …Neo4j form…
    // engine: any

Lines outside sections are shared; `NamedQuery.cypher(engine)` assembles one engine's text.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ecograph.errors import QueryError
from ecograph.graph.store import GraphStore, QueryResult
from ecograph.ontology import ECOSYSTEM_EN, ECOSYSTEMS, ecosystem_name

QUERIES_DIR = Path(str(resources.files("ecograph.queries")))  # package data
ENGINES = ("falkordb", "neo4j")
PARAM_TYPES = ("string", "int", "float", "bool", "list<string>")
REQUIRED = "-"  # the default that marks a required parameter
ECOSYSTEM_PARAMS = frozenset({"ecosystem", "ecosystems"})  # parameters that name ecosystems
HEADER_KEYS = ("name", "description", "params", "page")
_HEADER_LINE = re.compile(r"^//\s*(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_ENGINE_LINE = re.compile(r"^//\s*engine:\s*(?P<engine>[a-z0-9_]+)\s*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")


class _Missing:
    """The default of a required parameter: one object, even in the copies Streamlit makes of
    a query it offers in a select box (pickled or deep-copied), so `required` stays true."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __reduce__(self):
        return (_Missing, ())

    def __repr__(self) -> str:
        return "<required>"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Param:
    """A declared parameter: its type, its default (MISSING when required) and an example."""

    name: str
    type: str
    default: Any
    example: Any
    note: str = ""

    @property
    def required(self) -> bool:
        return self.default is MISSING

    def coerce(self, value: Any, query: str) -> Any:
        """`value` as this parameter's type (CLI values arrive as JSON or plain strings)."""
        try:
            typed = _coerce(self.type, value)
        except (TypeError, ValueError):
            raise QueryError(
                f"query {query!r}: parameter {self.name!r} must be {self.type}, got {value!r}"
            ) from None
        if self.name in ECOSYSTEM_PARAMS:
            return self._ecosystems(typed, query)
        return typed

    def _ecosystems(self, value: Any, query: str) -> Any:
        """An ecosystem (or a list of them) by its canonical Chinese name; '' stays 'all'."""
        def canonical(text: str) -> str:
            if not text.strip():
                return ""
            found = ecosystem_name(text)
            if found is None:
                known = ", ".join(f"{name} {ECOSYSTEM_EN[name]}" for name in ECOSYSTEMS)
                raise QueryError(f"query {query!r}: parameter {self.name!r}: {text!r} is not an "
                                 f"ecosystem (one of {known})")
            return found
        if isinstance(value, list):
            return [canonical(item) for item in value]
        return canonical(value)

    def blank(self, value: Any) -> bool:
        """True when `value` leaves a required parameter unfilled (absent, '' or only spaces)."""
        return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class NamedQuery:
    """One query file: header fields, declared parameters and the Cypher per engine."""

    name: str
    description: str  # English
    description_zh: str  # Chinese
    params: tuple[Param, ...]
    pages: tuple[str, ...]
    path: Path
    body: tuple[tuple[str | None, str], ...] = field(repr=False)  # (engine or None, line)

    @property
    def engine_specific(self) -> bool:
        return any(engine is not None for engine, _ in self.body)

    def cypher(self, engine: str = "falkordb") -> str:
        """The query text for `engine`: shared lines plus that engine's sections."""
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
        return "\n".join(line for owner, line in self.body if owner in (None, engine)).strip() + "\n"

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise KeyError(name)

    def defaults(self) -> dict[str, Any]:
        """The optional parameters with their defaults."""
        return {p.name: p.default for p in self.params if not p.required}

    def example(self) -> dict[str, Any]:
        """Every parameter set to its documented example."""
        return {p.name: p.example for p in self.params}

    def bind(self, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The full parameter map: `params` checked and typed, defaults filled in.

        Raises QueryError for an undeclared or missing parameter or a value of the wrong type.
        """
        given = dict(params or {})
        declared = {p.name for p in self.params}
        unknown = sorted(set(given) - declared)
        if unknown:
            accepts = ", ".join(sorted(declared)) or "no parameters"
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))} "
                             f"(it takes: {accepts})")
        missing = [p.name for p in self.params if p.required and p.blank(given.get(p.name))]
        if missing:
            raise QueryError(f"query {self.name!r} needs parameter {', '.join(map(repr, missing))} "
                             f"(e.g. {' '.join(f'--param {n}={_show(self.param(n).example)}' for n in missing)})")
        bound = self.defaults()
        for name, value in given.items():
            bound[name] = self.param(name).coerce(value, self.name)
        return bound


class QueryRegistry:
    """The named queries of one folder, read once."""

    def __init__(self, directory: Path | str = QUERIES_DIR):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise QueryError(f"{self.directory}: no queries folder")
        queries: dict[str, NamedQuery] = {}
        for path in sorted(self.directory.glob("*.cypher")):
            query = parse_query_file(path)
            if query.name in queries:
                raise QueryError(f"{path.name}: query name {query.name!r} is already used by "
                                 f"{queries[query.name].path.name}")
            queries[query.name] = query
        self._queries: dict[str, NamedQuery] = queries

    def names(self) -> list[str]:
        return sorted(self._queries)

    def list(self) -> list[NamedQuery]:
        return [self._queries[name] for name in self.names()]

    def get(self, name: str) -> NamedQuery:
        try:
            return self._queries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.names(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; `ecograph query --list` lists them"
            raise QueryError(f"no query named {name!r}{hint}") from None

    def __len__(self) -> int:
        return len(self._queries)

    def __iter__(self):
        return iter(self.list())


@lru_cache(maxsize=None)
def default_registry() -> QueryRegistry:
    """The project's own queries/ folder."""
    return QueryRegistry(QUERIES_DIR)


def list_queries() -> list[NamedQuery]:
    return default_registry().list()


def load_query(name: str) -> NamedQuery:
    return default_registry().get(name)


def run(store: GraphStore, name: str, params: dict[str, Any] | None = None,
        registry: QueryRegistry | None = None) -> QueryResult:
    """Run the named query read-only on `store`, with `params` checked against its header."""
    query = (registry or default_registry()).get(name)
    return store.read(query.cypher(store.kind), query.bind(params))


def parse_query_file(path: Path | str) -> NamedQuery:
    """Read one .cypher file; QueryError (naming the file) when its header is not usable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query file: {exc}", source=str(path)) from None
    try:
        return _parse(text, path)
    except QueryError as error:
        raise QueryError(str(error), source=path.name) from None


def _parse(text: str, path: Path) -> NamedQuery:
    lines = text.splitlines()
    header: dict[str, list[str]] = {key: [] for key in HEADER_KEYS}
    param_lines: list[str] = []
    in_params = False
    index = 0
    for index, raw in enumerate(lines):  # the header: the leading comment lines
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//") or _ENGINE_LINE.match(line):
            break
        match = _HEADER_LINE.match(line)
        if match and match["key"] in HEADER_KEYS:
            in_params = match["key"] == "params"
            value = match["value"].strip()
            if in_params:
                if value and value != "none":
                    param_lines.append(value)
            elif value:
                header[match["key"]].append(value)
        elif in_params and line[2:].strip():
            param_lines.append(line[2:].strip())
    else:
        index = len(lines)
    body_lines = lines[index:]

    names = header["name"]
    if len(names) != 1 or not _NAME.match(names[0]):
        raise QueryError("the header needs one `// name: snake_case_name` line")
    if names[0] != path.stem:
        raise QueryError(f"`// name: {names[0]}` does not match the file name {path.name}")
    english = [d for d in header["description"] if not _CJK.search(d)]
    chinese = [d for d in header["description"] if _CJK.search(d)]
    if not english or not chinese:
        raise QueryError("the header needs `// description:` lines in English and in Chinese")
    if not header["page"]:
        raise QueryError("the header needs a `// page:` line (the app page using it, or `cli`)")
    params = tuple(_parse_param(line) for line in param_lines)
    seen = [p.name for p in params]
    if len(set(seen)) != len(seen):
        raise QueryError("a parameter is declared twice")
    body = tuple(_split_engines(body_lines))
    if not any(line.strip() and not line.strip().startswith("//") for _, line in body):
        raise QueryError("the file has a header but no Cypher")
    for engine in ENGINES:
        text_for_engine = "\n".join(line for owner, line in body if owner in (None, engine))
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _strip_comments(text_for_engine)))
        undeclared = sorted(used - set(seen))
        if undeclared:
            raise QueryError(f"the {engine} Cypher uses undeclared parameter(s) "
                             f"{', '.join('$' + n for n in undeclared)}")
    return NamedQuery(
        name=names[0], description=" ".join(english), description_zh=" ".join(chinese),
        params=params, pages=tuple(p.strip() for page in header["page"] for p in page.split(",")),
        path=path, body=body,
    )


def _split_engines(lines: list[str]):
    """(engine or None, line) for each body line; the engine markers themselves are dropped."""
    owner: str | None = None
    for line in lines:
        match = _ENGINE_LINE.match(line.strip())
        if match:
            engine = match["engine"]
            if engine not in (*ENGINES, "any"):
                raise QueryError(f"unknown engine section {engine!r}; use falkordb, neo4j or any")
            owner = None if engine == "any" else engine
            continue
        yield owner, line


def _strip_comments(text: str) -> str:
    """The text without its whole-line comments (parameters named there are not used)."""
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))


def _parse_param(line: str) -> Param:
    """`name type default example [note]`."""
    parts = line.split(None, 2)
    if len(parts) < 3:
        raise QueryError(f"parameter line {line!r} is not `name type default example [note]`")
    name, type_, rest = parts
    if not _NAME.match(name):
        raise QueryError(f"parameter name {name!r} is not an identifier")
    if type_ not in PARAM_TYPES:
        raise QueryError(f"parameter {name!r}: type {type_!r} is not one of {', '.join(PARAM_TYPES)}")
    default_text, rest = _take_value(rest)
    if not rest:
        raise QueryError(f"parameter {name!r} has no example value")
    example_text, note = _take_value(rest)
    try:
        default = MISSING if default_text == REQUIRED else _coerce(type_, _literal(default_text))
        example = _coerce(type_, _literal(example_text))
    except (TypeError, ValueError):
        raise QueryError(f"parameter {name!r}: default/example is not a {type_}") from None
    return Param(name=name, type=type_, default=default, example=example, note=note.strip())


def _take_value(text: str) -> tuple[str, str]:
    """The first value of `text` (JSON, or a bare word) and what follows it."""
    text = text.lstrip()
    if text[:1] in '"[{':
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError:
            raise QueryError(f"cannot read the value at {text!r}") from None
        return text[:end], text[end:].lstrip()
    word, _, rest = text.partition(" ")
    return word, rest.lstrip()


def _literal(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _coerce(type_: str, value: Any) -> Any:
    if type_ == "string":
        if isinstance(value, (dict, list)) or value is None:
            raise TypeError(type_)
        return value if isinstance(value, str) else json.dumps(value)
    if type_ == "int":
        if isinstance(value, bool):
            raise TypeError(type_)
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(type_)
        return int(value)
    if type_ == "float":
        if isinstance(value, bool):
            raise TypeError(type_)
        return float(value)
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
            return value.lower() in ("true", "yes", "1")
        raise ValueError(type_)
    if type_ == "list<string>":
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if isinstance(value, list):
            return [_coerce("string", item) for item in value]
        raise TypeError(type_)
    raise ValueError(type_)


def _show(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
