// name: entity_links
// description: Every fact of one entity, both directions, with the evidence sentence and its articles (and, for investments, the deal terms).
// description: 某一实体的全部关系（双向），附证据句及来源文章。
// params: id string - region:3f1c0a9b2d4e
// page: profile
MATCH (n {id: $id})-[r]-(m)
WHERE type(r) <> 'MENTIONED_IN'
RETURN type(r) AS type, startNode(r).id = n.id AS outgoing, m.id AS other_id, m.name AS other,
       labels(m)[0] AS other_label, r.evidence AS evidence, r.confidence AS confidence,
       r.article_ids AS article_ids, r.first_seen AS first_seen, r.status AS status, r.title AS title,
       r.round AS round, r.role AS role, r.amount AS amount, r.amount_min AS amount_min,
       r.currency AS currency, r.amount_text AS amount_text, r.deal_date AS deal_date
ORDER BY type, other, outgoing DESC, confidence DESC, evidence
