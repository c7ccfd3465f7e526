// name: planned_links
// description: Relationships reported as plans, not yet facts (to be built, to be signed, will settle), per ecosystem.
// description: 以计划形式报道、尚未成为事实的关系（拟建、将签约、将入驻等），按生态圈。
// params:
//   ecosystem string "" 中关村 one of 中关村/张江/南山/长宁, or "" for all
// page: overview, curation
MATCH (s)-[r]->(t)
WHERE r.status = 'planned'
  AND ($ecosystem = '' OR s.region = $ecosystem OR t.region = $ecosystem)
RETURN s.name AS source, type(r) AS relation, t.name AS target, coalesce(s.region, '') AS ecosystem,
       r.first_seen AS first_seen, r.confidence AS confidence, r.evidence AS evidence
ORDER BY ecosystem, source, relation, target
