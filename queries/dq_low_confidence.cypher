// name: dq_low_confidence
// description: Data quality: relationships below a confidence, lowest first, with the evidence to check them against.
// description: 数据质量：置信度低于阈值的关系（最低的在前），附证据句供核查。
// params:
//   below float  0.6 0.6 list relationships whose confidence is below this
//   type  string ""  ""  a relationship type, or "" for all
//   limit int    200 50  at most this many rows
// page: curation
MATCH (s)-[r]->(t)
WHERE type(r) <> 'MENTIONED_IN' AND r.confidence < $below
  AND ($type = '' OR type(r) = $type)
RETURN r.confidence AS confidence, s.name AS source, type(r) AS relation, t.name AS target,
       r.evidence AS evidence, r.article_ids AS article_ids
ORDER BY confidence, source, relation, target
LIMIT $limit
