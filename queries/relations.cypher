// name: relations
// description: Every fact between two entities (not MENTIONED_IN), without evidence text: ends, type, confidence, dates.
// description: 实体之间的所有关系（不含 MENTIONED_IN），不含证据句：两端、类型、置信度、日期。
// page: map, path finder, collaboration, supply chain, partner scouting
MATCH (s)-[r]->(t)
WHERE type(r) <> 'MENTIONED_IN'
RETURN s.id AS source, t.id AS target, type(r) AS type, r.confidence AS confidence,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.round AS round
ORDER BY source, type, target
