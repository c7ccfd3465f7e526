// name: entity_profile
// description: Everything the graph says about one entity, found by name or alias: each relationship in both directions with evidence, confidence and dates.
// description: 图中关于某一实体（按名称或别名查找）的全部信息：双向的每条关系及其证据、置信度和日期。
// params:
//   name string - 南山区工商联 the entity's name or one of its aliases
// page: entity profile
MATCH (n)
WHERE NOT n:Article AND (n.name = $name OR $name IN n.aliases)
OPTIONAL MATCH (n)-[r]-(m)
WHERE NOT m:Article
RETURN n.name AS entity, labels(n)[0] AS label, n.region AS ecosystem,
       type(r) AS relation,
       CASE WHEN r IS NULL THEN NULL WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.name AS other, labels(m)[0] AS other_label,
       r.evidence AS evidence, r.confidence AS confidence, r.status AS status, r.title AS title,
       r.first_seen AS first_seen, r.last_seen AS last_seen
ORDER BY label, relation, other, direction, confidence DESC, evidence
