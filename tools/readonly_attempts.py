"""Write attempts through the read-only paths (the console, `ecograph cypher`, named queries).

Every path the user can type Cypher or parameters into ends in `GraphStore.read`, the engine's
read-only channel. This sends each of WRITES in each of DISGUISES through it (and hostile values
through a named query's parameters) to an embedded FalkorDB holding a small graph, and counts the
attempts after which the graph differs from before (nodes, relationships, labels, properties,
indexes). Prints: write attempts N / succeeded M.

    python tools/readonly_attempts.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ecograph.errors import EcographError  # noqa: E402
from ecograph.graph.falkordb_store import FalkorDBStore  # noqa: E402
from ecograph.graph.queries import run  # noqa: E402

WRITES = [
    "CREATE (:Company {id: 'x', name: 'x'})",
    "MERGE (:Company {id: 'x'})",
    "MATCH (n) SET n.pwned = true",
    "MATCH (n) SET n += {pwned: 1}",
    "MATCH (n) SET n:Pwned",
    "MATCH (n) REMOVE n.name",
    "MATCH (n) REMOVE n:Company",
    "MATCH (n) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (a), (b) CREATE (a)-[:PWNED]->(b)",
    "MATCH (n) FOREACH (x IN [1] | SET n.pwned = x)",
    "UNWIND range(1, 10) AS i CREATE (:Company {id: toString(i)})",
    "MATCH (n) WITH n LIMIT 1 MERGE (n)-[:PWNED]->(:X)",
    "CREATE INDEX FOR (n:Company) ON (n.pwned)",
    "DROP INDEX ON :Company(name)",
    "CALL db.idx.fulltext.createNodeIndex('Company', 'name')",
    "CALL db.idx.fulltext.drop('Company')",
    "LOAD CSV FROM 'file:///etc/hostname' AS row CREATE (:X {v: row[0]})",
    "MATCH (n) CALL { WITH n SET n.pwned = 1 } RETURN count(*)",
    "OPTIONAL MATCH (n) SET n.pwned = 2 RETURN n",
]
DISGUISES = [
    "{}", "{}\n", "  \n\t{}", "/* harmless */ {}", "// a comment\n{}", "{} // trailing", "{} RETURN 1",
    "MATCH (m) WITH m LIMIT 1 {}", "WITH 1 AS one {}", "UNWIND [1] AS x {}", "{};", "RETURN 1; {}",
    "RETURN 1 UNION ALL {} RETURN 1", "CYPHER limit=1 {}", "EXPLAIN {}", "PROFILE {}", "lower", "upper",
    "CALL {{ {} }} RETURN 1", "MATCH (n) WHERE n.id = 'none' {}", "WITH * {}", "OPTIONAL MATCH (z:Nothing) {}",
    "{} WITH 1 AS x RETURN x", "\ufeff{}", "{} LIMIT 0", "MATCH (n) WITH n ORDER BY n.id {}",
    "UNWIND $rows AS row {}", "WITH $name AS name {}", "{} /*", "`{}`",
]
INJECTIONS = ["x'}) DETACH DELETE n //", "\" }) MATCH (n) DETACH DELETE n //", "x\nMATCH (n) DETACH DELETE n",
              "$name", "') RETURN 1 UNION MATCH (n) DETACH DELETE n //", "{id: 'x'}) CREATE (:X) //",
              "\\' OR 1=1 //", "x` CREATE (:X) //", "x\u0000CREATE (:X)"]


def disguise(template: str, write: str) -> str:
    if template == "lower":
        return write.lower()
    if template == "upper":
        return write.upper()
    return template.replace("{}", write, 1) if template.count("{}") == 1 else template.format(write)


def fingerprint(store: FalkorDBStore) -> tuple:
    rows = store.write("MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN labels(n), properties(n), type(r), "
                       "properties(r), m.id ORDER BY n.id, type(r), m.id").rows
    indexes = store.write("CALL db.indexes() YIELD label, properties RETURN label, properties ORDER BY label").rows
    return repr(rows), repr(indexes)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, FalkorDBStore(Path(folder) / "graph.db") as store:
        store.ensure_schema()
        store.write("CREATE (:Company {id: 'c1', name: '北京衡知医疗科技有限公司'})-[:LOCATED_IN {confidence: 0.9}]->"
                    "(:Park {id: 'p1', name: '中关村医疗器械园', aliases: ['医疗器械园'], region: '中关村'})")
        before = fingerprint(store)
        attempts = succeeded = refused = 0
        for write in WRITES:
            for template in DISGUISES:
                attempts += 1
                try:
                    store.read(disguise(template, write), {"rows": [1], "name": "x"})
                except EcographError:
                    refused += 1
                if fingerprint(store) != before:
                    succeeded += 1
                    print(f"WROTE: {disguise(template, write)!r}")
                    store.clear()
                    store.write("CREATE (:Company {id: 'c1', name: '北京衡知医疗科技有限公司'})-[:LOCATED_IN "
                                "{confidence: 0.9}]->(:Park {id: 'p1', name: '中关村医疗器械园', "
                                "aliases: ['医疗器械园'], region: '中关村'})")
        for value in INJECTIONS:  # through a named query's parameters
            for name, params in (("park_companies", {"park": value}), ("entity_search", {"text": value}),
                                 ("entity_profile", {"name": value})):
                attempts += 1
                try:
                    run(store, name, params)
                except EcographError:
                    refused += 1
                if fingerprint(store) != before:
                    succeeded += 1
                    print(f"WROTE through {name}: {value!r}")
        print(f"write attempts {attempts} / succeeded {succeeded} (refused with an error: {refused})")


if __name__ == "__main__":
    main()
