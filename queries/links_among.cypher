// name: links_among
// description: The facts among a set of entities (both ends in ids), with evidence and articles.
// description: 一组实体之间（两端都在 ids 中）的关系，附证据句与来源文章。
// params: ids list<string> - ["park:a39e4eba0be1","region:a49b4c8b6fc8"]
// page: path finder, collaboration, supply chain
MATCH (s)-[r]->(t)
WHERE s.id IN $ids AND t.id IN $ids AND type(r) <> 'MENTIONED_IN'
RETURN s.id AS source, s.name AS source_name, type(r) AS type, t.id AS target, t.name AS target_name,
       r.evidence AS evidence, r.confidence AS confidence, r.article_ids AS article_ids,
       r.first_seen AS first_seen
ORDER BY source, type, target
