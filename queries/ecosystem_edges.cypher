// name: ecosystem_edges
// description: The relationships touching an ecosystem, one row per edge with both ends, for drawing its network map.
// description: 涉及某生态圈的全部关系（每行一条边，含两端实体），用于绘制网络图。
// params:
//   ecosystem      string "" 中关村 one of 中关村/张江/南山/长宁, or "" for all
//   min_confidence float  0  0.6    drop edges below this confidence
//   limit          int    1000 200  at most this many edges
// page: ecosystem map
MATCH (s)-[r]->(t)
WHERE type(r) <> 'MENTIONED_IN'
  AND ($ecosystem = '' OR s.region = $ecosystem OR t.region = $ecosystem)
  AND r.confidence >= $min_confidence
RETURN s.id AS source_id, s.name AS source, labels(s)[0] AS source_label,
       type(r) AS type,
       t.id AS target_id, t.name AS target, labels(t)[0] AS target_label,
       r.confidence AS confidence, r.status AS status, r.evidence AS evidence
ORDER BY source, type, target
LIMIT $limit
